"""Ruled tables: a cheap grid test on pdfium's path objects, then pdfplumber only on the pages that pass.

pdfplumber finds ruled tables well but spends most of its time loading characters (LIBRARY-NOTES), so it
only sees pages whose drawn lines actually cross like a grid. Underlines, page frames and separator rules
do not; most figures do not either (their paths are curves, or their lines do not form cells).
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from docsvc.extract.parsers.assemble import join_lines
from docsvc.extract.types import BBox, Cell

log = logging.getLogger(__name__)

THIN = 2.5  # points: a path this thin is a drawn line
MIN_EDGE = 8.0  # points: shorter strokes are glyph parts or bullets
MAX_EDGES = 600  # per direction; beyond that the page is a drawing, tested on its first edges only
_FORM_DEPTH = 3
_TOUCH = 2.0  # points of slack when testing whether two edges meet


@dataclass(frozen=True, slots=True)
class FoundTable:
    bbox: BBox
    rows: tuple[tuple[Cell, ...], ...]


def has_ruled_grid(page: pdfium.PdfPage) -> bool:
    """True when horizontal and vertical drawn edges cross at least six times over three columns' borders."""
    horizontal: list[tuple[float, float, float]] = []  # (y, x0, x1)
    vertical: list[tuple[float, float, float]] = []  # (x, y0, y1)
    left, bottom, right, top = page.get_mediabox()
    _collect_edges(page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, 0, (right - left) * (top - bottom),
                   horizontal, vertical)
    if len(horizontal) < 2 or len(vertical) < 3:
        return False
    crossings = 0
    columns: set[int] = set()
    rows: set[int] = set()
    for y, x0, x1 in horizontal[:MAX_EDGES]:
        for x, y0, y1 in vertical[:MAX_EDGES]:
            if x0 - _TOUCH <= x <= x1 + _TOUCH and y0 - _TOUCH <= y <= y1 + _TOUCH:
                crossings += 1
                columns.add(round(x))
                rows.add(round(y))
    return crossings >= 6 and len(columns) >= 3 and len(rows) >= 2


def _collect_edges(
    parent: object,
    count: object,
    get: object,
    depth: int,
    page_area: float,
    horizontal: list[tuple[float, float, float]],
    vertical: list[tuple[float, float, float]],
) -> None:
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    for i in range(count(parent)):  # type: ignore[operator]
        obj = get(parent, i)  # type: ignore[operator]
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH:
            _collect_edges(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, depth + 1,
                           page_area, horizontal, vertical)
            continue
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not _painted(obj) or not pdfium_c.FPDFPageObj_GetBounds(obj, l, b, r, t):
            continue
        x0, y0, x1, y1 = l.value, b.value, r.value, t.value
        w, h = x1 - x0, y1 - y0
        if h <= THIN and w >= MIN_EDGE:
            horizontal.append(((y0 + y1) / 2, x0, x1))
        elif w <= THIN and h >= MIN_EDGE:
            vertical.append(((x0 + x1) / 2, y0, y1))
        elif w >= MIN_EDGE and h >= MIN_EDGE and w * h < 0.5 * page_area and pdfium_c.FPDFPath_CountSegments(obj) <= 6:
            # a rectangle (a cell border, or a shaded cell as pdfplumber also counts): its four sides are
            # edges; a frame around the whole page is no table
            horizontal += [(y0, x0, x1), (y1, x0, x1)]
            vertical += [(x0, y0, y1), (x1, y0, y1)]


def _painted(path: object) -> bool:
    """Stroked or filled in a colour other than white: white boxes behind text are no table borders."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(path, fill_mode, stroke):
        return True
    colour = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
    if stroke.value and pdfium_c.FPDFPageObj_GetStrokeColor(path, *colour) and not _blank(colour):
        return True
    return bool(fill_mode.value) and bool(pdfium_c.FPDFPageObj_GetFillColor(path, *colour)) and not _blank(colour)


def _blank(colour: tuple[ctypes.c_uint, ...]) -> bool:
    red, green, blue, alpha = (c.value for c in colour)
    return alpha == 0 or min(red, green, blue) >= 250


def extract_tables(path: Path, page_numbers: Sequence[int]) -> dict[int, list[FoundTable]]:
    """Tables per 1-based page number, from pdfplumber, for the given pages only.

    A page pdfplumber cannot handle loses its tables, not the document: its text still comes from pdfium.
    """
    found: dict[int, list[FoundTable]] = {}
    if not page_numbers:
        return found
    with pdfplumber.open(path, pages=list(page_numbers)) as pdf:
        for page in pdf.pages:
            try:
                tables = [t for t in (_convert(table) for table in page.find_tables()) if t is not None]
            except MemoryError:
                raise
            except Exception as exc:  # pdfminer raises bare TypeError/IndexError on odd content
                log.warning("%s page %d: table detection failed (%s: %s)", path.name, page.page_number,
                            type(exc).__name__, exc)
                tables = []
            finally:
                page.close()  # pdfplumber keeps every page's objects otherwise (LIBRARY-NOTES)
            if tables:
                found[page.page_number] = tables
    return found


def _convert(table: pdfplumber.table.Table) -> FoundTable | None:
    """A pdfplumber table as cells with text and boxes, or None for frames that are not tables."""
    texts = table.extract()
    rows: list[tuple[Cell, ...]] = []
    for row, row_texts in zip(table.rows, texts, strict=True):
        cells = []
        for box, text in zip(row.cells, row_texts, strict=True):
            joined = join_lines([(part, None) for part in (text or "").split("\n")])[0]
            cells.append(Cell(joined, BBox(*box) if box is not None else None))
        rows.append(tuple(cells))
    filled = sum(1 for row in rows for c in row if c.text)
    if len(rows) < 2 or max(len(r) for r in rows) < 2 or filled < 2:
        return None
    return FoundTable(bbox=BBox(*table.bbox), rows=tuple(rows))
