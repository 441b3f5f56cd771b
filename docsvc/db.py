"""Database engine, sessions and migrations (SQLite embedded, PostgreSQL scaled out).

Schema changes only ever happen through Alembic migrations (``migrate``), never ``create_all``, so an
embedded install upgraded in place and a PostgreSQL cluster end up with the same schema.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import InvalidatePoolError
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
        kwargs = {"pool_size": 20, "max_overflow": 10, **kwargs}
    # psycopg prepares a statement after 5 runs, and PostgreSQL then switches to a generic plan that cannot
    # see how selective a value is: GET /v1/sla for a small customer walked thousands of rows (13 ms instead
    # of 5 ms a query, benchmarks/sla_query.py). Custom plans keep the parse savings and plan per value.
    connect_args = {"options": "-c plan_cache_mode=force_custom_plan", **kwargs.pop("connect_args", {})}
    engine = create_engine(url, connect_args=connect_args, **kwargs)
    _ping_when_idle(engine)
    return engine


PING_AFTER_IDLE_SECONDS = 1.0


def _ping_when_idle(engine: Engine) -> None:
    """``pool_pre_ping``, but only for connections that sat in the pool for a while.

    A ping is a round trip on every checkout (~6 % of the server's samples on ``GET /v1/sla``, py-spy with
    benchmarks/sla_query.py). A connection checked in a moment ago is as good as one just pinged; if the
    server went away in between, the statement fails like any in flight at that moment, and SQLAlchemy's
    disconnect handling discards the pool's older connections as the ping would have.
    """

    def checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["checked_in"] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        checked_in = record.info.get("checked_in")  # absent on a fresh connection: nothing to check
        if checked_in is None or time.monotonic() - checked_in < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as err:
            if engine.dialect.is_disconnect(err, dbapi_connection, None):
                raise InvalidatePoolError() from err  # the pool reconnects and retries the checkout
            raise

    event.listen(engine, "checkin", checkin)
    event.listen(engine, "checkout", checkout)


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
    table = entity.__table__
    statement = (insert_fn(entity).values(**values).on_conflict_do_nothing(index_elements=conflict)
                 .returning(*table.primary_key.columns))
    # RETURNING, not rowcount: psycopg 3.3 with SQLAlchemy 2.1 reports rowcount -1 for this statement, which
    # made every lost race look like a win.
    return session.execute(statement).first() is not None


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
