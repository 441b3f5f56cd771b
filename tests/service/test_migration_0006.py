"""Migration 0006 on a database holding data: customers' names are keyed, documents and templates get owners,
and the tables rebuilt on SQLite keep every row and reference; downgrade restores 0005 when the data allows."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, Integer, String, Uuid, column, select, table, text

from docsvc.db import alembic_config, make_engine, migrate
from tests.fixtures.databases import temporary_postgres_database

ALPHA, ALPHA_LOWER, WIDE, BETA = (uuid.uuid4() for _ in range(4))
DOC_A, DOC_NONE, RUN, TEMPLATE, PUSHED, KEY = (uuid.uuid4() for _ in range(6))


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'docsvc.db'}"
    else:
        with temporary_postgres_database() as url:
            yield url


def _insert(engine: Engine, name: str, rows: list[dict[str, Any]]) -> None:
    types = {"id": Uuid(), "customer_id": Uuid(), "document_id": Uuid(), "version": Integer(), "size": Integer()}
    tbl = table(name, *(column(key, types.get(key, String())) for key in rows[0]))
    with engine.begin() as conn:
        conn.execute(tbl.insert(), rows)


def _uuid(engine: Engine, value: uuid.UUID) -> uuid.UUID | str:
    return value.hex if engine.dialect.name == "sqlite" else value  # raw SQL: SQLite keeps Uuid as 32 hex


def _seed_0005(engine: Engine) -> None:
    _insert(engine, "customers", [{"id": i, "name": n} for i, n in
                                  ((ALPHA, "Alpha"), (ALPHA_LOWER, "alpha"), (WIDE, "Ａlpha"), (BETA, "Beta"))])
    doc = {"size": 3, "media_type": "application/pdf", "storage_key": "documents/ab", "filename": "a.pdf"}
    _insert(engine, "documents", [{"id": DOC_A, "sha256": "a" * 64, "customer_id": ALPHA, **doc},
                                  {"id": DOC_NONE, "sha256": "b" * 64, "customer_id": None, **doc}])
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO extraction_runs (id, document_id, extractor_version, status, attempts, "
                          "progress, timings) VALUES (:id, :doc, '1', 'queued', 0, 0, '{}')"),
                     {"id": _uuid(engine, RUN), "doc": _uuid(engine, DOC_A)})
        conn.execute(text("INSERT INTO api_keys (id, prefix, secret_hash, name, role, customer_id) VALUES "
                          "(:id, 'abcdef0123', 'x', 'alpha (coordinator)', 'coordinator', :customer)"),
                     {"id": _uuid(engine, KEY), "customer": _uuid(engine, ALPHA)})
        for template_id, version, author in ((TEMPLATE, 1, "admin (admin, key 1)"),
                                             (PUSHED, 2, f"alpha (coordinator) (coordinator, key {KEY})")):
            conn.execute(text("INSERT INTO template_versions (id, name, version, kind, language, status, filename, "
                              "sha256, size, storage_key, report, builtin, created_by) VALUES (:id, 'cr-en', :v, "
                              "'change_request', 'en', 'active', 'cr.docx', :sha, 1, 'templates/x', '{}', false, "
                              ":author)"),
                         {"id": _uuid(engine, template_id), "sha": "c" * 64, "v": version, "author": author})


def test_upgrade_keys_names_and_owns_rows_then_downgrades(database_url: str) -> None:
    migrate(database_url, "0005")
    engine = make_engine(database_url)
    _seed_0005(engine)
    migrate(database_url)
    customers = table("customers", column("id", Uuid()), column("name_key", String()))
    documents = table("documents", column("id", Uuid()), column("owner", String()))
    templates = table("template_versions", column("id", Uuid()), column("owner", String()),
                      column("customer_id", Uuid()))
    with engine.connect() as conn:
        keys = dict(conn.execute(select(customers.c.id, customers.c.name_key)).all())
        owners = dict(conn.execute(select(documents.c.id, documents.c.owner)).all())
        template_rows = {r.id: (r.owner, r.customer_id) for r in conn.execute(select(templates))}
        runs = conn.execute(text("SELECT count(*) FROM extraction_runs")).scalar_one()
    # the three spellings existed before: not merged, but only the oldest keeps the plain key
    assert keys[BETA] == "beta" and sum(key == "alpha" for key in keys.values()) == 1
    assert all(key.startswith("alpha#") for cid, key in keys.items() if cid != BETA and key != "alpha")
    assert owners == {DOC_A: ALPHA.hex, DOC_NONE: ""}
    # the version Alpha's key pushed onto every customer becomes Alpha's own; the admin's stays shared
    assert template_rows == {TEMPLATE: ("", None), PUSHED: (ALPHA.hex, ALPHA)} and runs == 1
    # now the same bytes may be held by another owner, and a customer may have its own "cr-en" v1
    _insert(engine, "documents", [{"id": uuid.uuid4(), "sha256": "a" * 64, "customer_id": BETA, "owner": BETA.hex,
                                   "size": 3, "media_type": "application/pdf", "storage_key": "documents/ab",
                                   "filename": "b.pdf"}])
    with pytest.raises(RuntimeError, match="cannot downgrade"):  # refused, not destructive
        command.downgrade(alembic_config(database_url), "0005")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar_one() == 3
    engine.dispose()


def test_downgrade_restores_0005_when_no_file_is_shared(database_url: str) -> None:
    migrate(database_url, "0005")
    engine = make_engine(database_url)
    _seed_0005(engine)
    migrate(database_url)
    command.downgrade(alembic_config(database_url), "0005")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM documents")).scalar_one() == 2
        assert conn.execute(text("SELECT count(*) FROM extraction_runs")).scalar_one() == 1
    with pytest.raises(Exception, match="(?i)unique"), engine.begin() as conn:
        conn.execute(text("INSERT INTO documents (id, sha256, size, media_type, storage_key, filename) "
                          "SELECT :id, sha256, size, media_type, storage_key, filename FROM documents "
                          "WHERE sha256 = :sha"), {"id": _uuid(engine, uuid.uuid4()), "sha": "a" * 64})
    engine.dispose()
