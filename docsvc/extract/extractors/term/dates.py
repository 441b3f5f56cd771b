"""Agreement, effective and expiration dates, read from the words right around each written date.

Each calendar date in the document is classified by the phrase in front of it ("is made as of", "dated",
"shall commence on", "tritt am ... in Kraft", "ending on", "endet am") or the defined term behind it
("(the “Effective Date”)", "(nachfolgend „Wirksamkeitsdatum“)"), and by key/value table rows
("Service Start Date | 01-Oct-2024"). Dates of *other* agreements ("the MSA dated 14 February 2023") are
kept out by requiring the contract itself as the subject ("This Agreement is dated ...") for agreement dates.
Signature dates ("Date: 4/25/2018", "Nürnberg, den 12.06.2024") are the fallback agreement date, and the
agreement date the fallback effective date: a contract that names no start takes effect when concluded.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from docsvc.extract.context import DocContext, Row, Sentence, value
from docsvc.extract.extractors import extractor
from docsvc.extract.extractors.term.date_cues import DURATION_FROM_RE, executed_as_of_date_above
from docsvc.extract.extractors.term.date_reading import (
    BROKEN_ISO_RE,
    DATE_HINT_RE,
    dates_over_labels,
    day_first_order,
    find_dates_in,
    has_date,
)
from docsvc.extract.normalize.dates import DATE_RE

AGREEMENT, EFFECTIVE, EXPIRATION = "agreement_date", "effective_date", "expiration_date"
SIGNATURE, COVER = "signature", "cover"  # weaker evidence of the agreement date

# --- agreement date -------------------------------------------------------------------------------------------
# "is made as of", "dated", "entered into this", "made, entered into and effective as of", "executed on".
_CONCLUDED_RE = re.compile(
    r"\b(?:dated|made|entered\s+into|entered|executed|signed|concluded|agreed\s+to\s+and\s+accepted|"
    r"abgeschlossen|geschlossen|unterzeichnet)\b"
    r"(?:\s*,?\s*(?:and\s+|und\s+)?(?:made|entered\s+into|executed|effective|wirksam))*"
    r"(?:\s+this\s+(?:\w+\s+){0,3}?(?=on\b|as\b))?"
    r"\s*,?\s*(?:(?:as\s+)?(?:of|on|at|from|this|effective|am|zum|per)[\s,]+)*(?:the\s+)?$",
    re.I,
)
# "the undersigned hereby execute this Agreement as of July 6, 2020": the contract is named in the phrase itself.
_EXECUTED_THIS_RE = re.compile(r"\b(?:execute[sd]?|sign(?:s|ed)?|enter(?:s|ed)?\s+into)\s+this\s+(?:\w+\s+){0,3}?"
                               r"(?:as\s+of|on|effective)\s+(?:the\s+)?$", re.I)
# The contract itself is the subject: "This Agreement ...", "THIS DEED ...", "(this “Agreement”)", "Dieser Vertrag".
_SELF_RE = re.compile(
    r"^\W*(?:[A-Z][\w&,.\-]*\s+){0,8}?(?:this|these|dieser|diese|dieses)\b|\(\s*(?:this|the|hereinafter)?\s*[“\"']"
    r"\s*(?:agreement|amendment|contract|deed)|^\W*(?:agreement|dated|executed)\b",
    re.I,
)
# "... is entered into by and between A and B as of June 8, 2010": the verb is further away than the date.
_CONCLUDED_VERB_RE = re.compile(
    r"\b(?:dated|made|entered\s+into|executed|signed|concluded|abgeschlossen|geschlossen)\b", re.I)
_AS_OF_RE = re.compile(r"\b(?:as\s+of|dated|this)\s+(?:the\s+)?$", re.I)
# Recitals mention earlier agreements ("WHEREAS, the parties entered into a Lease dated ...").
_RECITAL_RE = re.compile(r"^\W*(?:whereas|recital)\b", re.I)
# Between "This ..." and the date, a clause about another agreement: "which was part of the original CONTRACT,
# made effective on", "“Lease” means the lease dated", "that certain Agreement dated".
_REFERENCE_RE = re.compile(r"\b(?:which|whereby|wherein|original|amends|amending|pursuant\s+to|under\s+the|means|"
                           r"that\s+certain|parties\s+to|supersed\w*|replac\w*|cancel\w*)\b", re.I)
_PARENTHESES_RE = re.compile(r"\([^)]*\)")
_CONDITION_RE = re.compile(r"\b(?:unless|subject\s+to|except\s+as|save\s+as|notwithstanding|sofern|vorbehaltlich)\b"
                           r"[^,;]{0,120},", re.I)
# A bare "Dated 13 October 2005" / "DATED AS OF January 20, 2014" line on the cover page.
# German puts the verb last: "Dieser Vertrag wurde am 12.06.2024 geschlossen".
_DE_CONCLUDED_BEFORE_RE = re.compile(r"\b(?:wurde|wird|ist)\s+(?:\w+\s+){0,3}?am\s+$", re.I)
# The parties may stand between the date and the verb: "am 15. Januar 2025 zwischen der X GmbH und der Y AG
# geschlossen".
_DE_CONCLUDED_AFTER_RE = re.compile(r"^\W*(?:[^\s;:]+\s+){0,12}?(?:geschlossen|abgeschlossen|unterzeichnet|"
                                    r"unterschrieben|"
                                    r"vereinbart)\b", re.I)
# A title naming the contract with its date: "Rahmenvertrag vom 12.06.2024", "Master Services Agreement dated ...",
# but not a reference from an annex ("Anlage 2 zum Rahmenvertrag ... vom 15.09.2023").
_TITLE_DATED_RE = re.compile(r"^\W*(?:[\w&-]+\s+){0,5}?[\w-]*(?:vertrag|vereinbarung|agreement|contract|nachtrag|"
                             r"amendment)\b(?:(?!\b(?:zu[mr]?|to|under|of|des|der)\b)[^.]){0,60}?\b(?:vom|dated)\s+$",
                             re.I)
# A line holding nothing but a date ("May 14, 2014") on the cover page.
_DATE_ONLY_RE = re.compile(r"^[\W\d]{0,3}$")
_DATED_LINE_RE = re.compile(r"^\W*(?:(?:page\s+\d+\s+)?dated|datum|date)\s*(?:as\s+of\s*)?:?\s*$", re.I)
# Signature blocks: "Date: 4/25/2018", "Dated: January 2, 2020", "Nürnberg, 12.06.2024", "Regensburg, den 25.11.2024".
_SIGNED_LABEL_RE = re.compile(r"(?<!effective\s)(?<!start\s)(?<!commencement\s)\b(?:date|dated|datum|signed\s+on|"
                              r"unterzeichnet\s+am)\s*:\s*$", re.I)
# Dates typed above their labels: "4/24/2018   04/25/2018" / "Date   Date" (a two-column signature block).
_SIGNED_LABEL_AFTER_RE = re.compile(
    r"^(?:\s+[\d/.\-]{6,10})*\s+(?:date|datum)\b(?:\s+(?:date|datum)\b)*(?!\s*(?:of\b|:))", re.I)
# A signature block on a cover page is not "late" in the document, but its own words show it.
_SIGNATURE_BLOCK_RE = re.compile(r"\bin\s+witness\s+whereof\b|\bby\s*:|/s/|\bname\s*:|\btitle\s*:|\bunterschrift\b",
                                 re.I)
_PLACE = r"[A-ZÄÖÜ][a-zäöüß]+(?:[ \-]+(?:[A-ZÄÖÜ][a-zäöüß]+|an|am|der|bei|im|in|upon|on)){0,4}"
# "Ort, Datum: Frankfurt am Main, 01.01.2025", "Place, date: London, 3 May 2024": the form's label before the place.
_PLACE_DATE_LABEL = r"(?i:\b(?:ort|place)\s*(?:,|/|und|and)\s*(?:datum|date)\s*:)"  # the place stays capitalised
_SIGNED_PLACE_RE = re.compile(
    rf"(?:(?:^|\||{_PLACE_DATE_LABEL})\s*{_PLACE}\s*,\s*(?:den\s+)?|(?<!\w){_PLACE}\s*,\s*den\s+)$")

# --- effective date -------------------------------------------------------------------------------------------
_START_WORDS = (r"effective|commencement|start|service\s+start|novation|go[\s-]?live|wirksamkeits|inkrafttretens|"
                r"vertragsbeginn|leistungsbeginn|stichtag|beginn")
# The date is defined right after it: "(the “Effective Date”)", "(„Wirksamkeitsdatum“)".
_DEFINED_START_RE = re.compile(
    rf"^\s*(?:,?\s*\d{{1,2}}[:.]\d{{2}}\s*(?:uhr|h|hrs)?)?\s*,?\s*\(\s*(?:the\s+|this\s+|hereinafter\s+(?:the\s+)?|herein\s+called\s+the\s+|nachfolgend\s+)?"
    rf"[“\"'„‚«]*\s*(?:[\w-]+\s+){{0,2}}(?:{_START_WORDS})\s*(?:date|datum|tag)?\b",
    re.I,
)
# A label or definition before the date: "Effective Date:", "“Novation Date” means", "Effective Date ... is".
_START_LABEL_RE = re.compile(
    rf"(?:{_START_WORDS})\s*(?:date|datum|tag)?[”\"'“)\s]*(?:\s+(?:of|for|under)\s+(?:this|the)\s+\w+)?"
    rf"(?:\s*\([^)]{{0,60}}\))?\s*(?:[:|]|means|shall\s+mean|shall\s+be|will\s+be|is|ist)\s*(?:the\s+|der\s+)?$",
    re.I,
)
# A verb of starting before the date: "shall commence on", "takes effect on", "effective as of", "gilt ab dem",
# "mit Wirkung zum", "tritt am" (with "in Kraft" after the date).
_START_VERB_RE = re.compile(
    r"(?:\beffective|\btakes?\s+effect|\btaking\s+effect|\bcommenc\w*|\bbegin\w*|\bstart\w*|\bcome[s]?\s+into\s+"
    r"(?:force|effect)|\bin\s+force|\bwith\s+effect|\bgilt|\bgelten|\bmit\s+wirkung|\bwirksam\w*|\bbeginnt)"
    # "gilt bis zum 30. Juni 2027" ends the contract: "bis"/"until" is no word between the verb and its start
    r"(?:\s+(?:for\s+all\s+)?(?:(?!(?:bis|until|through)\b)\w+\s+){0,2}?)?\s*(?:(?:as\s+)?(?:of|on|from|upon|in|ab|zum|vom|am)\s+)+"
    r"(?:the\s+|dem\s+)?"
    r"(?:day\s+of\s+)?$"
    r"|\b(?:effective|commencing|beginning|starting)\s+$",
    re.I,
)
_IN_FORCE_BEFORE_RE = re.compile(r"\b(?:tritt|treten)\s+(?:\w+\s+){0,5}?(?:am|zum|mit\s+wirkung\s+(?:vom|zum))\s+$",
                                 re.I)
_IN_FORCE_AFTER_RE = re.compile(r"^\s*(?:\w+\s+){0,3}in\s+kraft", re.I)
# Starting verbs only date the contract when the contract (or its term) is what starts.
_CONTRACT_RE = re.compile(
    r"\b(?:agreement|contract|term|terms|amendment|deed|order|this|hereof|vertrag\w*|vereinbarung|laufzeit|"
    r"bedingungen|agb|leistungsschein|leistungsbeschreibung|nachtrag|it|sie|er|es)\b",
    re.I,
)
# Periods of payments, purchases or forecasts start and end too; they are not the contract's term.
_OTHER_PERIOD_RE = re.compile(r"invoice|payable|payment|royalt|\bfees?\b|price|forecast|purchase|volume|warrant|"
                              r"fiscal|rechnung|zahlung|entgelt|preis|abnahmemenge|supplement|attachment|"
                              r"statement\s+of\s+work|\bsow\b|exhibit|schedule|appendix|anlage|\blicen[cs]es?\b|promotion|"
                              r"campaign", re.I)
# "the Cooperation Term shall be two years from May 1, 2013 to April 30, 2015", "TERM: November 01, 2014 to ...".
_RANGE_START_RE = re.compile(
    r"(?:\bfrom|\bvom|\bab|\bbetween|\bzwischen|\bterm\s*:|laufzeit\s*:|\bperiod(?:\s+of)?|\bzeitraum)\s*"
    r"(?:the\s+|dem\s+)?$", re.I)
# "valid between 19/04/2013 and 21/04/2013": "and" closes a range that "between" / "zwischen" opened.
_RANGE_TO_RE = re.compile(
    r"^\s*(?:to|until|through|bis(?:\s+(?:zum|einschließlich))?|-|–|and|und)\s*(?:the\s+|dem\s+)?", re.I)
_RANGE_END_RE = re.compile(r"(?:\bfrom|\bvom|\bab|\bbetween|\bzwischen|\bterm\s*:|laufzeit\s*:|\bperiod(?:\s+of)?|"
                           r"\bzeitraum)\s*(?:the\s+|dem\s+)?"
                           r"[^;]{4,30}?\d{4}\s*(?:to|until|through|bis(?:\s+(?:zum|einschließlich))?|-|–|"
                           r"(?<=\d{4}\s)and|(?<=\d{4}\s)und)\s*"
                           r"(?:the\s+|dem\s+)?$", re.I)

# --- expiration date ------------------------------------------------------------------------------------------
_END_RE = re.compile(
    r"(?:\buntil|\bthrough(?:\s+and\s+including)?|\bexpir\w*(?:\s+on)?|\bending(?:\s+on)?|\bends?\s+on|"
    r"\b(?:terminat\w*|ends?|ending|expir\w*)\s+(?:at\s+(?:midnight|(?:the\s+)?close\s+of\s+business|(?:the\s+)?end\s+of\s+(?:the\s+)?day)"
    r"\s+)?on|\bconclud\w*(?:\s+on)?|\bbis\s+(?:zum|einschließlich|am)|\bendet\s+(?:\w+\s+){0,2}?"
    r"(?:am|zum|mit\s+ablauf\s+des)|\bläuft\s+(?:\w+\s+){0,3}?(?:am|zum|bis(?:\s+zum)?)\s+(?:ab|aus)?|"
    r"(?:expiration|expiry|termination|end)\s+date\s*[:|]?|laufzeitende\s*:?|vertragsende\s*:?|"
    # "the period from the Effective Date to 31 July 2013"
    r"\b(?:effective|commencement|start)\s+date\W{0,3}\s+(?:to|through))"
    r"\s*(?:the\s+earlier\s+of\s*)?(?:\(\w+\)\s*)?(?:the\s+|dem\s+)?$",
    re.I,
)
# Periods inside the term: "fiscal year beginning April 1", "the Contract Year ending Oct 31".
_SUB_PERIOD_RE = re.compile(r"\b(?:year|quarter|month|week|season)\s+(?:which\s+|that\s+)?(?:begin\w*|commenc\w*|"
                            r"start\w*|end\w*|expir\w*)\b", re.I)
# A definition of some other term ("“X” means ..."); only definitions of the term itself date the contract.
_DEFINITION_RE = re.compile(r"[“\"]([^”\"]{1,60})[”\"]\s+(?:means|shall\s+mean|has\s+the\s+meaning|bedeutet)", re.I)
# Only the contract's own end: "this Agreement ... until", "the Initial Term ... ending", "Laufzeit ... endet".
_TERM_RE = re.compile(r"\b(?:term|agreement|contract|amendment|order|laufzeit|vertrag\w*|\w*vereinbarung|mindest\w*|"
                      r"vertragsdauer|"
                      r"period|effective|expir\w*|termination\s+date|end\s+date|sla|(?:is|be)\s+valid|gilt|gültig)\b",
                      re.I)

# --- key/value table rows ---------------------------------------------------------------------------------------
# What a start/end row belongs to: "Subscription Start Date", "Contract End Date", "Service Start Date".
_ROW_OWNER = r"(?:service|subscription|contract|agreement|term|order|licen[cs]e)\s+"
# A term row holding the whole period: "Laufzeit | 01.01.2025 – 31.12.2026", "Contract Term | 1 May 2024 to ...".
_ROW_TERM_RE = re.compile(r"term\W*$|laufzeit\W*$|vertragsdauer\W*$|period\W*$", re.I)
_ROW_LABELS = (
    (AGREEMENT, re.compile(r"^\W*(?:order|agreement|contract|signature|execution)\s+date|^\W*(?:date\s+of\s+"
                           r"(?:agreement|signature|execution))|^\W*(?:vertragsdatum|bestelldatum|auftragsdatum|"
                           r"datum\s+der\s+unterzeichnung)", re.I)),
    (EFFECTIVE, re.compile(rf"^\W*(?:(?:{_ROW_OWNER})?(?:{_START_WORDS})\s*(?:date|datum)?|in\s+force\s+from|"
                           rf"gültig\s+ab|"
                           rf"wirksam\s+ab)\W*$", re.I)),
    (EXPIRATION, re.compile(rf"^\W*(?:{_ROW_OWNER})?(?:expiration|expiry|end|termination)\s+date|^\W*(?:laufzeitende|"
                            r"vertragsende|"
                            r"enddatum|gültig\s+bis)|^\W*(?:(?:minimum|initial|contract|subscription|service)\s+)?term\b|"
                            r"^\W*(?:mindest|vertrags)*laufzeit",
                            re.I)),
)
_EARLY_SHARE = 0.15  # agreement dates stated in the preamble/cover page, i.e. the first part of the document
_LATE_SHARE = 0.6  # signature blocks sit in the last part
_APPENDIX_SHARE = 0.8
_LEAD_CHARS = 600
# A sentence that starts mid-clause: lower case, or the tail of a defined term ('Date”), and will continue').
_CONTINUATION_RE = re.compile(r"^\s*(?:[a-z]|\w+[”\"’)]+\W)")


@dataclass(frozen=True, slots=True)
class Found:
    field: str
    value: date
    confidence: float
    position: int
    source: Sentence | Row


def _classify(text: str, start: int, end: int, early: bool, late: bool, appendix: bool) -> list[tuple[str, float]]:
    """(field, confidence) for the date at ``text[start:end]``; ``text`` may begin before the sentence."""
    before, after = text[max(0, start - 120): start], text[end: end + 100]
    out: list[tuple[str, float]] = []
    if _RECITAL_RE.search(text):
        return out
    if _is_concluded(text, start, before) or _EXECUTED_THIS_RE.search(before) or (
            _SELF_RE.search(text[:start]) and _DE_CONCLUDED_BEFORE_RE.search(before)
            and _DE_CONCLUDED_AFTER_RE.search(after)):
        out.append((AGREEMENT, 0.9 if early else 0.75))
    elif early and _TITLE_DATED_RE.search(text[:start]) and not _REFERENCE_RE.search(text[:start]):
        out.append((AGREEMENT, 0.75))
    elif early and _DATED_LINE_RE.search(before):
        out.append((AGREEMENT, 0.8))
    elif late and (_SIGNED_LABEL_RE.search(before[-30:]) or _SIGNED_PLACE_RE.search(before[-50:])):
        out.append((SIGNATURE, 0.5))
    elif (_SIGNED_LABEL_RE.search(before[-30:]) or _SIGNED_LABEL_AFTER_RE.match(after)) and _SIGNATURE_BLOCK_RE.search(
            text[max(0, start - 400): start]):
        out.append((SIGNATURE, 0.5))
    elif early and _DATE_ONLY_RE.match(text[:start]) and _DATE_ONLY_RE.match(text[end:]):
        out.append((COVER, 0.5))
    # A start date at the very end sits in an exhibit or an order form more often than in the contract's terms.
    shift = -0.2 if appendix else 0.0
    if _DEFINED_START_RE.search(after) or _START_LABEL_RE.search(before[-70:]):
        out.append((EFFECTIVE, 0.9 + shift))
    elif _IN_FORCE_BEFORE_RE.search(before) and _IN_FORCE_AFTER_RE.search(after):
        out.append((EFFECTIVE, 0.85 + shift))
    elif _is_contract_period(text, start, before, _START_VERB_RE):
        out.append((EFFECTIVE, 0.8 + shift))
    elif _is_range(text, start, _RANGE_START_RE) and _range_end_follows(after):
        out.append((EFFECTIVE, 0.75 + shift))
    elif DURATION_FROM_RE.search(before[-40:]) and _TERM_RE.search(text[:start]) and not _OTHER_PERIOD_RE.search(
            text[:start]):
        out.append((EFFECTIVE, 0.8 + shift))
    if _is_contract_period(text, start, before, _END_RE) or _is_range(text, start, _RANGE_END_RE):
        out.append((EXPIRATION, 0.8 + shift))
    return out


def _range_end_follows(after: str) -> bool:
    to = _RANGE_TO_RE.match(after)
    return to is not None and DATE_RE.match(after, to.end()) is not None


def _is_range(text: str, start: int, pattern: re.Pattern[str]) -> bool:
    before = text[max(0, start - 60): start]
    return bool(pattern.search(before)) and bool(_TERM_RE.search(text[:start])) and not _OTHER_PERIOD_RE.search(text)


def _is_concluded(text: str, start: int, before: str) -> bool:
    """Whether the date at ``start`` is the one this contract was made on ("This Agreement is dated ...")."""
    self_ref = _SELF_RE.search(text[:start])
    if not self_ref:
        return False
    if not (_CONCLUDED_RE.search(before) or (_AS_OF_RE.search(before) and _CONCLUDED_VERB_RE.search(text[:start]))):
        return False
    between = _PARENTHESES_RE.sub(" ", text[self_ref.end(): start])
    return not _REFERENCE_RE.search(between)


def _is_contract_period(text: str, start: int, before: str, verb: re.Pattern[str]) -> bool:
    """Whether a start/end verb before the date starts or ends the contract itself, not some other period."""
    if not verb.search(before[-60:]) or _SUB_PERIOD_RE.search(before[-60:]) or _OTHER_PERIOD_RE.search(text[:start]):
        return False
    defined = _DEFINITION_RE.search(text[:start])
    if defined and not _TERM_RE.search(defined.group(1)):
        return False  # "“Transition Services” shall mean services ... through December 31, 1998"
    # "“Term” means the period from the Effective Date to ...": the definition of the term itself is no reference.
    # An opening condition is no reference to another agreement: "Unless terminated earlier pursuant to Section
    # 12.2 below, the initial term of this Agreement shall expire on ...".
    condition = max((m.end() for m in _CONDITION_RE.finditer(text, 0, start)), default=0)
    lo = max(0, start - 90, defined.end() if defined else 0, condition)
    if _REFERENCE_RE.search(text, lo, start):
        return False
    return _CONTRACT_RE.search(text[:start]) is not None if verb is _START_VERB_RE else _TERM_RE.search(
        text[:start]) is not None


def _sentence_dates(ctx: DocContext, day_first: bool) -> Iterator[Found]:
    total = max(len(ctx.sentences), 1)
    for sent in ctx.body():
        raw = BROKEN_ISO_RE.sub(r"\1-\2 ", sent.text)  # same length: offsets into the sentence hold
        # Every written date has a four-digit year or a dotted/slashed short date; DATE_RE itself is slow.
        if not DATE_HINT_RE.search(raw):
            continue
        matches = [m for m in DATE_RE.finditer(raw) if m.lastgroup != "mon_year"]
        if not matches:
            continue
        share = sent.position / total
        # Cover pages and preambles are short; a long document's first 15 sentences still count as early.
        early = share <= _EARLY_SHARE or sent.position < 15
        late = share >= _LATE_SHARE
        appendix = share >= _APPENDIX_SHARE
        # A preamble the sentencizer split ('... INC. ("Nantz"), effective as of June 1, 1998.') is read from the
        # start of its paragraph.
        lead = sent.block.text[: sent.start] if 0 < sent.start <= _LEAD_CHARS else ""
        # A page or line break split the clause ('... (the “Commencement' | 'Date”), and will continue until'):
        # the previous sentence is read too when the sentence alone says nothing.
        previous = ctx.sentences[sent.position - 1].text[-_LEAD_CHARS:] + " " if (
            not lead and sent.position and _CONTINUATION_RE.match(raw)) else ""
        text = f"{lead}{raw}" if lead else raw
        for m in matches:
            fields = _classify(text, m.start() + len(lead), m.end() + len(lead), early, late, appendix)
            if not fields and previous:
                fields = _classify(previous + text, m.start() + len(previous), m.end() + len(previous), early, late,
                                   appendix)
            # The date is read (dateparser, the slow part) only once its context classified it.
            parsed = find_dates_in(m.group(0), ctx.language, day_first) if fields else []
            for field, confidence in fields:
                if parsed:
                    yield Found(field, parsed[0].value, confidence, sent.position, sent)


def _row_dates(ctx: DocContext, day_first: bool) -> Iterator[Found]:
    base = len(ctx.sentences)
    for n, row in enumerate(ctx.rows()):
        cells = [c for c in row.cells if c.strip()]
        if len(cells) < 2 or not has_date(" ".join(cells[1:])):
            continue
        for field, label in _ROW_LABELS:
            if not label.search(cells[0]):
                continue
            rest = " ".join(cells[1:])
            dates = [d for d in find_dates_in(rest, ctx.language, day_first) if d.precise]
            if field == EXPIRATION and _ROW_TERM_RE.search(cells[0]) and len(dates) >= 2 and _RANGE_TO_RE.match(
                    rest[dates[0].end:]):
                yield Found(EFFECTIVE, dates[0].value, 0.85, base + n, row)
                yield Found(EXPIRATION, dates[1].value, 0.85, base + n, row)
                break
            if field == EXPIRATION and _ROW_TERM_RE.search(cells[0]):
                # "Minimum Term | 24 months ..., ending 30-Sep-2026": only the date after an ending word.
                dates = [d for d in dates if _END_RE.search(rest[max(0, d.start - 60): d.start])]
            if dates:
                yield Found(field, dates[0].value, 0.85, base + n, row)
            break
        else:
            if dates_over_labels(row, cells):
                for cell in cells:
                    for d in find_dates_in(cell, ctx.language, day_first)[:1]:
                        yield Found(SIGNATURE, d.value, 0.5, base + n, row)
                continue
            # Signature tables: "Date: 23/09/2024 | Date: 2024-09-23".
            for cell in cells:
                for d in find_dates_in(cell, ctx.language, day_first)[:1]:
                    if _SIGNED_LABEL_RE.search(cell[: d.start]) or _SIGNED_PLACE_RE.search(cell[: d.start]):
                        yield Found("signature", d.value, 0.5, base + n, row)


def _signature_date(found: list[Found]) -> Found | None:
    """The date most signatures carry, else the last one signed (the contract is concluded then)."""
    signed = [f for f in found if f.field == SIGNATURE] or [f for f in found if f.field == COVER][:1]
    if not signed:
        return None
    counts = Counter(f.value for f in signed)
    chosen = max(signed, key=lambda f: (counts[f.value], f.value, -f.position))
    return Found(AGREEMENT, chosen.value, 0.6 if len(counts) == 1 else 0.45, chosen.position, chosen.source)


def _best(found: list[Found], field: str) -> Found | None:
    """The most certain candidate, the earliest among equals (a contract states its dates up front)."""
    cands = [f for f in found if f.field == field]
    return max(cands, key=lambda f: (f.confidence, -f.position)) if cands else None


def _date_above(ctx: DocContext, found: list[Found]) -> Found | None:
    """The cover page's effective date when the contract is executed "as of the date first written above"."""
    start = min((f for f in found if f.field == EFFECTIVE and f.position < 15), key=lambda f: f.position, default=None)
    if start is None or not executed_as_of_date_above(ctx, start.position):
        return None
    return Found(AGREEMENT, start.value, 0.55, start.position, start.source)


def find_contract_dates(ctx: DocContext) -> dict[str, Found]:
    day_first = day_first_order(ctx)
    found = list(_sentence_dates(ctx, day_first)) + list(_row_dates(ctx, day_first))
    out: dict[str, Found] = {}
    agreement = _best(found, AGREEMENT) or _signature_date(found) or _date_above(ctx, found)
    if agreement:
        out[AGREEMENT] = agreement
    effective = _best(found, EFFECTIVE)
    if agreement is not None and (effective is None or effective.confidence < 0.7 <= agreement.confidence):
        effective = Found(EFFECTIVE, agreement.value, min(agreement.confidence, 0.6), agreement.position,
                          agreement.source)
    if effective:
        out[EFFECTIVE] = effective
    expiration = _best([f for f in found if not effective or f.value > effective.value], EXPIRATION)
    if expiration:
        out[EXPIRATION] = expiration
    return out


@extractor("dates", order=20)
def extract_dates(ctx: DocContext, found: Mapping[str, Any]) -> dict[str, Any]:
    return {field: value(f.value.isoformat(), f.confidence, f.source)
            for field, f in find_contract_dates(ctx).items()}
