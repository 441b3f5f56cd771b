"""Opaque cursor pagination (keyset on the row id): stable under inserts, no OFFSET scans."""

from __future__ import annotations

import base64
import uuid
from typing import Generic, TypeVar

from pydantic import BaseModel

from docsvc.errors import Unprocessable

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
CURSOR_PATTERN = r"^[A-Za-z0-9_-]{22}$"  # url-safe base64 of a 16-byte id, without padding


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(last_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(last_id.bytes).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> uuid.UUID | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return uuid.UUID(bytes=raw)
    except (ValueError, TypeError):
        raise Unprocessable("cursor is not valid; use the next_cursor of a previous page") from None
