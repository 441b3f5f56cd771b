"""Both object stores behave the same: immutable, content-addressed, listable, clear errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from docsvc.storage.base import ObjectStore, StorageError, StorageUnavailable, content_key, sha256_file
from docsvc.storage.local import LocalStore
from docsvc.storage.s3 import S3Store
from tests.fixtures.seaweed import SeaweedServer


def blob(tmp_path: Path, data: bytes, name: str = "blob.bin") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_put_is_content_addressed_and_never_overwrites(store: ObjectStore, tmp_path: Path) -> None:
    data = b"%PDF-1.7 contract bytes"
    key = content_key(hashlib.sha256(data).hexdigest())
    assert key.startswith("documents/") and key.split("/")[1] == key.split("/")[2][:2]
    assert store.put_file(key, blob(tmp_path, data), content_type="application/pdf") is True
    assert store.put_file(key, blob(tmp_path, b"something else", "other.bin")) is False
    with store.open(key) as fh:
        assert fh.read() == data
    info = store.stat(key)
    assert info is not None and info.size == len(data)


def test_missing_objects(store: ObjectStore) -> None:
    key = content_key("0" * 64)
    assert store.stat(key) is None
    with pytest.raises(KeyError):
        store.open(key)


def test_list_and_delete(store: ObjectStore, tmp_path: Path) -> None:
    keys = []
    for i in range(3):
        data = f"object {i}".encode()
        keys.append(content_key(hashlib.sha256(data).hexdigest()))
        store.put_file(keys[-1], blob(tmp_path, data, f"{i}.bin"))
    assert sorted(o.key for o in store.list("documents/")) == sorted(keys)
    store.delete(keys[0])
    assert store.stat(keys[0]) is None
    assert sorted(o.key for o in store.list("documents/")) == sorted(keys[1:])
    store.check()


def test_content_key_rejects_non_digests() -> None:
    for bad in ("../../etc/passwd", "A" * 64, "abc"):
        with pytest.raises(ValueError):
            content_key(bad)


def test_local_store_rejects_escaping_keys(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "objects")
    for key in ("../outside", "/etc/passwd", "a//b", "a/./b", "documents/.tmp-x"):
        with pytest.raises(StorageError):
            store.put_file(key, blob(tmp_path, b"x"))
    assert not (tmp_path / "outside").exists()


def test_local_store_leaves_no_temporary_files(tmp_path: Path) -> None:
    store = LocalStore(tmp_path / "objects")
    data = b"x" * 10_000
    store.put_file(content_key(hashlib.sha256(data).hexdigest()), blob(tmp_path, data))
    assert [o.key for o in store.list()] == [content_key(sha256_file(tmp_path / "blob.bin"))]


def test_s3_store_down_is_unavailable_and_recovers(seaweed: SeaweedServer, tmp_path: Path) -> None:
    from tests.storage.conftest import make_s3_store

    store: S3Store = make_s3_store(seaweed, "outage")
    data = b"before the outage"
    store.put_file(content_key(hashlib.sha256(data).hexdigest()), blob(tmp_path, data))
    seaweed.stop()
    try:
        with pytest.raises(StorageUnavailable, match="unavailable"):
            store.check()
        lost = b"during the outage"
        with pytest.raises(StorageUnavailable):
            store.put_file(content_key(hashlib.sha256(lost).hexdigest()), blob(tmp_path, lost, "lost.bin"))
    finally:
        seaweed.start()
    store.check()
    assert [o.key for o in store.list()] == [content_key(hashlib.sha256(data).hexdigest())]
