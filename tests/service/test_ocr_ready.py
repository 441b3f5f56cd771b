"""``/readyz`` reports whether scanned documents can be read (OCR), without making readiness depend on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from docsvc.config import Settings
from docsvc.extract import ocr
from docsvc.main import create_app
from docsvc.runtime import open_runtime


@pytest.mark.parametrize("command", ["tesseract", "/nonexistent/tesseract"])
def test_readyz_reports_ocr_and_stays_ready_without_it(command: str, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", tesseract_cmd=command)
    runtime = open_runtime(settings)
    try:
        with TestClient(create_app(settings, runtime=runtime)) as client:
            response = client.get("/readyz")
    finally:
        runtime.close()
    assert response.status_code == 200, "OCR is reported, never a reason to be unready"
    body = response.json()
    assert body["status"] == "ready"
    assert body["ocr"]["command"] == command
    assert body["ocr"]["available"] is ocr.status(command).available
    if command.startswith("/nonexistent"):
        assert body["ocr"]["available"] is False
        assert "tesseract-ocr" in body["ocr"]["message"]
