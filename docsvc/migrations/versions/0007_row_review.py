"""row-level review and the contract's review status

* SLA terms, price items, service-credit tiers, scope items and parties get ``reviewed_by``/``reviewed_at``
  and ``content_key``: the normalised content the row had when extracted or added (a correction keeps it), so
  a re-extraction recognises a row a person reviewed or rejected and does not bring it back.
* ``contracts.review_status`` (needs_review → in_review → reviewed) with who/when, filtered by the contract list.

Columns are only added, so SQLite needs no table rebuild (rebuilding ``sla_terms`` would drop the triggers of
0005); the downgrade drops them with ``ALTER TABLE … DROP COLUMN`` (SQLite ≥ 3.35).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROW_TABLES = ("contract_parties", "sla_terms", "service_credit_tiers", "price_items", "scope_items")


def upgrade() -> None:
    for table in ROW_TABLES:
        op.add_column(table, sa.Column("content_key", sa.String(64), nullable=True))
        op.add_column(table, sa.Column("reviewed_by", sa.String(200), nullable=True))
        op.add_column(table, sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("contracts", sa.Column("review_status", sa.String(12), nullable=False,
                                         server_default="needs_review"))
    op.add_column("contracts", sa.Column("reviewed_by", sa.String(200), nullable=True))
    op.add_column("contracts", sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_contracts_review_status", "contracts", ["review_status"])


def downgrade() -> None:
    op.drop_index("ix_contracts_review_status", table_name="contracts")
    for column in ("reviewed_at", "reviewed_by", "review_status"):
        op.drop_column("contracts", column)
    for table in ROW_TABLES:
        for column in ("reviewed_at", "reviewed_by", "content_key"):
            op.drop_column(table, column)
