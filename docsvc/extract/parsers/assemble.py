"""Turning parser output into the document model: text clean-up, line joining and the reading-order sequence.

Both parsers feed one ``ReadingOrder``: it numbers blocks and tables in one sequence, remembers the heading
each block sits under and takes a table's caption from the block right above it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docsvc.extract.parsers import table_continuation
from docsvc.extract.types import BBox, Block, BlockKind, Cell, Line, Page, ParsedDocument, SourceInfo, Table

MAX_CAPTION_CHARS = 300
MAX_CAPTION_GAP = 40.0  # points between a caption's last line and the table's top edge
DEMOTE_RUN = 3

_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Symbol/Wingdings bullets come out of PDFs as private-use code points.
# pdfium marks a soft hyphen at a line end U+0002 and a hard one U+FFFE (see pdf_text).
_CHARACTERS = str.maketrans(
    dict.fromkeys("\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0e8\uf0f0\uf09f", "•")
    | {"\x02": "\u00ad", "\ufffe": "-"}
)
_SOFT_HYPHEN = "\u00ad"


def clean(text: str) -> str:
    """One visual line or paragraph as plain text: bullets mapped, controls dropped, whitespace collapsed."""
    text = _CONTROL.sub("", text.translate(_CHARACTERS))
    return _SPACES.sub(" ", text).strip()


def join_lines(parts: Sequence[tuple[str, BBox | None]]) -> tuple[str, tuple[Line, ...]]:
    """Join visual lines into block text with single spaces, recording where each line sits in it.

    A soft hyphen at a line end is dropped and the word closed up; a hard hyphen is kept and closed up
    ("Service-" + "Level"), because a line break at a real hyphen ("non-" + "exclusive") is more common in
    contracts than automatic hyphenation, and dropping it would corrupt those words.
    """
    out: list[str] = []
    lines: list[Line] = []
    pos = 0
    glue = ""
    for raw, bbox in parts:
        text = clean(raw)
        trailing_soft = text.endswith(_SOFT_HYPHEN)
        text = text.replace(_SOFT_HYPHEN, "")
        if not text:
            continue
        out.append(glue)
        pos += len(glue)
        out.append(text)
        lines.append(Line(text=text, bbox=bbox, start=pos, end=pos + len(text)))
        pos += len(text)
        glue = "" if trailing_soft or (text.endswith("-") and len(text) > 1 and text[-2].isalpha()) else " "
    return "".join(out), tuple(lines)


@dataclass(slots=True)
class _BlockDraft:
    text: str
    lines: tuple[Line, ...]
    kind: BlockKind
    page: int | None
    heading_level: int | None
    emphasized: bool
    in_section: bool


@dataclass(frozen=True, slots=True)
class _TableDraft:
    rows: tuple[tuple[Cell, ...], ...]
    page: int | None
    bbox: BBox | None


class ReadingOrder:
    """Blocks and tables in reading order; ``build`` numbers them in one sequence, assigns each block the
    heading it sits under and each table the caption right above it."""

    def __init__(self) -> None:
        self._items: list[_BlockDraft | _TableDraft] = []

    def add_block(
        self,
        text: str,
        lines: tuple[Line, ...],
        *,
        kind: BlockKind = BlockKind.PARAGRAPH,
        page: int | None = None,
        heading_level: int | None = None,
        emphasized: bool = False,
        in_section: bool = True,
    ) -> None:
        """Append a block (``text`` and ``lines`` as made by ``join_lines``); empty text adds nothing.

        ``emphasized`` says a heading is set in bold or larger type rather than recognised by its wording.
        ``in_section=False`` is for text outside the body's heading structure (footnotes); running headers
        and footers never belong to a section.
        """
        if text:
            self._items.append(_BlockDraft(text, lines, kind, page, heading_level, emphasized, in_section))

    def add_table(self, rows: Sequence[Sequence[Cell]], *, page: int | None = None, bbox: BBox | None = None) -> None:
        self._items.append(_TableDraft(tuple(tuple(row) for row in rows), page, bbox))

    def join_page_continued_tables(self) -> None:
        """Join each table to the one it continues on the next page (see ``table_continuation``); only running
        headers and footers may stand between the two parts, and a repeat of the line right above the first part
        (a header row the page break repeats, which spans the columns and so reads as a line of text: "Response
        time per plan" over the plan columns), which is dropped. A table over three pages becomes one."""
        kept: list[_BlockDraft | _TableDraft] = []
        open_table: int | None = None  # index in ``kept`` of a table with only running blocks after it
        open_page = 0  # the page its last part is on
        title: str | None = None  # the text right above the table's first part
        repeat: _BlockDraft | None = None  # a repeat of ``title`` on the next page, held until the next item
        for item in self._items:
            if isinstance(item, _BlockDraft):
                if repeat is None and open_table is not None and _repeats(item, title, open_page):
                    repeat = item
                    continue
                if repeat is not None:
                    kept.append(repeat)
                    repeat = None
                if item.kind not in (BlockKind.HEADER, BlockKind.FOOTER):
                    open_table = None
                kept.append(item)
                continue
            previous = kept[open_table] if open_table is not None else None
            if (
                isinstance(previous, _TableDraft)
                and item.page is not None
                and item.page == open_page + 1
                and table_continuation.continues(previous.rows, previous.bbox, item.rows, item.bbox)
            ):
                kept[open_table] = _TableDraft(  # type: ignore[index]
                    table_continuation.join(previous.rows, item.rows), previous.page, previous.bbox
                )
            else:
                if repeat is not None:
                    kept.append(repeat)
                above = kept[-1] if kept else None
                title = above.text if isinstance(above, _BlockDraft) and above.page == item.page else None
                open_table = len(kept)
                kept.append(item)
            repeat = None
            open_page = item.page or 0
        if repeat is not None:
            kept.append(repeat)
        self._items = kept

    def build(
        self,
        source: SourceInfo,
        *,
        pages: Sequence[Page] = (),
        title: str | None = None,
        metadata: dict[str, str] | None = None,
    ) -> ParsedDocument:
        _demote_heading_runs(self._items)
        blocks: list[Block] = []
        tables: list[Table] = []
        section: str | None = None
        previous: Block | Table | None = None
        for index, item in enumerate(self._items):
            if isinstance(item, _TableDraft):
                caption = _caption(previous, item)
                previous = Table(item.rows, index, item.page, item.bbox, section=section, caption=caption)
                tables.append(previous)
                continue
            if item.kind is BlockKind.HEADING:
                section = item.text
            running = item.kind in (BlockKind.HEADER, BlockKind.FOOTER)
            previous = Block(
                text=item.text,
                index=index,
                page=item.page,
                bbox=BBox.enclosing([ln.bbox for ln in item.lines if ln.bbox is not None]),
                kind=item.kind,
                lines=item.lines,
                heading_level=item.heading_level if item.kind is BlockKind.HEADING else None,
                section=section if item.in_section and not running else None,
            )
            blocks.append(previous)
        return ParsedDocument(
            source=source,
            blocks=tuple(blocks),
            tables=tuple(tables),
            pages=tuple(pages),
            title=title,
            metadata=metadata or {},
        )


def _repeats(block: _BlockDraft, title: str | None, page: int) -> bool:
    return title is not None and block.page == page + 1 and block.kind is not BlockKind.FOOTER and block.text == title


def _demote_heading_runs(items: Sequence[_BlockDraft | _TableDraft]) -> None:
    """Three or more headings in a row, recognised by wording alone, are a list (a table of contents, a
    list of schedules), not a stack of headings: they would make every section name wrong."""
    run: list[_BlockDraft] = []
    for item in [*items, None]:
        if isinstance(item, _BlockDraft) and item.kind in (BlockKind.HEADER, BlockKind.FOOTER):
            continue  # a contents list continues across the page break
        if isinstance(item, _BlockDraft) and item.kind is BlockKind.HEADING and not item.emphasized:
            run.append(item)
            continue
        if len(run) >= DEMOTE_RUN:
            for draft in run:
                draft.kind, draft.heading_level = BlockKind.PARAGRAPH, None
        run = []


def _caption(previous: Block | Table | None, table: _TableDraft) -> str | None:
    if not isinstance(previous, Block) or previous.kind not in (BlockKind.PARAGRAPH, BlockKind.HEADING):
        return None
    if previous.page != table.page or len(previous.text) > MAX_CAPTION_CHARS:
        return None
    if table.bbox is not None and previous.bbox is not None:
        if not -2.0 <= table.bbox.top - previous.bbox.bottom <= MAX_CAPTION_GAP:
            return None
    return previous.text
