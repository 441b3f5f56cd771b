"""Uploading documents: streamed, sniffed, de-duplicated, idempotent, processed by the worker."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from docsvc.models import Role
from tests.fixtures.documents import CONTRACTS, write_contract_docx, write_contract_pdf
from tests.service.conftest import bearer


@pytest.fixture(scope="module")
def contract_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("uploads")
    return {"pdf": write_contract_pdf(d / "msa.pdf", CONTRACTS["en"]),
            "docx": write_contract_docx(d / "rahmenvertrag.docx", CONTRACTS["de"])}


def upload(client: TestClient, key: str, path: Path, name: str | None = None,
           headers: dict[str, str] | None = None, **fields: str) -> Any:
    with path.open("rb") as fh:
        return client.post("/v1/documents", files={"file": (name or path.name, fh)}, data=fields,
                           headers={**bearer(key), **(headers or {})})


def wait_for_job(client: TestClient, key: str, job_id: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/v1/jobs/{job_id}", headers=bearer(key)).json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


def test_upload_is_processed_by_the_worker(client: TestClient, keys: dict[Role, str],
                                           contract_files: dict[str, Path]) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    r = upload(client, manager, contract_files["pdf"], customer="Beta Logistics")
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["document"]["sha256"] == hashlib.sha256(contract_files["pdf"].read_bytes()).hexdigest()
    assert body["document"]["media_type"] == "application/pdf" and body["job"]["status"] == "queued"
    assert r.headers["location"] == f"/v1/jobs/{body['job']['id']}"
    job = wait_for_job(client, manager, body["job"]["id"])
    assert job["status"] == "succeeded", job
    assert job["contract_id"] and job["timings"]["extract_s"] >= 0


def test_same_bytes_twice_yield_one_document(client: TestClient, keys: dict[Role, str],
                                             contract_files: dict[str, Path]) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    first = upload(client, manager, contract_files["docx"]).json()
    second = upload(client, manager, contract_files["docx"], name="copy.docx")
    assert second.status_code == 200 and second.json()["duplicate"] is True
    assert second.json()["document"]["id"] == first["document"]["id"]
    assert second.json()["job"]["id"] == first["job"]["id"]


def test_idempotency_key_replays_and_refuses_reuse(client: TestClient, keys: dict[Role, str],
                                                   contract_files: dict[str, Path]) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    headers = {"Idempotency-Key": "upload-42"}
    first = upload(client, manager, contract_files["pdf"], headers=headers)
    again = upload(client, manager, contract_files["pdf"], headers=headers)
    assert again.json() == first.json() and again.headers.get("idempotent-replayed") == "true"
    other = upload(client, manager, contract_files["docx"], headers=headers)
    assert other.status_code == 422 and "Idempotency-Key" in other.json()["detail"]


@pytest.mark.parametrize(("content", "status", "code"), [
    (b"", 415, "unsupported_media_type"),
    (b"just text, not a contract", 415, "unsupported_media_type"),
    (b"MZ\x90\x00" + b"\x00" * 100, 415, "unsupported_media_type"),
])
def test_wrong_files_are_refused_and_nothing_is_kept(client: TestClient, keys: dict[Role, str], tmp_path: Path,
                                                     content: bytes, status: int, code: str) -> None:
    path = tmp_path / "contract.pdf"
    path.write_bytes(content)
    r = upload(client, keys[Role.CONTRACT_MANAGER], path)
    assert r.status_code == status and r.json()["code"] == code
    assert r.headers["content-type"] == "application/problem+json"
    store = client.app.state.store  # type: ignore[attr-defined]
    assert [o.key for o in store.list("documents/")] == []


def test_size_limit_is_enforced_while_streaming(client: TestClient, keys: dict[Role, str], tmp_path: Path) -> None:
    client.app.state.runtime.settings.max_upload_bytes = 10_000  # type: ignore[attr-defined]
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"0" * 50_000)
    r = upload(client, keys[Role.CONTRACT_MANAGER], path)
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    leftovers = list((client.app.state.runtime.settings.home / "tmp").glob("upload-*"))  # type: ignore[attr-defined]
    assert leftovers == []


def test_malformed_multipart_is_a_clear_400(client: TestClient, keys: dict[Role, str]) -> None:
    headers = {**bearer(keys[Role.CONTRACT_MANAGER]), "Content-Type": "multipart/form-data; boundary=xyz"}
    r = client.post("/v1/documents", content=b"--xyz\r\nnot a header line\r\n\r\n", headers=headers)
    assert r.status_code == 400 and r.json()["code"] == "bad_upload"
    r = client.post("/v1/documents", json={"file": "x"}, headers=bearer(keys[Role.CONTRACT_MANAGER]))
    assert r.status_code == 400 and "multipart/form-data" in r.json()["detail"]


def test_download_has_safe_headers(client: TestClient, keys: dict[Role, str], contract_files: dict[str, Path]) -> None:
    nasty = "../../etc/\u202eevil\x00name" + "x" * 300 + ".pdf"
    doc = upload(client, keys[Role.CONTRACT_MANAGER], contract_files["pdf"], name=nasty).json()["document"]
    r = client.get(f"/v1/documents/{doc['id']}/file", headers=bearer(keys[Role.READER]))
    assert r.status_code == 200 and r.content == contract_files["pdf"].read_bytes()
    assert r.headers["x-content-type-options"] == "nosniff"
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "/" not in disposition.split("filename*=")[0]
    assert "\u202e" not in doc["filename"] and "\x00" not in doc["filename"] and len(doc["filename"]) <= 180
