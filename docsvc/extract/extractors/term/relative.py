"""A term stated by when the contract ends, as NDAs and short agreements state it.

"This Agreement shall expire three (3) years from the Effective Date", "shall terminate two (2) years after the
date hereof", "Die Vereinbarung endet drei Jahre nach ihrem Inkrafttreten", "gilt für einen Zeitraum von zwei
Jahren", and the NDA's own term, the duration of the recipient's obligations: "shall continue for three years after
disclosure". The term phrases of ``term.py`` look for "initial term" and "shall continue for"; these wordings put
the duration after an ending verb and before the event it counts from. Obligations that outlive the contract
("shall survive for five years following termination") are not its term.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from docsvc.extract.context import DocContext, Sentence, value
from docsvc.extract.extractors.term.durations import EVENT_RE, add_duration, is_whole, normalise, spans

# The contract, its term or the recipient's obligations as subject (an NDA's term is the obligations' duration).
_SUBJECT = (r"\b(?:agreement|contract|nda|term|obligations?|undertakings?|duties|it|\w*vereinbarung|\w*vertrag|"
            r"verpflichtung(?:en)?|geheimhaltungspflicht(?:en)?|sie|er)\b")
_VERB = (r"\b(?:expire|terminate|end|continue|lapse|cease|"
         r"remain\s+in\s+(?:full\s+)?(?:force|effect)(?:\s+and\s+effect)?|"
         r"be\s+(?:in\s+(?:force|effect)|valid|binding|effective)|apply|last|run|endet|erlischt|läuft|gilt|besteht|"
         r"bleibt\s+(?:\w+\s+)?in\s+kraft|bleiben\s+(?:\w+\s+)?(?:in\s+kraft|bestehen)|gelten)\w*")
# Between verb and duration: "for", "for a period of", "für einen Zeitraum von", "ab ... für".
_GAP = (r"(?:\s+(?:automatically|automatisch|insgesamt))?\s+(?:(?:for|für|über|on|upon)\s+)?"
        r"(?:(?:a|an|the|einen|eine|die)\s+(?:period|term|duration|zeitraum|dauer|laufzeit)\s+(?:of|von)\s+)?"
        # "endet nach Ablauf von drei Jahren", "expire at the end of a period of two years"
        r"(?:(?:nach|mit)\s+ablauf\s+(?:von\s+)?|at\s+the\s+end\s+of\s+(?:a|the)\s+(?:period\s+of\s+)?|"
        # "shall be in effect until the expiration of two years from the date hereof"
        r"until\s+the\s+(?:expiration|expiry|end|lapse)\s+of\s+(?:a\s+period\s+of\s+)?|"
        # "shall terminate on the date that is two years after the date hereof"
        r"the\s+date\s+(?:that|which)\s+is\s+|the\s+day\s+falling\s+)?$")
# "shall terminate on the earlier of (i) two years from the date hereof or (ii) ...": each alternative is a way the
# contract ends, and the one counted from the start is its term.
_EARLIER_OF = (r"\s+(?:on|upon|at)?\s*the\s+(?:earlier|earliest|first)\s+(?:of|to\s+occur\s+of)\b[^.;]{0,160}?"
               r"(?:\(\w{1,4}\)|\bor|,|:)\s*$")
# What the duration counts from: the contract's start, or (NDA) each disclosure.
_BASE = re.compile(
    # a defined name may stand between: 'beträgt 15 Jahre ("Bindungsfrist") ab dem Datum der letzten Offenlegung'
    r"^\s*(?:\)\s*)?(?:\([^()]{1,40}\)\s*)?,?\s*(?:after|from|following|of|as\s+of|nach|ab|seit|(?:commencing|beginning|"
    r"starting)(?:\s+on|\s+with)?)\s+(?:the\s+|this\s+|"
    r"its\s+|dem\s+|der\s+|ihrem\s+|seinem\s+|deren\s+|dessen\s+)?(?P<base>effective\s+date|commencement\s+date|"
    r"date\s+(?:hereof|of\s+(?:this\s+\w+|signature|execution|the\s+last\s+signature|(?:the\s+|each\s+|any\s+|"
    r"such\s+|its\s+)?(?:first\s+|last\s+|initial\s+)?disclosure))|execution|signing|"
    # "from the last signature date", "from the date of the last signature below"
    r"(?:(?:last|final|later)\s+)?signature(?:\s+date)?|"
    r"(?:each\s+|any\s+|such\s+)?disclosure|the\s+date\s+of\s+disclosure|inkrafttreten|unterzeichnung|"
    r"vertragsschluss|abschluss|zustandekommen|"
    r"(?:datum|zeitpunkt)\s+(?:der|des)\s+(?:letzten\s+|ersten\s+|jeweiligen\s+)?(?:offenlegung|mitteilung|"
    r"unterzeichnung|vertragsschlusses|abschlusses)|offenlegung|mitteilung|wirksamwerden)",
    re.I,
)
# "valid for two years" / "gilt für zwei Jahre" with no base: the duration is the whole term.
_PLAIN_VERB = re.compile(r"\b(?:be\s+valid|remain\s+in\s+(?:full\s+)?(?:force|effect)|continue|gilt|läuft|"
                         r"bleibt\s+in\s+kraft)\w*\s+(?:\w+\s+){0,2}?(?:for|für)\s+(?:(?:a|einen|eine|die)\s+(?:period|zeitraum|dauer)\s+"
                         r"(?:of|von)\s+)?$|\bendet\s+(?:\w+\s+)?(?:nach|mit)\s+ablauf\s+von\s+$", re.I)
_SURVIVAL = re.compile(r"surviv|fortgelt|nachvertraglich|(?:after|following|nach)\s+(?:the\s+|any\s+|dem\s+|der\s+)?"
                       r"(?:termination|expir\w*|beendigung|ablauf(?!\s+von\b)|vertragsende)", re.I)
_CUE = re.compile(r"expir|terminat|\bend|continu|remain|valid|\blasts?\b|in\s+(?:force|effect)|surviv|befrist|endet|"
                  r"term[”\"']\s+(?:shall\s+)?mean|"
                  r"erlisch|läuft|gilt|"
                  r"in\s+kraft|bestehen", re.I)
_MAX_MONTHS = 240
SCAN_SENTENCES = 600
_VERB_GAP = re.compile(rf"{_SUBJECT}[^.;]{{0,120}}?{_VERB}{_GAP}", re.I)
# The rarer wordings are tried only when a cheap substring test finds their key word (the window is searched with a
# lazy gap, which is slow on every duration of a long contract).
_EARLIER_OF_GAP = re.compile(rf"{_SUBJECT}[^.;]{{0,120}}?{_VERB}{_EARLIER_OF}", re.I)
_RARE_GAPS = (("earlier of", _EARLIER_OF_GAP), ("earliest of", _EARLIER_OF_GAP), ("first to occur", _EARLIER_OF_GAP),
              ("mean", re.compile(r"[“\"'](?:initial\s+)?term[”\"']\s+(?:means|shall\s+mean)\s+(?:a|the)\s+period\s+"
                                  r"of\s+$", re.I)))
# An NDA's obligations "shall survive for a period of three (3) years from the date of this Agreement": counted from
# the start, that is the NDA's term (survival after termination is still no term).
_SURVIVE_GAP = re.compile(rf"{_SUBJECT}[^.;]{{0,120}}?\bsurvive\s+(?:for\s+)?(?:(?:a|the)\s+period\s+of\s+)?$", re.I)
# "Die Vereinbarung ist auf 36 Monate befristet": the duration before a verb-final "befristet".
_DE_LIMITED_BEFORE = re.compile(rf"{_SUBJECT}[^.;]{{0,80}}?\b(?:ist|wird|sind|werden)\s+(?:\w+\s+)?auf\s+"
                                rf"(?:die\s+dauer\s+von\s+)?$", re.I)
_DE_LIMITED_AFTER = re.compile(r"^\s*(?:\w+\s+)?befristet\b", re.I)
# A duration counted from something ("three years after the date of such notice") that is not the start.
_COUNTED_FROM = re.compile(r"^\s*(?:\)\s*)?(?:after|from|following|nach|ab|seit)\b", re.I)


@dataclass(frozen=True, slots=True)
class RelativeTerm:
    iso: str
    from_start: bool  # counted from the contract's start (not from each disclosure): the end date follows
    source: Sentence


def _whole_period(iso: str) -> bool:
    n = float(iso[1:-1])
    months = {"Y": n * 12, "M": n, "W": n / 4.35, "D": n / 30.4}[iso[-1]]
    return 1 <= months <= _MAX_MONTHS


def _rare_gap(before: str) -> bool:
    lowered = before.lower()
    return any(key in lowered and pattern.search(before) for key, pattern in _RARE_GAPS)


def relative_term(ctx: DocContext, nda: bool = False) -> RelativeTerm | None:
    """The first sentence stating the term by its end, or by a validity period."""
    for sent in ctx.sentences[:SCAN_SENTENCES]:
        if not _CUE.search(sent.text):
            continue
        text = normalise(sent.text, ctx.language)
        for span in spans(text, ctx.language):
            d = span.duration
            if span.notice or not is_whole(d) or d.unit not in ("year", "month", "week", "day"):
                continue
            if not _whole_period(d.iso):
                continue
            before, after = text[max(0, d.start - 200): d.start], text[d.end: d.end + 80]
            base = _BASE.search(after)
            disclosure = base is not None and re.search(r"disclos|offenleg|mitteil", base.group("base"), re.I)
            surviving = nda and base is not None and not disclosure and "surviv" in before and \
                _SURVIVE_GAP.search(before) is not None
            if _SURVIVAL.search(after[:40]) or (_SURVIVAL.search(before[-60:]) and not surviving):
                continue
            if base and (surviving or _VERB_GAP.search(before) or _rare_gap(before)):
                return RelativeTerm(d.iso, not disclosure and not EVENT_RE.search(text), sent)
            if _COUNTED_FROM.match(after) and not base:
                continue
            if (_PLAIN_VERB.search(before) and re.search(_SUBJECT, before, re.I)) or (
                    _DE_LIMITED_AFTER.match(after) and _DE_LIMITED_BEFORE.search(before)):
                return RelativeTerm(d.iso, not EVENT_RE.search(text), sent)
    return None


def relative_term_fields(ctx: DocContext, found: Mapping[str, Any], nda: bool = False) -> dict[str, Any]:
    """initial_term from a relative term, and the expiration date when it counts from a known effective date."""
    rel = relative_term(ctx, nda)
    if rel is None:
        return {}
    out = {"initial_term": value(rel.iso, 0.7, rel.source)}
    start = found.get("effective_date")
    if rel.from_start and not found.get("expiration_date") and isinstance(start, Mapping) and start.get("value"):
        end = add_duration(date.fromisoformat(str(start["value"])), rel.iso)
        if end:
            out["expiration_date"] = value(end.isoformat(), 0.55, rel.source)
    return out
