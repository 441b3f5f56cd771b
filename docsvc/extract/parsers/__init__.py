"""Document parsers as plug-ins, and ``parse_file``, the one entry point the rest of docsvc uses.

    doc = parse_file(Path("msa.pdf"))                     # isolated worker process, default limits
    doc = parse_file(path, limits=ParseLimits(max_pages=50), isolated=False)  # in-process, trusted input

The media type is sniffed from the content, a registered parser reads the file, and every failure surfaces as
an ``ExtractionError`` subclass with a message naming the file.
"""

from __future__ import annotations

import os
import threading
from functools import cache
from pathlib import Path

from docsvc.extract.errors import CorruptDocument, DocumentTooLarge, ExtractionError, ResourceLimitExceeded
from docsvc.extract.parsers.base import ParseLimits, Parser, parser_for, register
from docsvc.extract.parsers.isolation import ParserPool
from docsvc.extract.sniff import sniff_file
from docsvc.extract.types import ParsedDocument

__all__ = ["ParseLimits", "Parser", "ParserPool", "parse_direct", "parse_file", "prestart_worker", "register"]


@cache
def _register_builtin() -> None:
    """The PDF and DOCX parsers, imported when a file is first parsed in this process.

    pypdfium2, numpy, PIL and python-docx cost about half a second to import; a caller that parses in the
    isolated worker (the CLI, the service) never needs them itself. A parser registered by the caller before
    this runs keeps its media types.
    """
    from docsvc.extract.parsers.docx import DocxParser
    from docsvc.extract.parsers.pdf import PdfParser

    for parser in (PdfParser(), DocxParser()):
        if all(parser_for(media_type) is None for media_type in parser.media_types):
            register(parser)

DEFAULT_LIMITS = ParseLimits()
_pool: ParserPool | None = None
_pool_lock = threading.Lock()


def parse_file(path: Path, *, limits: ParseLimits = DEFAULT_LIMITS, isolated: bool = True) -> ParsedDocument:
    """Parse a PDF or DOCX file into the document model; raises ``ExtractionError`` subclasses only.

    ``isolated=True`` parses in a worker process with the time and memory limits of ``limits``, so a
    decompression bomb or an endless content stream ends as ``ResourceLimitExceeded`` instead of taking the
    caller down. ``isolated=False`` parses in this process, with page and size limits only.
    """
    path = Path(path).resolve()  # the worker may not share our working directory for long
    if isolated:
        return _default_pool().parse(path, limits=limits)
    return parse_direct(path, limits)


def parse_direct(path: Path, limits: ParseLimits) -> ParsedDocument:
    """Parse in this process. The isolated worker runs exactly this."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractionError(f"{name} cannot be read ({exc.strerror})") from exc
    if not path.is_file():
        raise ExtractionError(f"{name} is not a regular file")
    if size > limits.max_bytes:
        raise DocumentTooLarge(f"{name} is {_mb(size)}; files up to {_mb(limits.max_bytes)} are accepted")
    try:
        media_type = sniff_file(path)
        _register_builtin()
        parser = parser_for(media_type)
        if parser is None:  # sniff_file only returns types with a registered parser
            raise ExtractionError(f"{name}: no parser is registered for {media_type}")
        return parser.parse(path, limits)
    except ExtractionError:
        raise
    except MemoryError as exc:
        raise ResourceLimitExceeded(f"{name} needed more memory than parsing allows ({limits.memory_mb} MB)") from exc
    except Exception as exc:  # pdfminer, pdfium and lxml raise TypeError, IndexError, RecursionError, ... on junk
        detail = f"{type(exc).__name__}: {exc}"[:200]
        raise CorruptDocument(f"{name} is damaged or uses features the parser cannot read ({detail})") from exc


def prestart_worker() -> None:
    """Launch the isolated parser process of ``parse_file`` now, in the background (see ``_Worker.launch``)."""
    _default_pool().prestart()


def _default_pool() -> ParserPool:
    global _pool
    with _pool_lock:
        if _pool is None:
            # Concurrent callers (API threads) get a worker each; a sequential caller keeps reusing one.
            _pool = ParserPool(size=min(4, os.cpu_count() or 1))
        return _pool


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"
