"""Borderless tables: cells lined up in columns by whitespace alone.

A web page or a word processor table printed without borders reaches the text layer as one short line per
cell ("Online Support", "24x7/", "1 Stunde"), which the block grouper turns into one paragraph per cell: the
SLA, credit and price readers then never see a table. Ruled tables come from ``pdf_tables``; this module finds
the rest from line geometry only:

* a *visual row* is the set of lines whose tops are level;
* a table starts at a visual row split into two or more parts by wide gaps (``pdf_text`` already cut those
  lines at the gaps) and runs on while every part of every following row fits inside one column: starting at
  or right of a column's left edge and ending before the next column starts (parts of one row that fall into one
  column are one cell). A later row with a line in the label column may add column edges (``pdf_columns`` says
  which lines start a column and which are centred, right-aligned, bulleted or wrapped); a header line above that
  was too tight to split is then cut at the word break nearest the new edge, and so is a row's line across one
  edge. A paragraph below the table spans the columns and ends it; so does a vertical gap taller than a few lines;
* a new table row starts at each split visual row, unless most of its lines continue the cells above them: the
  line above ends in "/", "-", "," or the new one starts in lower case (a cell wrapped at a narrow column), with
  the same weight (a bold header over plain values is two rows, however tight the spacing), or it leaves the
  first column (the row label) empty, or its baseline sits clearly closer to the line above than the row's did to
  the row before (table rows are padded, lines inside a cell are not);
* a bullet inside a cell starts a new line of the cell's text, as a DOCX cell's paragraphs read;
* lines of only one column between split rows are wrapped text of that column's cell;
* a currency symbol set apart from its amount stays with it, and a column whose cells are runs of the same number
  of values ("100% 95% 90%" over "0% 10% 20%", set closer than the split gap) becomes that many columns.

Three guards keep prose out: a two-column region whose left column holds only list markers ("1.", "(a)", "•") is
a hanging-indent list; one whose left column is mostly "Label:" lines is a form, read line by line; and one where
at least half the columns (two or more) are running text, lines filling the column's width, is a page laid out
in text columns or cards, unless its first column is short row labels each level with a line of every other
column (descriptions wrapped in a table's narrow columns fill them like running text).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import replace

from docsvc.extract.parsers.assemble import join_lines
from docsvc.extract.parsers.layout import BULLET
from docsvc.extract.parsers.pdf_columns import cut_row, cuttable, disjoint, place, split_merged, widen
from docsvc.extract.parsers.pdf_tables import FoundTable
from docsvc.extract.parsers.pdf_text import TextLine
from docsvc.extract.types import BBox, Cell

_LEVEL = 0.4  # × line height: tops this close are one visual row
_ROW_GAP = 2.6  # × line height: a taller vertical gap before a split row ends the table
_WRAP_GAP = 1.2  # × line height: a one-column line further below is no longer wrapped cell text
_MIN_SPLIT_ROWS = 2
_PROSE_LINES = 4  # a column of running text has at least this many lines ...
_FULL = 0.7  # ... most of them (_FULL_SHARE) at least this share of its widest line
_FULL_SHARE = 0.6
_BLOCK_PITCH = 1.6  # × line height: lines of one paragraph in a cell are at most this far apart
_CENTRE_TOLERANCE = 0.35  # × line height a centred cell's middle may sit off its label's middle
_LABEL_GAP = 3.2  # × line height: a label this far below the one above starts a row, alone or not
_TIGHTER = 2.0  # points: a gap this much narrower than the one above the row is a line break inside it
_PROSE_WIDTH = 140.0  # points (about 25 characters): text columns are wider, wrapped table cells narrower
_MARKER = re.compile(
    r"^\s*(?:[\u2022\u2023\u25aa\u25cf\u2013\u2014*-]|\(?[0-9a-zA-Z]{1,3}[.)]|\(?[ivx]{1,4}\)|"
    r"\d+(?:\.\d+)+\.?|§\s*\d+)\s*$"
)
# A clause number with its closing dot ("7.", "7.3.", "3.5.4."); table cells do not end numbers in a dot.
_SECTION = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.")
# A run of numbers or percentages and nothing else: "100% 95% 90%", "1 2 3" (a band bound may lead: "< 99.5%").
_VALUE = re.compile(r"[<>≤≥]?\s?[-+]?\d[\d.,]*\s?%?")
_VALUE_RUN = re.compile(r"\s*(?:[<>≤≥]?\s?[-+]?\d[\d.,]*\s?%?\s+)+[<>≤≥]?\s?[-+]?\d[\d.,]*\s?%?\s*")
_SYMBOL = re.compile(r"\(?(?:US)?[$€£¥]|EUR|USD|GBP|CHF|Fr\.")
_JOINER_CHARS = "/-–,:(&+"
_JOINER = re.compile(f"[{re.escape(_JOINER_CHARS)}]$")


def aligned_tables(lines: Sequence[TextLine]) -> list[FoundTable]:
    """The borderless tables among a page's body lines (in the lines' own coordinates)."""
    if len(lines) < 4:
        return []
    height = statistics.median(ln.box.bottom - ln.box.top for ln in lines) or 1.0
    rows = _visual_rows(lines, height)
    found: list[FoundTable] = []
    i = 0
    while i < len(rows):
        grown = _grow(rows, i, height) if len(rows[i]) >= 2 else None
        if grown is None:
            i += 1
            continue
        table, i = grown  # a region of text columns is skipped whole: its tail is no table either
        # One row relates no header to values: side by side it is a two-column page layout (a paragraph's end
        # beside the next numbered paragraph), read as text like before.
        if table is not None and len(table.rows) >= 2:
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
            ln = replace(ln, text=f"{sym.text.strip()} {ln.text.strip()}", box=box)
        out.append(ln)
    return out


def _grow(rows: list[list[TextLine]], start: int, height: float) -> tuple[FoundTable | None, int] | None:
    """The table starting at split row ``start``, and the index of the first row after it, or None."""
    if not disjoint(rows[start]):
        return None
    edges = [ln.box.x0 for ln in rows[start]]
    taken: list[list[TextLine]] = [rows[start]]
    bottom = max(ln.box.bottom for ln in rows[start])
    end = start + 1
    while end < len(rows):
        row = rows[end]
        gap = row[0].box.top - bottom
        if gap > (_ROW_GAP if len(row) >= 2 else _WRAP_GAP) * height:
            break
        wider = widen(edges, row, taken) if len(row) >= 2 and disjoint(row) else edges
        if wider is not edges:
            wider = cuttable(edges, wider, taken)
            cut = [cut_row(r, wider) for r in taken]
            if any(r is None for r in cut):
                wider = edges  # the new column borders together would cut through a cell above
            else:
                taken = [r for r in cut if r is not None]
        if place(row, wider) is None:
            split = split_merged(row, wider)
            if split is None:
                break
            row = split
        edges = wider
        taken.append(row)
        bottom = max(bottom, max(ln.box.bottom for ln in row))
        end += 1
    lead = _lead(rows, start, edges, height)
    taken = rows[start - lead : start] + taken
    placed = [list(zip(place(r, edges) or [], r, strict=True)) for r in taken]
    splits = sum(1 for r in placed if len({c for c, _ in r}) >= 2)
    if splits < _MIN_SPLIT_ROWS:
        return None
    if not _looks_tabular(placed):
        return None, end
    return _build(placed, len(edges), lead, height), end


def _lead(rows: list[list[TextLine]], start: int, edges: list[float], height: float) -> int:
    """How many rows right above a table are the upper lines of its first row: a header cell taller than its
    neighbours, which are centred beside it. Only lines right of the first column count, since a heading or a
    paragraph above the table starts at the margin."""
    lead = 0
    top = rows[start][0].box.top
    while start - lead - 1 >= 0:
        row = rows[start - lead - 1]
        columns = place(row, edges)
        if columns is None or min(columns) == 0 or top - max(ln.box.bottom for ln in row) > _WRAP_GAP * height:
            break
        lead += 1
        top = row[0].box.top
    return lead


def _looks_tabular(placed: list[list[tuple[int, TextLine]]]) -> bool:
    used = sorted({c for r in placed for c, _ in r})
    if len(used) < 2:
        return False
    first = [ln.text for r in placed for c, ln in r if c == used[0]]
    if len(used) == 2 and all(_MARKER.match(t) for t in first):
        return False  # "1." / "(a)" hanging before indented text: a list
    if all(_SECTION.fullmatch(t.strip()) for t in first):
        return False  # "7.3." / "7.3.1." before headings and clauses: numbered sections with hanging indents
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


def _build(placed: list[list[tuple[int, TextLine]]], width: int, lead: int, height: float) -> FoundTable:
    table_rows: list[list[list[TextLine]]] = []
    # The line pitch (baseline to baseline) above the current table row: a row starting clearly closer to the
    # visual row above is wrapped text. Baselines, not box edges: descenders and small glyphs ("n", "-") move
    # boxes by a few points. The first body row's pitch includes the header's rule and padding, so it sets nothing.
    row_pitch = 0.0
    label: float | None = None  # baseline of the last line in the label column
    for i, row in enumerate(placed):
        columns = {c for c, _ in row}
        top = min(ln.baseline for _, ln in row)
        pitch = top - max(ln.baseline for _, ln in placed[i - 1]) if i else 0.0
        # A label far below the label above starts a row even when it is alone on its visual row or close to the
        # lines above it: cells centred vertically on their label start above it, half a line off.
        far = label is not None and any(c == 0 for c in columns) and top - label > _LABEL_GAP * height
        tighter = pitch < row_pitch - _TIGHTER and not far
        alone = columns == {0} and far
        if not table_rows or (
            i > lead
            and (len(columns) >= 2 or alone)
            and not tighter
            and not _continues(table_rows[-1], row, first=len(table_rows) == 1)
        ):
            row_pitch = pitch if len(table_rows) >= 2 else 0.0
            table_rows.append([[] for _ in range(width)])
        for c, ln in row:
            table_rows[-1][c].append(ln)
        label = max((ln.baseline for c, ln in row if c == 0), default=label)
    _centre_vertically(table_rows, height)
    out_rows = [
        tuple(Cell(_cell_text(parts), BBox.enclosing([ln.box for ln in parts])) for parts in cells)
        for cells in table_rows
    ]
    box = BBox.enclosing([ln.box for row in placed for _, ln in row])
    assert box is not None  # a table has at least two split rows
    return FoundTable(box, tuple(_split_value_runs(out_rows)))


def _centre_vertically(table_rows: list[list[list[TextLine]]], height: float) -> None:
    """Move the upper lines of cells centred vertically on their row label back into that row.

    A cell taller than its label starts above it, so its first lines are read into the row above. They are the
    last block of lines (one line pitch apart) of the row above's cell, below that row's label, running on at
    line pitch into the cell below, and with them the cell is centred on its label where without them it is not.
    A top-aligned cell starts level with its label and is left alone."""
    tolerance = _CENTRE_TOLERANCE * height
    for r in range(len(table_rows) - 1, 0, -1):  # bottom up: a row gives its lines away before it takes
        labels, above = table_rows[r][0], table_rows[r - 1][0]
        if not labels:
            continue
        middle = _middle(labels)
        label_bottom = max((ln.box.bottom for ln in above), default=float("-inf"))
        for c in range(1, len(table_rows[r])):
            cell, prev = table_rows[r][c], table_rows[r - 1][c]
            if not cell or not prev or abs(_middle(cell) - middle) <= tolerance:
                continue
            k = len(prev) - 1
            while k > 0 and prev[k].baseline - prev[k - 1].baseline <= _BLOCK_PITCH * height:
                k -= 1
            block = prev[k:]
            if (k == 0 and r == 1) or block[0].box.top <= label_bottom:
                continue  # a header cell, or a cell level with its own label
            if cell[0].baseline - block[-1].baseline > _BLOCK_PITCH * height:
                continue
            if abs(_middle(block + cell) - middle) <= tolerance:
                table_rows[r][c], table_rows[r - 1][c] = block + cell, prev[:k]


def _middle(lines: list[TextLine]) -> float:
    return (min(ln.box.top for ln in lines) + max(ln.box.bottom for ln in lines)) / 2


def _cell_text(parts: list[TextLine]) -> str:
    """A cell's lines as text: a bullet starts a new paragraph (one line each, as a DOCX cell's paragraphs
    read), without the bullet glyph, which is layout; the lines wrapped under it join it."""
    items: list[list[str]] = []
    for ln in parts:
        bullet = BULLET.match(ln.text)
        if bullet or not items:
            items.append([])
        items[-1].append(ln.text[bullet.end() :] if bullet else ln.text)
    return "\n".join(join_lines([(t, None) for t in item])[0] for item in items)


def _split_value_runs(rows: list[tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
    """Columns of values set closer than the split gap read as one cell per row: "100% 95% 90%" over
    "0% 10% 20%". When two or more rows hold runs of the same length in a column, the column is as many columns."""
    out = [list(r) for r in rows]
    for j in reversed(range(len(out[0]) if out else 0)):
        runs = [_VALUE.findall(r[j].text) if _VALUE_RUN.fullmatch(r[j].text) else [] for r in out]
        lengths = {len(v) for v in runs if v}
        if sum(1 for v in runs if v) < 2 or len(lengths) != 1 or (n := lengths.pop()) < 2:
            continue
        for r, values in zip(out, runs, strict=True):
            cell = r[j]
            parts = [Cell(v.strip(), cell.bbox) for v in values] if values else [cell] + [Cell("")] * (n - 1)
            r[j : j + 1] = parts
    return [tuple(r) for r in out]


def _continues(cells: list[list[TextLine]], row: list[tuple[int, TextLine]], *, first: bool) -> bool:
    """Does a split row carry on the cells above it (wrapped text) rather than start a new table row?"""
    if cells[0] and all(c > 0 for c, _ in row):
        return True  # nothing under the row label: the row's other cells wrap on
    shared = [(cells[c][-1], ln) for c, ln in row if cells[c]]
    wrapped = sum(1 for above, ln in shared if above.bold == ln.bold and _wraps(above.text, ln.text))
    # Ties carry on only in the first row: header labels wrap in narrow columns far more often than values
    return wrapped * 2 > len(shared) or (first and wrapped * 2 == len(shared) > 0)


def _wraps(above: str, below: str) -> bool:
    above, below = above.rstrip(), below.lstrip()
    return bool(_JOINER.search(above)) or below[:1].islower() or below[:1] in _JOINER_CHARS
