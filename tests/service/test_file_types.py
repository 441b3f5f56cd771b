"""Issue 10 finding 14: a file is a PDF only when it starts like one, and a download's name carries the
extension of its sniffed type, never the uploader's (an executable's) extension."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from docsvc.extract.sniff import DOCX, HEAD_BYTES, PDF, sniff_media_type
from docsvc.models import Role
from tests.service.conftest import bearer
from tests.service.test_documents import contract_files, upload  # noqa: F401  (contract_files: a fixture)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path("/work/shared/corpus")


def test_real_pdfs_still_pass_the_stricter_check() -> None:
    pdfs = list(islice((p for p in (ROOT / "tests" / "fixtures").rglob("*") if p.suffix.lower() == ".pdf"), 200))
    if CORPUS.is_dir():
        pdfs += list(islice((p for p in CORPUS.rglob("*") if p.suffix.lower() == ".pdf"), 300))
    if not pdfs:
        pytest.skip("no PDF fixtures")
    for path in pdfs:
        with path.open("rb") as fh:
            assert sniff_media_type(fh.read(HEAD_BYTES), name=path.name) == PDF, path


def test_an_executable_with_a_pdf_marker_is_refused(client: TestClient, keys: dict[Role, str],
                                                    tmp_path: Path) -> None:
    exe = tmp_path / "invoice.exe"
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 60 + b"%PDF-1.7\n" + b"\x00" * 4000)
    r = upload(client, keys[Role.CONTRACT_MANAGER], exe)
    assert r.status_code == 415 and r.json()["code"] == "unsupported_media_type", r.text
    assert "Windows executable" in r.json()["detail"]


def test_download_name_follows_the_sniffed_type(client: TestClient, keys: dict[Role, str],
                                                contract_files: dict[str, Path]) -> None:  # noqa: F811
    doc = upload(client, keys[Role.CONTRACT_MANAGER], contract_files["pdf"], name="invoice.exe").json()["document"]
    r = client.get(f"/v1/documents/{doc['id']}/file", headers=bearer(keys[Role.READER]))
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    disposition = r.headers["content-disposition"]
    assert 'filename="invoice.pdf"' in disposition and ".exe" not in disposition


@pytest.mark.parametrize(("raw", "media_type", "expected"), [
    ("invoice.exe", PDF, "invoice.pdf"),
    ("Vertrag.DOCX", DOCX, "Vertrag.docx"),
    ("scan.pdf.scr", PDF, "scan.pdf.pdf"),
    ("report", PDF, "report.pdf"),
    (".exe", DOCX, "exe.docx"),  # the leading dot goes: no hidden file, no bare extension
    ("a" * 300 + ".exe", PDF, "a" * 176 + ".pdf"),
    ("data.exe", "application/x-unknown", "data.bin"),
])
def test_download_filename(raw: str, media_type: str, expected: str) -> None:
    from docsvc.documents.filenames import download_filename

    assert download_filename(raw, media_type) == expected
