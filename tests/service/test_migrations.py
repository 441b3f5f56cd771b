"""The Alembic migrations create exactly the ORM schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DatabaseError

from docsvc.db import include_name, make_engine, migrate
from docsvc.models import Base
from tests.fixtures.databases import temporary_postgres_database


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'docsvc.db'}"
    else:
        with temporary_postgres_database() as url:
            yield url


def test_migrations_match_the_models(database_url: str) -> None:
    migrate(database_url)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], "models changed without a migration: add one with alembic revision --autogenerate"
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    engine.dispose()


def test_migrating_twice_is_harmless_and_downgrade_works(database_url: str) -> None:
    migrate(database_url)
    migrate(database_url)
    from alembic import command

    from docsvc.db import alembic_config

    command.downgrade(alembic_config(database_url), "base")
    engine = make_engine(database_url)
    assert "contracts" not in inspect(engine).get_table_names()
    engine.dispose()


def test_audit_log_is_append_only(database_url: str) -> None:
    migrate(database_url)
    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO audit_log (at, actor, action, entity_type, entity_id, details) "
                 "VALUES (CURRENT_TIMESTAMP, 'admin', 'create', 'contract', :id, '{}')"),
            {"id": str(uuid.uuid4())},
        )
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT actor FROM audit_log")).scalars().all() == ["admin"]
    engine.dispose()
