"""Price review: how the prices may change during the term (indexation, fixed yearly increase, unilateral change).

Candidate sentences carry a ``PRICE_INDEX`` / ``PRICE_REVIEW`` cue, or a price word next to a change verb. The
kind is read from the candidate; cap, floor, frequency and notice also from the sentence before it in the same
paragraph and the few after it, because they often stand in their own sentence ("(2) Eine Erhöhung ist auf
höchstens 3 % pro Vertragsjahr begrenzt."). A named index beats a fixed yearly percentage, which beats a bare
right to change prices; among equals the clause stating most details wins. A fixed-price statement alone gives
no review at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docsvc.extract.context import DocContext, Row, Sentence, value
from docsvc.extract.extractors import extractor
from docsvc.extract.normalize.durations import find_durations, words_to_digits
from docsvc.extract.normalize.numbers import parse_number
from docsvc.extract.types import BlockKind
from docsvc.extract.vocabulary import compiled

FOLLOWING_SENTENCES = 4
_PCT = r"\(?\s*(?P<num>\d+(?:[.,]\d+)?)\s?(?:%|per\s?cent\b|percent\b|prozent\b|v\.\s?H\.)"
_GAP = r"(?:[\w-]+\s+){0,4}?"

# Named indices, most specific first ("Harmonised Index of Consumer Prices" is HICP, not CPI).
_INDEX_RES: list[tuple[str, re.Pattern[str]]] = [
    ("HICP", re.compile(r"\bHICP\b|\bHVPI\b|\bMUICP\b|harmoni[sz]ed\s+index\s+of\s+consumer\s+prices|"
                        r"harmonisierte[nrs]?\s+verbraucherpreisindex", re.I)),
    ("RPI", re.compile(r"\bRPI[XJ]?\b|retail\s+prices?\s+index", re.I)),
    ("VPI", re.compile(r"\bVPI\b|verbraucherpreisindex|index\s+der\s+verbraucherpreise", re.I)),
    ("CPI", re.compile(r"\bCPI(?:-?[UWH])?\b|consumer\s+price(?:s)?\s+index|landesindex\s+der\s+konsumentenpreise|"
                       r"\bLIK\b|cost[\s-]of[\s-]living\s+index", re.I)),
]
_OTHER_INDEX_RE = re.compile(r"employment\s+cost\s+index|producer\s+price\s+index|\bPPI\b|erzeugerpreisindex|"
                             r"lohnindex|tariflohn|price\s+index|preisindex|\bindex(?:ed|ation)?\b|indexier|"
                             r"wertgesichert|wertsicherung", re.I)
# An index mention only counts in a clause that adjusts something by it.
_ADJUST_RE = re.compile(r"adjust|increas|decreas|chang|escalat|index(?:ed|ation)|revis|reflect|var(?:y|iation)|"
                        r"capped|uplift|linked\s+to|tied\s+to|pegged|anpass|angepasst|erhöh|änder|wertgesichert|"
                        r"wertsicherung|veränderung|indexier|gekoppelt|gebunden|schwankung|inflation|teuerung", re.I)
_PRICE_WORD_RE = re.compile(r"\b(?:fees?|prices?|pricing|charges?|rates?|tariffs?|compensation|amounts?)\b|"
                            r"preis|entgelt|vergütung|pauschale|stundensätze|gebühr", re.I)
# Caps on credits, liability or discounts are not caps on price increases.
_OTHER_CAP_RE = re.compile(r"credit|gutschrift|liabil|haftung|discount|rabatt|penalt|vertragsstrafe", re.I)
_INCREASE_RE = re.compile(r"increas|erhöh|raise|adjust|anpass|steiger", re.I)
# German puts the date between verb and rate ("erhöhen sich jeweils zum 1. Januar eines jeden Jahres um 2,5 %").
_FIXED_RE = re.compile(
    rf"(?:increas\w*|escalat\w*|ris(?:e|es|ing)\b|rais\w*|uplift\w*|erhöh\w*|steig\w*)\s+(?:sich\s+)?"
    rf"(?:[\w.-]+\s+){{0,8}}?"
    rf"(?:by|um|of|von|at)\s+(?:a\s+fixed\s+|an?\s+)?{_GAP}{_PCT}",
    re.I,
)
_CAP_RE = re.compile(
    rf"(?:not\s+(?:to\s+)?exceed|no\s+more\s+than|not\s+more\s+than|by\s+more\s+than|in\s+excess\s+of|"
    rf"up\s+to\s+(?:a\s+)?(?:maximum\s+of\s+)?|maximum\s+(?:of\s+)?|capped\s+at|cap\s+of|ceiling\s+of|limited\s+to|"
    rf"at\s+most|höchstens|maximal|\bmax\.|bis\s+zu|begrenzt\s+auf|nicht\s+mehr\s+als|obergrenze\s+von|"
    # A proviso: "provided that no such increase shall exceed 3%", "keine Erhöhung darf 3 % übersteigen".
    rf"\b(?:no|kein\w*)\s+(?:such\s+|single\s+|annual\s+|jährliche\w*\s+)?(?:increase|adjustment|change|revision|"
    rf"variation|erhöhung|"
    rf"anpassung|preiserhöhung|preisanpassung)\w*\s+(?:shall|will|may|can|darf|wird|soll)\s+(?:in\s+any\s+\w+\s+)?"
    rf"(?:exceed|übersteigen|überschreiten|be\s+(?:greater|higher|more)\s+than|"
    # "no such adjustment shall result in an increase of more than 3%"
    rf"(?:result\s+in|lead\s+to)\s+an?\s+(?:increase|rise)\s+of\s+more\s+than)"
    rf"(?:\s+(?:a\s+total\s+of|insgesamt))?|"
    # "shall not be greater than 5%", "darf nicht höher als 3 % sein"
    rf"\bnot\s+be\s+(?:greater|higher|more)\s+than|\bnicht\s+(?:höher|größer)\s+als|"
    rf"(?:lesser|lower|smaller)\s+of\s+(?:\(?[a-z1i]\)\s*)?)\s*{_GAP}{_PCT}"
    # "CPI or 4 %, whichever is lower"; German verb-final "auf 5 % pro Jahr begrenzt".
    rf"|{_PCT.replace('num', 'num2')}[^.;%]{{0,40}}?whichever\s+is\s+(?:lower|less|smaller)"
    rf"|\bauf\s+(?:höchstens\s+|maximal\s+)?{_PCT.replace('num', 'num3')}[^.;%]{{0,30}}?"
    rf"(?:begrenzt|beschränkt|gedeckelt)"
    # German verb-final proviso: "die Erhöhung darf 3 % nicht übersteigen".
    rf"|{_PCT.replace('num', 'num4')}\s+(?:pro\s+(?:vertrags|kalender)?jahr\s+|p\.\s?a\.\s+|jährlich\s+)?nicht\s+"
    rf"(?:übersteigen|überschreiten)",
    re.I,
)
_FLOOR_RE = re.compile(
    rf"(?:no\s+less\s+than|not\s+less\s+than|not\s+be\s+(?:less|lower)\s+than|(?:be\s+)?no\s+lower\s+than|"
    rf"at\s+least|minimum\s+(?:of\s+)?|floor\s+of|mindestens|nicht\s+weniger\s+als|nicht\s+unter)\s*{_GAP}{_PCT}",
    re.I,
)
_MAY_CHANGE_RE = re.compile(
    r"(?:may|might|can|will|shall\s+be\s+entitled\s+to|reserves?\s+the\s+right\s+to|(?:is|are)\s+entitled\s+to|"
    r"right\s+to)\s+(?:(?!result|not\b|never\b)\w+\s+){0,3}?(?:make\s+)?(?:change|increase|adjust|modif|revise|raise|amend|update)"
    r"\w*\s+(?:\w+\s+){0,4}?(?:fees?|prices?|pricing|charges?|rates?|tariffs?|srp)\b"
    r"|\b(?:fees?|prices?|pricing|charges?|rates?)\b[^.;]{0,80}?\b(?:may|might|can|shall|will)\s+(?:(?!not\b|never\b)\w+\s+){0,2}?"
    r"(?:be\s+)?(?:\w+\s+)?(?:changed|increased|adjusted|modified|revised|raised|amended)\b"
    r"|\b(?:fees?|prices?|pricing|charges?|rates?)\b[^.;]{0,60}?\bsubject\s+to\s+(?:\w+\s+){0,2}"
    r"(?:adjustments?|changes?|increases?|revisions?)\b"
    # A date's ordinal dot ("zum 1. Januar") does not end the clause.
    r"|(?:berechtigt|darf|dürfen|kann|können|behält\s+sich)(?:[^.;]|(?<=\d)\.){0,100}?(?:preise|entgelte|vergütung|"
    r"pauschalen|stundensätze|gebühren)(?:[^.;]|(?<=\d)\.){0,140}?(?:anzupassen|zu\s+erhöhen|zu\s+ändern|anpassen|"
    r"erhöhen|ändern)"
    r"|(?:preise|entgelte|vergütung|gebühren)[^.;]{0,60}?(?:werden|können|dürfen)[^.;]{0,60}?"
    r"(?:angepasst|erhöht|geändert)"
    # The amount as subject, reflexive: "Die Höhe der Miete kann sich bei neuen Versionen ändern".
    r"|höhe\s+(?:der|des)\s+(?:miete|mietzinses|preise|entgelte|vergütung|gebühren)\s+(?:kann|können|darf|dürfen)"
    r"\s+sich\b[^.;]{0,80}?(?:ändern|erhöhen)",
    re.I,
)
# A clause about price increases as such ("Price adjustments shall be announced ...").
_CHANGE_NOUN_RE = re.compile(r"\bprice\s+(?:increases?|adjustments?|changes?)\b|\bfee\s+(?:increases?|adjustments?)\b|"
                             r"preisanpassung|preiserhöhung|preisänderung|entgeltanpassung|entgelterhöhung", re.I)
# A surcharge for paying late is a remedy, and billing by actual consumption a true-up, not a price review.
_LATE_RE = re.compile(r"delay\w*\s+(?:of|in)\s+payment|late\s+payment|overdue|past\s+due|zahlungsverzug|verzug|"
                      r"actual\s+(?:usage|consumption|volumes?)|true[\s-]?up|tatsächlich\w*\s+(?:verbrauch|nutzung)",
                      re.I)
_NEGATED_RE = re.compile(r"\b(?:no|not|never|nicht|keine?)\b[^.;]{0,25}$", re.I)
_ANNUAL_RE = re.compile(
    r"annual|each\s+year|every\s+year|per\s+(?:year|annum)|yearly|anniversary|(?:12|twelve)[\s-]month|"
    r"contract\s+year|calendar\s+year|jährlich|vertragsjahr|kalenderjahr|pro\s+jahr|je\s+jahr|einmal\s+(?:im|pro|je)\s+"
    r"jahr|jede[nms]?\s+(?:kalender|vertrags)?jahr|jeweils\s+zum\s+1\.|"
    r"\beach\s+\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+thereafter",
    re.I,
)
_QUARTERLY_RE = re.compile(r"quarter|quartal", re.I)
_NOTICE_RE = re.compile(r"notice|notif|mitzuteil|mitteil|ankündig|in\s+textform|schriftlich", re.I)
_BASE_RE = re.compile(r"(?:basis|base(?:\s+year)?|ausgangsbasis|basisjahr)\s*:?\s*(\d{4})\b|"
                      r"\b(?:VPI|HVPI|CPI|HICP)\s+(\d{4})\b|\((\d{4})\s*=\s*100\)", re.I)
MAX_LABEL_CHARS = 40
_ROW_LABEL_RE = re.compile(r"price\s+(?:review|adjustment|increase|escalation)s?|indexation|\bescalation|"
                           r"preisanpassung|preisgleit|wertsicherung|indexierung|entgeltanpassung", re.I)
_ROW_NONE_RE = re.compile(r"^\W*(?:no|none|n/?a|nil|not\s+applicable|fixed|firm|keine?|entfällt|nicht\s+vereinbart|"
                          r"ausgeschlossen|fest)\b|festpreis", re.I)
_PRIORITY = {"HICP": 3, "RPI": 3, "VPI": 3, "CPI": 3, "fixed_percent": 2, "other": 1}
# Wording kept as data (nlp/patterns/<lang>/price_review_wording.json): a renewal billed "at Provider's then-current
# list prices" / "zu den dann gültigen Preisen" lets the provider set new prices, a review of kind "other".
_WORDING = compiled("price_review_wording")


def _renewal_at_current_prices(text: str) -> bool:
    return bool(_WORDING["current_price_at_renewal"].search(text) and _WORDING["renewal_context"].search(text))


@dataclass(frozen=True, slots=True)
class _Review:
    review: dict[str, Any]
    confidence: float
    source: Sentence | Row


def _pct(match: re.Match[str] | None, language: str) -> float | None:
    if match is None:
        return None
    number = parse_number(next(g for g in match.groupdict().values() if g), language)
    return float(number) if number is not None else None


def _candidates(ctx: DocContext) -> list[Sentence]:
    cued = {s.position for s in ctx.with_cue("PRICE_INDEX", "PRICE_REVIEW")}
    cued |= {s.position for s in ctx.with_cue("PRICE") if _MAY_CHANGE_RE.search(s.text) or _capped_increase(s.text)
             or (_FIXED_RE.search(s.text) and _ANNUAL_RE.search(s.text))}
    cued |= {s.position for s in ctx.with_cue("RENEWAL") if _renewal_at_current_prices(s.text)}
    return [ctx.sentences[p] for p in sorted(cued)]


def _clause(ctx: DocContext, sent: Sentence) -> list[Sentence]:
    """The candidate, the sentence before it in the same paragraph and the ones right after it, up to a heading."""
    prev = ctx.sentences[sent.position - 1] if sent.position else None
    out = [sent] + ([prev] if prev is not None and prev.block is sent.block else [])
    for nxt in ctx.sentences[sent.position + 1: sent.position + 1 + FOLLOWING_SENTENCES]:
        if nxt.block.kind == BlockKind.HEADING:
            break
        out.append(nxt)
    return out


def _capped_increase(text: str) -> bool:
    """ "not to increase its fees by more than 6%": a ceiling on price increases, without an index."""
    cap = _CAP_RE.search(text)
    # The price must be what is capped: "if the number of Users increases by more than 10%" caps nothing.
    return bool(cap and _INCREASE_RE.search(text) and _PRICE_WORD_RE.search(text[: cap.start()])
                and not _OTHER_CAP_RE.search(text))


def _affirmed(match: re.Match[str] | None, text: str) -> bool:
    """A change right that is stated, not denied ("No other price adjustment applies"), and not a late-payment
    surcharge or a credit."""
    return bool(match and not _NEGATED_RE.search(text[: match.start()]) and not _LATE_RE.search(text)
                and not _OTHER_CAP_RE.search(text))


def _kind(text: str, context: str) -> tuple[str, float] | None:
    """The review kind ``text`` states; an index needs an adjustment word somewhere in its ``context``."""
    if _ADJUST_RE.search(context):
        for name, pattern in _INDEX_RES:
            if pattern.search(text):
                return name, 0.85
    fixed = _FIXED_RE.search(text)
    # A fixed escalation recurs ("each year") and raises a price ("usage increases by 20% a year" raises none);
    # "increased by 25% for each additional processor" is no review.
    if (fixed and not _CAP_RE.search(fixed.group(0)) and _ANNUAL_RE.search(context)
            and _PRICE_WORD_RE.search(text[max(0, fixed.start() - 100): fixed.end()])):
        return "fixed_percent", 0.75
    if _affirmed(_MAY_CHANGE_RE.search(text), text) or _capped_increase(text):
        return "other", 0.6
    if _ADJUST_RE.search(context) and _PRICE_WORD_RE.search(context) and _affirmed(_OTHER_INDEX_RE.search(text), text):
        return "other", 0.5
    if _affirmed(_CHANGE_NOUN_RE.search(text), text):
        return "other", 0.5  # "Preisanpassungen sind drei Monate vorher anzukündigen."
    if _renewal_at_current_prices(text) and not _LATE_RE.search(text):
        return "other", 0.5
    return None


def _notice(text: str, language: str) -> str | None:
    best: tuple[int, str] | None = None
    for notice in _NOTICE_RE.finditer(text):
        for d in find_durations(text, language):
            distance = min(abs(d.start - notice.end()), abs(notice.start() - d.end))
            if distance <= 40 and (best is None or distance < best[0]):
                best = (distance, d.iso)
    return best[1] if best else None


# A sentence cut by a PDF line break ends without its stop: "6. Die Höhe der Miete kann sich bei Erscheinen neuer".
_UNFINISHED_RE = re.compile(r"[^.!?;:)\]\s]\s*$")


def _review(ctx: DocContext, sent: Sentence) -> _Review | None:
    clause = _clause(ctx, sent)
    head_text = sent.text
    nxt = ctx.sentences[sent.position + 1] if sent.position + 1 < len(ctx.sentences) else None
    if nxt is not None and nxt in clause and _UNFINISHED_RE.search(head_text) and nxt.text[:1].isalpha():
        head_text = f"{head_text} {nxt.text}"  # the line break cut the sentence: read its end with it
    head = words_to_digits(head_text, ctx.language)
    around = [words_to_digits(s.text, ctx.language) for s in clause[1:]]
    found = _kind(head, " ".join([head, *around]))
    if found is None:
        return None
    # Cap, floor and notice may sit in the neighbouring sentences, but only in ones about the same change.
    text = " ".join([head] + [t for t in around if _ADJUST_RE.search(t) or _NOTICE_RE.search(t)])
    return _Review(_details(found[0], head, text, ctx.language), found[1], sent)


def _details(kind: str, head: str, text: str, language: str) -> dict[str, Any]:
    """The review record of ``kind``: its fixed rate from the clause itself, the rest from ``text`` around it."""
    fixed = _pct(_FIXED_RE.search(head), language) if kind == "fixed_percent" else None
    base = _BASE_RE.search(text) if kind in ("VPI", "CPI", "HICP", "RPI") else None
    frequency = "annual" if _ANNUAL_RE.search(text) else "quarterly" if _QUARTERLY_RE.search(text) else None
    return {
        "index": kind,
        "frequency": frequency,
        "cap_percent": _pct(_CAP_RE.search(text), language),
        "floor_percent": _pct(_FLOOR_RE.search(text), language),
        "fixed_percent": fixed,
        "base_date": next((g for g in base.groups() if g), None) if base else None,
        "notice_period": _notice(text, language),
    }


def _row_reviews(ctx: DocContext) -> list[_Review]:
    """Order forms state the review as a labelled row ("Price adjustment | Annually in line with CPI, max. 3%");
    a row saying there is none ("Indexation | None - fixed prices") gives no review."""
    out = []
    for row in ctx.rows():
        cells = [c.strip() for c in row.cells if c.strip()]
        if len(cells) != 2 or len(cells[0]) > MAX_LABEL_CHARS or not _ROW_LABEL_RE.search(cells[0]):
            continue
        text = words_to_digits(cells[1], ctx.language)
        if _ROW_NONE_RE.search(text):
            continue
        kind, confidence = _kind(text, f"{cells[0]} {text}") or ("other", 0.5)
        out.append(_Review(_details(kind, text, text, ctx.language), confidence, row))
    return out


@extractor("price_review", order=65)
def extract_price_review(ctx: DocContext, found: Mapping[str, Any]) -> dict[str, Any]:
    reviews = [r for r in (_review(ctx, s) for s in _candidates(ctx)) if r is not None] + _row_reviews(ctx)
    if not reviews:
        return {}
    # The most specific kind wins; among equals, the clause stating the most details (not a contents line).
    best = max(reviews, key=lambda r: (_PRIORITY[r.review["index"]], sum(v is not None for v in r.review.values())))
    return {"pricing": {"price_review": value(best.review, best.confidence, best.source)}}
