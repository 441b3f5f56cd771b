"""Scanned pages of a PDF: which pages need OCR, and their OCR text as the PDF parser's lines and tables.

A page needs OCR when it has no text layer, when its text layer is garbage (a font without a Unicode map
gives control characters or shifted letters), or when a page-sized image carries only a few characters of
text (a stamped page number on a scan). Pages render in this thread (pdfium is not thread-safe) and are read by
tesseract processes started from a small thread pool, one page each.

Positions: the layout code reads OCR lines in *upright* points (the page turned so its text runs left to
right, skew removed), so line pitch and columns mean the same as on born-digital pages; ``Placement`` maps
every box back onto the page as displayed, where evidence is highlighted.
"""

from __future__ import annotations

import os
import re
import statistics
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytesseract
from PIL import Image

from docsvc.extract.errors import CorruptDocument, OcrUnavailable, ResourceLimitExceeded
from docsvc.extract.language import detect_language
from docsvc.extract.ocr import OcrLine, PageScan, cell_text, scan_page
from docsvc.extract.ocr.tesseract import LANGUAGES
from docsvc.extract.parsers.assemble import join_lines
from docsvc.extract.parsers.pdf_tables import Edges, FoundTable, TableGrid
from docsvc.extract.parsers.pdf_text import MIN_EXTENT, TextLine
from docsvc.extract.types import BBox, Cell

SPARSE_CHARS = 40  # a page-sized image with fewer characters of text than this is a scan with a stamp on it
IMAGE_SHARE = 0.5
MIN_GOOD_SHARE = 0.6  # letters, digits and ordinary punctuation among the visible characters
MIN_VOWEL_SHARE = 0.2  # English and German text: ~0.38; glyph codes shifted by a constant: far less
MIN_RENDER_DPI = 100
USABLE_SAMPLE = 1500  # characters of a page's text judged for usable_text (evenly spread)
BLANK_PROBE_DPI = 30  # a thumbnail is enough to see whether a page without text or images carries any ink
DARK_LEVEL = 200
BLANK_INK_SHARE = 0.01  # rules and a page border: < 0.5 %; a page of text drawn as outlines: several per cent
SIZE_SNAP = 0.08  # estimated sizes this close to the page's body size are the body size
BOLD_INK = 1.6  # a line with this much more ink per pixel than the page's typical line is bold
_PUNCTUATION = frozenset(".,;:!?-–—()[]{}/\\%€$£&§'\"’‘“”„«»+*#@=<>_•°|~")
_VOWELS = frozenset("aeiouyäöüAEIOUYÄÖÜ")


@dataclass(frozen=True, slots=True)
class OcrOptions:
    command: str
    languages: str  # tesseract codes ("eng", "deu+eng") or "auto": from the text layer or a first pass
    dpi: int
    workers: int
    timeout: float


def needs_ocr(page: pdfium.PdfPage, lines: Sequence[TextLine]) -> bool:
    if not lines:
        return _image_share(page) > 0 or not _nearly_blank(page)
    if not usable_text(" ".join(ln.text for ln in lines)):
        return True
    chars = sum(len(ln.text) for ln in lines)
    return chars < SPARSE_CHARS and _image_share(page) > IMAGE_SHARE


def usable_text(text: str) -> bool:
    # Shares, so every n-th character of a long page tells as much as all of them, at a fraction of the cost.
    if len(text) > USABLE_SAMPLE:
        text = text[::len(text) // USABLE_SAMPLE + 1]
    visible = len(text) - _count(_SPACE, text)
    if not visible:
        return False
    if _count(_GOOD, text) / visible < MIN_GOOD_SHARE:
        return False
    letters = _count(_LETTER, text)
    return letters < 40 or _count(_VOWEL, text) / letters >= MIN_VOWEL_SHARE


def _count(pattern: re.Pattern[str], text: str) -> int:
    return pattern.subn("", text)[1]  # counted in C: a page's text is thousands of characters, on every page


def _char_class(chars: Iterable[str]) -> str:
    """A regex character class of ``chars``, consecutive code points written as ranges."""
    points = sorted({ord(c) for c in chars})
    parts, start = [], 0
    for i, point in enumerate(points):
        if i + 1 == len(points) or points[i + 1] != point + 1:
            first = points[start]
            parts.append(re.escape(chr(first)) + (f"-{re.escape(chr(point))}" if point > first else ""))
            start = i + 1
    return "[" + "".join(parts) + "]"


# Good characters: letters and digits below U+2000 (glyph codes shifted into other scripts are not text here)
# and ordinary punctuation; vowels tell real English/German words from letters shifted by a constant.
_SPACE = re.compile(r"\s")
_GOOD = re.compile(_char_class([c for c in map(chr, range(0x2000)) if c.isalnum() and c.isprintable()]
                               + list(_PUNCTUATION)))
_LETTER = re.compile(r"[^\W\d_]")
_VOWEL = re.compile(_char_class(_VOWELS))


def _nearly_blank(page: pdfium.PdfPage) -> bool:
    """Too little ink for text: an empty page, or one with only a header rule and a footer rule (common in
    filed contracts). OCR of such a page costs a second of tesseract for nothing, so a thumbnail decides."""
    bitmap = page.render(scale=BLANK_PROBE_DPI / 72, grayscale=True)
    try:
        image = bitmap.to_pil()
        dark = sum(image.histogram()[:DARK_LEVEL])
        return bool(dark / max(image.width * image.height, 1) < BLANK_INK_SHARE)
    finally:
        bitmap.close()


def _image_share(page: pdfium.PdfPage) -> float:
    width, height = page.get_size()
    area = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        area += max(0.0, right - left) * max(0.0, top - bottom)
    return float(area / max(width * height, 1.0))


@dataclass(frozen=True, slots=True)
class Placement:
    """Upright points → displayed page points."""

    scan: PageScan
    source_size: tuple[int, int]  # pixels of the rendered (and scaled) page image
    page_size: tuple[float, float]

    def box(self, box: BBox) -> BBox:
        k = self.scan.dpi / 72
        corners = [
            self.scan.upright.to_source(x * k, y * k) for x in (box.x0, box.x1) for y in (box.top, box.bottom)
        ]
        sx, sy = self.page_size[0] / self.source_size[0], self.page_size[1] / self.source_size[1]
        xs = [min(max(x * sx, 0.0), self.page_size[0]) for x, _ in corners]
        ys = [min(max(y * sy, 0.0), self.page_size[1]) for _, y in corners]
        top, bottom = min(ys), max(ys)
        if bottom - top < MIN_EXTENT:
            top = max(0.0, bottom - MIN_EXTENT)
        return BBox(round(min(xs), 2), round(top, 2), round(max(xs), 2), round(bottom, 2))


@dataclass(frozen=True, slots=True)
class ScannedPage:
    lines: list[TextLine]  # upright points
    width: float  # upright page size in points
    height: float
    placement: Placement

    @property
    def scan(self) -> PageScan:
        return self.placement.scan

    def edges(self) -> Edges:
        k = 72 / self.scan.dpi
        rulings = self.scan.rulings
        return Edges(
            horizontal=[(y * k, x0 * k, x1 * k, True) for y, x0, x1 in rulings.horizontal],
            vertical=[(x * k, top * k, bottom * k, True) for x, top, bottom in rulings.vertical],
        )

    def fill(self, grid: TableGrid) -> FoundTable | None:
        """Cell text from the OCR words inside each cell; None for frames with fewer than two filled cells."""
        starts = sorted({round(box.x0, 1) for row in grid.rows for box in row if box is not None})
        rows = tuple(self._fill_row(row, starts) for row in grid.rows)
        if sum(1 for row in rows for cell in row if cell.text) < 2:
            return None
        return FoundTable(bbox=grid.bbox, rows=rows)

    def _fill_row(self, row: tuple[BBox | None, ...], starts: list[float]) -> tuple[Cell, ...]:
        """As ``pdf_tables.fill_cells`` does for text layers: a cell spanning several columns is split at the
        other rows' column borders when its words fall on both sides and none crosses a border (a border lost
        in a shaded row, or never drawn)."""
        cells = [Cell("") for _ in row]
        for i, box in enumerate(row):
            if box is None:
                continue
            inner = [x for x in starts if box.x0 + 1 < x < box.x1 - 1][: len(row) - i - 1]
            if inner and not any(self._crossed(x, box) for x in inner):
                edges = [box.x0, *inner, box.x1]
                parts = [BBox(a, box.top, b, box.bottom) for a, b in zip(edges, edges[1:], strict=False)]
                texts = [self._text(part) for part in parts]
                if sum(1 for t in texts if t) >= 2:
                    cells[i : i + len(parts)] = [Cell(t, part) for t, part in zip(texts, parts, strict=True)]
                    continue
            cells[i] = Cell(self._text(box), box)
        return tuple(cells)

    def _text(self, box: BBox) -> str:
        return join_lines([(t, None) for t in cell_text(self.scan.words, _scaled(box, self.scan.dpi / 72))])[0]

    def _crossed(self, x: float, box: BBox) -> bool:
        k = self.scan.dpi / 72
        px, (x0, top, x1, bottom) = x * k, _scaled(box, k)
        return any(
            w.left < px < w.left + w.width
            and top <= w.top + w.height / 2 <= bottom
            and x0 <= w.left + w.width / 2 <= x1
            for w in self.scan.words
        )


def _scaled(box: BBox, k: float) -> tuple[float, float, float, float]:
    return box.x0 * k, box.top * k, box.x1 * k, box.bottom * k


def read_scans(
    pdf: pdfium.PdfDocument, numbers: Sequence[int], options: OcrOptions, *, text_hint: str, name: str
) -> dict[int, ScannedPage]:
    """OCR of the given 1-based pages, at most ``2 × workers`` page images in memory at once."""
    pending = list(numbers)
    done: dict[int, ScannedPage] = {}
    languages = options.languages
    try:
        languages = _languages(options.languages, text_hint) or _probe_language(pdf, pending[0], options)
        workers = options.workers or os.cpu_count() or 1
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
            futures: dict[int, Future[ScannedPage]] = {}
            for number in pending:
                rendered = _render(pdf, number, options.dpi)
                futures[number] = pool.submit(_read, *rendered, options, languages)
                while sum(1 for f in futures.values() if not f.done()) >= 2 * workers:
                    wait(futures.values(), return_when=FIRST_COMPLETED)
            done.update({number: future.result() for number, future in futures.items()})
    except pytesseract.TesseractError as exc:  # a language model missing, an image it cannot read
        detail = " ".join(str(exc.message).split())[:200]
        if "language" in detail.lower():
            raise OcrUnavailable(f"{name}: tesseract cannot load the OCR languages {languages!r} ({detail})") from exc
        raise CorruptDocument(f"{name}: OCR failed on a page ({detail})") from exc
    except RuntimeError as exc:  # pytesseract's per-page timeout
        if "timeout" not in str(exc).lower():
            raise
        raise ResourceLimitExceeded(
            f"{name}: OCR of a page took longer than {options.timeout:g} s (the parsing limit)"
        ) from exc
    return done


def _languages(setting: str, text: str) -> str | None:
    if setting != "auto":
        return setting
    if len(text.split()) < 30:
        return None
    return LANGUAGES[detect_language(text).language]


def _probe_language(pdf: pdfium.PdfDocument, number: int, options: OcrOptions) -> str:
    """Tesseract model(s) for a scan with no text layer to tell the language from: a first pass with both
    models over the middle of the first scanned page. Reading every page with both costs ~12% more time and
    reads German umlauts worse ("fur" for "für") than the German model alone."""
    image, scale, _ = _render(pdf, number, options.dpi)
    band = image.crop((0, image.height // 6, image.width, image.height * 2 // 3))
    probe = scan_page(band, scale=scale, dpi=options.dpi, command=options.command, languages="eng+deu",
                      timeout=options.timeout)
    return _languages("auto", " ".join(ln.text for ln in probe.lines)) or "eng+deu"


def _render(pdf: pdfium.PdfDocument, number: int, dpi: int) -> tuple[Image.Image, float, tuple[float, float]]:
    """The displayed page at the scan's own resolution (for speckle removal) and the factor up to ``dpi``."""
    page = pdf[number - 1]
    try:
        native = _native_dpi(page)
        render_dpi = float(dpi) if native is None else min(float(dpi), max(native, MIN_RENDER_DPI))
        image = page.render(scale=render_dpi / 72, grayscale=True).to_pil().convert("L")
        size = page.get_size()
    finally:
        page.close()
    return image, dpi / render_dpi, size


def _native_dpi(page: pdfium.PdfPage) -> float | None:
    """Resolution of the largest image on the page: the scan, when the page is one."""
    best: tuple[float, float] | None = None
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        width_px, _ = obj.get_px_size()
        area = (right - left) * (top - bottom)
        if right - left > 1 and (best is None or area > best[0]):
            best = (area, width_px / ((right - left) / 72))
    return best[1] if best else None


def _read(
    image: Image.Image, scale: float, page_size: tuple[float, float], options: OcrOptions, languages: str
) -> ScannedPage:
    scan = scan_page(
        image, scale=scale, dpi=options.dpi, command=options.command, languages=languages, timeout=options.timeout
    )
    source = (round(image.width * scale), round(image.height * scale))
    k = 72 / options.dpi
    return ScannedPage(
        lines=_text_lines(scan.lines, k),
        width=scan.upright.size[0] * k,
        height=scan.upright.size[1] * k,
        placement=Placement(scan, source, page_size),
    )


def _text_lines(found: Sequence[OcrLine], k: float) -> list[TextLine]:
    """Upright-point lines with sizes snapped to the page's body size and boldness from ink density."""
    if not found:
        return []
    weights = [max(len(ln.text), 1) for ln in found]
    body = _weighted_median([ln.em * k for ln in found], weights)
    ink = _weighted_median([ln.ink for ln in found], weights)
    out = []
    for ln in found:
        size = ln.em * k
        size = body if abs(size - body) <= SIZE_SNAP * body else size
        out.append(
            TextLine(
                text=ln.text,
                box=BBox(ln.x0 * k, ln.top * k, ln.x1 * k, max(ln.bottom * k, ln.top * k + MIN_EXTENT)),
                baseline=ln.baseline * k,
                size=round(size * 2) / 2,
                bold=len(ln.text) >= 3 and ln.ink > BOLD_INK * ink,
            )
        )
    return out


def _weighted_median(values: list[float], weights: list[int]) -> float:
    pairs = sorted(zip(values, weights, strict=True))
    half = sum(weights) / 2
    running = 0
    for value, weight in pairs:
        running += weight
        if running >= half:
            return value
    return statistics.median(values)
