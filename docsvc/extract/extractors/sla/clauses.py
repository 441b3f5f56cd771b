"""Tying a value in a sentence to its metric, priority and service window.

SLA prose packs several targets into one sentence or one run-on PDF paragraph ("A. Time to Full Restoration:
4 hours B. Maximum Data Loss: 24 hours", "Severity 1 Every Two Hours (24x7) Severity 2 Every 8 Hours (9AM-5PM)").
Enumeration marks split it into clauses: a metric word never reaches across one; a priority label starts a
sub-clause that scopes the service window written after the value.
"""

from __future__ import annotations

import re

from docsvc.extract.extractors.sla.values import TargetValue
from docsvc.extract.extractors.sla.vocab import (
    ANY_METRIC_RE,
    BUSINESS_WINDOW_RE,
    DAY_RANGE_RE,
    PRIORITY_CODE_RE,
    ROUND_THE_CLOCK_RE,
)

# Enumeration marks: ";", bullets, "B. ", "(ii) ", "2) " before a capital.
_HARD_BREAK_RE = re.compile(
    r";|•|\s\*\s|(?:^|\s)(?:[A-H]|[ivx]{1,4}|\d{1,2})[.)]\s+(?=[A-Z])|\(\s?(?:[a-h]|[ivx]{1,4}|\d{1,2})\s?\)\s"
)
_CLOCK_RANGE_RE = re.compile(r"\d{2}:\d{2}-\d{2}:\d{2}")  # as written by ``normalise_windows``
# A window that qualifies when a call is *received*, not how the clock runs ("calls received within business hours").
_RECEIPT_RE = re.compile(r"(?:received|receipt|logged|reported|submitted|eingang|eingeh\w*|eingegangen)\b[^.;]{0,50}$",
                         re.I)
_NAMED_PRIORITY_RE = re.compile(
    r"\b(?P<w>critical|urgent|emergency|high|medium|low|major|minor|serious|non-critical|kritisch\w*|dringend\w*|"
    r"hoh\w*|mittler\w*|niedrig\w*)\s+(?:severity|priority|priorität|incidents?|problems?|errors?|faults?|"
    r"issues?|tickets?|requests?|calls?|cases?|störung\w*|fehler\w*|anfrage\w*|meldung\w*|vorfäll\w*)|(?:severity|priority|priorität)\s+(?:level\s+)?(?:of\s+)?"
    r"(?P<w2>critical|urgent|emergency|high|medium|low|kritisch|hoch|mittel|niedrig)\b",
    re.I,
)
# A window scopes the clock when introduced as such ("during Business Hours", "(9AM-5PM)", "während der
# Servicezeit"); "on-call service from 7:00am to 5:00pm" describes the service, not how a target is counted.
# A window qualifying the hours written right before it ("48h biz hours") scopes that value too.
_SCOPE_RE = re.compile(r"(?:\b(?:during|within|inside|in|innerhalb|während|im|on|an)\s+(?:the\s+|der\s+|den\s+|"
                       r"its\s+|\w+\s+){0,2}|\(\s*|\d\s*(?:h|hrs?\.?|hours?)\s+)$", re.I)
# Adverbs that scope by themselves: "reagiert werktags innerhalb von 4 Stunden", "weekdays within 2 hours".
_SELF_SCOPED_RE = re.compile(r"werktags|arbeitstags|wochentags|weekdays", re.I)
# "5 Business Days" and "next business day" / "nächster Werktag" are the unit of their own value, not a window for
# the other values of the sentence.
_UNIT_OF_VALUE_RE = re.compile(r"(?:\d\s*-?|\b(?:next|same|following|nächste[nmrs]?|(?:dem)?selbe[nmrs]?|"
                               r"gleiche[nmrs]?|(?:darauf|nach)?folgende[nmrs]?))\s*$", re.I)
_OTHER_ACTION_RE = re.compile(
    r"\b(?:distribut|deliver|ship|install|pay|invoic|submit|publish|releas|refund|inform|updat|status|notif|escalat|"
    r"liefer|zahl|versend|informier|aktualisier|benachrichtig|eskalier)\w*",
    re.I,
)
# "15 minutes for Priority 1", "30 min for critical", "2 Stunden bei hoher Priorität".
_FOR_PRIORITY_RE = re.compile(
    rf"\s*(?:for|bei|für)\s+(?:all\s+|alle\s+)?(?:(?P<p>{PRIORITY_CODE_RE.pattern})|"
    r"(?P<w>critical|urgent|high|medium|normal|low|kritisch\w*|dringend\w*|hoh\w*|mittler\w*|niedrig\w*)\b"
    r"(?=\s*(?:priority|severity|priorität|incidents?|issues?|tickets?|requests?|störung\w*)?\s*[,;.)]|\s+and\b|\s+und\b|$))",
    re.I)
_COORDINATION_RE = re.compile(r"\b(?:und|sowie|bzw\.?)\b", re.I)
_NUMBER_BEFORE_RE = re.compile(r"\d")
_MEASURED_RE = re.compile(r"\b(?:measured|counted|calculated|apply|run|gemessen|gezählt|laufen|gelten)\b", re.I)


def clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the enumeration clause holding ``text[start:end]``."""
    lo, hi = 0, len(text)
    for m in _HARD_BREAK_RE.finditer(text):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


def metric_near(text: str, t: TargetValue, language: str = "en") -> str | None:
    """The metric word closest before the value in its clause (within 220 characters), else right after it,
    else the sentence's lead-in ("Response Times: P1: 1 hour; P2: 4 hours").

    German puts the verb last ("... innerhalb von 4 Stunden, ... innerhalb von 8 Stunden behoben"), so there the
    metric may follow the value anywhere in its clause."""
    lo, hi = clause(text, t.start, t.end)
    found = (_verb_final_metric(text, t, lo, hi) if language == "de" else None) or _metric_in_clause(
        text, t, lo, hi, 200 if language == "de" else 60)
    if found is None and lo > 0:
        colon = text.find(":", 0, lo)
        in_first_clause = colon > 0 and clause(text, colon, colon + 1)[0] == 0
        m = ANY_METRIC_RE.search(text, 0, colon) if in_first_clause else None
        found = m.lastgroup if m else None
    return found


def _verb_final_metric(text: str, t: TargetValue, lo: int, hi: int) -> str | None:
    """German coordinated parts each end in their own verb: "reagiert innerhalb von 30 Minuten und stellt den
    Betrieb innerhalb von 4 Stunden wieder her", "werden innerhalb von 2 Stunden bearbeitet und innerhalb von
    24 Stunden behoben". When another part of the clause states a value too, a value whose part names no metric
    before it takes the metric word that ends its own part."""
    before = list(_COORDINATION_RE.finditer(text, lo, t.start))
    start = before[-1].end() if before else lo
    end = next((m.start() for m in _COORDINATION_RE.finditer(text, t.end, hi)), hi)
    if (start, end) == (lo, hi) or ANY_METRIC_RE.search(text, start, t.start):
        return None  # no coordination, or the part names its metric before the value
    if not (_NUMBER_BEFORE_RE.search(text, lo, start) or _NUMBER_BEFORE_RE.search(text, end, hi)):
        return None  # the other parts state no value: "innerhalb von 4 Stunden und vollständig behoben"
    after = ANY_METRIC_RE.search(text, t.end, end)
    return after.lastgroup if after else None


def _metric_in_clause(text: str, t: TargetValue, lo: int, hi: int, reach_after: int) -> str | None:
    # Searched up to the value's end: a word that names a metric only before a value may look ahead to it
    # ("Betriebszeit ... 99,9 %", sla_terms.json).
    before = [m for m in ANY_METRIC_RE.finditer(text, lo, t.end) if m.end() <= t.start and t.start - m.end() <= 220]
    if before:
        # "to correct an urgent problem ..., Partner will distribute all Updates within 30 days", "respond ... and
        # keep the Customer informed every 4 hours": another action governs the value.
        return None if _OTHER_ACTION_RE.search(text, before[-1].end(), t.start) else before[-1].lastgroup
    after = ANY_METRIC_RE.search(text, t.end, min(hi, t.end + reach_after))
    return after.lastgroup if after else None


def metric_right_after(text: str, t: TargetValue) -> bool:
    """ "1-business-day email response", "a 4-hour response time": the value qualifies the metric noun."""
    return bool(ANY_METRIC_RE.match(text, t.end) or ANY_METRIC_RE.search(text, t.end, t.end + 25))


def priority_near(text: str, t: TargetValue) -> str | None:
    """The priority a value is for: named right after it ("15 minutes for Priority 1 Incidents"), else the
    closest label before it."""
    after = _FOR_PRIORITY_RE.match(text, t.end)
    if after:
        return after.group("p") or after.group("w").capitalize()
    pos = t.start
    codes = [m for m in PRIORITY_CODE_RE.finditer(text, 0, pos) if pos - m.end() <= 150]
    if codes:
        return codes[-1].group(0)
    named = [m for m in _NAMED_PRIORITY_RE.finditer(text) if m.start() < pos and pos - m.end() <= 150]
    if named:
        word = named[-1].group("w") or named[-1].group("w2")
        return word.capitalize()
    return None


def sub_clause(text: str, t: TargetValue) -> tuple[int, int]:
    """The part of the value's clause that belongs to its priority label ("Severity 2 Every 8 Hours (9AM-5PM)")."""
    lo, hi = clause(text, t.start, t.end)
    starts = [m.start() for m in PRIORITY_CODE_RE.finditer(text, lo, hi)]
    return max([s for s in starts if s <= t.start], default=lo), min([s for s in starts if s > t.start], default=hi)


def in_business_window(text: str, t: TargetValue, paragraph: str) -> bool:
    """Whether hours/days of this value count only inside a service window.

    The window nearest the value within its priority sub-clause decides; else the sentence when it names only
    one kind of window; else a paragraph that says how times are measured ("measured during Business Hours").
    """
    sub_lo, sub_hi = sub_clause(text, t)
    markers = _markers(text)
    local = [(abs(pos - t.start), kind) for pos, kind in markers if sub_lo <= pos < sub_hi]
    if local:
        return min(local)[1]
    kinds = {kind for _, kind in markers}
    if len(kinds) == 1:
        return kinds.pop()
    if kinds:
        return False
    para = _markers(paragraph)
    return bool(para) and all(kind for _, kind in para) and bool(_MEASURED_RE.search(paragraph))


def _markers(text: str) -> list[tuple[int, bool]]:
    """Positions of service-window phrases: True for a business window, False for round-the-clock."""
    out = [(m.start(), False) for m in ROUND_THE_CLOCK_RE.finditer(text)]
    for pattern in (BUSINESS_WINDOW_RE, DAY_RANGE_RE, _CLOCK_RANGE_RE):
        out += [(m.start(), True) for m in pattern.finditer(text)
                if (_SCOPE_RE.search(text, max(0, m.start() - 30), m.start()) or _SELF_SCOPED_RE.match(text, m.start()))
                and not _RECEIPT_RE.search(text, 0, m.start()) and not _UNIT_OF_VALUE_RE.search(text, 0, m.start())]
    return out
