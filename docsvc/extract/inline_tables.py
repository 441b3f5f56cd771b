"""Tables written inside text become document tables: Markdown pipe tables ("| Priority | Response |" over
"|---|---|") and HTML ``<table>`` markup pasted into a DOCX or PDF. Their blocks leave the text (so a row is not
read again as a sentence) and the table takes their place in reading order, with the paragraph above as caption.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace

from docsvc.extract.types import Block, Cell, ParsedDocument, Table

_PIPE_ROW_RE = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_ROW_RE = re.compile(r"<tr\b[^>]*>(.*?)(?:</tr>|(?=<tr\b)|$)", re.I | re.S)
_CELL_RE = re.compile(r"<t([dh])\b([^>]*)>(.*?)(?:</t[dh]>|(?=<t[dh]\b)|$)", re.I | re.S)
_COLSPAN_RE = re.compile(r"colspan\s*=\s*[\"']?(\d+)", re.I)
_TAG_RE = re.compile(r"<[^>]+>")
_CAPTION_MAX = 200


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


def with_inline_tables(doc: ParsedDocument) -> ParsedDocument:
    """``doc`` with pipe and HTML tables in its text moved into ``tables`` (unchanged when there are none)."""
    if not any("|" in b.text or "<t" in b.text.lower() for b in doc.blocks):
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
        kept.append(block)
        i += 1
    if not found:
        return doc
    tables = tuple(sorted([*doc.tables, *found], key=lambda t: t.index))
    return replace(doc, blocks=tuple(kept), tables=tables)
