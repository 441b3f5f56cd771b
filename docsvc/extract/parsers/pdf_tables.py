"""Ruled tables: drawn edges from pdfium, table geometry from pdfplumber, cell text from pdfium again.

pdfplumber's table finder is good, but reaching it the usual way makes pdfminer interpret every character of
the page (LIBRARY-NOTES: ~80% of pdfplumber's time), and its edges skip borders drawn as multi-segment paths
(LibreOffice draws some rows' verticals that way, so pdfplumber merged those rows into one cell). So the
edges are read here from pdfium's path objects, segment by segment, and handed to pdfplumber as explicit
lines: it snaps, joins and intersects them into cells without parsing the page content. Only pages whose
edges cross like a grid get that far; underlines, rules and page frames do not.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from docsvc.extract.parsers.assemble import join_lines
from docsvc.extract.parsers.pdf_text import PageFrame
from docsvc.extract.types import BBox, Cell

MIN_EDGE = 3.0  # points: pdfplumber's edge_min_length; shorter strokes are glyph parts or bullets
MAX_SEGMENTS = 20_000  # per page; beyond that the page is a vector drawing, not a form with tables
_FORM_DEPTH = 3
_AXIS = 0.5  # points a segment may lean and still be horizontal or vertical
_BUCKET = 3.0  # points: edges closer than pdfplumber's snap tolerance count as one border
_TOUCH = 2.0  # points of slack when testing whether two edges meet
_STRIP = 0.1  # points either side of a column border that a word may not reach into
_SETTINGS = {"vertical_strategy": "explicit", "horizontal_strategy": "explicit"}
_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(slots=True)
class Edges:
    """Drawn horizontal (y, x0, x1, coloured) and vertical (x, top, bottom, coloured) edges in top-left page
    coordinates. White edges matter for the geometry (zebra-striped cells) but not for the grid test:
    white boxes behind ordinary text would make every page look like a form."""

    horizontal: list[tuple[float, float, float, bool]] = field(default_factory=list)
    vertical: list[tuple[float, float, float, bool]] = field(default_factory=list)

    def grid_like(self) -> bool:
        """Do coloured horizontal and vertical edges cross often enough, over enough borders, to form cells?"""
        crossings = 0
        columns: set[int] = set()
        rows: set[int] = set()
        vertical = [v for v in self.vertical if v[3]]
        for y, x0, x1, coloured in self.horizontal:
            if not coloured:
                continue
            for x, top, bottom, _ in vertical:
                if x0 - _TOUCH <= x <= x1 + _TOUCH and top - _TOUCH <= y <= bottom + _TOUCH:
                    crossings += 1
                    columns.add(round(x / _BUCKET))
                    rows.add(round(y / _BUCKET))
        return crossings >= 6 and len(columns) >= 3 and len(rows) >= 2

    def as_pdfplumber(self) -> dict[str, Any]:
        def edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
            return {
                "object_type": "pdfium_edge",
                "orientation": orientation,
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "width": x1 - x0,
                "height": bottom - top,
            }

        return {
            **_SETTINGS,
            "explicit_horizontal_lines": [edge("h", x0, x1, y, y) for y, x0, x1, _ in self.horizontal],
            "explicit_vertical_lines": [edge("v", x, x, top, bottom) for x, top, bottom, _ in self.vertical],
        }


@dataclass(frozen=True, slots=True)
class FoundTable:
    bbox: BBox
    rows: tuple[tuple[Cell, ...], ...]


def drawn_edges(page: pdfium.PdfPage, frame: PageFrame) -> Edges:
    """Straight, painted, axis-aligned path segments of a page (form XObjects included)."""
    edges = Edges()
    _walk(page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, _IDENTITY, 0, frame, edges, [0])
    return edges


def _walk(
    parent: Any, count: Any, get: Any, outer: _Matrix, depth: int, frame: PageFrame, edges: Edges, budget: list[int]
) -> None:
    matrix = pdfium_c.FS_MATRIX()
    for i in range(count(parent)):
        obj = get(parent, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM) or not pdfium_c.FPDFPageObj_GetMatrix(
            obj, matrix
        ):
            continue
        combined = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if depth < _FORM_DEPTH:
                _walk(
                    obj,
                    pdfium_c.FPDFFormObj_CountObjects,
                    pdfium_c.FPDFFormObj_GetObject,
                    combined,
                    depth + 1,
                    frame,
                    edges,
                    budget,
                )
            continue
        segments = pdfium_c.FPDFPath_CountSegments(obj)
        budget[0] += max(segments, 0)
        if budget[0] > MAX_SEGMENTS:
            return
        paint = _paint(obj)
        if segments > 0 and paint is not None:
            for start, end in _straight_segments(obj, segments, combined):
                _add_edge(edges, frame.point(*start), frame.point(*end), coloured=paint)


def _straight_segments(
    path: Any, count: int, matrix: _Matrix
) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
    """Line segments of a path in page space, closing sub-paths; curves are skipped."""
    x, y = ctypes.c_float(), ctypes.c_float()
    current = start = None
    for i in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = _apply(matrix, x.value, y.value)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and current is not None:
            yield current, point
        current = point
        if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None and current != start:
            yield current, start
            current = start


def _add_edge(edges: Edges, a: tuple[float, float], b: tuple[float, float], *, coloured: bool) -> None:
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) <= _AXIS and abs(ax - bx) >= MIN_EDGE:
        edges.horizontal.append(((ay + by) / 2, min(ax, bx), max(ax, bx), coloured))
    elif abs(ax - bx) <= _AXIS and abs(ay - by) >= MIN_EDGE:
        edges.vertical.append(((ax + bx) / 2, min(ay, by), max(ay, by), coloured))


def _compose(inner: _Matrix, outer: _Matrix) -> _Matrix:
    a, b, c, d, e, f = inner
    oa, ob, oc, od, oe, of = outer
    return (
        a * oa + b * oc,
        a * ob + b * od,
        c * oa + d * oc,
        c * ob + d * od,
        e * oa + f * oc + oe,
        e * ob + f * od + of,
    )


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _paint(path: Any) -> bool | None:
    """None for a path that paints nothing (a clipping path), else whether it paints in a colour other than
    white."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(path, fill_mode, stroke):
        return True
    if not (fill_mode.value or stroke.value):
        return None
    colour = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())
    if stroke.value and pdfium_c.FPDFPageObj_GetStrokeColor(path, *colour) and not _blank(colour):
        return True
    return bool(fill_mode.value) and bool(pdfium_c.FPDFPageObj_GetFillColor(path, *colour)) and not _blank(colour)


def _blank(colour: tuple[ctypes.c_uint, ...]) -> bool:
    red, green, blue, alpha = (c.value for c in colour)
    return alpha == 0 or min(red, green, blue) >= 250


@dataclass(frozen=True, slots=True)
class TableGrid:
    """A table's cells as boxes (None where pdfplumber marks a merged cell), before any text is read."""

    bbox: BBox
    rows: tuple[tuple[BBox | None, ...], ...]


def find_grids(path: Path, edges_by_page: dict[int, Edges]) -> dict[int, list[TableGrid]]:
    """pdfplumber's table finder on the given pages' edges; it never reads the pages' content."""
    found: dict[int, list[TableGrid]] = {}
    if not edges_by_page:
        return found
    with pdfplumber.open(path, pages=sorted(edges_by_page)) as pdf:
        for page in pdf.pages:
            try:
                tables = page.find_tables(edges_by_page[page.page_number].as_pdfplumber())
                grids = [_grid(table) for table in tables]
            finally:
                page.close()  # pdfplumber keeps every page's objects otherwise (LIBRARY-NOTES)
            grids = [g for g in grids if len(g.rows) >= 2 and max(len(r) for r in g.rows) >= 2]
            if grids:
                found[page.page_number] = grids
    return found


def _grid(table: Any) -> TableGrid:
    rows = tuple(tuple(BBox(*box) if box is not None else None for box in row.cells) for row in table.rows)
    return TableGrid(bbox=BBox(*table.bbox), rows=rows)


def fill_cells(textpage: pdfium.PdfTextPage, frame: PageFrame, grid: TableGrid) -> FoundTable | None:
    """Cell text from pdfium; None for frames that hold fewer than two filled cells (boxes around text)."""
    starts = sorted({round(box.x0, 1) for row in grid.rows for box in row if box is not None})
    rows = tuple(_fill_row(textpage, frame, row, starts) for row in grid.rows)
    if sum(1 for row in rows for cell in row if cell.text) < 2:
        return None
    return FoundTable(bbox=grid.bbox, rows=rows)


def _fill_row(
    textpage: pdfium.PdfTextPage, frame: PageFrame, row: tuple[BBox | None, ...], starts: list[float]
) -> tuple[Cell, ...]:
    """Cells of one row. A cell spanning several columns is split at the other rows' column borders when its
    text falls into more than one of them and no word crosses a border: the row's vertical borders were not
    drawn (it happens). A heading centred over two columns crosses the border and stays merged."""
    cells = [Cell("") for _ in row]
    for i, box in enumerate(row):
        if box is None:
            continue  # covered by a merged cell
        inner = [x for x in starts if box.x0 + 1 < x < box.x1 - 1][: len(row) - i - 1]
        if inner and not any(_crossed(textpage, frame, x, box) for x in inner):
            edges = [box.x0, *inner, box.x1]
            parts = [BBox(a, box.top, b, box.bottom) for a, b in zip(edges, edges[1:], strict=False)]
            texts = [_cell_text(textpage, frame, part) for part in parts]
            if sum(1 for t in texts if t) >= 2:
                cells[i : i + len(parts)] = [Cell(t, part) for t, part in zip(texts, parts, strict=True)]
                continue
        cells[i] = Cell(_cell_text(textpage, frame, box), box)
    return tuple(cells)


def _crossed(textpage: pdfium.PdfTextPage, frame: PageFrame, x: float, box: BBox) -> bool:
    """Does any character overlap the vertical line at ``x`` within ``box``? (pdfium's bounded text is every
    character intersecting the rectangle.)"""
    return bool(_cell_text(textpage, frame, BBox(x - _STRIP, box.top, x + _STRIP, box.bottom)))


def _cell_text(textpage: pdfium.PdfTextPage, frame: PageFrame, box: BBox) -> str:
    left, bottom, right, top = frame.user_box(box)
    raw = textpage.get_text_bounded(left, bottom, right, top)
    return join_lines([(line, None) for line in raw.splitlines()])[0]
