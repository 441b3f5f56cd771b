"""PDF parser: text and positions from pypdfium2, ruled tables from pdfplumber on the pages that have them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from docsvc.extract import ocr
from docsvc.extract.errors import CorruptDocument, DocumentTooLarge, EncryptedDocument, NoTextLayer, OcrUnavailable
from docsvc.extract.parsers import table_continuation
from docsvc.extract.parsers.assemble import ReadingOrder, join_lines
from docsvc.extract.parsers.base import ParseLimits, extend_time, source_info
from docsvc.extract.parsers.layout import BULLET, Typography, classify, group_blocks, reading_order, running_lines
from docsvc.extract.parsers.pdf_aligned import aligned_tables
from docsvc.extract.parsers.pdf_scan import OcrOptions, ScannedPage, needs_ocr, read_scans
from docsvc.extract.parsers.pdf_tables import Edges, FoundTable, drawn_edges, fill_cells, find_grids
from docsvc.extract.parsers.pdf_text import PageFrame, TextLine, read_lines
from docsvc.extract.sniff import PDF
from docsvc.extract.types import BBox, BlockKind, Cell, Page, ParsedDocument

_TABLE_SLACK = 2.0  # points


@dataclass(slots=True)
class _PageText:
    page: Page
    frame: PageFrame
    lines: list[TextLine]
    scanned: ScannedPage | None = None  # set when the lines came from OCR (in upright points)

    @property
    def layout_size(self) -> tuple[float, float]:
        """Width and height of the space the lines' positions are in."""
        if self.scanned is not None:
            return self.scanned.width, self.scanned.height
        return self.page.width, self.page.height

    def place(self, box: BBox) -> BBox:
        """A layout box as a box on the displayed page (OCR'd pages are laid out turned upright)."""
        return self.scanned.placement.box(box) if self.scanned is not None else box


@dataclass(slots=True)
class _Read:
    pages: list[_PageText]
    metadata: dict[str, str]
    tables: dict[int, list[FoundTable]]
    warnings: list[str] = field(default_factory=list)


class PdfParser:
    media_types = frozenset({PDF})

    def parse(self, path: Path, limits: ParseLimits) -> ParsedDocument:
        read = _read(path, limits)
        order = _assemble(read.pages, read.tables)
        doc = order.build(
            source_info(path, PDF),
            pages=[p.page for p in read.pages],
            title=read.metadata.get("Title") or None,
            metadata=read.metadata,
        )
        ocr_pages = tuple(p.page.number for p in read.pages if p.scanned is not None)
        return replace(doc, ocr_pages=ocr_pages, warnings=tuple(read.warnings))


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedDocument(
                f"{path.name} is password-protected; remove the password and upload it again"
            ) from exc
        raise CorruptDocument(f"{path.name} is not a readable PDF ({exc})") from exc


def _read(path: Path, limits: ParseLimits) -> _Read:
    """Lines of every page (OCR'd where the text layer is missing or garbage), the document metadata and the
    ruled tables per page number."""
    pdf = _open(path)
    try:
        count = len(pdf)
        if count > limits.max_pages:
            raise DocumentTooLarge(f"{path.name} has {count:,} pages; the limit is {limits.max_pages:,}")
        if count == 0:
            raise CorruptDocument(f"{path.name} is not a readable PDF (it has no pages)")
        pages: list[_PageText] = []
        grids: dict[int, Edges] = {}
        scans: list[int] = []
        for number in range(1, count + 1):
            page = pdf[number - 1]
            try:
                frame = PageFrame.of(page)
                textpage = page.get_textpage()
                try:
                    lines = read_lines(textpage, frame)
                finally:
                    textpage.close()
                if needs_ocr(page, lines):
                    scans.append(number)
                    lines = []
                edges = drawn_edges(page, frame) if lines else None
                if edges is not None and edges.grid_like():
                    grids[number] = edges
            finally:
                page.close()
            pages.append(_PageText(Page(number, round(frame.width, 2), round(frame.height, 2)), frame, lines))
        warnings = _ocr(pdf, path, pages, scans, limits)
        if not any(p.lines for p in pages):
            raise NoTextLayer(
                f"{path.name} has no text layer, and OCR found no text on its {count} page(s) (blank or unreadable)"
            )
        for p in pages:
            if p.scanned is not None and (ruled := p.scanned.edges()).grid_like():
                grids[p.page.number] = ruled
        tables = _tables(pdf, path, pages, grids)
        metadata = {k: v.strip() for k, v in pdf.get_metadata_dict(skip_empty=True).items() if v.strip()}
    finally:
        pdf.close()
    return _Read(pages, metadata, tables, warnings)


def _ocr(
    pdf: pdfium.PdfDocument, path: Path, pages: list[_PageText], scans: list[int], limits: ParseLimits
) -> list[str]:
    """OCR the pages listed in ``scans`` into ``pages``; the warnings for the record when it cannot run.

    Without tesseract a document with no text at all fails as ``OcrUnavailable`` (never an empty record); one
    with text on other pages keeps that text and says which pages went unread.
    """
    if not scans:
        return []
    status = ocr.status(limits.tesseract_cmd)
    if not status.available:
        if not any(p.lines for p in pages):
            raise OcrUnavailable(f"{path.name} is scanned (no text layer) and {status.message}")
        listed = ", ".join(map(str, scans))
        return [f"page(s) {listed} are scanned and were not read: {status.message}"]
    extend_time(len(scans) * limits.ocr_page_seconds)
    hint = " ".join(ln.text for p in pages for ln in p.lines)
    options = OcrOptions(
        command=limits.tesseract_cmd,
        languages=limits.ocr_languages,
        dpi=limits.ocr_dpi,
        workers=limits.ocr_workers,
        timeout=limits.timeout_seconds + limits.ocr_page_seconds,  # one page; the parent watches the whole
    )
    for number, scanned in read_scans(pdf, scans, options, text_hint=hint, name=path.name).items():
        pages[number - 1].lines = scanned.lines
        pages[number - 1].scanned = scanned
    return []


def _tables(
    pdf: pdfium.PdfDocument, path: Path, pages: Sequence[_PageText], grids: dict[int, Edges]
) -> dict[int, list[FoundTable]]:
    """Tables on the pages whose drawn edges form a grid: geometry from pdfplumber, text from pdfium."""
    tables: dict[int, list[FoundTable]] = {}
    for number, page_grids in find_grids(path, grids).items():
        scanned = pages[number - 1].scanned
        if scanned is not None:
            found = [t for t in map(scanned.fill, page_grids) if t is not None]
        else:
            textpage = pdf[number - 1].get_textpage()
            try:
                frame = pages[number - 1].frame
                found = [t for t in (fill_cells(textpage, frame, grid) for grid in page_grids) if t is not None]
            finally:
                textpage.close()
        if found:
            tables[number] = found
    return tables


def _assemble(pages: Sequence[_PageText], tables: dict[int, list[FoundTable]]) -> ReadingOrder:
    typo = Typography.measure([p.lines for p in pages])
    scanned = {i for i, p in enumerate(pages) if p.scanned is not None}
    running = running_lines([(p.lines, p.layout_size[1]) for p in pages], scanned)
    order = ReadingOrder()
    carry: FoundTable | None = None  # the table the previous page ended with
    for page_text, page_running in zip(pages, running, strict=True):
        number = page_text.page.number
        place = page_text.place
        page_tables = tables.get(number, [])
        body = [ln for i, ln in enumerate(page_text.lines) if i not in page_running and not _in_table(ln, page_tables)]
        aligned = aligned_tables(body)
        if aligned:  # tables without borders: cells lined up by whitespace only
            page_running, aligned = _reclaim_header_lines(page_text.lines, page_running, body, aligned, aligned_tables)
        elif carry is not None:
            page_running, aligned = _continuation(page_text.lines, page_running, body, carry)
        if aligned:
            page_tables = [*page_tables, *aligned]
            body = [ln for ln in body if not _in_table(ln, aligned)]
        margin = sorted(page_running, key=lambda i: page_text.lines[i].box.top)
        for i in margin:
            if page_running[i] is BlockKind.HEADER:
                _add_running(order, page_text.lines[i], BlockKind.HEADER, number, place)
        blocks = group_blocks(reading_order(body, page_text.layout_size[0]), typo)
        items = _interleave(blocks, page_tables)
        carry = _carried(carry, items)
        for item in items:
            if isinstance(item, FoundTable):
                rows = [[Cell(c.text, place(c.bbox) if c.bbox else None) for c in row] for row in item.rows]
                order.add_table(rows, page=number, bbox=place(item.bbox))
            else:
                _add_body_block(order, item, number, typo, place)
        for i in margin:
            if page_running[i] is BlockKind.FOOTER:
                _add_running(order, page_text.lines[i], BlockKind.FOOTER, number, place)
    order.join_page_continued_tables()
    return order


_Place = Callable[[BBox], BBox]


def _add_running(order: ReadingOrder, line: TextLine, kind: BlockKind, page: int, place: _Place) -> None:
    text, lines = join_lines([(line.text, place(line.box))])
    order.add_block(text, lines, kind=kind, page=page)


def _add_body_block(order: ReadingOrder, block: list[TextLine], page: int, typo: Typography, place: _Place) -> None:
    parts = [(ln.text, place(ln.box)) for ln in block]
    bullet = BULLET.match(parts[0][0])
    if bullet:  # the bullet is layout, like a DOCX numbering symbol, which is not in the text either
        parts[0] = (parts[0][0][bullet.end() :], parts[0][1])
    text, lines = join_lines(parts)
    kind, level, emphasized = classify(block, text, typo)
    if bullet:
        kind, level = BlockKind.LIST_ITEM, None
    order.add_block(text, lines, kind=kind, page=page, heading_level=level, emphasized=emphasized)


def _carried(carry: FoundTable | None, items: list[list[TextLine] | FoundTable]) -> FoundTable | None:
    """The table a page ends with, which the next page may continue; for a page that holds only a part of the
    table ``carry`` (whose header it repeats, with rows or the rest of a cell under it), still ``carry``: its
    header row is the one the next page repeats."""
    last = items[-1] if items and isinstance(items[-1], FoundTable) else None
    if last is None or carry is None or len(items) > 1:
        return last
    return carry if table_continuation.continues(carry.rows, carry.bbox, last.rows, last.bbox) else last


def _continuation(
    lines: Sequence[TextLine], running: dict[int, BlockKind], body: list[TextLine], carry: FoundTable
) -> tuple[dict[int, BlockKind], list[FoundTable]]:
    """A page's top that goes on with the table the page before ended with, when its only split row is the
    repeated header (the rest of a cell taller than a page runs on under it): read as a one-row table above all
    other text, with the columns of ``carry`` and its header, for ``join_page_continued_tables`` to join."""

    def read(candidates: list[TextLine]) -> list[FoundTable]:
        found = aligned_tables(candidates, min_rows=1)[:1]
        if not found or not table_continuation.continues(carry.rows, carry.bbox, found[0].rows, found[0].bbox):
            return []
        return found if all(ln.box.top >= found[0].bbox.top - _TABLE_SLACK for ln in candidates) else []

    found = read(body)
    if not found:
        return running, []
    kept, found = _reclaim_header_lines(lines, running, body, found, read)
    if not found or not table_continuation.repeats_header(carry.rows, found[0].rows):
        return running, []
    return kept, found


def _reclaim_header_lines(
    lines: Sequence[TextLine],
    running: dict[int, BlockKind],
    body: list[TextLine],
    aligned: list[FoundTable],
    read: Callable[[list[TextLine]], list[FoundTable]],
) -> tuple[dict[int, BlockKind], list[FoundTable]]:
    """A table header repeated at the top of every page repeats like a running header: its first line ("Descriptio"
    over "n", the rest level with the other header cells) was taken as one. A running header line right above a
    borderless table (within a line's height, or level with its first line) and inside its width is given back,
    and the tables are read again."""
    near = [
        i
        for i, kind in running.items()
        if kind is BlockKind.HEADER and any(_just_above(lines[i], table) for table in aligned)
    ]
    if not near:
        return running, aligned
    kept = {i: kind for i, kind in running.items() if i not in near}
    return kept, read([*body, *(lines[i] for i in near)])


def _just_above(line: TextLine, table: FoundTable) -> bool:
    height = line.box.bottom - line.box.top
    return (
        table.bbox.x0 - _TABLE_SLACK <= line.box.x0
        and line.box.x1 <= table.bbox.x1 + _TABLE_SLACK
        and table.bbox.top - height - _TABLE_SLACK <= line.box.bottom
        and line.box.top <= table.bbox.top + _TABLE_SLACK
    )


def _in_table(line: TextLine, tables: Sequence[FoundTable]) -> bool:
    cx = (line.box.x0 + line.box.x1) / 2
    cy = (line.box.top + line.box.bottom) / 2
    return any(
        t.bbox.x0 - _TABLE_SLACK <= cx <= t.bbox.x1 + _TABLE_SLACK
        and t.bbox.top - _TABLE_SLACK <= cy <= t.bbox.bottom + _TABLE_SLACK
        for t in tables
    )


def _interleave(blocks: list[list[TextLine]], tables: Sequence[FoundTable]) -> list[list[TextLine] | FoundTable]:
    """Place each table before the first block below it in its column (blocks are already in reading order)."""
    before: dict[int, list[FoundTable]] = {}
    for table in tables:
        beside = [i for i, b in enumerate(blocks) if _overlaps_horizontally(b, table)]
        below = [i for i in beside if min(ln.box.top for ln in blocks[i]) >= table.bbox.top]
        position = below[0] if below else (beside[-1] + 1 if beside else len(blocks))
        before.setdefault(position, []).append(table)
    out: list[list[TextLine] | FoundTable] = []
    for i in range(len(blocks) + 1):
        here: list[FoundTable] = sorted(before.get(i, []), key=_top)
        out.extend(here)
        if i < len(blocks):
            out.append(blocks[i])
    return out


def _top(table: FoundTable) -> float:
    return table.bbox.top


def _overlaps_horizontally(block: list[TextLine], table: FoundTable) -> bool:
    return min(ln.box.x0 for ln in block) < table.bbox.x1 and max(ln.box.x1 for ln in block) > table.bbox.x0
