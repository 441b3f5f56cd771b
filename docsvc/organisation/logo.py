"""Checking an uploaded logo, and putting it into a generated document where the template asks for it."""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from docx import Document as open_docx
from docx.shared import Cm
from docx.text.paragraph import Paragraph
from PIL import Image, UnidentifiedImageError

from docsvc.errors import PayloadTooLarge, Unprocessable

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_PIXELS = 4096  # per side: a letterhead logo is small; a huge canvas is a decompression bomb
MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
# What ``letterhead.logo`` renders as; the run holding it becomes the picture (see ``place_logo``).
PLACEHOLDER = "[[docsvc:organisation-logo]]"
LOGO_WIDTH = Cm(4)
LOGO_MAX_HEIGHT = Cm(2)


def checked_logo(data: bytes) -> str:
    """The media type of ``data`` if it is a PNG or JPEG that decodes completely; raises a 4xx otherwise."""
    if len(data) > MAX_LOGO_BYTES:
        raise PayloadTooLarge(f"a logo has at most {MAX_LOGO_BYTES // 1024} KB")
    if not data:
        raise Unprocessable("the logo file is empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                width, height = image.size
                if kind not in MEDIA_TYPES:
                    raise Unprocessable(f"a logo must be a PNG or JPEG image, not {kind or 'unknown'}")
                if width > MAX_LOGO_PIXELS or height > MAX_LOGO_PIXELS:
                    raise Unprocessable(f"a logo has at most {MAX_LOGO_PIXELS} × {MAX_LOGO_PIXELS} pixels")
                image.load()  # decode every pixel: a truncated or corrupt file fails here, not in Word
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombWarning,
            Image.DecompressionBombError):
        raise Unprocessable("the logo is not a readable PNG or JPEG image") from None
    return MEDIA_TYPES[kind]


def place_logo(document: bytes, logo: bytes) -> bytes:
    """Replace each run whose text is the placeholder with the logo; a document without one is returned as is."""
    if PLACEHOLDER.encode() not in _xml_of(document):
        return document
    doc = open_docx(io.BytesIO(document))
    with Image.open(io.BytesIO(logo)) as image:
        width, height = image.size
    size = {"width": LOGO_WIDTH} if height * LOGO_WIDTH <= width * LOGO_MAX_HEIGHT else {"height": LOGO_MAX_HEIGHT}
    for paragraph in _paragraphs(doc):
        for run in paragraph.runs:
            if PLACEHOLDER in run.text:
                run.text = run.text.replace(PLACEHOLDER, "")
                run.add_picture(io.BytesIO(logo), **size)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _xml_of(document: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(document)) as package:
        return b"".join(package.read(name) for name in package.namelist()
                        if name.startswith("word/") and name.endswith(".xml"))


def _walk(container: Any) -> Iterator[Paragraph]:
    yield from container.paragraphs
    for table in container.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from _walk(cell)


def _paragraphs(doc: Any) -> Iterator[Paragraph]:
    yield from _walk(doc)
    for section in doc.sections:
        for part in (section.header, section.first_page_header, section.footer):
            yield from _walk(part)
