"""What every parser shares: the limits it runs under, the plug-in protocol and the registry."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from docsvc.extract.types import ParsedDocument, SourceInfo


@dataclass(frozen=True, slots=True)
class ParseLimits:
    """Budget for one file. Time and memory are enforced by the isolated worker, pages and bytes by the parsers.

    The OCR fields say how scanned pages are read. Their defaults come from the same ``DOCSVC_*`` variables as
    the service settings (``docsvc.config``), so the CLI, the job workers and ``docsvc check`` agree.
    """

    max_pages: int = 500
    max_bytes: int = 200 * 1024 * 1024
    timeout_seconds: float = 120.0
    memory_mb: int = 1536
    tesseract_cmd: str = field(default_factory=lambda: os.environ.get("DOCSVC_TESSERACT_CMD", "tesseract"))
    ocr_languages: str = field(default_factory=lambda: os.environ.get("DOCSVC_OCR_LANGUAGES", "auto"))
    ocr_dpi: int = 300
    ocr_workers: int = 0  # tesseract processes at once; 0: one per CPU core
    # Added to the timeout per page that needs OCR (a scan takes ~1-3 s a page, far more than text): a 200-page
    # scan must not fail at the budget of a 200-page born-digital PDF. Capped at max_pages pages.
    ocr_page_seconds: float = 30.0

    def __post_init__(self) -> None:
        if self.max_pages < 1 or self.max_bytes < 1 or self.timeout_seconds <= 0 or self.memory_mb < 64:
            raise ValueError(f"invalid parse limits: {self}")
        if not 100 <= self.ocr_dpi <= 600 or min(self.ocr_workers, self.ocr_page_seconds) < 0 or not self.tesseract_cmd:
            raise ValueError(f"invalid OCR settings: {self}")


_time_extender: Callable[[float], None] | None = None


def on_time_extension(extender: Callable[[float], None] | None) -> None:
    """Called by the isolated worker: how to ask its parent for more time (parsing in-process has no limit)."""
    global _time_extender
    _time_extender = extender


def extend_time(seconds: float) -> None:
    """Ask for ``seconds`` more than the timeout, e.g. once the number of pages needing OCR is known."""
    if _time_extender is not None and seconds > 0:
        _time_extender(seconds)


@runtime_checkable
class Parser(Protocol):
    """A parser for one family of media types.

    ``parse`` returns the whole document in reading order and raises only ``ExtractionError`` subclasses for
    problems with the file; ``parse_file`` wraps anything else as ``CorruptDocument``.
    """

    media_types: frozenset[str]

    def parse(self, path: Path, limits: ParseLimits) -> ParsedDocument: ...


_REGISTRY: dict[str, Parser] = {}


def register(parser: Parser) -> Parser:
    """Make ``parser`` the one used for its media types (a later registration replaces an earlier one)."""
    if not isinstance(parser, Parser):
        raise TypeError(f"{parser!r} does not implement the Parser protocol")
    for media_type in parser.media_types:
        _REGISTRY[media_type] = parser
    return parser


def parser_for(media_type: str) -> Parser | None:
    return _REGISTRY.get(media_type)


def source_info(path: Path, media_type: str) -> SourceInfo:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
            size += len(chunk)
    return SourceInfo(name=path.name, media_type=media_type, size=size, sha256=digest.hexdigest(), path=str(path))
