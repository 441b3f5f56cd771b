"""Page layout for PDFs: running headers and footers, columns, and lines grouped into paragraphs.

Everything here works on positions and font data only, never on words of one language: paragraph breaks come
from vertical gaps, style changes, short last lines and numbering at a line start.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from docsvc.extract.parsers.headings import EMPHASIS_SIZE_RATIO, heading_level
from docsvc.extract.parsers.pdf_text import TextLine
from docsvc.extract.types import BlockKind

RUNNING_ZONE = 0.12  # top/bottom share of the page where running headers and footers live
RUNNING_SHARE = 0.4  # a line repeated on this share of pages is running text
OCR_SIMILAR = 0.85  # on OCR'd pages a running line matches another this similar (a misread letter or dash)
ZONE_LINES = 3  # lines per zone and page that may be running text
PARAGRAPH_GAP = 1.2  # a baseline step this much larger than the paragraph's own line pitch starts a new block
SHORT_LINE = 0.2  # a line ending this share of the column width early is a paragraph's last line

_DIGITS = re.compile(r"\d+")
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―", "-"))  # OCR reads one dash as another from page to page
# Around the number only decoration ("- 3 -", "[3]", "Page 3 of 12"): a value such as "99.0 %" or "€ 25,00" closing a
# page is table text, not a page number.
_DECORATION = r"[\s\-–—|\[\](){}.*·•_]*"
_PAGE_NUMBER = re.compile(rf"^{_DECORATION}(?:page|seite|p\.|s\.)?\s*#\s*(?:(?:of|von|/|de)\s*#)?{_DECORATION}$",
                          re.IGNORECASE)
BULLET = re.compile(r"^[•▪●◦‣∙·○■□➢►*\-–—]\s+")  # a bullet glyph and the space after it
_ENUMERATION = re.compile(
    r"^(?:\(?[a-zA-Z]{1,2}\)|\(?[ivxlcIVXLC]{1,6}\)|\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}\.\d{1,3}|§\s*\d)"
)
LIST_ITEM_START = re.compile(r"^(?:[•▪●◦‣∙·○■□➢►*]|\(?[a-z]{1,2}\)|\(?[ivxlc]{1,6}\))\s")
_TERMINAL = (".", ":", ";", "!", "?", '"', "”", ")")


@dataclass(frozen=True, slots=True)
class Typography:
    """Document-wide measures the block rules compare against."""

    body_size: float
    pitch: float  # the most common baseline-to-baseline step: the line pitch inside paragraphs
    text_left: float  # where most lines start and end: a page of short lines (a contents page) has
    text_right: float  # no long line to tell where its column ends

    @classmethod
    def measure(cls, pages: Sequence[Sequence[TextLine]]) -> Typography:
        sizes: Counter[float] = Counter()
        pitches: Counter[float] = Counter()
        lefts = sorted(ln.box.x0 for lines in pages for ln in lines)
        rights = sorted(ln.box.x1 for lines in pages for ln in lines)
        for lines in pages:
            for prev, ln in zip(lines, lines[1:], strict=False):
                step = ln.baseline - prev.baseline
                if 0 < step < 3 * max(prev.box.bottom - prev.box.top, 1.0):
                    pitches[round(step * 2) / 2] += 1
            for ln in lines:
                sizes[ln.size] += len(ln.text)
        body = sizes.most_common(1)[0][0] if sizes else 10.0
        pitch = pitches.most_common(1)[0][0] if pitches else body * 1.2
        return cls(
            body_size=body or 10.0,
            pitch=pitch,
            text_left=lefts[len(lefts) // 10] if lefts else 0.0,
            text_right=rights[9 * len(rights) // 10] if rights else 0.0,
        )


def running_lines(
    pages: Sequence[tuple[Sequence[TextLine], float]], ocr_pages: Collection[int] = ()
) -> list[dict[int, BlockKind]]:
    """Per page, the indices of lines that are running headers or footers, with their kind.

    A line is running text when it sits in the top or bottom zone and, with digits ignored, repeats on many
    pages ("Page 3 of 12", "Confidential – Acme MSA"). A lone page number counts even if nothing repeats, and
    also outside the zones when it is a page's first or last line (filings often end pages mid-sheet).
    On the pages listed in ``ocr_pages`` (0-based) a line also repeats when it is nearly the same text.
    """
    candidates: list[dict[int, tuple[BlockKind, str]]] = []
    for lines, height in pages:
        found: dict[int, tuple[BlockKind, str]] = {}
        order = sorted(range(len(lines)), key=lambda i: lines[i].box.top)
        for rank, i in enumerate(order[:ZONE_LINES]):
            pattern = _pattern(lines[i].text)
            if lines[i].box.bottom <= RUNNING_ZONE * height or (
                rank == 0 and _PAGE_NUMBER.match(pattern) and not _beside(lines, i)
            ):
                found[i] = (BlockKind.HEADER, pattern)
        for rank, i in enumerate(reversed(order[-ZONE_LINES:])):
            pattern = _pattern(lines[i].text)
            if lines[i].box.top >= (1 - RUNNING_ZONE) * height or (
                rank == 0 and _PAGE_NUMBER.match(pattern) and not _beside(lines, i)
            ):
                found[i] = (BlockKind.FOOTER, pattern)
        candidates.append(found)
    if ocr_pages:
        _unify_misreadings(candidates, ocr_pages)
    counts = Counter(key for found in candidates for key in set(found.values()))
    needed = max(2, math.ceil(RUNNING_SHARE * sum(1 for lines, _ in pages if lines)))
    return [
        {
            i: kind
            for i, (kind, pattern) in found.items()
            if counts[(kind, pattern)] >= needed or _PAGE_NUMBER.match(pattern)
        }
        for found in candidates
    ]


def _beside(lines: Sequence[TextLine], i: int) -> bool:
    """Does another line share line ``i``'s baseline? A page number stands alone; a number level with other text
    is a table cell ("P3 | 8 | 48" closing the page mid-sheet)."""
    ln = lines[i]
    height = max(ln.box.bottom - ln.box.top, 1.0)
    return any(k != i and abs(other.baseline - ln.baseline) < 0.3 * height for k, other in enumerate(lines))


def _unify_misreadings(candidates: list[dict[int, tuple[BlockKind, str]]], ocr_pages: Collection[int]) -> None:
    """Replace a candidate's pattern on an OCR'd page by a nearly equal one seen on another page."""
    seen: list[tuple[BlockKind, str]] = []
    for number, found in enumerate(candidates):
        for i, (kind, pattern) in found.items():
            if number in ocr_pages and (kind, pattern) not in seen:
                match = next((p for k, p in seen if k is kind and _similar(p, pattern)), None)
                if match is not None:
                    found[i] = (kind, match)
                    continue
            seen.append(found[i])


def _similar(a: str, b: str) -> bool:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= OCR_SIMILAR and matcher.ratio() >= OCR_SIMILAR


def _pattern(text: str) -> str:
    return " ".join(_DIGITS.sub("#", text.translate(_DASHES)).lower().split())


def reading_order(lines: list[TextLine], page_width: float) -> list[TextLine]:
    """Lines in reading order. Two-column pages are read column by column, band by band between lines that
    span both columns (titles, full-width clauses); other pages keep pdfium's content-stream order."""
    gutter = _find_gutter(lines, page_width)
    if gutter is None:
        return lines
    middle = (gutter[0] + gutter[1]) / 2
    ordered: list[TextLine] = []
    columns: tuple[list[TextLine], list[TextLine]] = ([], [])
    for ln in sorted(lines, key=lambda ln: (ln.baseline, ln.box.x0)):
        if ln.box.x1 <= middle:
            ln.column = 1
            columns[0].append(ln)
        elif ln.box.x0 >= middle:
            ln.column = 2
            columns[1].append(ln)
        else:
            ordered += columns[0] + columns[1]
            columns[0].clear()
            columns[1].clear()
            ordered.append(ln)
    return ordered + columns[0] + columns[1]


def _find_gutter(lines: Sequence[TextLine], width: float) -> tuple[float, float] | None:
    """The widest vertical strip in the middle of the page that (almost) no line crosses, if it separates
    two real text columns: several lines on each side, mostly filling their column, side by side."""
    if len(lines) < 10:
        return None
    allowed = max(1, len(lines) // 20)  # titles and full-width lines may cross the gutter
    best: tuple[float, float] | None = None
    coverage = 0
    run_start: float | None = 0.0
    for x, step in sorted([(ln.box.x0, 1) for ln in lines] + [(ln.box.x1, -1) for ln in lines]):
        coverage += step
        if coverage <= allowed and run_start is None:
            run_start = x
        elif coverage > allowed and run_start is not None:
            lo, hi = max(run_start, 0.2 * width), min(x, 0.8 * width)
            if hi - lo > max(6.0, best[1] - best[0] if best else 0.0):
                best = (lo, hi)
            run_start = None
    if best is None:
        return None
    middle = (best[0] + best[1]) / 2
    left = [ln for ln in lines if ln.box.x1 <= middle]
    right = [ln for ln in lines if ln.box.x0 >= middle]
    if min(len(left), len(right)) < 5 or not (_fills_column(left) and _fills_column(right)):
        return None
    top = max(min(ln.box.top for ln in left), min(ln.box.top for ln in right))
    bottom = min(max(ln.box.bottom for ln in left), max(ln.box.bottom for ln in right))
    return best if bottom > top else None


def _fills_column(lines: Sequence[TextLine]) -> bool:
    """Text columns have long lines; a list of labels ("Name:", "Date:") left of their values does not."""
    x0 = min(ln.box.x0 for ln in lines)
    x1 = max(ln.box.x1 for ln in lines)
    widths = sorted(ln.box.x1 - ln.box.x0 for ln in lines)
    return widths[len(widths) // 2] >= 0.6 * (x1 - x0)


def group_blocks(lines: Sequence[TextLine], typo: Typography) -> list[list[TextLine]]:
    """Split a page's ordered lines into paragraph-like blocks."""
    if not lines:
        return []
    edges = _column_edges(lines, typo)
    rows = _row_starts(lines)
    first = {id(lines[k]): x for k, x in rows.items()}
    blocks: list[list[TextLine]] = [[lines[0]]]
    for k, ln in enumerate(lines[1:], start=1):
        block = blocks[-1]
        # Two lines cut in pieces at wide gaps whose second pieces line up are rows of a form ("Title    PRESIDENT",
        # "Date    13/07/05") or numbered clauses ("7.3.2.   The Annual ...", "7.3.3.   The new ..."), not a
        # paragraph going on.
        above = first.get(id(block[0]))
        form_row = k in rows and above is not None and abs(rows[k] - above) < 2.0
        if form_row or _starts_block(block, ln, edges[block[-1].column], typo):
            blocks.append([ln])
        else:
            block.append(ln)
    return blocks


def _row_starts(lines: Sequence[TextLine]) -> dict[int, float]:
    """Index → left edge of the second piece, for the lines that open a visual line continued by another piece on
    the same baseline ("Title" | "PRESIDENT")."""
    out: dict[int, float] = {}
    for k, (ln, nxt) in enumerate(zip(lines, lines[1:], strict=False)):
        if _same_line(ln, nxt) and not (k and _same_line(lines[k - 1], ln)):
            out[k] = nxt.box.x0
    return out


def _same_line(ln: TextLine, nxt: TextLine) -> bool:
    height = max(ln.box.bottom - ln.box.top, 1.0)
    return ln.column == nxt.column and abs(nxt.baseline - ln.baseline) < 0.3 * height and nxt.box.x0 >= ln.box.x1 - 1


def _column_edges(lines: Sequence[TextLine], typo: Typography) -> dict[int, tuple[float, float]]:
    """(left, right) text edge of each column; the right edge ignores the few lines that stick out. A page
    without columns is also measured against the whole document's text edges."""
    edges: dict[int, tuple[float, float]] = {}
    for column in {ln.column for ln in lines}:
        members = [ln for ln in lines if ln.column == column]
        rights = sorted(ln.box.x1 for ln in members)
        left, right = min(ln.box.x0 for ln in members), rights[int(0.9 * (len(rights) - 1))]
        if column == 0:
            left, right = min(left, typo.text_left), max(right, typo.text_right)
        edges[column] = (left, right)
    return edges


def _starts_block(block: list[TextLine], ln: TextLine, edges: tuple[float, float], typo: Typography) -> bool:
    prev = block[-1]
    if ln.column != prev.column:
        return True
    step = ln.baseline - prev.baseline
    height = max(prev.box.bottom - prev.box.top, 1.0)
    if _same_line(prev, ln):
        return False  # the next piece of the same visual line
    own_pitch = _line_pitch(block, height) or typo.pitch
    if step <= 0 or step > PARAGRAPH_GAP * max(own_pitch, 1.0) + 0.5:
        return True
    if abs(ln.size - prev.size) > 0.75 or ln.bold != prev.bold:
        return True
    if BULLET.match(ln.text):
        return True
    if BULLET.match(block[0].text) and ln.box.x0 < block[0].box.x0 - 2.0:
        return True  # a list item's lines never start left of its bullet: text at the margin follows the list
    left, right = edges
    ends_early = prev.box.x1 < right - SHORT_LINE * max(right - left, 1.0)
    ends_sentence = prev.text.endswith(_TERMINAL)
    if ends_early and (ends_sentence or len(block) == 1 and _heading_like(prev, typo)):
        return True  # a paragraph's last line, or a one-line heading (also each line of a contents page)
    return bool(_ENUMERATION.match(ln.text) and (ends_sentence or ends_early))


def _line_pitch(block: list[TextLine], height: float) -> float | None:
    """The block's own baseline pitch: between its first two visual lines, not between two pieces of one line (a
    clause number and its text, "7.3.2.   The Annual Package Price ...", are two pieces on one baseline)."""
    for above, below in zip(block, block[1:], strict=False):
        step = below.baseline - above.baseline
        if step >= 0.3 * height:
            return step
    return None


def _heading_like(line: TextLine, typo: Typography) -> bool:
    return heading_level(line.text, emphasis=line.bold, size_ratio=line.size / typo.body_size) is not None


def classify(lines: Sequence[TextLine], text: str, typo: Typography) -> tuple[BlockKind, int | None, bool]:
    """Kind, heading level and emphasis (bold or larger type) of a grouped block."""
    ratio = max(ln.size for ln in lines) / typo.body_size
    emphasized = all(ln.bold for ln in lines) or ratio >= EMPHASIS_SIZE_RATIO
    if len(lines) <= 3:
        level = heading_level(text, emphasis=emphasized, size_ratio=ratio)
        if level is not None:
            return BlockKind.HEADING, level, emphasized
    if LIST_ITEM_START.match(text):
        return BlockKind.LIST_ITEM, None, emphasized
    return BlockKind.PARAGRAPH, None, emphasized
