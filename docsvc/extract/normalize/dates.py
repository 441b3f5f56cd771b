"""Calendar dates in English and German contract prose.

A regex finds *where* a date is written (dateparser's own search is slow and too eager on prose: it reads
"May" the verb or "2 years" as dates); dateparser then reads each candidate in the document's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

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
    rf"|(?P<slashed>\b\d{{1,2}}/\d{{1,2}}/(?:\d{{4}}|\d{{2}})\b)"
    rf"|(?P<mon_year>\b(?:{_MONTHS})[,]?\s+\d{{4}}\b)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class DateValue:
    value: date
    start: int
    end: int
    precise: bool  # False for "March 2025" (no day written)


@lru_cache(maxsize=4096)
def _parse(text: str, language: str, order: str) -> date | None:
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
            value = _parse(raw, language, order)
        if value is not None:
            out.append(DateValue(value, m.start(), m.end(), precise=kind != "mon_year"))
    return out


def parse_date(text: str, language: str = "en") -> date | None:
    found = find_dates(text, language)
    return found[0].value if found else None
