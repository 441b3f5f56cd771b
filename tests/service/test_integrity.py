from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from docsvc.integrity import check_integrity
from docsvc.models import Role
from docsvc.runtime import Runtime
from docsvc.storage import content_key
from tests.fixtures.service_docs import write_sla_contract
from tests.service.test_documents import upload


def test_check_reports_orphans_missing_objects_and_corruption(
    client: TestClient, runtime: Runtime, keys: dict[Role, str], tmp_path: Path
) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    docs = [upload(client, manager, write_sla_contract(tmp_path / f"{n}.docx", supplier=n, customer="Acme")).json()
            for n in ("Alpha", "Bravo", "Charlie")]
    assert check_integrity(runtime).clean
    # a crash after storing the object but before committing the row leaves an orphan
    orphan = tmp_path / "orphan.pdf"
    orphan.write_bytes(b"%PDF-1.7 stored but never recorded")
    orphan_key = content_key(hashlib.sha256(orphan.read_bytes()).hexdigest())
    runtime.store.put_file(orphan_key, orphan)
    objects = runtime.settings.resolved_storage_path
    missing, corrupt = docs[0]["document"], docs[1]["document"]
    (objects / content_key(missing["sha256"])).unlink()
    (objects / content_key(corrupt["sha256"])).write_bytes(b"x" * corrupt["size"])
    report = check_integrity(runtime)
    assert report.orphaned_objects == [orphan_key]
    assert report.missing_objects == [missing["id"]]
    assert report.checksum_mismatches == [corrupt["id"]]
    assert not report.clean
    env = {"DOCSVC_HOME": str(runtime.settings.home), "PATH": "/usr/bin:/bin"}
    if runtime.settings.database_url:
        env["DOCSVC_DATABASE_URL"] = runtime.settings.database_url
    proc = subprocess.run([sys.executable, "-m", "docsvc.cli", "check"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 1
    assert "1 orphaned objects" in proc.stdout and missing["id"] in proc.stdout and corrupt["id"] in proc.stdout
