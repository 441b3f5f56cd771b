"""One reading of a table's shape for SLA, service-credit and price tables.

``read_grid`` normalises the cells, finds the header rows and merges a multi-row header (a spanning label over
empty merged cells: "Target times" over "Response | Restore") into one label per column, so every table reader
sees one header row. ``cell_kind`` types a cell by its value (percent, duration, money, priority label, time
window, threshold range); ``bound_of`` reads a threshold column's header ("gleich oder größer als", "less than")
from the header vocabulary kept as data in ``nlp/patterns/*/table_headers.json``. A column of band bounds is
a credit-tier threshold, never an SLA target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docsvc.extract import vocabulary
from docsvc.extract.extractors.sla.values import cell_target
from docsvc.extract.extractors.sla.vocab import COVER_HEADER_RE, is_priority_cell, window_kind
from docsvc.extract.normalize.numbers import MONEY_RE, PERCENT_RE
from docsvc.extract.types import Table

PATTERNS_DIR = Path(__file__).resolve().parents[2] / "nlp" / "patterns"
MAX_HEADER_ROWS = 3
# A cell that states a band on its own: "< 99.95 %", "≥ 99,90 %", "99.0% – 99.5%", "unter 99,5 %".
_RANGE_CELL_RE = re.compile(
    r"^\s*(?:[<>≤≥]=?|less\s+than|below|under|at\s+least|kleiner\s+als|unter(?:halb)?|ab|bis|mindestens)\s*\d|"
    r"\d\s*%?\s*(?:-|–|to|bis)\s*(?:<\s*)?\d[\d.,]*\s*%",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Grid:
    rows: list[list[str]]  # as many rows as the table; rows above a merged header are blanked
    header: int  # index of the (merged) header row; -1 when the table starts with values
    # The labels a merged header was composed of, per column, top row first ("Response time" over "Gold"); empty
    # when the header is one row.
    parts: tuple[tuple[str, ...], ...] = ()


@lru_cache(maxsize=1)
def header_words() -> dict[str, re.Pattern[str]]:
    """Table header vocabulary of both languages, one compiled pattern per role (lower, upper, threshold)."""
    return vocabulary.compiled("table_headers")


@lru_cache(maxsize=8192)
def cell_kind(cell: str, language: str) -> str | None:
    """What a cell holds: threshold, money, percent, duration, window, priority or None (text / empty)."""
    if not cell:
        return None
    if _RANGE_CELL_RE.search(cell):
        return "threshold"
    if MONEY_RE.search(cell):
        return "money"
    if PERCENT_RE.search(cell):
        return "percent"
    if window_kind(cell) is not None:
        return "window"
    if len(cell) < 60 and cell_target(cell, language) is not None:
        return "duration"
    if is_priority_cell(cell):
        return "priority"
    return None


def bound_of(header: str) -> str | None:
    """"lower" or "upper" when a header names the bound its column's values are, else None."""
    words = header_words()
    upper, lower = words["upper"].search(header), words["lower"].search(header)
    if upper and (not lower or upper.start() > lower.start()):
        return "upper"
    return "lower" if lower else None


def is_threshold_header(header: str) -> bool:
    return bound_of(header) is not None or bool(header_words()["threshold"].search(header))


def band_cell(header: str, cell: str) -> str:
    """A band bound written with its comparator: the header's ("kleiner als" + "99,95 %") unless the cell has
    its own."""
    if not cell or _RANGE_CELL_RE.search(cell):
        return cell
    bound = bound_of(header)
    if bound == "upper":
        return f"< {cell}"
    if bound == "lower":
        return f"≥ {cell}"
    return cell


def read_grid(table: Table, language: str) -> Grid:
    rows = [[" ".join(c.text.split()) for c in row] for row in table.rows]
    lead: list[int] = []
    for i, row in enumerate(rows[:MAX_HEADER_ROWS + 1]):
        if not any(row):
            if lead:
                break
            continue
        if any(cell_kind(c, language) in ("money", "percent", "duration", "window", "threshold") for c in row):
            break
        if lead and row[0] and COVER_HEADER_RE.search(row[0]):
            break  # a "Service hours" row belongs to the body of a transposed table
        lead.append(i)
        if len(lead) == MAX_HEADER_ROWS:
            break
    if not lead:
        return Grid(rows, -1)
    if len(lead) >= 2 and lead[1] == lead[0] + 1 and _wrapped(rows[lead[0]], rows[lead[1]]):
        upper, lower = rows[lead[0]], rows[lead[1]]
        rows[lead[1]] = [" ".join(p for p in (upper[j] if j < len(upper) else "", cell) if p)
                         for j, cell in enumerate(lower)]
        rows[lead[0]] = [""] * len(upper)
        return Grid(rows, lead[1])
    if len(lead) >= 2 and lead[-1] + 1 < len(rows) and _spans(rows[lead[0]], rows[lead[-1]]):
        return compose(rows, lead)
    return Grid(rows, lead[0])


def compose(rows: list[list[str]], lead: list[int]) -> Grid:
    """One header row from the header rows ``lead``: each column's labels top to bottom, a label spanning merged
    (empty) cells to its right carried over them; the rows above are blanked."""
    width = max(len(rows[i]) for i in lead)
    parts: list[list[str]] = [[] for _ in range(width)]
    for i in lead:
        carry = ""
        for j in range(width):
            cell = rows[i][j] if j < len(rows[i]) else ""
            if cell:
                carry = cell
            elif i != lead[-1] and j > 0:
                cell = carry  # a label spanning merged cells to its right
            if cell and cell not in parts[j]:
                parts[j].append(cell)
    for i in lead[:-1]:
        rows[i] = [""] * len(rows[i])
    rows[lead[-1]] = [" ".join(p) for p in parts]
    return Grid(rows, lead[-1], tuple(tuple(p) for p in parts))


# The second line of a wrapped column label ("Response" over "Time"): a PDF reader may put it in a row of its own.
_LABEL_TAIL_RE = re.compile(r"^(?:times?|zeit(?:en)?|levels?|rates?|targets?|objectives?|ziel(?:e|wert)?|dauer|"
                            r"frist(?:en)?|window|fenster|period|zeitraum|hours|stunden)$", re.I)


def _wrapped(upper: list[str], lower: list[str]) -> bool:
    """Two lines of one header row: every label of the upper row stands over its own tail word in the lower row
    ("Response | Resolution" over "Time | Time"), so nothing in the upper row spans the columns beside it."""
    labelled = [j for j, cell in enumerate(upper) if cell]
    return bool(labelled) and all(j < len(lower) and _LABEL_TAIL_RE.match(lower[j]) for j in labelled)


def _spans(upper: list[str], lower: list[str]) -> bool:
    """A header over a sub-header: the upper row has a label followed by empty (merged) cells, and the lower row
    labels a column the upper leaves empty (or leaves its own first cell empty, merged with the one above). A
    DOCX reader repeats a merged cell's text in every column it spans, so a label repeated over adjacent cells
    under which the lower row names the columns apart ("Reaktionszeit" twice over "Basis | Premium") spans too."""
    width = min(len(upper), len(lower))
    repeated = any(upper[j] and upper[j] == upper[j - 1] and lower[j] and lower[j - 1] and lower[j] != lower[j - 1]
                   for j in range(1, width))
    if not repeated and not any(upper[j - 1] and not upper[j] for j in range(1, len(upper))):
        return False
    return repeated or not lower[0] or any(not upper[j] and lower[j] for j in range(width))

