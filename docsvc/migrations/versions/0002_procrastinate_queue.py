"""procrastinate job queue schema (PostgreSQL only)

The scaled-out deployment queues extraction jobs with procrastinate; its tables live in our database so a job
is enqueued in the same transaction as the document row. SQLite installs skip this (their jobs run in-process).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager

    # Raw driver call: the schema is plain SQL full of "::" casts and "%" that bind-parameter parsing would mangle.
    bind.connection.driver_connection.execute(SchemaManager.get_schema())  # type: ignore[union-attr]


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    raw = bind.connection.driver_connection
    assert raw is not None
    for kind, query in (
        ("TABLE", "SELECT tablename FROM pg_tables WHERE tablename LIKE 'procrastinate%'"),
        ("FUNCTION", "SELECT p.oid::regprocedure::text FROM pg_proc p WHERE p.proname LIKE 'procrastinate%'"),
        ("TYPE", "SELECT typname FROM pg_type WHERE typname LIKE 'procrastinate%' AND typtype IN ('e', 'c')"),
    ):
        for (name,) in raw.execute(query).fetchall():
            raw.execute(f"DROP {kind} IF EXISTS {name} CASCADE")
