"""Pages of ``GET /v1/sla``, the route billing, ITSM and monitoring systems poll, answered as JSON bytes.

On PostgreSQL the page is read on the event loop through psycopg's own async pool: no worker-thread hop per
request and no 16 threads taking turns on the GIL, which is where the web process spent its time and its
latency tail under 16 clients (benchmarks/sla_query.py). The statement is still the one
``repository.sla_statement`` builds, compiled once per combination of filters. SQLite (the embedded default)
reads through the app's engine in the thread pool.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

import orjson
import psycopg
import psycopg_pool
from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.engine import make_url
from starlette.concurrency import run_in_threadpool

from docsvc.contracts import repository as repo
from docsvc.errors import DatabaseUnavailable
from docsvc.pagination import CursorCodec

log = logging.getLogger(__name__)


class SlaReader(Protocol):
    async def page(self, filters: dict[str, Any], limit: int) -> bytes: ...

    async def close(self) -> None: ...


async def open_sla_reader(engine: Engine, *, connections: int, cursors: CursorCodec,
                          connect_timeout: float = 5.0) -> SlaReader:
    if engine.dialect.name == "postgresql":
        reader = PostgresSlaReader(engine.url.render_as_string(hide_password=False), connections=connections,
                                   connect_timeout=connect_timeout, cursors=cursors)
        await reader.open()
        return reader
    return ThreadedSlaReader(engine, cursors)


def encode_page(items: list[Any], found: list[Any] | Any, limit: int, cursors: CursorCodec) -> bytes:
    """``{"items": [...], "next_cursor": ...}``; ``found`` holds up to ``limit + 1`` rows with an ``id``."""
    more = len(found) > limit
    cursor = cursors.encode(SLA_LISTING, found[limit - 1][0]) if more else None
    return orjson.dumps({"items": items, "next_cursor": cursor})


SLA_LISTING = "sla"


class ThreadedSlaReader:
    """The app's engine in autocommit: the page is one SELECT, so BEGIN and COMMIT would only add two round
    trips (a single statement reads one consistent snapshot anyway)."""

    def __init__(self, engine: Engine, cursors: CursorCodec) -> None:
        self.engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self.cursors = cursors

    async def page(self, filters: dict[str, Any], limit: int) -> bytes:
        return await run_in_threadpool(self._page, filters, limit)

    def _page(self, filters: dict[str, Any], limit: int) -> bytes:
        with self.engine.connect() as conn:
            found = repo.search_sla(conn, **filters, limit=limit + 1)
        return encode_page([sla_row(r) for r in found[:limit]], found, limit, self.cursors)

    async def close(self) -> None:
        return None


class PostgresSlaReader:
    """A small async pool of its own (autocommit, server-side prepared statements)."""

    def __init__(self, url: str, *, connections: int, connect_timeout: float, cursors: CursorCodec) -> None:
        self.cursors = cursors
        conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self.dialect = PGDialect_psycopg()  # type: ignore[no-untyped-call]
        self.statements: dict[Any, tuple[str, Any]] = {}
        self.pool = psycopg_pool.AsyncConnectionPool(
            conninfo, min_size=1, max_size=max(1, connections), open=False, timeout=connect_timeout,
            name="sla-reads", kwargs={"autocommit": True, "connect_timeout": max(1, round(connect_timeout))})

    async def open(self) -> None:
        # Not waiting: the service starts (and /readyz reports) even when the database comes up later.
        await self.pool.open(wait=False)

    async def page(self, filters: dict[str, Any], limit: int) -> bytes:
        query, params = repo.sla_statement(**filters, limit=limit + 1, as_json=True)
        sql, compiled = self._compiled(query)
        try:
            async with self.pool.connection() as conn:
                # Prepared, so PostgreSQL parses and (after five runs) plans each filter combination once; not
                # a text search, whose best plan depends on how common the word is (a generic plan cannot know).
                cursor = await conn.execute(sql, compiled.construct_params(params), prepare="service" not in params)
                found = await cursor.fetchall()
        except (psycopg.OperationalError, psycopg_pool.PoolTimeout) as exc:
            log.warning("GET /v1/sla: database unavailable: %s", exc)
            raise DatabaseUnavailable() from exc
        return encode_page([orjson.Fragment(row[1]) for row in found[:limit]], found, limit, self.cursors)

    def _compiled(self, query: Any) -> tuple[str, Any]:
        # sla_statement hands out one Select object per combination of filters, so the object is the key.
        cached = self.statements.get(query)
        if cached is None:
            compiled = query.compile(dialect=self.dialect)
            cached = self.statements[query] = (str(compiled), compiled)
        return cached

    async def close(self) -> None:
        await self.pool.close()


def sla_row(row: Any) -> dict[str, Any]:
    """``row`` from ``repo.search_sla``: its JSON columns are JSON text, embedded without decoding."""
    customer = None if row.customer_ref is None else {"id": row.customer_ref, "name": row.customer_name}
    return {"id": row.id, "contract_id": row.contract_id, "contract": {"id": row.contract_id, "title": row.title},
            "customer": customer, "service": row.service, "metric": row.metric,
            "priority": row.priority, "target_value": float(row.target_value), "target_unit": row.target_unit,
            "measurement_period": row.measurement_period, "hours_of_cover": row.hours_of_cover,
            "exclusions": _json(row.exclusions), "confidence": row.confidence, "evidence": _json(row.evidence),
            "review_state": row.review_state}


def _json(text: str | None) -> orjson.Fragment | None:
    return None if text is None else orjson.Fragment(text)
