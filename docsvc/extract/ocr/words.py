"""OCR words into the shapes the PDF layout code reads: visual lines split at wide gaps, and table cells.

Tesseract's word boxes are tight around the ink, so a line's font size is estimated from each word's letters
(capitals and ascenders reach 0.72 em, x-height letters 0.52 em, descenders go 0.21 em below the baseline) and
boldness from the share of ink in its box. Both only need to be comparable within one document.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image

from docsvc.extract.ocr.image import DARK
from docsvc.extract.ocr.tesseract import RawWord

_ASCENDING = re.compile(r"[A-Z0-9bdfhklt§$€£%&/()\[\]{}ÄÖÜß!?|]")
_DESCENDING = re.compile(r"[gjpqy,;()\[\]{}|/§]")
_CAP, _XHEIGHT, _DESCENDER = 0.72, 0.52, 0.21
# Borders and specks that tesseract reads as characters. A lone dash stays: tables use it for "none".
_JUNK = re.compile(r"^[|¦\[\]{}_~=`'\".,:;‘’“”«»<>]+$")
_LOW_CONF = 40.0
# A bullet glyph comes back as one of these; as the first word of an indented line it is the bullet.
_BULLETS = frozenset("•●▪■¢°©®«*+eo")
# "§" misread as "8", "S", "&" or "$" before a clause number ("8 3 Vergütung" for "§ 3 Vergütung").
_SECTION_SIGN = re.compile(r"^[8S&$]{1,2} (\d{1,3}[a-z]? [A-ZÄÖÜ])")
MIN_GAP_PT = 12.0  # as in pdf_text: narrower gaps are word spaces
GAP_HEIGHTS = 3.0


@dataclass(slots=True)
class OcrLine:
    """One visual line (or one column's piece of it) in upright pixels."""

    text: str
    words: list[RawWord]
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    em: float  # estimated font size in pixels
    ink: float  # share of dark pixels in the box: bold type has more


def keep(word: RawWord) -> bool:
    """False for border fragments and specks: punctuation-only words, and symbols read with low confidence."""
    if _JUNK.match(word.text):
        return False
    return word.conf >= _LOW_CONF or any(c.isalnum() for c in word.text)


def lines(found: Sequence[RawWord], image: Image.Image, dpi: float) -> list[OcrLine]:
    """Tesseract's lines, each split where the gap between words is wider than a word space, in visual order
    (top to bottom, then left to right), which is the order a born-digital PDF usually draws them in."""
    grouped: dict[tuple[int, int, int], list[RawWord]] = {}
    for word in found:
        if keep(word):
            grouped.setdefault(word.line, []).append(word)
    ink = np.asarray(image) < DARK
    out: list[OcrLine] = []
    for members in grouped.values():
        members.sort(key=lambda w: w.left)
        height = statistics.median(w.height for w in members)
        limit = max(MIN_GAP_PT * dpi / 72, GAP_HEIGHTS * height)
        piece = [members[0]]
        for word in members[1:]:
            if word.left - (piece[-1].left + piece[-1].width) > limit:
                out.append(_line(piece, ink))
                piece = []
            piece.append(word)
        out.append(_line(piece, ink))
    return visual_order(out)


def visual_order(found: list[OcrLine]) -> list[OcrLine]:
    """Rows of lines whose baselines are within half a line height, each row read left to right."""
    rows: list[list[OcrLine]] = []
    for line in sorted(found, key=lambda ln: ln.baseline):
        if rows and line.baseline - rows[-1][0].baseline < 0.5 * max(line.bottom - line.top, 1.0):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln.x0)]


def _line(words: list[RawWord], ink: np.ndarray) -> OcrLine:
    x0 = min(w.left for w in words)
    top = min(w.top for w in words)
    x1 = max(w.left + w.width for w in words)
    bottom = max(w.top + w.height for w in words)
    baseline = statistics.median(w.top + w.height - (_DESCENDER * _em(w) if _DESCENDING.search(w.text) else 0)
                                 for w in words)
    box = ink[top:bottom, x0:x1]
    return OcrLine(
        text=_repair(" ".join(w.text for w in words)),
        words=words,
        x0=float(x0),
        top=float(top),
        x1=float(x1),
        bottom=float(bottom),
        baseline=float(baseline),
        em=statistics.median(_em(w) for w in words),
        ink=float(box.mean()) if box.size else 0.0,
    )


def _repair(text: str) -> str:
    """Undo the misreadings of contract layout marks that the layout code depends on: bullets, "§"."""
    first, _, rest = text.partition(" ")
    if rest and len(first) == 1 and first in _BULLETS:
        return "• " + rest
    return _SECTION_SIGN.sub(r"§ \1", text)


def _em(word: RawWord) -> float:
    """The font size a word's ink height implies, from which of its letters reach up and down."""
    up = _CAP if _ASCENDING.search(word.text) else _XHEIGHT
    down = _DESCENDER if _DESCENDING.search(word.text) else 0.0
    return word.height / (up + down)


def cell_text(found: Sequence[RawWord], box: tuple[float, float, float, float]) -> list[str]:
    """Lines of the words whose centres lie in ``box`` (x0, top, x1, bottom in the words' pixels)."""
    x0, top, x1, bottom = box
    inside = [
        w for w in found
        if keep(w) and x0 <= w.left + w.width / 2 <= x1 and top <= w.top + w.height / 2 <= bottom
    ]
    rows: list[list[RawWord]] = []
    for word in sorted(inside, key=lambda w: w.top + w.height):
        if rows and word.top + word.height - (rows[-1][0].top + rows[-1][0].height) < 0.5 * word.height:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [" ".join(w.text for w in sorted(row, key=lambda w: w.left)) for row in rows]
