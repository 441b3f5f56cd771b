"""Column edges of a borderless table, from the x-positions of its lines (``pdf_aligned`` finds the rows).

A column starts where a row's cells start, but not every line that starts somewhere new starts a column: the
lines of a wrapped cell, a bullet list inside a cell, a value centred or right-aligned in its column all start
away from the column's edge. And two cells printed too close together reach the text layer as one line that
must be cut at a word break, whose position is estimated from an even character width.
"""

from __future__ import annotations

import re
from dataclasses import replace

from docsvc.extract.parsers.layout import BULLET
from docsvc.extract.parsers.pdf_text import TextLine
from docsvc.extract.types import BBox

SLACK = 4.0  # points a cell's text may start left of its column edge or run into the next one
_CUT_SLACK = 4.0  # character widths an estimated word break may sit from a column edge
_BLOCK_CENTRE = 0.2  # share of a line's width its middle may sit off the middle of a header centred over it
_CENTRED = 0.15  # share of a column's width a centred value's middle may sit off the column's middle


def widen(edges: list[float], row: list[TextLine], taken: list[list[TextLine]]) -> list[float]:
    """The column edges with those of a split row added where it starts a cell away from every known edge.

    Only a row that starts a table row (it has a line at the label column) defines columns: the lines of a cell
    that wraps on below, hanging under a bullet, start anywhere. Nor does a line led by a bullet (a list inside a
    cell is indented from the cell's edge), nor a short value centred in its column under a header line that
    would have to be cut ("1" centred under "Severity Level")."""
    if len(edges) > 1 and row[0].box.x0 >= edges[1] - SLACK:
        return edges
    candidates = [ln for ln in row if all(abs(ln.box.x0 - x) > SLACK for x in edges) and not BULLET.match(ln.text)]
    if not candidates:
        return edges
    moved = edges
    for ln in candidates:
        moved = _realigned(moved, ln, taken) or moved
    candidates = [
        ln
        for ln in candidates
        if all(abs(ln.box.x0 - x) > SLACK for x in moved) and not _under_head(ln, row, moved, taken)
    ]
    every = sorted(moved + [ln.box.x0 for ln in candidates])
    new = [ln.box.x0 for ln in candidates if not _centred(ln, row, every, taken)]
    return sorted(moved + new) if new or moved is not edges else edges


def cuttable(edges: list[float], wider: list[float], taken: list[list[TextLine]]) -> list[float]:
    """``wider`` less each new edge that would cut through a line above with no word break near it: "10"
    right-aligned under "Stunden" starts no column, and must not stop "1.200 EUR" in the same row from moving
    its column's edge."""
    kept = [x for x in wider if x in edges]
    added = [x for x in wider if x not in edges]
    fits = [x for x in added if all(cut_row(r, sorted([*kept, x])) is not None for r in taken)]
    if len(fits) == len(added):
        return wider
    return sorted(kept + fits) if fits else edges


def _centred_on(a: TextLine, b: TextLine, tolerance: float = SLACK) -> bool:
    return abs((a.box.x0 + a.box.x1) - (b.box.x0 + b.box.x1)) <= 2 * tolerance


def _heads(edge: float, taken: list[list[TextLine]]) -> list[TextLine]:
    return [t for r in taken for t in r if abs(t.box.x0 - edge) <= SLACK]


def _under_head(ln: TextLine, row: list[TextLine], edges: list[float], taken: list[list[TextLine]]) -> bool:
    """Is a line centred under a line that starts its column, alone in that column? (Right ends are no evidence
    here: the lines of a wrapped cell end anywhere, one of them where a header line above happens to end.)"""
    column = max((x for x in edges if x <= ln.box.x0), default=None)
    if column is None or _beside(ln, row, column):
        return False
    return any(_centred_on(ln, head) for head in _heads(column, taken))


def _beside(ln: TextLine, row: list[TextLine], left: float) -> bool:
    """Does another line of the row start between ``left`` and the line? (Then the line starts a column.)"""
    return any(left - SLACK <= other.box.x0 < ln.box.x0 - SLACK for other in row)


def _realigned(edges: list[float], ln: TextLine, taken: list[list[TextLine]]) -> list[float] | None:
    """The edges with the next one right of a line moved left to where the line starts, when the line is
    centred or right-aligned with a line of the rows above that starts that column: such a column has a common
    middle or right end, not a common left edge ("Type" over "System Integration", "Preis" over "1.200 EUR").
    None when it is no such line, or the moved edge would cut through a line of the column to its left."""
    at = next((i for i, x in enumerate(edges) if x > ln.box.x0 + SLACK), None)
    if at is None or (at > 0 and ln.box.x0 <= edges[at - 1] + SLACK):
        return None
    heads = _heads(edges[at], taken)
    # A header centred over a block of left-aligned lines is centred on the block, not on each line of it.
    tolerance = max(SLACK, _BLOCK_CENTRE * (ln.box.x1 - ln.box.x0))
    if not any(_centred_on(ln, h, tolerance) or abs(ln.box.x1 - h.box.x1) <= SLACK for h in heads):
        return None
    if any(t.box.x0 < ln.box.x0 - SLACK and t.box.x1 > ln.box.x0 + SLACK for r in taken for t in r):
        return None
    return [*edges[:at], ln.box.x0, *edges[at + 1 :]]


def _centred(ln: TextLine, row: list[TextLine], edges: list[float], taken: list[list[TextLine]]) -> bool:
    """Is a line a short value centred between the column edges around it, under a line of the rows above that
    runs across where it starts? (Then it is a centred cell, not the start of a column.)"""
    left = max((x for x in edges if x < ln.box.x0 - SLACK), default=None)
    right = min((x for x in edges if x > ln.box.x1 + SLACK), default=None)
    if left is None or right is None or _beside(ln, row, left):
        return False
    span = right - left
    centre = (ln.box.x0 + ln.box.x1) / 2
    if ln.box.x1 - ln.box.x0 > span / 2 or abs(centre - (left + right) / 2) > _CENTRED * span:
        return False
    return any(above.box.x0 + SLACK < ln.box.x0 < above.box.x1 - SLACK for r in taken for above in r)


def split_merged(row: list[TextLine], edges: list[float]) -> list[TextLine] | None:
    """A split row with a line running across one column edge: two cells whose gap was too narrow for
    ``pdf_text`` to split ("Support entitlements 10" beside "25"), cut at the word break nearest the edge. A
    line alone on its row, or one across two edges, is prose and ends the table."""
    if len(row) < 2:
        return None
    out: list[TextLine] = []
    for ln in row:
        inside = [x for x in edges if ln.box.x0 + SLACK < x < ln.box.x1 - SLACK]
        if len(inside) > 1:
            return None
        pieces = _cut_line(ln, inside[0]) if inside else [ln]
        if pieces is None:
            return None
        out += pieces
    return out if place(out, edges) is not None else None


def cut_row(row: list[TextLine], edges: list[float]) -> list[TextLine] | None:
    """A row placed on new column edges: a line across an edge that has a word break near it (a header line
    whose gap was too narrow to split: "Level Time to Respond" over "1 | 15 minutes") is cut there, its words'
    positions estimated from an even character width. None when a line cannot be cut."""
    if place(row, edges) is not None:
        return row
    out: list[TextLine] = []
    for ln in row:
        inside = [x for x in edges if ln.box.x0 + SLACK < x < ln.box.x1 - SLACK]
        pieces = [ln]
        for x in inside:
            last = pieces.pop()
            split = _cut_line(last, x)
            if split is None:
                return None
            pieces += split
        out += pieces
    return out if place(out, edges) is not None else None


def _cut_line(ln: TextLine, x: float) -> list[TextLine] | None:
    width = (ln.box.x1 - ln.box.x0) / max(len(ln.text), 1)
    breaks = [m.start() for m in re.finditer(r" +", ln.text)]
    if not breaks:
        return None
    at = min(breaks, key=lambda b: abs(ln.box.x0 + (b + 1) * width - x))
    if abs(ln.box.x0 + (at + 1) * width - x) > _CUT_SLACK * width:
        return None
    left, right = ln.text[:at].rstrip(), ln.text[at:].lstrip()
    middle = min(ln.box.x0 + at * width, x - 1.0)
    return [
        replace(ln, text=left, box=BBox(ln.box.x0, ln.box.top, middle, ln.box.bottom)),
        replace(ln, text=right, box=BBox(x, ln.box.top, ln.box.x1, ln.box.bottom)),
    ]


def disjoint(row: list[TextLine]) -> bool:
    return all(b.box.x0 > a.box.x1 for a, b in zip(row, row[1:], strict=False))


def place(row: list[TextLine], edges: list[float]) -> list[int] | None:
    """The column of each line of a row, or None when a line does not fit inside one column."""
    out: list[int] = []
    for ln in row:
        column = max((c for c, x in enumerate(edges) if ln.box.x0 >= x - SLACK), default=None)
        if column is None:
            return None
        if column + 1 < len(edges) and ln.box.x1 > edges[column + 1] + SLACK:
            return None  # runs across a column border: prose below the table
        if out and column < out[-1]:
            return None
        out.append(column)
    return out
