"""Pooled PostgreSQL connections that sat idle are checked before use, so a dropped one is replaced."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.pool import NullPool

from docsvc import db
from tests.fixtures.databases import temporary_postgres_database


def test_an_idle_connection_killed_by_the_server_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    with temporary_postgres_database() as url:
        engine = db.make_engine(url, pool_size=1, max_overflow=0)
        try:
            with engine.connect() as conn:
                first_pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
            other = db.make_engine(url, poolclass=NullPool)
            with other.connect() as admin:
                admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first_pid})
            other.dispose()
            monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
            with engine.connect() as conn:
                assert conn.execute(text("SELECT pg_backend_pid()")).scalar_one() != first_pid
        finally:
            engine.dispose()
