"""The organisation's date and number formats, in effect while one document renders.

The filters (``filters.Formatters``) are built once per language per worker process, but the formats belong to
the organisation and may change between two renders, so they travel in the context (``document.date_format``,
``document.number_format``) and are put in effect here for the duration of one render.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date

# A number style is named by how it writes one thousand two hundred and thirty-four and a bit: (group, decimal).
# A space-grouped style uses a no-break space so Word never breaks a line inside an amount.
NUMBER_STYLES: dict[str, tuple[str, str]] = {
    "1,234.56": (",", "."), "1.234,56": (".", ","), "1 234,56": ("\u00a0", ","), "1 234.56": ("\u00a0", "."),
    "1'234.56": ("'", "."), "1234.56": ("", "."), "1234,56": ("", ","),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DocumentFormats:
    date: str  # a CLDR date pattern, e.g. "d MMMM y"
    number: str  # a key of NUMBER_STYLES


# What the built-in filters wrote before formats were configurable: CLDR's long dates and the locale's numbers.
DEFAULT_FORMATS = {"en": DocumentFormats("d MMMM y", "1,234.56"), "de": DocumentFormats("d. MMMM y", "1.234,56")}

# Day, month, year and weekday fields, quoted literals and plain separators; nothing that prints a time or zone.
_DATE_PATTERN = re.compile(r"^(?:d{1,2}|M{1,4}|L{1,4}|y{1,4}|E{1,4}|'[^']{0,20}'|[ .,/\-])+$")
MAX_DATE_PATTERN = 40

_IN_EFFECT: ContextVar[DocumentFormats | None] = ContextVar("document_formats", default=None)


def date_pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a document date format, or None when it can."""
    if not pattern or len(pattern) > MAX_DATE_PATTERN or not _DATE_PATTERN.match(pattern):
        return ("a date format is a CLDR pattern of up to 40 characters made of d, M (or L), y, E, quoted 'text' "
                "and the separators space . , / -, e.g. \"d MMMM y\" or \"dd.MM.yyyy\"")
    bare = re.sub(r"'[^']*'", "", pattern)
    if "d" not in bare or not ({"M", "L"} & set(bare)) or "y" not in bare:
        return "a date format must show the day (d), the month (M) and the year (y)"
    try:
        format_date(dt.date(2026, 12, 6), pattern, locale="en_GB")
    except (ValueError, KeyError) as exc:
        return f"the date format cannot be used: {exc}"
    return None


def current() -> DocumentFormats | None:
    """The formats of the document being rendered, or None outside a render (then the locale's own apply)."""
    return _IN_EFFECT.get()


@contextmanager
def formats_in_effect(document: Mapping[str, Any] | None) -> Iterator[None]:
    """Put the context's ``document.date_format``/``number_format`` in effect; unset or invalid ones are ignored
    (the defaults apply), so an old context or a hand-made one still renders."""
    document = document or {}
    date, number = document.get("date_format"), document.get("number_format")
    language = document.get("language") if document.get("language") in DEFAULT_FORMATS else "en"
    default = DEFAULT_FORMATS[str(language)]
    formats = DocumentFormats(
        date if isinstance(date, str) and date_pattern_problem(date) is None else default.date,
        number if isinstance(number, str) and number in NUMBER_STYLES else default.number)
    token = _IN_EFFECT.set(formats if (date or number) else None)
    try:
        yield
    finally:
        _IN_EFFECT.reset(token)


_BETWEEN_DIGITS = re.compile(r"(?<=\d)[^\d\s%](?=\d)|(?<=\d)[\u00a0\u202f](?=\d{3})")


def restyle_number(text: str, *, locale_group: str, locale_decimal: str, style: str) -> str:
    """Rewrite the separators babel put between digits (the locale's) as ``style``'s."""
    group, decimal = NUMBER_STYLES[style]
    if (group, decimal) == (locale_group, locale_decimal):
        return text

    def swap(match: re.Match[str]) -> str:
        sep = match.group(0)
        if sep == locale_decimal:
            return decimal
        if sep == locale_group:
            return group
        return sep

    return _BETWEEN_DIGITS.sub(swap, text)
