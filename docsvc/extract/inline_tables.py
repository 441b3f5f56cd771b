"""Tables written inside text become document tables: Markdown pipe tables ("| Priority | Response |" over
"|---|---|"), HTML ``<table>`` markup pasted into a DOCX or PDF, and borderless PDF tables that the parser
returned as paragraphs whose lines sit side by side in aligned columns. Their blocks leave the text (so a row is
not read again as a sentence) and the table takes their place in reading order, with the paragraph above as
caption.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from docsvc.extract.types import Block, BlockKind, Cell, Line, ParsedDocument, Table

_PIPE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_ROW_RE = re.compile(r"<tr\b[^>]*>(.*?)(?:</tr>|(?=<tr\b)|$)", re.I | re.S)
_CELL_RE = re.compile(r"<t([dh])\b([^>]*)>(.*?)(?:</t[dh]>|(?=<t[dh]\b)|$)", re.I | re.S)
_COLSPAN_RE = re.compile(r"colspan\s*=\s*[\"']?(\d+)", re.I)
_TAG_RE = re.compile(r"<[^>]+>")
_CAPTION_MAX = 200
_ALIGN = 12.0  # points a cell's left edge may sit off its column's
_ROW_GAP = 30.0  # points between rows of one table
_MIN_ROWS = 3  # header and two rows


def _lines(block: Block) -> list[str]:
    if len(block.lines) > 1:
        return [ln.text for ln in block.lines]
    return block.text.split("\n")


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()[1:-1]
    return [" ".join(c.split()) for c in inner.split("|")]


def _html_rows(markup: str) -> list[list[str]]:
    rows = []
    for row in _ROW_RE.findall(markup):
        cells: list[str] = []
        for _, attrs, content in _CELL_RE.findall(row):
            text = " ".join(html.unescape(_TAG_RE.sub(" ", content)).split())
            span = _COLSPAN_RE.search(attrs)
            cells += [text] + [""] * (min(int(span.group(1)), 20) - 1 if span else 0)
        if any(cells):
            rows.append(cells)
    return rows


def _table(rows: list[list[str]], first: Block, caption: str | None) -> Table:
    width = max(len(r) for r in rows)
    return Table(
        rows=tuple(tuple(Cell(c) for c in r + [""] * (width - len(r))) for r in rows),
        index=first.index,
        page=first.page,
        bbox=first.bbox,
        section=first.section,
        caption=caption,
    )


def _side_by_side(block: Block) -> list[Line]:
    """The lines of a block that sit on one baseline left to right (a table row's cells), else []."""
    lines = [ln for ln in block.lines if ln.bbox is not None]
    if len(lines) < 2 or len(lines) != len(block.lines) or block.kind == BlockKind.HEADING:
        return []
    top = lines[0].bbox.top if lines[0].bbox is not None else 0.0
    row = [ln for ln in lines if ln.bbox is not None and abs(ln.bbox.top - top) <= 3.0]
    if len(row) < 2 or any(b.bbox.x0 <= a.bbox.x1 - 1 for a, b in zip(row, row[1:], strict=False)
                           if a.bbox is not None and b.bbox is not None):
        return []
    return row


def _column(line: Line, anchors: list[float]) -> int | None:
    box = line.bbox
    if box is None:
        return None
    for k, x in enumerate(anchors):
        if abs(box.x0 - x) <= _ALIGN:
            # A cell stays inside its column: a paragraph line running across the next column is no cell.
            return k if k + 1 == len(anchors) or box.x1 <= anchors[k + 1] + 2 else None
    return None


def _layout_table(blocks: tuple[Block, ...], i: int) -> tuple[list[list[str]], int] | None:
    """Rows of a borderless table starting at block ``i`` (each row a block of side-by-side lines; wrapped cell
    text in the following blocks joins its cell), and the index after it."""
    head = _side_by_side(blocks[i])
    start = blocks[i].bbox
    if not head or start is None:
        return None
    anchors = [ln.bbox.x0 for ln in head if ln.bbox is not None]
    page, bottom = blocks[i].page, start.top
    rows: list[list[str]] = []
    starts: list[int] = []  # the block each row starts in
    j = i
    while j < len(blocks):
        block = blocks[j]
        if (block.page != page or block.bbox is None or block.kind == BlockKind.HEADING or not block.lines
                or block.bbox.top - bottom > _ROW_GAP):
            break
        placed = [(_column(ln, anchors), ln) for ln in block.lines]
        if any(k is None for k, _ in placed):
            break
        # The cells on the block's first baseline left to right, then wrapped lines below them top-down.
        base = min(ln.bbox.top for _, ln in placed if ln.bbox is not None)
        first = sorted((p for p in placed if p[1].bbox is not None and p[1].bbox.top - base <= 3.0),
                       key=lambda p: p[0] or 0)
        rest = sorted((p for p in placed if p not in first), key=lambda p: (p[1].bbox.top if p[1].bbox else 0))
        for k, ln in [*first, *rest]:
            if k is None:
                continue
            if k == 0 or not rows:
                rows.append([""] * len(anchors))
                starts.append(j)
            rows[-1][k] = f"{rows[-1][k]} {ln.text}".strip()
        bottom = block.bbox.bottom
        j += 1
    while rows and sum(1 for c in rows[-1] if c) < 2:
        rows.pop()  # a paragraph line at the left margin after the table: it stays text
        j = starts.pop()
    if j <= i:
        return None
    if len(rows) < _MIN_ROWS or sum(1 for r in rows if sum(1 for c in r if c) >= 2) < _MIN_ROWS:
        return None
    return rows, j


def _header_above(kept: list[Block], first: Block, width: int) -> tuple[list[str], int] | None:
    """Header cells the parser returned as one block each right above a layout table (wrapped, vertically
    centred labels: "Availability" | "Credit (Essential/Pro)" | "Credit (Premium/Enterprise)"), and how many
    blocks they took; only when they fill two columns or more at the table's column positions."""
    row = first.lines[0].bbox if first.lines else None
    if row is None or first.bbox is None:
        return None
    anchors = [ln.bbox.x0 for ln in _side_by_side(first) if ln.bbox is not None]
    cells = [""] * width
    taken = 0
    for block in reversed(kept[-width:]):
        box = block.bbox
        if (box is None or block.page != first.page or block.kind == BlockKind.HEADING
                or box.bottom > first.bbox.top + 2 or first.bbox.top - box.bottom > _ROW_GAP):
            break
        cols = {_column(ln, anchors) for ln in block.lines}
        if len(cols) != 1 or None in cols:
            break
        k = cols.pop()
        if k is None or cells[k]:
            break
        cells[k] = " ".join(ln.text for ln in block.lines)
        taken += 1
    if sum(1 for c in cells if c) < 2:
        return None
    return [" ".join(c.split()) for c in cells], taken


def with_inline_tables(doc: ParsedDocument) -> ParsedDocument:
    """``doc`` with pipe, HTML and borderless layout tables in its text moved into ``tables`` (unchanged when
    there are none)."""
    layout = any(len(b.lines) > 1 for b in doc.blocks if b.page is not None)
    if not layout and not any("|" in b.text or "<t" in b.text.lower() for b in doc.blocks):
        return doc
    kept: list[Block] = []
    found: list[Table] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        block = blocks[i]
        caption = kept[-1].text if kept and len(kept[-1].text) <= _CAPTION_MAX else None
        if "<table" in block.text.lower():
            j, markup = i, block.text
            while "</table>" not in markup.lower() and j + 1 < len(blocks) and j - i < 200:
                j += 1
                markup += "\n" + blocks[j].text
            rows = _html_rows(markup)
            if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                found.append(_table(rows, block, caption))
                i = j + 1
                continue
        if all(_PIPE_ROW_RE.match(ln) for ln in _lines(block)):
            j, rows = i, []
            while j < len(blocks) and all(_PIPE_ROW_RE.match(ln) for ln in _lines(blocks[j])):
                rows += [_pipe_cells(ln) for ln in _lines(blocks[j]) if not _PIPE_RULE_RE.match(ln)]
                j += 1
            if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                found.append(_table(rows, block, caption))
                i = j
                continue
        if block.page is not None and len(block.lines) > 1:
            table = _layout_table(blocks, i)
            if table is not None:
                rows = table[0]
                header = _header_above(kept, block, len(rows[0]))
                if header is not None:
                    first = kept[-header[1]]
                    del kept[-header[1]:]
                    rows = [header[0], *rows]
                    caption = kept[-1].text if kept and len(kept[-1].text) <= _CAPTION_MAX else None
                    block = first
                found.append(_table(rows, block, caption))
                i = table[1]
                continue
        kept.append(block)
        i += 1
    if not found:
        return doc
    tables = tuple(sorted([*doc.tables, *found], key=lambda t: t.index))
    return replace(doc, blocks=tuple(kept), tables=tables)
