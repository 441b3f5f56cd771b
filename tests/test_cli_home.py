"""Operator commands say which installation they use and never create one by accident."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DOCSVC = [sys.executable, "-m", "docsvc.cli"]


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCSVC_")}
    env["DOCSVC_HOME"] = str(home)
    return subprocess.run([*DOCSVC, *args], capture_output=True, text=True, timeout=180, env=env)


def test_operator_commands_refuse_a_missing_home_and_name_the_one_they_use(tmp_path: Path) -> None:
    home = tmp_path / "nowhere"
    for args in (["keys", "list"], ["generate", "--contract", "00000000-0000-0000-0000-000000000001",
                                    "--template", "change-request"], ["check"]):
        proc = run(home, *args)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert "no docsvc installation here" in proc.stderr and str(home) in proc.stderr
        assert "--init" in proc.stderr
        assert not (home / "docsvc.db").exists() and not (home / "first-admin-key.txt").exists()

    made = run(home, "--init", "keys", "list")
    assert made.returncode == 0, made.stderr
    assert (home / "docsvc.db").exists()
    again = run(home, "keys", "list")
    assert again.returncode == 0, again.stderr
    assert f"DOCSVC_HOME={home}" in again.stderr and "docsvc.db" in again.stderr
    assert "admin" in again.stdout
