"""Calendar dates in English and German contract prose.

A regex finds *where* a date is written (dateparser's own search is slow and too eager on prose: it reads
"May" the verb or "2 years" as dates). The regex already knows each candidate's shape (day, month name or
number, year), so it is read directly with CLDR month names from babel; dateparser reads only a candidate the
direct reading refuses. Why not dateparser for all: its first call loads its language data and compiles a few
hundred regexes (~0.25 s), a sixth of a one-file ``docsvc extract``; ``tests/extract/test_normalize.py``
checks that both readings agree on every shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

_MONTHS_EN = (r"January|February|March|April|May|June|July|August|September|October|November|December|"
              r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?")
_MONTHS_DE = r"Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_MONTHS = f"{_MONTHS_EN}|{_MONTHS_DE}"
_ORD = r"(?:st|nd|rd|th)?"

DATE_RE = re.compile(
    rf"(?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}\b)"
    rf"|(?P<mdy>\b(?:{_MONTHS})\s+\d{{1,2}}{_ORD},?\s+\d{{4}}\b)"
    rf"|(?P<dmy>\b\d{{1,2}}{_ORD}\.?[\s-]*(?:day\s+of\s+)?(?:{_MONTHS})(?:[,.]?\s+|-)(?:of\s+)?\d{{4}}\b)"
    rf"|(?P<dotted>\b\d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:\d{{4}}|\d{{2}})(?!\d))"
    rf"|(?P<slashed>(?<![\d-])\d{{1,2}}(?P<sep>[/-])\d{{1,2}}(?P=sep)(?:\d{{4}}|\d{{2}})(?![-\d]))"
    rf"|(?P<mon_year>\b(?:{_MONTHS})[,]?\s+\d{{4}}\b)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class DateValue:
    value: date
    start: int
    end: int
    precise: bool  # False for "March 2025" (no day written)


_PARTS = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)
_FOUR_DIGITS = 4


@cache
def _month_numbers() -> dict[str, int]:
    """Month names and abbreviations (English, German, Austrian German) → 1..12, lower-cased, dots dropped."""
    from babel.dates import get_month_names

    out = {"sept": 9, "maerz": 3}
    for locale in ("en", "de", "de_AT"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=locale).items():
                    out[name.lower().rstrip(".")] = number
    return out


def _two_digit_year(year: int) -> int:
    return year + (2000 if year < 69 else 1900)  # the POSIX (and Python strptime) pivot


def read_shape(raw: str, kind: str, order: str) -> date | None:
    """The date written in ``raw``, a match of ``DATE_RE`` group ``kind``; None when it names no real date."""
    parts = _PARTS.findall(raw)
    months = _month_numbers()
    numbers = [int(p) for p in parts if p.isdigit()]
    named = [months[w.lower()] for w in parts if not w.isdigit() and w.lower() in months]
    try:
        if kind in ("mdy", "dmy") and len(named) == 1 and len(numbers) == 2:
            return _checked(numbers[1], named[0], numbers[0])
        if kind == "mon_year" and len(named) == 1 and len(numbers) == 1:
            return _checked(numbers[0], named[0], 1)
        if kind in ("dotted", "slashed") and len(numbers) == 3:
            first, second, year = numbers
            if len(parts[-1]) < _FOUR_DIGITS:
                year = _two_digit_year(year)
            month, day = (first, second) if order == "MDY" else (second, first)
            if month > 12 >= day:  # "25/12/2026" in an English contract: only one reading is a date
                month, day = day, month
            return _checked(year, month, day)
    except ValueError:
        return None
    return None


def _checked(year: int, month: int, day: int) -> date | None:
    found = date(year, month, day)
    return found if 1900 <= found.year <= 2199 else None


@lru_cache(maxsize=4096)
def _parse(text: str, language: str, order: str, kind: str = "") -> date | None:
    direct = read_shape(text, kind, order)
    if direct is not None:
        return direct
    return _dateparser(text, language, order)


def _dateparser(text: str, language: str, order: str) -> date | None:
    import dateparser  # heavy import (~1 s): only when a date is actually read

    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text, flags=re.I)
    cleaned = re.sub(r"\bday\s+of\s+", "", cleaned, flags=re.I)
    cleaned = re.sub(r"\bof\s+(\d{4})", r"\1", cleaned, flags=re.I)
    langs = [language, "en" if language == "de" else "de"]
    parsed = dateparser.parse(
        cleaned,
        languages=langs,
        settings={"DATE_ORDER": order, "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["month", "year"]},
    )
    if parsed is None or not 1900 <= parsed.year <= 2199:
        return None
    found: date = parsed.date()
    return found


def find_dates(text: str, language: str = "en") -> list[DateValue]:
    """Every calendar date written in ``text``, in order of appearance."""
    out = []
    for m in DATE_RE.finditer(text):
        kind = m.lastgroup or ""
        raw = m.group(0)
        if kind == "iso":
            try:
                value: date | None = date.fromisoformat(raw)
            except ValueError:
                value = None
        else:
            # Slashed dates follow the US order in English contracts, day-first elsewhere.
            order = "MDY" if kind == "slashed" and language == "en" else "DMY"
            value = _parse(raw, language, order, kind)
        if value is not None:
            out.append(DateValue(value, m.start(), m.end(), precise=kind != "mon_year"))
    return out


def parse_date(text: str, language: str = "en") -> date | None:
    found = find_dates(text, language)
    return found[0].value if found else None
