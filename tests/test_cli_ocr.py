"""``docsvc check`` says whether scanned documents can be read, and what to install when they cannot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from docsvc.extract import ocr

DOCSVC = [sys.executable, "-m", "docsvc.cli"]


def run(home: Path, *args: str, tesseract: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCSVC_")}
    env["DOCSVC_HOME"] = str(home)
    if tesseract is not None:
        env["DOCSVC_TESSERACT_CMD"] = tesseract
    return subprocess.run([*DOCSVC, *args], capture_output=True, text=True, timeout=180, env=env)


def test_check_reports_ocr_without_failing_for_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "--init", "keys", "list").returncode == 0
    missing = run(home, "check", tesseract=str(tmp_path / "no-tesseract"))
    assert missing.returncode == 0, missing.stdout + missing.stderr  # a clean store stays clean
    assert "OCR unavailable" in missing.stdout and "tesseract-ocr-eng" in missing.stdout
    if not ocr.status("tesseract").available:
        pytest.skip("tesseract with eng+deu models not installed")
    present = run(home, "check")
    assert present.returncode == 0 and "OCR: available (tesseract 5" in present.stdout
