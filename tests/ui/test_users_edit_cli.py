"""``docsvc users update|enable|reset-password`` on a real installation (a subprocess, like an operator)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.models import AuditEntry
from docsvc.runtime import open_runtime
from docsvc.users import service
from tests.ui.test_users_cli import run


def test_users_update_enable_and_reset_password(tmp_path: Path) -> None:
    home = tmp_path / "home"
    made = run(home, "--init", "users", "create", "--email", "ops@example.com", "--display-name", "Olga Ops",
               "--role", "coordinator", password="long enough secret")
    assert made.returncode == 0, made.stderr
    changed = run(home, "users", "update", "ops@example.com", "--display-name", "Olga Operations", "--role",
                  "reader", "--language", "de")
    assert changed.returncode == 0, changed.stderr
    bad = run(home, "users", "update", "ops@example.com", "--language", "fr")
    assert bad.returncode == 1 and "language must be one of" in bad.stderr and "Traceback" not in bad.stderr
    nobody = run(home, "users", "update", "nobody@example.com", "--role", "reader")
    assert nobody.returncode != 0 and "no user nobody@example.com" in nobody.stderr
    weak = run(home, "users", "reset-password", "ops@example.com", password="short")
    assert weak.returncode == 1 and "at least 10 characters" in weak.stderr
    assert run(home, "users", "reset-password", "ops@example.com", password="another long secret").returncode == 0
    assert run(home, "users", "disable", "ops@example.com").returncode == 0
    assert run(home, "users", "enable", "ops@example.com").returncode == 0
    listed = run(home, "users", "list")
    assert "Olga Operations" in listed.stdout and "reader" in listed.stdout
    runtime = open_runtime(Settings(home=home))
    try:
        with transaction(runtime.sessions) as session:
            assert service.check_password(session, "ops@example.com", "long enough secret") is None
            user = service.check_password(session, "ops@example.com", "another long secret")
            assert user is not None and user.language == "de" and user.role == "reader"  # enabled again
            actions = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == str(user.id))).all()
    finally:
        runtime.close()
    assert actions.count("user.update") == 2 and actions.count("user.password_reset") == 1
