"""Page images of PDFs (pypdfium2 → PNG) and paragraphs of DOCX files, for the contract view.

Rendered images are cached under ``<home>/cache/pages`` by the document's SHA-256 (content-addressed, so a
cache entry never goes stale); the sizes in PDF points let the page place evidence boxes (bbox in points).
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from docsvc.extract.errors import ExtractionError
from docsvc.extract.parsers import parse_file
from docsvc.models import Document
from docsvc.storage import ObjectStore

SCALE = 1.5  # 108 dpi: readable on a laptop screen, ~150 KB a page
MAX_PREVIEW_PAGES = 200
_PDFIUM = threading.Lock()  # pdfium is not thread-safe


def _cache(home: Path) -> Path:
    path = home / "cache" / "pages"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _local_copy(store: ObjectStore, document: Document, cache: Path) -> Path:
    path = cache / f"{document.sha256}.src"
    if not path.exists():
        with store.open(document.storage_key) as src, tempfile.NamedTemporaryFile(dir=cache, delete=False) as tmp:
            shutil.copyfileobj(src, tmp)
        Path(tmp.name).replace(path)  # atomic: a concurrent reader never sees half a file
    return path


def page_sizes(store: ObjectStore, home: Path, document: Document) -> list[tuple[float, float]]:
    """(width, height) in points of each page (at most MAX_PREVIEW_PAGES)."""
    cache = _cache(home)
    meta = cache / f"{document.sha256}.json"
    if meta.exists():
        return [(w, h) for w, h in json.loads(meta.read_text())]
    source = _local_copy(store, document, cache)
    with _PDFIUM:
        try:
            pdf = pdfium.PdfDocument(str(source))
        except pdfium.PdfiumError:  # a file the extractor refused too: the view shows "no page image"
            return []
        try:
            sizes = [pdf[i].get_size() for i in range(min(len(pdf), MAX_PREVIEW_PAGES))]
        finally:
            pdf.close()
    meta.write_text(json.dumps(sizes))
    return [(float(w), float(h)) for w, h in sizes]


def page_png(store: ObjectStore, home: Path, document: Document, number: int) -> bytes | None:
    """Page ``number`` (1-based) as PNG, or None when there is no such page."""
    cache = _cache(home)
    target = cache / f"{document.sha256}-{number}.png"
    if target.exists():
        return target.read_bytes()
    if not 1 <= number <= len(page_sizes(store, home, document)):
        return None
    source = _local_copy(store, document, cache)
    with _PDFIUM:
        pdf = pdfium.PdfDocument(str(source))
        try:
            image = pdf[number - 1].render(scale=SCALE).to_pil()
        finally:
            pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    data = out.getvalue()
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    return data


def docx_blocks(store: ObjectStore, home: Path, document: Document) -> list[dict[str, Any]]:
    """Paragraphs and tables in the extractor's own reading order (its parser, in its isolated worker), so
    a DOCX evidence ``paragraph`` index names the block shown with that index."""
    cache = _cache(home)
    meta = cache / f"{document.sha256}.blocks.json"
    if meta.exists():
        cached: list[dict[str, Any]] = json.loads(meta.read_text())
        return cached
    try:
        parsed = parse_file(_local_copy(store, document, cache))
    except ExtractionError:
        return []
    items: list[dict[str, Any]] = [{"index": b.index, "kind": "p", "text": b.text} for b in parsed.blocks]
    items += [{"index": t.index, "kind": "table", "rows": t.texts()} for t in parsed.tables]
    items.sort(key=lambda item: int(item["index"]))
    meta.write_text(json.dumps(items))
    return items
