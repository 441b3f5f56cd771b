"""Durations ("thirty (30) days", "12 Monate", "sechs Wochen", "4 Business Hours") as ISO 8601.

Number words go through text2num's ``alpha2digit``; it deliberately leaves lone small words such as "one"
alone (too ambiguous in general prose), so those are handled only right in front of a time unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from text_to_num import alpha2digit

from docsvc.extract.normalize.numbers import parse_number

_SMALL = {
    "en": {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12},
    "de": {"ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1, "zwei": 2, "drei": 3,
           "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
           "zwölf": 12},
}

# unit word -> (canonical unit, business-time?)
_UNITS: list[tuple[str, str, bool]] = [
    (r"business[\s-]+hours?|working[\s-]+hours?|service[\s-]+hours?|support[\s-]+hours?|"
     r"arbeitsstunden|geschäftsstunden|servicestunden|betriebsstunden", "hour", True),
    (r"business[\s-]+days?|working[\s-]+days?|werktage?n?|arbeitstage?n?|geschäftstage?n?|bankarbeitstage?n?",
     "day", True),
    (r"calendar[\s-]+days?|kalendertage?n?|days?|tage?n?|tagen", "day", False),
    (r"seconds?|secs?|sekunden?|sek\.", "second", False),
    (r"minutes?|mins?\.?|minuten?|min\.", "minute", False),
    (r"hours?|hrs?\.?|stunden?|std\.|std\b|h\b", "hour", False),
    (r"weeks?|wochen?", "week", False),
    (r"calendar[\s-]+months?|months?|monate?n?|monats", "month", False),
    (r"calendar[\s-]+years?|years?|jahre?n?|jahres", "year", False),
]
_UNIT_RE = "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _, _) in enumerate(_UNITS))
DURATION_RE = re.compile(
    # Not the denominator of a fraction: "1/2 hour" is half an hour, not two.
    rf"(?<![/\d])(?P<num>\d+(?:[.,]\d+)?)\s*(?:\((?P<paren>\d+(?:[.,]\d+)?)\)\s*)?(?:-\s*)?(?P<unit>{_UNIT_RE})(?![a-zäöü])",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Duration:
    amount: Decimal
    unit: str  # second | minute | hour | day | week | month | year
    business: bool
    start: int
    end: int

    @property
    def iso(self) -> str:
        n = format(self.amount.normalize(), "f")
        return {
            "year": f"P{n}Y", "month": f"P{n}M", "week": f"P{n}W", "day": f"P{n}D",
            "hour": f"PT{n}H", "minute": f"PT{n}M", "second": f"PT{n}S",
        }[self.unit]


def words_to_digits(text: str, language: str) -> str:
    """Replace number words by digits, keeping the text otherwise intact."""
    lang = language if language in _SMALL else "en"
    try:
        text = alpha2digit(text, lang)
    except (ValueError, KeyError, IndexError):
        pass
    small = _SMALL[lang]
    pattern = re.compile(
        rf"\b({'|'.join(small)})\b(?=\s+(?:\(\d+\)\s+)?(?:full\s+|calendar\s+|business\s+|working\s+)?"
        r"(?:year|month|week|day|hour|minute|jahr|monat|woche|tag|stunde|minute|werktag|arbeitstag))",
        re.I,
    )
    return pattern.sub(lambda m: str(small[m.group(1).lower()]), text)


def find_durations(text: str, language: str = "en") -> list[Duration]:
    """All durations in ``text`` (offsets refer to ``words_to_digits(text)``; use that text for context)."""
    out = []
    for m in DURATION_RE.finditer(text):
        raw = m.group("paren") or m.group("num")
        amount = parse_number(raw, language)
        if amount is None:
            continue
        for i, (_, unit, business) in enumerate(_UNITS):
            if m.group(f"u{i}"):
                out.append(Duration(amount, unit, business, m.start(), m.end()))
                break
    return out


def parse_duration(text: str, language: str = "en") -> Duration | None:
    found = find_durations(words_to_digits(text, language), language)
    return found[0] if found else None
