"""Durations in term and renewal clauses, each marked as a notice period or a period of the contract itself.

Term clauses mix both kinds in one sentence: "shall automatically extend for successive periods of twelve (12)
months ..., unless either party gives ... notice of non-renewal at least ninety (90) days before the end". A
duration is a notice period when notice words lead into it ("at least", "Frist von", "no later than") or follow
it ("days' written notice", "prior to", "vor", "zum Ende").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from docsvc.extract.normalize.durations import Duration, find_durations, words_to_digits

_UNIT_WORDS = r"(?:year|month|week|day|quarter|jahr|monat|woche|tag|quartal|kalendermonat|kalenderjahr)"
# "one-year term", "12-month periods", "sechs-monatige" → separate the number from the unit.
_HYPHEN_UNIT_RE = re.compile(rf"(\w)-(?={_UNIT_WORDS})", re.I)
# "ein (1) weiteres Jahr", "an additional one year", "successive twelve (12) month" → drop the adjective
# between the number and the unit so the number reader sees "ein (1) Jahr".
_ADJECTIVE_RE = re.compile(
    rf"\b(?:weitere[snmr]?|further|additional|successive|consecutive|subsequent|renewal|full|volle[n]?|contract)\s+"
    rf"(?=(?:calendar\s+)?{_UNIT_WORDS})",
    re.I,
)
_NOTICE_BEFORE_RE = re.compile(
    r"(?:notice|notif\w*|written|writing|frist(?:\s+von)?|kündigungsfrist(?:\s+von)?|at\s+least|not\s+less\s+than|"
    r"no\s+less\s+than|no\s+later\s+than|not\s+later\s+than|mindestens|spätestens|upon|within|vorher)\W*"
    r"(?:\w+\W+){0,3}$",
    re.I,
)
_NOTICE_AFTER_RE = re.compile(
    r"^\W{0,3}(?:s\W{0,2})?(?:\)\s*)?(?:prior|before|in\s+advance|advance|preceding|written|notice|vor\b|zum\s+"
    r"(?:ende|ablauf|schluss|monatsende|quartalsende|jahresende)|vorher|im\s+voraus|kündigungsfrist)",
    re.I,
)
# "year to year", "von Jahr zu Jahr", "renewed tacitly every year": a yearly renewal without a number.
_YEARLY_RE = re.compile(r"year[\s-]to[\s-]year|von\s+jahr\s+zu\s+jahr|annual\s+basis|every\s+year|each\s+year|"
                        r"jährlich|annually", re.I)
_MONTHLY_RE = re.compile(r"month[\s-]to[\s-]month|von\s+monat\s+zu\s+monat|monthly\s+basis|every\s+month|monatlich",
                         re.I)
# "for successive (calendar) quarters" (the adjective is gone once normalised), "von Quartal zu Quartal": a
# quarterly renewal without a number.
_QUARTERLY_RE = re.compile(r"quarter[\s-]to[\s-]quarter|von\s+quartal\s+zu\s+quartal|quarterly\s+basis|"
                           r"\bfor\s+(?:successive\s+|consecutive\s+)?(?:calendar\s+)?quarters\b|every\s+quarter|"
                           r"vierteljährlich", re.I)


_ISO_RE = re.compile(r"P(\d+)([YMWD])")
# A term that runs from an event the dates do not record ("effective as of the date the Site becomes fully
# operational", "ab Abnahme") gives no end date.
EVENT_RE = re.compile(r"accept|install|deliver|launch|go[\s-]?live|ready|provision(?:ed|ing)|bereitstellung|abnahme|"
                      r"inbetriebnahme|opening|first\s+commercial|service\s+commencement|each\s+order|lieferung|"
                      r"freischaltung|inbetriebsetzung|(?:becomes?|is)\s+(?:fully\s+)?operational|betriebsbereit", re.I)
# Guidance in templates, not a commitment: "Laufzeit: 5 Jahre ist üblich", "two years is typical".
HEDGE_AFTER_RE = re.compile(r"^\W*(?:is|are|ist|sind|wäre[n]?|would\s+be)\s+(?:\w+\s+)?(?:typical|usual|common|"
                            r"customary|standard|üblich|gängig|marktüblich|empfohlen|recommended)", re.I)


@dataclass(frozen=True, slots=True)
class Span:
    duration: Duration
    notice: bool


# "ein weiteres Kalenderjahr", "3 Kalendermonate", "Kalender-Quartal", "calendar quarter": the duration readers
# know "Jahr" and "Monat" only.
_CALENDAR_RE = re.compile(r"\bkalender-?(?=jahr|monat|woche|tag|quartal)|\bcalendar\s+(?=quarter)", re.I)
# A quarter is three months: "um jeweils ein (weiteres) Quartal", "for one additional quarter", "2 Quartale". The
# number has to be written out ("eines Quartals" in "zum Ende eines Quartals" is a date, not a period); it is a
# digit or "ein"/"one"/"a" right after a period preposition once number words are digits.
_QUARTER_RE = re.compile(r"(?:(?<=\bum\s)|(?<=\bfor\s)|(?<=\bby\s)|(?<=\bof\s)|(?<=\bfür\s)|(?<=\bjeweils\s))"
                         r"(?:jeweils\s+)?(?:ein|one|an?)\s+(?:quartal|quarter)\b|\b(?P<n>\d{1,2})\s+"
                         r"(?:quartal(?:e|en)?|quarters?)\b", re.I)
_MONTH_WORD = {"de": "Monate", "en": "months"}


def _quarters(match: re.Match[str], language: str) -> str:
    n = int(match.group("n")) if match.group("n") else 1
    return f"{3 * n} {_MONTH_WORD.get(language, 'months')}"


def normalise(text: str, language: str) -> str:
    """The text with number words as digits and units right after their numbers; offsets refer to this text."""
    text = _ADJECTIVE_RE.sub("", _HYPHEN_UNIT_RE.sub(r"\1 ", _CALENDAR_RE.sub("", text)))
    return _QUARTER_RE.sub(lambda m: _quarters(m, language), words_to_digits(text, language))


def spans(text: str, language: str) -> list[Span]:
    """Every duration in ``text`` (already normalised), marked as notice period or not."""
    out = []
    for d in find_durations(text, language):
        notice = bool(_NOTICE_BEFORE_RE.search(text[max(0, d.start - 45): d.start])
                      or _NOTICE_AFTER_RE.search(text[d.end: d.end + 40]))
        out.append(Span(d, notice))
    return out


def unit_phrase(text: str) -> str | None:
    """"P1Y"/"P1M" for a renewal written without a number ("from year to year", "month-to-month")."""
    if _YEARLY_RE.search(text):
        return "P1Y"
    if _MONTHLY_RE.search(text):
        return "P1M"
    if _QUARTERLY_RE.search(text):
        return "P3M"
    return None


def add_duration(start: date, iso: str) -> date | None:
    """``start`` plus an ISO duration of years, months, weeks or days (same day of month, clamped)."""
    m = _ISO_RE.fullmatch(iso)
    if not m:
        return None
    n, unit = int(m.group(1)), m.group(2)
    if unit == "W":
        return start + timedelta(weeks=n)
    if unit == "D":
        return start + timedelta(days=n)
    months = start.month - 1 + (n * 12 if unit == "Y" else n)
    year, month, day = start.year + months // 12, months % 12 + 1, start.day
    while day > 28:  # 31 January + 1 month is the last day of February
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1
    return date(year, month, day)


def is_whole(duration: Duration) -> bool:
    return duration.amount == duration.amount.to_integral_value() and duration.amount > Decimal(0)
