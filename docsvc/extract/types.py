"""Pipeline types: the parsed document model shared by parsers, the NLP layer and extractors.

Frozen dataclasses, apart from the pydantic record (``record.py``) and the ORM rows: a parsed document is an
immutable value that parsers produce once and everything downstream only reads.

Coordinates follow pdfplumber's convention: PDF points, origin at the top-left of the page,
``(x0, top, x1, bottom)``. DOCX content has no geometry: ``page`` and ``bbox`` are ``None`` and ``index``
(the paragraph's position in reading order) locates it instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class BBox:
    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2))

    @staticmethod
    def enclosing(boxes: list[BBox]) -> BBox | None:
        if not boxes:
            return None
        out = boxes[0]
        for box in boxes[1:]:
            out = out.union(box)
        return out


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    HEADER = "header"  # running page header (DOCX section header, or repeated PDF top line)
    FOOTER = "footer"


@dataclass(frozen=True, slots=True)
class Line:
    """One visual line of text. ``start``/``end`` are character offsets into the owning block's text."""

    text: str
    bbox: BBox | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-like run of text in reading order.

    ``text`` joins the lines with single spaces (hyphenated line breaks are re-joined by the parser), so
    sentence offsets map back to lines, and from lines to a bounding box on the page.
    """

    text: str
    index: int  # position in the document's reading order (blocks and tables share one sequence)
    page: int | None  # 1-based; None for DOCX
    bbox: BBox | None
    kind: BlockKind = BlockKind.PARAGRAPH
    lines: tuple[Line, ...] = ()
    heading_level: int | None = None
    section: str | None = None  # text of the nearest heading above, when recognisable

    def bbox_for(self, start: int, end: int) -> BBox | None:
        """Bounding box of the lines overlapping the character range ``[start, end)``."""
        boxes = [ln.bbox for ln in self.lines if ln.bbox is not None and ln.start < end and ln.end > start]
        return BBox.enclosing(boxes) or self.bbox


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    bbox: BBox | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A table as rows of cells; merged cells repeat ``""`` (pdfplumber gives None, normalised to "")."""

    rows: tuple[tuple[Cell, ...], ...]
    index: int  # position in reading order, shared with blocks
    page: int | None
    bbox: BBox | None
    section: str | None = None
    caption: str | None = None  # the paragraph right above the table, often naming it

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]

    def row_bbox(self, i: int) -> BBox | None:
        return BBox.enclosing([c.bbox for c in self.rows[i] if c.bbox is not None]) or self.bbox

    def row_text(self, i: int) -> str:
        return " | ".join(c.text for c in self.rows[i] if c.text)


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class SourceInfo:
    name: str
    media_type: str
    size: int
    sha256: str
    path: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """Everything a parser read from one file, in reading order."""

    source: SourceInfo
    blocks: tuple[Block, ...]
    tables: tuple[Table, ...]
    pages: tuple[Page, ...] = ()  # empty for DOCX
    title: str | None = None  # from document metadata, when set
    metadata: dict[str, str] = field(default_factory=dict)
    ocr_pages: tuple[int, ...] = ()  # 1-based pages whose text came from OCR
    warnings: tuple[str, ...] = ()  # what the parser could not do (e.g. OCR unavailable for some pages)

    @property
    def page_count(self) -> int | None:
        return len(self.pages) or None

    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)
