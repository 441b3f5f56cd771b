"""OCR mechanisms on page images the tests draw themselves: filled (dark) table header rows.

Tesseract runs for real, as in ``test_ocr.py``.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from docsvc.extract import ocr
from docsvc.extract.ocr import scan_page
from docsvc.extract.ocr.bands import lighten_dark_bands
from docsvc.extract.ocr.image import despeckle
from tests.fixtures.scans import Degradation, degrade

pytestmark = pytest.mark.skipif(
    not ocr.status("tesseract").available, reason="tesseract with eng+deu models not installed (make test installs it)"
)

DPI = 300
HEADER = ("Priority", "Definition", "On-site", "Response", "Fix", "Time")
COLUMNS = (300, 620, 1520, 1870, 2200)  # cell borders
TOP = 420  # of the header band


def _table_page(fill: int) -> Image.Image:
    """A paragraph, then a table whose header row is bold white lettering on a ``fill`` grey band with white
    gaps between the cells (as a word processor draws a filled header row), its body black on white."""
    image = Image.new("L", (2480, 1400), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=42)  # 10 pt at 300 dpi; Pillow's own font, no system fonts needed
    for i in range(4):
        draw.text(
            (300, 100 + i * 55), "The Supplier shall ensure that each Fleet Device is available", fill=0, font=font
        )
    draw.rectangle((COLUMNS[0], TOP, COLUMNS[-1], TOP + 140), fill=fill)
    for x in COLUMNS[1:-1]:
        draw.line((x, TOP, x, TOP + 140), fill=255, width=4)
    bold = {"font": font, "stroke_width": 1, "stroke_fill": 255}
    for x, label in zip(COLUMNS, ("Priority", "Definition", "On-site", "Fix Time"), strict=False):
        draw.text((x + 20, TOP + 15), label, fill=255, **bold)
    draw.text((COLUMNS[2] + 20, TOP + 70), "Response Time", fill=255, **bold)
    for r, (definition, price) in enumerate((("Critical outage", "385.00"), ("Degraded service", "640.00"))):
        y = TOP + 140 + r * 130
        draw.rectangle((COLUMNS[0], y, COLUMNS[-1], y + 130), outline=0, width=2)
        for x in COLUMNS[1:-1]:
            draw.line((x, y, x, y + 130), fill=0, width=2)
        for x, value in zip(COLUMNS, (f"P{r + 1}", definition, "4 hours", price), strict=False):
            draw.text((x + 20, y + 15), value, fill=0, font=font)
    return image


def _words(found: list[ocr.RawWord]) -> set[str]:
    return {w.text.strip(".,:;") for w in found}


@pytest.mark.parametrize("fill", [50, 115, 165])  # navy, brick red and grass green, as greyscale scans show them
def test_white_header_words_on_a_dark_band_are_read(fill: int, monkeypatch: pytest.MonkeyPatch) -> None:
    page = degrade(_table_page(fill), Degradation(noise=0.002))
    with monkeypatch.context() as without:
        without.setattr("docsvc.extract.ocr.lighten_dark_bands", lambda image, dpi: image)
        before = scan_page(page, scale=1.0, dpi=DPI, command="tesseract", languages="eng", timeout=60)
    assert not set(HEADER) <= _words(before.words), "the page no longer shows the loss the recolouring is for"
    scan = scan_page(page, scale=1.0, dpi=DPI, command="tesseract", languages="eng", timeout=60)
    assert set(HEADER) <= _words(scan.words)
    assert {"385.00", "640.00", "Critical", "Degraded"} <= _words(scan.words)  # the body is read as before


def test_the_band_becomes_dark_on_white_and_keeps_its_outline_as_a_border() -> None:
    page = _table_page(50)
    out = np.asarray(lighten_dark_bands(page, DPI))
    inside = out[TOP + 10 : TOP + 130, 1000:1400]  # fill right of "Definition"
    assert float(np.median(inside)) > 230
    assert int(out[TOP + 15 : TOP + 70, COLUMNS[0] : COLUMNS[0] + 200].min()) < 60  # the lettering is dark now
    assert int(out[TOP : TOP + 2, 600:2000].max()) < 100  # top edge of the fill drawn as a line
    scan = scan_page(page, scale=1.0, dpi=DPI, command="tesseract", languages="eng", timeout=60)
    assert any(abs(y - TOP) < 8 and x1 - x0 > 1500 for y, x0, x1 in scan.rulings.horizontal)


def test_dark_text_on_shading_and_large_type_are_left_alone() -> None:
    image = Image.new("L", (2400, 600), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((120, 100, 2280, 190), fill=170)  # black text on a grey band stays as it is
    draw.text((150, 120), "Managed site connectivity", fill=0, font=ImageFont.load_default(size=42))
    draw.text((150, 300), "BOLD HEADING", fill=0, font=ImageFont.load_default(size=120))
    assert np.array_equal(np.asarray(lighten_dark_bands(image, DPI)), np.asarray(image))


def test_light_salt_and_pepper_is_cleared_before_it_is_read_as_full_stops() -> None:
    # A scanner's light noise: a few isolated dots per hundred ink pixels, which tesseract reads as "." after
    # words ("zwölf. (12) Monaten .ab") and which break the sentences the extractors read.
    clean = _table_page(50)
    noisy = degrade(clean.copy(), Degradation(noise=0.002))  # degrade draws on the image it is given
    ink = np.asarray(noisy) < 128
    isolated = ink & (np.asarray(clean) >= 128)
    assert 0.005 < isolated.sum() / ink.sum() < 0.03  # below the share that used to trigger the cleaning
    cleaned = np.asarray(despeckle(noisy)) < 128
    assert (cleaned & isolated).sum() < 0.05 * isolated.sum()
    assert (cleaned & (np.asarray(clean) < 128)).sum() > 0.99 * (np.asarray(clean) < 128).sum()  # letters kept
