"""OCR of scanned pages with Tesseract: one page image in, words and lines with boxes out.

    scan = scan_page(image, scale=2.0, dpi=300, command="tesseract", languages="eng", timeout=60)

``scan_page`` cleans the image (speckles), turns it upright (quarter turns and skew), recolours
light-on-dark bands (filled table headers) dark-on-white, finds and erases table
rulings, runs tesseract and groups its words into lines. Positions stay in upright pixels; ``Upright`` maps
them back onto the page image. The PDF parser (``parsers/pdf_scan.py``) decides which pages need this.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from docsvc.extract.ocr.bands import lighten_dark_bands
from docsvc.extract.ocr.image import Rulings, Upright, despeckle, erase_rulings, find_rulings, ink_share, text_angle
from docsvc.extract.ocr.tesseract import INSTALL_HINT, OcrStatus, RawWord, mean_confidence, read_words, status
from docsvc.extract.ocr.words import OcrLine, cell_text, lines

__all__ = [
    "INSTALL_HINT",
    "OcrLine",
    "OcrStatus",
    "PageScan",
    "RawWord",
    "Rulings",
    "Upright",
    "cell_text",
    "scan_page",
    "status",
]

# Below this mean word confidence the page may be upside down (the projection profile cannot tell): the
# turned image is read too and the better reading kept. Clean text reads at 85-95.
_DOUBTFUL = 60.0
BLANK_INK = 0.0005  # share of ink pixels: a page with one short word has ten times more


@dataclass(frozen=True, slots=True)
class PageScan:
    upright: Upright
    dpi: float  # resolution of the upright image the positions refer to
    words: list[RawWord]
    lines: list[OcrLine]
    rulings: Rulings
    confidence: float  # mean word confidence, 0-100


def scan_page(
    image: Image.Image, *, scale: float, dpi: float, command: str, languages: str, timeout: float
) -> PageScan:
    """OCR one page image rendered at ``dpi / scale``; it is despeckled at that resolution, then scaled."""
    image = despeckle(image.convert("L"))
    if abs(scale - 1.0) > 0.01:
        size = (round(image.width * scale), round(image.height * scale))
        image = image.resize(size, Image.Resampling.BICUBIC)
    if ink_share(image) < BLANK_INK:  # an empty or uniformly grey page: nothing for tesseract to read
        return PageScan(Upright(0.0, image.size, image.size), dpi, [], [], Rulings([], []), 0.0)
    angle = text_angle(image)
    best = _read(image, angle, dpi, command, languages, timeout)
    if best.words and best.confidence < _DOUBTFUL:
        turned = _read(image, angle + 180.0, dpi, command, languages, timeout)
        if turned.confidence > best.confidence:
            best = turned
    return best


def _read(image: Image.Image, angle: float, dpi: float, command: str, languages: str, timeout: float) -> PageScan:
    upright_image, upright = Upright.apply(image, angle % 360)
    upright_image = lighten_dark_bands(upright_image, dpi)  # after deskewing: bands are then axis-aligned
    rulings = find_rulings(upright_image, dpi)
    clean = erase_rulings(upright_image, rulings, dpi)
    found = read_words(clean, command=command, languages=languages, timeout=timeout)
    return PageScan(upright, dpi, found, lines(found, clean, dpi), rulings, mean_confidence(found))
