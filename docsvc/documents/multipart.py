"""Streaming multipart/form-data reader for uploads.

Starlette spools uploaded files to disk with no size cap, so uploads are parsed here from the raw request
stream instead: the file part goes straight into a temporary file while it is hashed, and the upload is cut
off the moment it passes the limit — memory stays flat and a 10 GB upload costs at most ``limit`` bytes of
disk. Text fields are capped at a few KB each.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header

from docsvc.errors import DomainError, PayloadTooLarge
from docsvc.jobs.owner import UPLOAD_PREFIX, temp_tag

FIELD_LIMIT = 8 * 1024
MAX_FIELDS = 20
HEAD_BYTES = 8192


class BadUpload(DomainError):
    status, code, title = 400, "bad_upload", "Malformed upload"


@dataclass
class SpooledFile:
    path: Path
    filename: str
    sha256: str
    size: int
    head: bytes  # first bytes, for sniffing the type without reopening the file

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


@dataclass
class ParsedUpload:
    fields: dict[str, str] = field(default_factory=dict)
    file: SpooledFile | None = None


class _Collector:
    def __init__(self, limit: int, tmp_dir: Path) -> None:
        self.limit = limit
        self.tmp_dir = tmp_dir
        self.result = ParsedUpload()
        self._header_field = bytearray()
        self._header_value = bytearray()
        self._headers: dict[str, bytes] = {}
        self._name: str | None = None
        self._filename: str | None = None
        self._buffer = bytearray()
        self._fd: int | None = None
        self._path: Path | None = None
        self._hash = hashlib.sha256()
        self._size = 0
        self._head = bytearray()

    # header callbacks
    def on_part_begin(self) -> None:
        self._headers = {}
        self._name = self._filename = None
        self._buffer = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._header_field.decode("latin-1").lower()] = bytes(self._header_value)
        self._header_field.clear()
        self._header_value.clear()

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get("content-disposition", b""))
        name = options.get(b"name")
        if name is None:
            raise BadUpload("a multipart part has no name")
        self._name = name.decode("utf-8", "replace")
        filename = options.get(b"filename")
        if self._name == "file":
            if self.result.file is not None or self._fd is not None:
                raise BadUpload("send exactly one 'file' part")
            self._filename = filename.decode("utf-8", "replace") if filename is not None else "upload"
            self._fd, raw_path = tempfile.mkstemp(prefix=UPLOAD_PREFIX + temp_tag(), dir=self.tmp_dir)
            self._path = Path(raw_path)
        elif len(self.result.fields) >= MAX_FIELDS:
            raise BadUpload("too many form fields")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._fd is not None:
            self._size += len(chunk)
            if self._size > self.limit:
                raise PayloadTooLarge(f"the file is larger than the limit of {self.limit:,} bytes")
            self._hash.update(chunk)
            if len(self._head) < HEAD_BYTES:
                self._head += chunk[: HEAD_BYTES - len(self._head)]
            os.write(self._fd, chunk)
        else:
            self._buffer += chunk
            if len(self._buffer) > FIELD_LIMIT:
                raise BadUpload(f"form field {self._name!r} is longer than {FIELD_LIMIT} bytes")

    def on_part_end(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            assert self._path is not None
            self.result.file = SpooledFile(self._path, self._filename or "upload", self._hash.hexdigest(),
                                           self._size, bytes(self._head))
        elif self._name is not None:
            self.result.fields[self._name] = self._buffer.decode("utf-8", "replace")

    def cleanup(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._path is not None and (self.result.file is None or self.result.file.path != self._path):
            self._path.unlink(missing_ok=True)
        if self.result.file is not None:
            self.result.file.discard()


async def read_upload(
    content_type: str | None, body: AsyncIterator[bytes], *, limit: int, tmp_dir: Path
) -> ParsedUpload:
    """Parse a multipart body; the caller owns (and must discard) ``result.file``."""
    ctype, options = parse_options_header(content_type or "")
    if ctype != b"multipart/form-data" or b"boundary" not in options:
        raise BadUpload("send the document as multipart/form-data with a 'file' part")
    collector = _Collector(limit, tmp_dir)
    callbacks = {name: getattr(collector, name) for name in (
        "on_part_begin", "on_header_field", "on_header_value", "on_header_end", "on_headers_finished",
        "on_part_data", "on_part_end")}
    parser = MultipartParser(options[b"boundary"], callbacks)  # type: ignore[arg-type]
    try:
        async for chunk in body:
            parser.write(chunk)
        parser.finalize()
    except DomainError:
        collector.cleanup()
        raise
    except Exception as exc:  # the parser raises its own error types on malformed input
        collector.cleanup()
        raise BadUpload(f"the multipart body is malformed ({type(exc).__name__})") from None
    if collector.result.file is None:
        collector.cleanup()
        raise BadUpload("the upload has no 'file' part")
    return collector.result
