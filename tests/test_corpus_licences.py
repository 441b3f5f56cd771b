"""Only documents whose licence allows redistribution are committed to the labelled corpora; the rest are rebuilt
locally from public snapshots (each corpus's rebuild.py). A merge once committed 64 rebuilt files by accident."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = sorted(p.parent for p in (ROOT / "benchmarks" / "corpus").glob("*/sources.json"))


def _tracked(folder: Path) -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    out = subprocess.run(["git", "ls-files", "--", str(folder)], cwd=ROOT, capture_output=True, text=True, check=True)
    return [line for line in out.stdout.splitlines() if line.strip()]


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_no_committed_file_of_a_source_without_a_redistribution_licence(corpus: Path) -> None:
    sources = {entry["id"]: entry for entry in json.loads((corpus / "sources.json").read_text())}
    committed = [Path(f).name for f in _tracked(corpus / "files") if not f.endswith(".gitignore")]
    wrong = [name for name in committed if not sources.get(name.rsplit(".", 1)[0], {}).get("redistribute")]
    assert wrong == []
