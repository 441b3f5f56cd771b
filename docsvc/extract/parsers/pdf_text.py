"""Text lines with positions from pypdfium2, converted to pdfplumber's top-left coordinates.

One ``get_text_range`` call per page gives pdfium's text with its own line breaks; each line's box comes from
the text rectangles of its character range, its size and baseline from its first character, its weight from
its first and last. That is a handful of ctypes calls per line instead of one per character (LIBRARY-NOTES:
pypdfium2 text alone runs at 400-500 pages/s, with a box per character at 80-160). Only a line with a wide
horizontal gap (two columns printed row by row, a tabbed "label    value" line) is measured character by
character, to split it.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from docsvc.extract.parsers.assemble import clean
from docsvc.extract.types import BBox

# pdfium joins a line ending in a hyphen to the next one and marks the hyphen U+FFFE: split there again.
_LINE = re.compile(r"[^\r\n\ufffe]+\ufffe?")
_BOLD_NAME = re.compile(rb"bold|black|heavy|semibold|demi", re.IGNORECASE)
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag
_MIN_GAP = 12.0  # points; narrower gaps are word spaces, even in stretched justified lines
_GAP_HEIGHTS = 3.0  # ... and so are gaps under three glyph heights
# A gap this wide inside a line (two or three word spaces) is recorded as a place where the line may be cut, should
# it meet a table's column edge (``TextLine.breaks``); only the borderless-table reader uses it.
_SOFT_GAP = 8.0


@dataclass(slots=True)
class TextLine:
    """One line (or one column's part of a line) in top-left page coordinates."""

    text: str
    box: BBox
    baseline: float  # distance of the baseline from the top of the page
    size: float
    bold: bool
    column: int = 0
    # Gaps inside the line wider than a word space but too narrow to split it (two table cells set close
    # together: "P1 – Critical   Service down"): (visible characters before the gap, left edge of the text after
    # it). The borderless-table reader cuts a line there when the gap meets a column edge found in other rows.
    breaks: tuple[tuple[int, float], ...] = ()


@dataclass(frozen=True, slots=True)
class PageFrame:
    """Maps PDF user space (origin bottom-left of the media box, unrotated) to the displayed page."""

    width: float
    height: float
    origin_x: float
    origin_y: float
    rotation: int  # clockwise degrees: 0, 90, 180 or 270

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> PageFrame:
        left, bottom, right, top = page.get_mediabox()
        rotation = page.get_rotation() % 360
        w, h = right - left, top - bottom
        if w < 1 or h < 1:
            # A damaged or degenerate MediaBox: positions in it would all collapse onto one line. Fall back to
            # the default page size of the PDF specification (US Letter) so boxes keep their order and extent.
            left, bottom, w, h = 0.0, 0.0, 612.0, 792.0
        if rotation in (90, 270):
            w, h = h, w
        return cls(width=w, height=h, origin_x=left, origin_y=bottom, rotation=rotation)

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.origin_x, y - self.origin_y
        if self.rotation == 90:
            return v, u
        if self.rotation == 180:
            return self.width - u, v
        if self.rotation == 270:
            return self.width - v, self.height - u
        return u, self.height - v

    def user_point(self, x: float, y: float) -> tuple[float, float]:
        """The inverse of ``point``: displayed top-left coordinates back to PDF user space."""
        if self.rotation == 90:
            u, v = y, x
        elif self.rotation == 180:
            u, v = self.width - x, y
        elif self.rotation == 270:
            u, v = self.height - y, self.width - x
        else:
            u, v = x, self.height - y
        return u + self.origin_x, v + self.origin_y

    def user_box(self, box: BBox) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) in PDF user space, as pdfium's text functions take it."""
        ax, ay = self.user_point(box.x0, box.top)
        bx, by = self.user_point(box.x1, box.bottom)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def box(self, left: float, bottom: float, right: float, top: float) -> BBox:
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        upper, lower = _clamp(min(ay, by), self.height), _clamp(max(ay, by), self.height)
        if lower - upper < MIN_EXTENT:
            # A zero font size or text matrix (damaged files) gives glyphs no height; a box must still have
            # some, so that "top < bottom" holds for everything downstream (layout, evidence, highlighting).
            lower = min(upper + MIN_EXTENT, self.height)
            upper = lower - MIN_EXTENT
        return BBox(_clamp(min(ax, bx), self.width), upper, _clamp(max(ax, bx), self.width), lower)


def read_lines(textpage: pdfium.PdfTextPage, frame: PageFrame) -> list[TextLine]:
    """All text lines of a page in pdfium's order (the content stream's, which is usually reading order)."""
    text = textpage.get_text_range()
    if not text.strip():
        return []
    to_char = _char_index(textpage, identity=len(text) == textpage.count_chars())
    font = _FontProbe(textpage)
    lines: list[TextLine] = []
    for m in _LINE.finditer(text):
        start, end = _strip_span(text, m.start(), m.end())
        if start >= end:
            continue
        first, last = to_char(start), to_char(end - 1)
        rects = [textpage.get_rect(i) for i in range(textpage.count_rects(first, last - first + 1))]
        if not rects:
            continue
        if to_char is _same and _has_wide_gap(rects):
            split = _split_at_gaps(textpage, text, start, end, rects)
            pieces = [(s, e - 1, piece_rects) for s, e, piece_rects in split]
        else:
            pieces = [(first, last, rects)]
        if to_char is _same and _stacked(rects):
            pieces = [w for s, e, piece_rects in pieces for w in _split_at_wraps(textpage, text, s, e + 1)]
        for s, e, piece_rects in pieces:
            line_text = clean(text[s : e + 1] if to_char is _same else text[start:end])
            if line_text and piece_rects:
                line = _make_line(line_text, s, e, piece_rects, frame, font)
                if to_char is _same and _has_gap(piece_rects, _SOFT_GAP):
                    line.breaks = _soft_breaks(textpage, text, s, e + 1, frame)
                lines.append(line)
    return lines


def _make_line(
    text: str, first: int, last: int, rects: list[tuple[float, float, float, float]], frame: PageFrame, font: _FontProbe
) -> TextLine:
    box = BBox.enclosing([frame.box(*r) for r in rects])
    assert box is not None  # rects is never empty
    origin_x, origin_y = font.origin(first)
    return TextLine(
        text=text,
        box=box,
        baseline=frame.point(origin_x, origin_y)[1],
        size=font.size(first),
        bold=font.bold(first) and font.bold(last),
    )


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _same(i: int) -> int:
    return i


def _char_index(textpage: pdfium.PdfTextPage, *, identity: bool) -> Callable[[int], int]:
    """Text index → character index; they differ only when pdfium hides or adds characters (rare)."""
    if identity:
        return _same

    def convert(i: int) -> int:
        return max(int(pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage, i)), 0)

    return convert


def _gap_limit(rects: list[tuple[float, float, float, float]]) -> float:
    height = max(r[3] - r[1] for r in rects)
    return max(_MIN_GAP, _GAP_HEIGHTS * height)


def _has_wide_gap(rects: list[tuple[float, float, float, float]]) -> bool:
    return _has_gap(rects, _gap_limit(rects)) if len(rects) >= 2 else False


def _has_gap(rects: list[tuple[float, float, float, float]], limit: float) -> bool:
    ordered = sorted(rects)
    return any(b[0] - a[2] > limit for a, b in zip(ordered, ordered[1:], strict=False))


def _soft_breaks(
    textpage: pdfium.PdfTextPage, text: str, start: int, end: int, frame: PageFrame
) -> tuple[tuple[int, float], ...]:
    """The gaps wider than ``_SOFT_GAP`` inside a line that was not split: (visible characters before the gap,
    page x where the text after it starts)."""
    return tuple((visible, frame.box(*box).x0) for _, visible, box in _char_gaps(textpage, text, start, end, _SOFT_GAP))


def _char_gaps(
    textpage: pdfium.PdfTextPage, text: str, start: int, end: int, limit: float
) -> Iterator[tuple[int, int, tuple[float, float, float, float]]]:
    """Where consecutive visible characters are further apart than ``limit``: (index of the character after the
    gap, visible characters before it, that character's box in PDF user space)."""
    visible = 0
    prev_right: float | None = None
    for i in range(start, end):
        if text[i].isspace():
            continue
        box = textpage.get_charbox(i)
        if prev_right is not None and box[0] - prev_right > limit:
            yield i, visible, box
        prev_right = box[2]
        visible += 1


def _split_at_gaps(
    textpage: pdfium.PdfTextPage, text: str, start: int, end: int, rects: list[tuple[float, float, float, float]]
) -> Iterator[tuple[int, int, list[tuple[float, float, float, float]]]]:
    """Split a line where consecutive visible characters are further apart than a word space."""
    piece_start = start
    for i, _, _ in _char_gaps(textpage, text, start, end, _gap_limit(rects)):
        yield _piece(textpage, text, piece_start, i)
        piece_start = i
    yield _piece(textpage, text, piece_start, end)


def _stacked(rects: list[tuple[float, float, float, float]]) -> bool:
    """Does one of a line's text rectangles lie wholly above another (user space: bottom, top at 1, 3)?"""
    return max(r[1] for r in rects) > min(r[3] for r in rects)


def _split_at_wraps(
    textpage: pdfium.PdfTextPage, text: str, start: int, end: int
) -> Iterator[tuple[int, int, list[tuple[float, float, float, float]]]]:
    """Split a line where its characters go on below and to the left: pdfium sometimes gives the two lines of a
    word that a narrow table cell broke ("Descriptio" over "n", the "n" level with the next cell's text) as one
    line with a space between. Read as one line it sits on neither visual row, and the word keeps a space.
    Pieces are (first, last, rectangles) with ``last`` inclusive."""
    piece_start = start
    previous: tuple[float, float, float, float] | None = None
    for i in range(start, end):
        if text[i].isspace():
            continue
        box = textpage.get_charbox(i)
        if previous is not None and box[3] < previous[1] and box[0] < previous[2]:
            s, e, rects = _piece(textpage, text, piece_start, i)
            if rects:
                yield s, e - 1, rects
            piece_start = i
        previous = box
    s, e, rects = _piece(textpage, text, piece_start, end)
    if rects:
        yield s, e - 1, rects


def _piece(
    textpage: pdfium.PdfTextPage, text: str, start: int, end: int
) -> tuple[int, int, list[tuple[float, float, float, float]]]:
    start, end = _strip_span(text, start, end)
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects(start, end - start))]
    return start, end, rects


class _FontProbe:
    """Font size, weight and glyph origin of single characters through pdfium's C API."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self._tp = textpage
        self._name = ctypes.create_string_buffer(128)
        self._flags = ctypes.c_int()
        self._x = ctypes.c_double()
        self._y = ctypes.c_double()

    def size(self, i: int) -> float:
        return round(float(pdfium_c.FPDFText_GetFontSize(self._tp, i)), 1)

    def bold(self, i: int) -> bool:
        # FPDFText_GetFontWeight says 400 for most embedded bold fonts; the name and ForceBold flag do not lie.
        n = pdfium_c.FPDFText_GetFontInfo(self._tp, i, self._name, len(self._name), ctypes.byref(self._flags))
        return bool(n and _BOLD_NAME.search(self._name.value)) or bool(self._flags.value & _FORCE_BOLD)

    def origin(self, i: int) -> tuple[float, float]:
        pdfium_c.FPDFText_GetCharOrigin(self._tp, i, self._x, self._y)
        return self._x.value, self._y.value


MIN_EXTENT = 0.01  # points; far below anything visible


def _clamp(value: float, limit: float) -> float:
    return min(max(value, 0.0), limit)
