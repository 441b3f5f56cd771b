"""Opaque cursor pagination (keyset on the row id): stable under inserts, no OFFSET scans.

A cursor is the last id of a page and an HMAC of (listing, id) keyed by a per-installation secret: a malformed
cursor, a cursor of another listing and a made-up id are all one ``invalid_cursor`` problem (400) instead of a
silent first page. Signing rather than looking the id up keeps ``GET /v1/sla`` at one statement per page and
keeps a cursor valid when the row it names is deleted between two pages.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
import tempfile
import uuid
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel
from starlette.requests import Request

from docsvc.errors import InvalidCursor

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
_MAC_BYTES = 12
CURSOR_SECRET_FILE = "cursor-secret"


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class CursorCodec:
    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, listing: str, raw: bytes) -> bytes:
        return hmac.new(self._secret, listing.encode() + b"\0" + raw, hashlib.sha256).digest()[:_MAC_BYTES]

    def encode(self, listing: str, last_id: uuid.UUID) -> str:
        return self.encode_raw(listing, last_id.bytes)

    def decode(self, listing: str, cursor: str | None) -> uuid.UUID | None:
        raw = self.decode_raw(listing, cursor, 16)
        return None if raw is None else uuid.UUID(bytes=raw)

    def encode_raw(self, listing: str, raw: bytes) -> str:
        """A signed cursor for any fixed-size position (the review queue's is priority, kind and two ids)."""
        return base64.urlsafe_b64encode(raw + self._mac(listing, raw)).decode().rstrip("=")

    def decode_raw(self, listing: str, cursor: str | None, size: int) -> bytes | None:
        if cursor is None:
            return None
        try:
            blob = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)) if cursor.isascii() else b""
        except (binascii.Error, ValueError):
            blob = b""
        raw, mac = blob[:size], blob[size:]
        if len(blob) != size + _MAC_BYTES or not hmac.compare_digest(mac, self._mac(listing, raw)):
            raise InvalidCursor("cursor is not valid here; use the next_cursor of a previous page of this listing")
        return raw


def cursors(request: Request) -> CursorCodec:
    """The app's cursor codec (keyed by the installation's secret, built at start-up)."""
    codec: CursorCodec = request.app.state.cursors
    return codec


def installation_secret(configured: str | None, home: Path) -> bytes:
    """``DOCSVC_CURSOR_SECRET`` when set (needed when several hosts with their own home serve one database);
    otherwise a random secret created once under home. Written to a temporary file and then hard-linked into
    place, so concurrent first starts (``serve --workers``) agree on one secret and never read a partial file."""
    if configured:
        return hashlib.sha256(configured.encode()).digest()
    path = home / CURSOR_SECRET_FILE
    if not path.exists():
        fd, tmp = tempfile.mkstemp(prefix=".cursor-secret-", dir=home)
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_hex(32))
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process was first: its secret is the installation's
        finally:
            os.unlink(tmp)
    return hashlib.sha256(path.read_text().strip().encode()).digest()
