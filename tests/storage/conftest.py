from __future__ import annotations

from pathlib import Path

import pytest

from docsvc.storage.local import LocalStore
from docsvc.storage.s3 import S3Store
from tests.fixtures.seaweed import ACCESS_KEY, SECRET_KEY, SeaweedServer


def make_s3_store(server: SeaweedServer, bucket: str) -> S3Store:
    store = S3Store(endpoint=server.endpoint, bucket=bucket, access_key=ACCESS_KEY, secret_key=SECRET_KEY,
                    timeout_seconds=2.0)
    store.ensure_bucket()
    return store


@pytest.fixture(params=["local", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> LocalStore | S3Store:
    if request.param == "local":
        return LocalStore(tmp_path / "objects")
    server: SeaweedServer = request.getfixturevalue("seaweed")
    return make_s3_store(server, f"t-{abs(hash(request.node.name)) % 10**8}")
