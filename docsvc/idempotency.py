"""``Idempotency-Key`` support: a retried request with the same key gets the first response back.

Keys are scoped to the API key that used them. Reusing a key for a *different* request is an error rather
than a silent replay, because the client clearly lost track of what it sent.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy.orm import Session

from docsvc.auth.service import Principal
from docsvc.db import insert_ignore
from docsvc.errors import Unprocessable
from docsvc.models import IdempotencyRecord
from docsvc.models.base import utcnow

MAX_KEY_LENGTH = 200


def fingerprint(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def check_key(key: str | None) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise Unprocessable(f"Idempotency-Key must be 1-{MAX_KEY_LENGTH} printable characters")
    return key


def replay(session: Session, principal: Principal, key: str, print_: str) -> IdempotencyRecord | None:
    record = session.get(IdempotencyRecord, (principal.key_id, key))
    if record is not None and record.request_fingerprint != print_:
        raise Unprocessable("this Idempotency-Key was already used for a different request; use a new key")
    return record


def remember(session: Session, principal: Principal, key: str, print_: str, status: int,
             body: dict[str, Any]) -> None:
    """Store the response; if a concurrent request with the same key stored one first, theirs stands (both
    describe the same de-duplicated document)."""
    insert_ignore(session, IdempotencyRecord, {
        "api_key_id": principal.key_id, "key": key, "request_fingerprint": print_, "status_code": status,
        "response": body, "created_at": utcnow(),
    }, ["api_key_id", "key"])
