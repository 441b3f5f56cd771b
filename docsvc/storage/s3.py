"""S3-compatible object store (MinIO, SeaweedFS, AWS) through the ``minio`` client.

``put_file`` first asks whether the key exists: content-addressed keys make that the de-duplication check,
and objects are never overwritten. Network failures surface as StorageUnavailable so the API can answer 503.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

import urllib3
from minio import Minio
from minio.error import S3Error

from docsvc.storage.base import ObjectInfo, StorageError, StorageUnavailable

_NETWORK_ERRORS = (urllib3.exceptions.HTTPError, OSError)


class S3Store:
    def __init__(
        self,
        *,
        endpoint: str,
        bucket: str,
        access_key: str,
        secret_key: str,
        secure: bool = False,
        region: str | None = None,
        timeout_seconds: float = 10.0,
    ) -> None:
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=timeout_seconds, read=timeout_seconds * 6),
            retries=urllib3.Retry(total=2, backoff_factor=0.2, status_forcelist=(500, 502, 503, 504)),
        )
        self.client = Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=secure,
                            region=region, http_client=http)
        self.bucket = bucket
        self.endpoint = endpoint

    def _unavailable(self, exc: Exception) -> StorageUnavailable:
        return StorageUnavailable(f"object store at {self.endpoint} is unavailable ({type(exc).__name__})")

    def ensure_bucket(self) -> None:
        try:
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)
        except S3Error as exc:
            if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise StorageError(f"cannot create bucket {self.bucket}: {exc.code}") from exc
        except _NETWORK_ERRORS as exc:
            raise self._unavailable(exc) from exc

    def put_file(self, key: str, path: Path, *, content_type: str = "application/octet-stream") -> bool:
        if self.stat(key) is not None:
            return False
        try:
            self.client.fput_object(self.bucket, key, str(path), content_type=content_type)
        except S3Error as exc:
            raise StorageError(f"object store refused {key}: {exc.code}") from exc
        except _NETWORK_ERRORS as exc:
            raise self._unavailable(exc) from exc
        return True

    def open(self, key: str) -> BinaryIO:
        try:
            return cast(BinaryIO, self.client.get_object(self.bucket, key))
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject"):
                raise KeyError(key) from None
            raise StorageError(f"cannot read {key}: {exc.code}") from exc
        except _NETWORK_ERRORS as exc:
            raise self._unavailable(exc) from exc

    def stat(self, key: str) -> ObjectInfo | None:
        try:
            info = self.client.stat_object(self.bucket, key)
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject", "NotFound"):
                return None
            raise StorageError(f"cannot stat {key}: {exc.code}") from exc
        except _NETWORK_ERRORS as exc:
            raise self._unavailable(exc) from exc
        return ObjectInfo(key, info.size or 0)

    def delete(self, key: str) -> None:
        try:
            self.client.remove_object(self.bucket, key)
        except _NETWORK_ERRORS as exc:
            raise self._unavailable(exc) from exc

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        try:
            for obj in self.client.list_objects(self.bucket, prefix=prefix or None, recursive=True):
                if obj.object_name is not None:
                    yield ObjectInfo(obj.object_name, obj.size or 0)
        except _NETWORK_ERRORS as exc:
            raise self._unavailable(exc) from exc

    def check(self) -> None:
        try:
            if not self.client.bucket_exists(self.bucket):
                raise StorageUnavailable(f"bucket {self.bucket} does not exist at {self.endpoint}")
        except S3Error as exc:
            raise StorageUnavailable(f"object store at {self.endpoint} refused access: {exc.code}") from exc
        except _NETWORK_ERRORS as exc:
            raise self._unavailable(exc) from exc
