"""The object-store protocol shared by the local folder store and the S3 store."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

CHUNK = 1024 * 1024


class StorageError(Exception):
    """The store refused or failed an operation."""


class StorageUnavailable(StorageError):
    """The store cannot be reached (server down, folder unmounted): callers answer 503 and keep nothing."""


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    key: str
    size: int


def content_key(sha256: str, prefix: str = "documents") -> str:
    """The content-addressed key of a blob: ``documents/ab/abcdef…``."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a lower-case hex sha256 digest")
    return f"{prefix}/{sha256[:2]}/{sha256}"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def put_bytes(store: ObjectStore, key: str, data: bytes, *, content_type: str) -> bool:
    """``put_file`` for bytes in memory (templates, generated documents) through a temporary file."""
    with tempfile.NamedTemporaryFile(prefix="docsvc-put-") as tmp:
        tmp.write(data)
        tmp.flush()
        return store.put_file(key, Path(tmp.name), content_type=content_type)


@runtime_checkable
class ObjectStore(Protocol):
    """Immutable blobs by key. ``put_file`` never replaces an existing object."""

    def put_file(self, key: str, path: Path, *, content_type: str = "application/octet-stream") -> bool:
        """Store the file under ``key``; returns False when the key already existed (nothing written)."""
        ...

    def open(self, key: str) -> BinaryIO:
        """A readable stream of the object; raises KeyError when it does not exist."""
        ...

    def stat(self, key: str) -> ObjectInfo | None: ...

    def delete(self, key: str) -> None: ...

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]: ...

    def check(self) -> None:
        """Raise StorageUnavailable when the store cannot be used (for /readyz)."""
        ...
