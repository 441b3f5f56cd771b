"""Borderless tables: cells lined up in columns by whitespace alone.

A web page or a word processor table printed without borders reaches the text layer as one short line per
cell ("Online Support", "24x7/", "1 Stunde"), which the block grouper turns into one paragraph per cell: the
SLA, credit and price readers then never see a table. Ruled tables come from ``pdf_tables``; this module finds
the rest from line geometry only:

* a *visual row* is the set of lines whose tops are level;
* a table starts at a visual row split into two or more parts by wide gaps (``pdf_text`` already cut those
  lines at the gaps) and runs on while every part of every following row fits inside one column: starting at
  or right of a column's left edge and ending before the next column starts (parts of one row that fall into one
  column are one cell). A later row may add column edges; a header line above that was too tight to split is then
  cut at the word break nearest the new edge. A paragraph below the table spans the columns and ends it; so does
  a vertical gap taller than a few lines;
* a row whose line crosses a column edge is cut there when the line has a measured gap (``TextLine.breaks``) at
  the edge: two cells set closer than ``pdf_text``'s split gap ("P1 – Critical   Service down"); so is the one
  line right above the first split row, which then is the table's header ("Monthly Uptime Percentage   Service
  Credit Percentage" in a larger font than the rows);
* where one table row ends and the next begins is ``pdf_aligned_rows``' part;
* lines of only one column between split rows are wrapped text of that column's cell;
* a currency symbol set apart from its amount stays with it, and a column whose cells are runs of the same number
  of values ("100% 95% 90%" over "0% 10% 20%", set closer than the split gap) becomes that many columns.

Four guards keep prose out: a two-column region whose left column holds only list markers ("1.", "(a)", "•") is
a hanging-indent list; clause numbers beside long lines of running text are numbered clauses; a region whose left
column is mostly "Label:" lines is a form, read line by line; and one where at least half the columns (two or more)
are running text, lines filling the column's width, is a page laid out in text columns or cards, unless its first
column is short row labels each level with a line of every other column (descriptions wrapped in a table's narrow
columns fill them like running text).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import replace

from docsvc.extract.parsers.pdf_aligned_rows import build_rows
from docsvc.extract.parsers.pdf_tables import FoundTable
from docsvc.extract.parsers.pdf_text import TextLine
from docsvc.extract.types import BBox

_LEVEL = 0.4  # × line height: tops this close are one visual row
_SLACK = 4.0  # points a cell's text may start left of its column edge or run into the next one
_ROW_GAP = 2.6  # × line height: a taller vertical gap before a split row ends the table
_WRAP_GAP = 1.2  # × line height: a one-column line further below is no longer wrapped cell text
_MIN_SPLIT_ROWS = 2
_PROSE_LINES = 4  # a column of running text has at least this many lines ...
_FULL = 0.7  # ... most of them (_FULL_SHARE) at least this share of its widest line
_FULL_SHARE = 0.6
_CUT_SLACK = 4.0  # character widths an estimated word break may sit from a column edge
_CLAUSE_TEXT = 80  # characters: a line this long beside clause numbers is running text, not a cell
_PROSE_WIDTH = 140.0  # points (about 25 characters): text columns are wider, wrapped table cells narrower
_MARKER = re.compile(
    r"^\s*(?:[\u2022\u2023\u25aa\u25cf\u2013\u2014*-]|\(?[0-9a-zA-Z]{1,3}[.)]|\(?[ivx]{1,4}\)|"
    r"\d+(?:\.\d+)+\.?|§\s*\d+)\s*$"
)
_SYMBOL = re.compile(r"\(?(?:US)?[$€£¥]|EUR|USD|GBP|CHF|Fr\.")


def aligned_tables(lines: Sequence[TextLine], *, min_rows: int = _MIN_SPLIT_ROWS) -> list[FoundTable]:
    """The borderless tables among a page's body lines (in the lines' own coordinates). ``min_rows`` of 1 also
    gives a lone split row with the lines wrapped under it: the top of a page that goes on with a table (its
    repeated header over the rest of a tall cell), which the caller accepts only where it continues one."""
    if len(lines) < 4:
        return []
    height = statistics.median(ln.box.bottom - ln.box.top for ln in lines) or 1.0
    rows = _visual_rows(lines, height)
    found: list[FoundTable] = []
    i = 0
    while i < len(rows):
        grown = _grow(rows, i, height, min_rows) if len(rows[i]) >= 2 else None
        if grown is None:
            i += 1
            continue
        table, i = grown  # a region of text columns is skipped whole: its tail is no table either
        # One row relates no header to values: side by side it is a two-column page layout (a paragraph's end
        # beside the next numbered paragraph), read as text like before.
        if table is not None and len(table.rows) >= min_rows:
            found.append(table)
    return found


def _visual_rows(lines: Sequence[TextLine], height: float) -> list[list[TextLine]]:
    rows: list[list[TextLine]] = []
    for ln in sorted(lines, key=lambda ln: (ln.box.top, ln.box.x0)):
        if rows and ln.box.top - rows[-1][0].box.top <= _LEVEL * height:
            rows[-1].append(ln)
        else:
            rows.append([ln])
    for k, row in enumerate(rows):
        row.sort(key=lambda ln: ln.box.x0)
        rows[k] = _glue_symbols(row)
    return rows


def _glue_symbols(row: list[TextLine]) -> list[TextLine]:
    """A currency symbol set apart from its amount (accounting layout: "$      3.75") belongs to the amount, not to
    a column of its own."""
    out: list[TextLine] = []
    for ln in row:
        if out and _SYMBOL.fullmatch(out[-1].text.strip()):
            sym = out.pop()
            box = BBox(sym.box.x0, min(sym.box.top, ln.box.top), ln.box.x1, max(sym.box.bottom, ln.box.bottom))
            ln = replace(ln, text=f"{sym.text.strip()} {ln.text.strip()}", box=box, breaks=())
        out.append(ln)
    return out


def _grow(
    rows: list[list[TextLine]], start: int, height: float, min_rows: int = _MIN_SPLIT_ROWS
) -> tuple[FoundTable | None, int] | None:
    """The table starting at split row ``start``, and the index of the first row after it, or None."""
    if not _disjoint(rows[start]):
        return None
    edges = [ln.box.x0 for ln in rows[start]]
    taken: list[list[TextLine]] = [rows[start]]
    bottom = max(ln.box.bottom for ln in rows[start])
    end = start + 1
    while end < len(rows):
        row = rows[end]
        gap = row[0].box.top - bottom
        if gap > (_ROW_GAP if len(row) >= 2 or _inner(row, edges, taken) else _WRAP_GAP) * height:
            break
        wider = _widen(edges, row) if len(row) >= 2 and _disjoint(row) else edges
        if wider is not edges:
            cut = [_cut(r, wider) for r in taken]
            if any(r is None for r in cut):
                wider = edges  # a new column border would cut through a cell above
            else:
                taken = [r for r in cut if r is not None]
        if _place(row, wider) is None:
            cut_row = _cut_at_breaks(row, wider)  # two cells set close together ("P1 – Critical   Service down")
            if cut_row is None:
                break
            row = cut_row
        edges = wider
        taken.append(row)
        bottom = max(bottom, max(ln.box.bottom for ln in row))
        end += 1
    lead = _lead(rows, start, edges, height)
    taken = rows[start - lead : start] + taken
    header = _header_above(rows, start - lead, edges, height) if start - lead > 0 else None
    if header is not None:  # a header line too tight to split, cut at its measured gaps on the column edges
        taken.insert(0, header)
    placed = [list(zip(_place(r, edges) or [], r, strict=True)) for r in taken]
    splits = sum(1 for r in placed if len({c for c, _ in r}) >= 2)
    if splits < min_rows:
        return None
    if not _looks_tabular(placed):
        return None, end
    return build_rows(placed, len(edges), lead), end


def _inner(row: list[TextLine], edges: list[float], taken: list[list[TextLine]]) -> bool:
    """Does a row lie wholly inside the table's columns right of the first, ending no further right than the
    table's lines so far? Such a line after a paragraph's spacing is the next paragraph of a cell ("• Affects VIP
    users" under "• Is mission critical"). Text below a table starts at the margin, in the first column, or
    runs across the column borders; a paragraph indented under a clause number runs on to the right margin."""
    columns = _place(row, edges)
    right = max(ln.box.x1 for r in taken for ln in r)
    return columns is not None and min(columns) > 0 and max(ln.box.x1 for ln in row) <= right + _SLACK


def _lead(rows: list[list[TextLine]], start: int, edges: list[float], height: float) -> int:
    """How many rows right above a table are the upper lines of its first row: a header cell taller than its
    neighbours, which are centred beside it. Only lines right of the first column count, since a heading or a
    paragraph above the table starts at the margin."""
    lead = 0
    top = rows[start][0].box.top
    while start - lead - 1 >= 0:
        row = rows[start - lead - 1]
        columns = _place(row, edges)
        if columns is None or min(columns) == 0 or top - max(ln.box.bottom for ln in row) > _WRAP_GAP * height:
            break
        lead += 1
        top = row[0].box.top
    return lead


def _header_above(rows: list[list[TextLine]], start: int, edges: list[float], height: float) -> list[TextLine] | None:
    """The line right above a table, cut into the table's columns, when it is the table's header: one line from the
    first column's edge across the others, close above, with a measured gap of two or more word spaces at every
    edge it crosses ("Monthly Uptime Percentage   Service Credit Percentage"). Running text has no such gaps."""
    row = rows[start - 1]
    if len(row) != 1 or len(edges) < 2:
        return None
    line = row[0]
    if abs(line.box.x0 - edges[0]) > _SLACK or line.box.x1 < edges[-1]:
        return None
    if rows[start][0].box.top - line.box.bottom > _WRAP_GAP * height:
        return None
    cut = _cut_at_breaks(row, edges)
    return cut if cut is not None and len(cut) == len(edges) else None


def _widen(edges: list[float], row: list[TextLine]) -> list[float]:
    """The column edges with those of a split row added where it starts a cell away from every known edge."""
    new = [ln.box.x0 for ln in row if all(abs(ln.box.x0 - x) > _SLACK for x in edges)]
    return sorted(edges + new) if new else edges


def _cut(row: list[TextLine], edges: list[float]) -> list[TextLine] | None:
    """A row placed on new column edges: a line across an edge that has a word break near it (a header line
    whose gap was too narrow to split: "Level Time to Respond" over "1 | 15 minutes") is cut there, its words'
    positions estimated from an even character width. None when a line cannot be cut."""
    if _place(row, edges) is not None:
        return row
    out: list[TextLine] = []
    for ln in row:
        inside = [x for x in edges if ln.box.x0 + _SLACK < x < ln.box.x1 - _SLACK]
        pieces = [ln]
        for x in inside:
            last = pieces.pop()
            split = _cut_line(last, x)
            if split is None:
                return None
            pieces += split
        out += pieces
    return out if _place(out, edges) is not None else None


def _cut_at_breaks(row: list[TextLine], edges: list[float]) -> list[TextLine] | None:
    """A row whose lines cross column edges cut where the line has a gap of two or more word spaces right at the edge
    (``TextLine.breaks``: measured, not estimated, so running text across the columns is never cut). None when a
    crossing has no such gap."""
    out: list[TextLine] = []
    for ln in row:
        inside = [x for x in edges if ln.box.x0 + _SLACK < x < ln.box.x1 - _SLACK]
        pieces = [ln]
        for x in inside:
            split = _cut_at_break(pieces[-1], x)
            if split is None:
                return None
            pieces[-1:] = split
        out += pieces
    return out if _place(out, edges) is not None else None


def _cut_at_break(ln: TextLine, x: float) -> list[TextLine] | None:
    """``ln`` cut at its measured gap whose right side sits at column edge ``x``, or None."""
    near = [(count, at) for count, at in ln.breaks if abs(at - x) <= _SLACK]
    if not near:
        return None
    count, at = near[0]
    seen = 0
    for k, ch in enumerate(ln.text):
        if seen == count and not ch.isspace():
            if k == 0 or not ln.text[k - 1].isspace():
                return None  # the counts do not meet a word break: leave the line whole
            left, right = ln.text[:k].rstrip(), ln.text[k:]
            rest = tuple((c - count, a) for c, a in ln.breaks if c > count)
            end = max(ln.box.x0 + 1.0, at - _SLACK)  # the left part ends in the gap, never before it starts
            return [
                replace(ln, text=left, box=BBox(ln.box.x0, ln.box.top, end, ln.box.bottom), breaks=()),
                replace(ln, text=right, box=BBox(at, ln.box.top, ln.box.x1, ln.box.bottom), breaks=rest),
            ]
        if not ch.isspace():
            seen += 1
    return None


def _cut_line(ln: TextLine, x: float) -> list[TextLine] | None:
    measured = _cut_at_break(ln, x)
    if measured is not None:
        return measured
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
        replace(ln, text=left, box=BBox(ln.box.x0, ln.box.top, middle, ln.box.bottom), breaks=()),
        replace(ln, text=right, box=BBox(x, ln.box.top, ln.box.x1, ln.box.bottom), breaks=()),
    ]


def _disjoint(row: list[TextLine]) -> bool:
    return all(b.box.x0 > a.box.x1 for a, b in zip(row, row[1:], strict=False))


def _place(row: list[TextLine], edges: list[float]) -> list[int] | None:
    """The column of each line of a row, or None when a line does not fit inside one column."""
    out: list[int] = []
    for ln in row:
        column = max((c for c, x in enumerate(edges) if ln.box.x0 >= x - _SLACK), default=None)
        if column is None:
            return None
        if column + 1 < len(edges) and ln.box.x1 > edges[column + 1] + _SLACK:
            return None  # runs across a column border: prose below the table
        if out and column < out[-1]:
            return None
        out.append(column)
    return out


def _looks_tabular(placed: list[list[tuple[int, TextLine]]]) -> bool:
    used = sorted({c for r in placed for c, _ in r})
    if len(used) < 2:
        return False
    first = [ln.text for r in placed for c, ln in r if c == used[0]]
    if len(used) == 2 and all(_MARKER.match(t) for t in first):
        return False  # "1." / "(a)" hanging before indented text: a list
    if all(_MARKER.match(t) or t.strip().isdigit() for t in first) and any(
        len(ln.text) >= _CLAUSE_TEXT for r in placed for _, ln in r
    ):
        return False  # numbered clauses beside running text ("7.3.1.  The amount defined ...", "2   TERM")
    if len(used) == 2 and sum(1 for t in first if t.rstrip().endswith(":")) * 2 > len(first):
        return False  # "Effective Date:   11/4/10": a form of label-value lines, read line by line as before
    prose = sum(1 for col in used if _prose([ln for r in placed for c, ln in r if c == col]))
    if prose >= 2 and prose * 2 >= len(used):  # side-by-side text columns or cards, not a table ...
        return _row_labels(placed, used)  # ... unless a label column starts a row beside each of them
    return True


def _row_labels(placed: list[list[tuple[int, TextLine]]], used: list[int]) -> bool:
    """Is the first column short row labels ("Priority 1", "Gold") whose every line is level with a line of
    each other column? Descriptions wrapped in a table's narrow columns fill them like running text; cards and
    text columns have no such column beside them (a hanging marker column is excluded: that is a list)."""
    labels = [r for r in placed if any(c == used[0] for c, _ in r)]
    if len(labels) < _MIN_SPLIT_ROWS or _prose([ln for r in labels for c, ln in r if c == used[0]]):
        return False
    for r in labels:
        if any(_MARKER.match(ln.text) for c, ln in r if c == used[0]):
            return False
        if {c for c, _ in r} != set(used):
            return False
    return True


def _prose(column: list[TextLine]) -> bool:
    """Running text: several wide lines, most of them nearly as wide as the column's widest."""
    if len(column) < _PROSE_LINES:
        return False
    widest = max(ln.box.x1 - ln.box.x0 for ln in column)
    if widest < _PROSE_WIDTH:
        return False  # a narrow cell wraps every line, however full
    full = sum(1 for ln in column if ln.box.x1 - ln.box.x0 >= _FULL * widest)
    return full >= _FULL_SHARE * len(column)
