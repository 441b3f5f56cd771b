"""Light text on dark fill (the filled header row of a price or SLA table) turned into dark text on white.

Tesseract binarises the whole page with one threshold: a header row filled dark blue or red comes out as a
black bar, its white words lost, and without the header the table's columns are not recognised. Each large
dark area is therefore found on a coarse grid (a block is dark when most of its pixels are), its edges are
found again at full resolution, and its pixels are mapped so that the fill becomes paper-white and the light
lettering black, inside a thin dark outline where the fill's edges were (the ruling finder reads those as table
borders, as pdfplumber reads a filled cell's edges on a born-digital page).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from docsvc.extract.ocr.image import isolated_pixels

BLOCK = 1 / 30  # inches: grid cell of the coarse search, a fraction of a header row's height
FILL_DARK = 200  # grey level below which a block's median makes it fill (green ~166, red ~113, navy ~53)
CONTRAST = 40  # grey levels between fill and lettering
MIN_HEIGHT = 0.08  # inches of solid fill: no stroke of body or heading type is this thick ...
MIN_WIDTH = 0.5  # ... and this wide at once, so letters are never taken for fill
IN_BAND = 0.5  # share of a row's (column's) pixels darker than the fill/paper midpoint inside a band


def lighten_dark_bands(image: Image.Image, dpi: float) -> Image.Image:
    """The greyscale page with every dark band's content recoloured dark-on-white (unchanged when none)."""
    pixels = np.asarray(image)
    step = max(2, round(BLOCK * dpi))
    rows, cols = pixels.shape[0] // step, pixels.shape[1] // step
    if rows == 0 or cols == 0:
        return image
    below = (pixels[: rows * step, : cols * step] < FILL_DARK).reshape(rows, step, cols, step)
    dark = below.mean(axis=(1, 3)) > 0.5  # the block's median is below FILL_DARK
    fill = _opening(dark, max(1, round(MIN_HEIGHT * dpi / step)), max(1, round(MIN_WIDTH * dpi / step)))
    if not fill.any():
        return image
    out = pixels.copy()
    for r0, r1, c0, c1 in _merged(_components(fill), gap=2):
        _recolour(out, pixels, (r0 * step, (r1 + 1) * step, c0 * step, (c1 + 1) * step), step)
    return Image.fromarray(out)


def _recolour(out: np.ndarray, pixels: np.ndarray, core: tuple[int, int, int, int], step: int) -> None:
    """Map one band, its box refined to the pixel rows and columns where fill dominates, in ``out``."""
    top, bottom, left, right = core
    core_pixels = pixels[top:bottom, left:right]
    fill = float(np.median(core_pixels))  # lettering covers well under half of a band
    # Only light lettering is recoloured: black text on grey shading is what tesseract reads well already.
    lighter = int((core_pixels > fill + CONTRAST).sum())
    if fill >= FILL_DARK or lighter <= int((core_pixels < fill - CONTRAST).sum()):
        return
    midpoint = (fill + 255) / 2
    # The coarse box is off by up to a block: widen it by one and keep the rows, then columns, that are fill.
    y0, y1 = max(0, top - step), min(pixels.shape[0], bottom + step)
    x0, x1 = max(0, left - step), min(pixels.shape[1], right + step)
    row_share = (pixels[y0:y1, left:right] < midpoint).mean(axis=1)
    band_rows = np.nonzero(row_share >= IN_BAND)[0]
    if band_rows.size == 0:
        return
    y0, y1 = y0 + int(band_rows[0]), y0 + int(band_rows[-1]) + 1
    col_share = (pixels[y0:y1, x0:x1] < midpoint).mean(axis=0)
    band_cols = np.nonzero(col_share >= IN_BAND)[0]
    if band_cols.size == 0:
        return
    x0, x1 = x0 + int(band_cols[0]), x0 + int(band_cols[-1]) + 1
    region = pixels[y0:y1, x0:x1].astype(np.float32)
    # Fill (and anything darker, such as noise) becomes white; the lightest lettering black.
    lightness = np.clip((region - fill) * (255.0 / max(255.0 - fill, 1.0)), 0, 255)
    recoloured = (255 - lightness).astype(np.uint8)
    recoloured[isolated_pixels(recoloured < 128)] = 255  # white specks in the fill became black ones
    # The fill's outline stays as a thin border: the header row's top edge is often the table's only border
    # above it, as a filled cell's edges are on a born-digital page.
    edge = max(1, round(step / 5))
    recoloured[:edge], recoloured[-edge:], recoloured[:, :edge], recoloured[:, -edge:] = 0, 0, 0, 0
    out[y0:y1, x0:x1] = recoloured


def _opening(mask: np.ndarray, height: int, width: int) -> np.ndarray:
    """The union of all ``height`` × ``width`` rectangles lying wholly inside ``mask``."""
    padded = np.zeros((mask.shape[0] + height - 1, mask.shape[1] + width - 1), dtype=np.int32)
    padded[: mask.shape[0], : mask.shape[1]] = mask
    total = np.zeros((padded.shape[0] + 1, padded.shape[1] + 1), dtype=np.int32)
    total[1:, 1:] = padded.cumsum(0).cumsum(1)
    rows, cols = mask.shape
    window = (
        total[height : height + rows, width : width + cols]
        - total[:rows, width : width + cols]
        - total[height : height + rows, :cols]
        + total[:rows, :cols]
    )
    corners = window == height * width  # top-left corners of rectangles that fit
    out = np.zeros_like(mask)
    for dy in range(height):  # small: a few blocks each way
        for dx in range(width):
            out[dy:, dx:] |= corners[: rows - dy, : cols - dx]
    return out


def _merged(boxes: list[tuple[int, int, int, int]], *, gap: int) -> list[tuple[int, int, int, int]]:
    """Boxes within ``gap`` blocks of each other joined: a line of lettering splits a band into pieces of fill
    above, below and between the words, and the band is recoloured as a whole."""
    merged = list(boxes)
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(merged):
            for j in range(i + 1, len(merged)):
                b = merged[j]
                if a[0] - gap <= b[1] and b[0] - gap <= a[1] and a[2] - gap <= b[3] and b[2] - gap <= a[3]:
                    merged[i] = (min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3]))
                    del merged[j]
                    changed = True
                    break
            if changed:
                break
    return merged


def _components(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (first row, last row, first column, last column) of the 4-connected parts of ``mask``."""
    seen = np.zeros_like(mask)
    boxes = []
    for start in zip(*np.nonzero(mask), strict=True):
        if seen[start]:
            continue
        seen[start] = True
        stack, box = [start], [start[0], start[0], start[1], start[1]]
        while stack:
            r, c = stack.pop()
            box = [min(box[0], r), max(box[1], r), min(box[2], c), max(box[3], c)]
            for nr, nc in ((r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)):
                if 0 <= nr < mask.shape[0] and 0 <= nc < mask.shape[1] and mask[nr, nc] and not seen[nr, nc]:
                    seen[nr, nc] = True
                    stack.append((nr, nc))
        boxes.append((int(box[0]), int(box[1]), int(box[2]), int(box[3])))
    return boxes
