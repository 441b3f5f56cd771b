"""``docsvc users create|list|disable`` on a real installation (a subprocess, like an operator)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.runtime import open_runtime
from docsvc.users import service


def run(home: Path, *args: str, password: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCSVC_")}
    env.update(DOCSVC_HOME=str(home), DOCSVC_NEW_USER_PASSWORD=password, COLUMNS="200")  # rich wraps at 80
    return subprocess.run([sys.executable, "-m", "docsvc.cli", *args], capture_output=True, text=True, timeout=180,
                          env=env)


def test_users_create_list_disable(tmp_path: Path) -> None:
    home = tmp_path / "home"
    made = run(home, "--init", "users", "create", "--email", "Ops@Example.com", "--display-name", "Olga Ops",
               "--role", "coordinator", password="long enough secret")
    assert made.returncode == 0, made.stderr
    assert "created coordinator user ops@example.com" in made.stdout
    weak = run(home, "users", "create", "--email", "w@example.com", "--display-name", "W", "--role", "reader",
               password="short")
    assert weak.returncode == 1 and "at least 10 characters" in weak.stderr and "Traceback" not in weak.stderr
    listed = run(home, "users", "list")
    assert "ops@example.com" in listed.stdout and "Olga Ops" in listed.stdout
    assert run(home, "users", "disable", "ops@example.com").returncode == 0
    runtime = open_runtime(Settings(home=home))
    try:
        with transaction(runtime.sessions) as session:
            assert service.check_password(session, "ops@example.com", "long enough secret") is None  # disabled
    finally:
        runtime.close()
