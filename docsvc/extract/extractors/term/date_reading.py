"""Reading the calendar dates of a contract's text: the reader's order for slashed dates, PDF line breaks inside
ISO dates, and signature blocks typed as rows of dates above rows of "Date" labels."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from docsvc.extract.context import DocContext, Row
from docsvc.extract.normalize.dates import DATE_RE, DateValue, find_dates

DATE_HINT_RE = re.compile(r"\d{4}|\d[./-]\d{1,2}[./-]\d{2}")


# US signature blocks also write "3-14-18".
SLASHED_RE = re.compile(r"(?<![\d-])(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?![-\d])")


def day_first_order(ctx: DocContext) -> bool:
    """Whether an English document writes slashed dates day first ("31/03/2027", UK style) and never month first.

    The date reader assumes the US order for English; one unambiguous date settles the order for the whole document.
    """
    if ctx.language != "en":
        return False
    texts = [s.text for s in ctx.sentences if "/" in s.text] + [r.text for r in ctx.rows() if "/" in r.text]
    pairs = [(int(m.group(1)), int(m.group(3))) for t in texts for m in SLASHED_RE.finditer(t)]
    return any(a > 12 >= b for a, b in pairs) and not any(b > 12 >= a for a, b in pairs)


# A PDF line broken after the first hyphen of an ISO date: "Effective Date: 2023- 02-15".
BROKEN_ISO_RE = re.compile(r"(?<![\d-])(\d{4})-\s(\d{2}-\d{2})(?![\d-])")


def find_dates_in(text: str, language: str, day_first: bool) -> list[DateValue]:
    # The space moves behind the date, so every offset stays as it was.
    found = find_dates(BROKEN_ISO_RE.sub(r"\1-\2 ", text), language)
    if not day_first:
        return found
    out = []
    for d in found:
        m = SLASHED_RE.fullmatch(text[d.start: d.end])
        if m and int(m.group(1)) <= 12:
            year = int(m.group(4))
            try:
                d = replace(d, value=date(year + 2000 if year < 100 else year, int(m.group(3)), int(m.group(1))))
            except ValueError:
                pass  # not a date day first either; keep the reader's value
        out.append(d)
    return out


def has_date(text: str) -> bool:
    return DATE_HINT_RE.search(text) is not None and DATE_RE.search(text) is not None


LABEL_CELL_RE = re.compile(r"^\W*(?:date|datum|signed|unterzeichnet)\W*$", re.I)
DATE_CELL_RE = re.compile(r"^\W*[\d/.\-]{6,10}\W*$")


def dates_over_labels(row: Row, cells: list[str]) -> bool:
    """A two-column signature block typed as rows: "4/24/2018 | 04/25/2018" above "Date | Date"."""
    if not all(DATE_CELL_RE.match(c) for c in cells) or row.index + 1 >= len(row.table.rows):
        return False
    below = [c.text for c in row.table.rows[row.index + 1] if c.text.strip()]
    return bool(below) and all(LABEL_CELL_RE.match(c) for c in below)
