"""Database engine, sessions and migrations (SQLite embedded, PostgreSQL scaled out).

Schema changes only ever happen through Alembic migrations (``migrate``), never ``create_all``, so an
embedded install upgraded in place and a PostgreSQL cluster end up with the same schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if "poolclass" not in kwargs:
        kwargs = {"pool_size": 10, "max_overflow": 20, **kwargs}
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the API read while the in-process worker writes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


OPTIONAL_INDEXES = {"ix_sla_terms_service_trgm"}  # PostgreSQL-only, needs the pg_trgm extension (migration 0003)


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate ignores the job queue's own tables (procrastinate manages them) and optional indexes."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith("procrastinate")
    return not (type_ == "index" and name in OPTIONAL_INDEXES)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` up to ``revision`` (creates the schema on first start)."""
    command.upgrade(alembic_config(url), revision)
    if url.startswith("sqlite"):
        # SQLite never gathers planner statistics on its own; without them the SLA filters pick poor plans
        # (measured: 45 ms instead of 4 ms per query at 100,000 rows).
        engine = make_engine(url)
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA optimize=0x10002")
        engine.dispose()


def insert_ignore(session: Session, entity: Any, values: dict[str, Any], conflict: list[str]) -> bool:
    """``INSERT ... ON CONFLICT DO NOTHING``; returns whether the row was inserted.

    Used instead of SAVEPOINT + IntegrityError: Python's sqlite3 driver opens no transaction before a
    SAVEPOINT, so releasing one would commit on its own and a later rollback could not undo it.
    """
    dialect = session.get_bind().dialect.name
    insert_fn = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert_fn(entity).values(**values).on_conflict_do_nothing(index_elements=conflict)
    result = session.execute(statement)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
