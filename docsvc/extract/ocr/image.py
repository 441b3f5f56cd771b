"""Page images before OCR: speckle removal, quarter turns and skew, and the ruling lines of tables.

All of it is plain numpy and Pillow on greyscale images: a scanned contract page is a few megapixels, and the
projection-profile and run-length methods here take tens of milliseconds where OCR takes a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

DARK = 128  # grey level below which a pixel is ink
_CONTRAST = 30  # grey levels a border is darker than the paper or shading around it
_BACKGROUND_WINDOW = 9  # half-resolution pixels: wider than a border, narrower than a shaded row
MAX_RULING = 0.04  # inches: thicker "lines" are text rows run together, not borders
CLEAR_SHARE = 0.2  # ink share beside a border (vertical borders cross it); beside letters far more
SPECKLE_SHARE = 0.005  # isolated dark pixels as a share of all ink above which a page is cleaned of them
_PROFILE_WIDTH = 600  # pixels: skew is measured on a small copy of the page
_COARSE = np.arange(-6.0, 6.01, 0.5)  # degrees; scanners feed pages a few degrees askew at worst
_FINE = np.arange(-0.4, 0.41, 0.1)
_FINEST = np.arange(-0.1, 0.11, 0.05)  # a table border drifts 3 px across the page per 0.1° left over
_BAND = 2  # rows either side that count as the same row when following a ruling (at half resolution)
_MIN_SKEW = 0.3  # degrees; below this rotating only blurs the glyphs (and tesseract copes with it)


def ink_share(image: Image.Image) -> float:
    """Share of pixels clearly darker than the page around them (a grey page without marks has none)."""
    pixels = np.asarray(image)
    background = float(np.median(pixels[::8, ::8]))
    return float((pixels < min(DARK, background - 80)).mean())


def isolated_pixels(ink: np.ndarray) -> np.ndarray:
    """Ink pixels none of whose eight neighbours is ink."""
    neighbours = np.zeros(ink.shape, dtype=np.uint8)
    padded = np.pad(ink, 1)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            if dy != 1 or dx != 1:
                neighbours += padded[dy : dy + ink.shape[0], dx : dx + ink.shape[1]]
    isolated: np.ndarray = ink & (neighbours == 0)
    return isolated


def despeckle(image: Image.Image) -> Image.Image:
    """The page without isolated dots (dust, scanner noise) when it is sprinkled with them.

    Only ink pixels with no inked neighbour are cleared: a median filter does that too, but costs 0.6 s a page
    and also thins one-pixel table borders. Run at the scan's own resolution: after up-sampling a dot is a blob.
    """
    pixels = np.asarray(image)
    ink = pixels < DARK
    total = int(ink.sum())
    if total == 0:
        return image
    isolated = isolated_pixels(ink)
    if int(isolated.sum()) / total < SPECKLE_SHARE:
        return image
    cleaned = pixels.copy()
    cleaned[isolated] = 255
    return Image.fromarray(cleaned)


def text_angle(image: Image.Image) -> float:
    """Counter-clockwise degrees that make the text lines horizontal: a quarter turn (0 or 90) plus skew.

    Projection profile: rotated so that lines are horizontal, the ink per pixel row alternates sharply between
    lines and gaps; the angle with the sharpest profile wins. Upside-down text looks the same; the OCR
    confidence tells that case apart later.
    """
    coarse_ink = _profile_image(image, _PROFILE_WIDTH)
    if not np.asarray(coarse_ink).any():
        return 0.0
    coarse = [(base + float(d)) for base in (0.0, 90.0) for d in _COARSE]
    best = max(coarse, key=lambda a: _sharpness(coarse_ink, a))
    # The fine steps on a sharper copy: at 600 px a 1° skew came out 0.25° off, enough to break table borders
    # into pieces too short to find.
    fine_ink = _profile_image(image, 2 * _PROFILE_WIDTH)
    for steps in (_FINE, _FINEST):
        best = max((best + float(d) for d in steps), key=lambda a: _sharpness(fine_ink, a))
    quarter = 90.0 if abs(best - 90.0) < 45 else 0.0
    skew = best - quarter
    return quarter + (round(skew, 2) if abs(skew) >= _MIN_SKEW else 0.0)


def _profile_image(image: Image.Image, width: int) -> Image.Image:
    scale = min(1.0, width / max(image.width, image.height))
    small = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    return small.point(lambda v: 255 if v < DARK else 0)


def _sharpness(ink: Image.Image, angle: float) -> float:
    rows = np.asarray(ink.rotate(angle, expand=True, fillcolor=0), dtype=np.float32).sum(axis=1)
    return float(np.square(np.diff(rows)).sum())


@dataclass(frozen=True, slots=True)
class Upright:
    """The rotation that turned the page image upright, and how to map upright pixels back onto it."""

    angle: float  # counter-clockwise degrees, as given to ``Image.rotate(..., expand=True)``
    source_size: tuple[int, int]
    size: tuple[int, int]

    @classmethod
    def apply(cls, image: Image.Image, angle: float) -> tuple[Image.Image, Upright]:
        if angle % 360 == 0:
            return image, cls(0.0, image.size, image.size)
        turned = image.rotate(angle, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
        return turned, cls(angle, image.size, turned.size)

    def to_source(self, x: float, y: float) -> tuple[float, float]:
        """An upright pixel position on the image as it was rendered from the page."""
        if self.angle == 0:
            return x, y
        a = math.radians(self.angle)
        dx, dy = x - self.size[0] / 2, y - self.size[1] / 2
        sx = dx * math.cos(a) - dy * math.sin(a)
        sy = dx * math.sin(a) + dy * math.cos(a)
        return sx + self.source_size[0] / 2, sy + self.source_size[1] / 2


@dataclass(frozen=True, slots=True)
class Rulings:
    """Ruling lines in upright pixels: horizontal (y, x0, x1) and vertical (x, top, bottom)."""

    horizontal: list[tuple[float, float, float]]
    vertical: list[tuple[float, float, float]]


def find_rulings(image: Image.Image, dpi: float) -> Rulings:
    """Long straight ink runs: table borders. A horizontal border spans its table (0.8 inch at least), which
    no run of letters does; a vertical one only spans a row, so it also has to meet a horizontal, as table
    borders do and the stems of large letters do not."""
    # Thin borders come out of JPEG, scaling and deskewing light grey, and shaded (zebra) rows put them on grey:
    # a pixel is border ink when it is clearly darker than the brightest pixel around it. The bottoms of bold
    # letters run together into lines that way too; those have ink right above them.
    pixels = np.asarray(image)
    h, w = pixels.shape[0] // 2 * 2, pixels.shape[1] // 2 * 2
    darkest = np.minimum(
        np.minimum(pixels[0:h:2, 0:w:2], pixels[1:h:2, 0:w:2]), np.minimum(pixels[0:h:2, 1:w:2], pixels[1:h:2, 1:w:2])
    )  # half resolution keeping the darkest of four: a 1-pixel border survives, the work quarters
    background = np.asarray(Image.fromarray(darkest).filter(ImageFilter.MaxFilter(_BACKGROUND_WINDOW)))
    faint = darkest.astype(np.int16) < background.astype(np.int16) - _CONTRAST
    half = dpi / 2
    thick = max(2, round(MAX_RULING * half)) + 2 * _BAND
    horizontal = [
        (float(a + b), 2.0 * start, 2.0 * end)  # (a + b) / 2 at full resolution
        for a, b, start, end in _lines(faint, min_length=round(0.8 * half), max_thickness=thick)
        if _clear_around(faint, a + _BAND, b - _BAND, start, end, margin=max(3, round(0.02 * half)))
    ]
    reach = dpi / 50  # a border drawn to the next border, give or take a stroke width
    vertical = [
        (float(x), top, bottom)
        for x, top, bottom in ((a + b, 2.0 * start, 2.0 * end) for a, b, start, end in
                               _lines(faint.T, min_length=round(0.2 * half), max_thickness=thick))
        if any(x0 - reach <= x <= x1 + reach and top - reach <= y <= bottom + reach for y, x0, x1 in horizontal)
    ]
    return Rulings(horizontal=horizontal, vertical=vertical)


def _clear_around(ink: np.ndarray, first: int, last: int, start: int, end: int, *, margin: int) -> bool:
    """Is there little ink in the bands just above and just below a horizontal run, as around a border?"""
    above = ink[max(0, first - 2 * margin) : max(0, first - margin), start:end]
    below = ink[last + margin + 1 : last + 2 * margin + 1, start:end]
    return all(band.size == 0 or float(band.mean()) < CLEAR_SHARE for band in (above, below))


def erase_rulings(image: Image.Image, rulings: Rulings, dpi: float) -> Image.Image:
    """The page with its ruling lines painted white: tesseract reads borders as "|", "=" or "—" glued to the
    cell text."""
    if not rulings.horizontal and not rulings.vertical:
        return image
    pixels = np.array(image)
    pad = max(2, round(dpi / 50))  # anti-aliased edges of the stroke too
    for y, x0, x1 in rulings.horizontal:
        pixels[max(0, int(y) - pad) : int(y) + pad + 1, int(x0) : int(x1) + 1] = 255
    for x, top, bottom in rulings.vertical:
        pixels[int(top) : int(bottom) + 1, max(0, int(x) - pad) : int(x) + pad + 1] = 255
    return Image.fromarray(pixels)


def _lines(ink: np.ndarray, *, min_length: int, max_thickness: int) -> list[tuple[int, int, int, int]]:
    """Runs of ink along each row at least ``min_length`` long, bridging one-pixel breaks (scan noise),
    merged across the adjacent rows a thick line covers: (first row, last row, start, end)."""
    band = ink.copy()
    for shift in range(1, _BAND + 1):  # a line a few pixels off straight (skew left over) stays in the band
        band[shift:] |= ink[:-shift]
        band[:-shift] |= ink[shift:]
    bridged = np.zeros_like(band)
    bridged[:, 1:-1] = band[:, :-2] & band[:, 2:]
    band |= bridged
    padded = np.zeros((band.shape[0], band.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = band
    steps = np.diff(padded, axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)
    keep = ends - starts >= min_length
    merged: list[list[int]] = []  # [first row, last row, start, end]
    for row, start, end in zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True):
        for line in reversed(merged[-8:]):
            if row - line[1] <= 2 and min(end, line[3]) - max(start, line[2]) > 0.5 * (end - start):
                line[1], line[2], line[3] = row, min(start, line[2]), max(end, line[3])
                break
        else:
            merged.append([row, row, start, end])
    return [(a, b, s, e) for a, b, s, e in merged if b - a <= max_thickness]
