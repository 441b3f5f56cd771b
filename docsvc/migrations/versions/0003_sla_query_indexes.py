"""indexes for GET /v1/sla: metric + case-insensitive priority, and trigram search on service (PostgreSQL)

Measured with benchmarks/sla_query.py on 100,000 SLA rows: a rare priority went from a 62 ms primary-key walk
to 0.03 ms; a service word search from a 62 ms parallel sequential scan to 0.7 ms.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")


def upgrade() -> None:
    op.create_index("ix_sla_terms_metric_lower_priority_id", "sla_terms",
                    ["metric", sa.text("lower(priority)"), "id"])
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    # pg_trgm is a trusted extension (PostgreSQL 13+), but a locked-down server may still refuse it: the
    # service works without the index, only service-text searches are slower.
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            bind.execute(sa.text("CREATE INDEX ix_sla_terms_service_trgm ON sla_terms "
                                 "USING gin (lower(service) gin_trgm_ops)"))
    except sa.exc.DBAPIError as exc:
        log.warning("pg_trgm unavailable (%s); service text search stays unindexed", exc.orig)


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_sla_terms_service_trgm")
    op.drop_index("ix_sla_terms_metric_lower_priority_id", table_name="sla_terms")
