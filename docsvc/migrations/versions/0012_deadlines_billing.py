"""calendar feeds (deadlines), billing checks and remembered billing matches (issue 15 parts 2 and 3)

Revision ID: 0012
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def _common() -> list[sa.Column[Any]]:
    return [sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                      nullable=False)]


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("api_key_id", sa.Uuid(), nullable=False),
        sa.Column("kinds", _json(), nullable=False),
        sa.Column("within_days", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        *_common(),
        sa.ForeignKeyConstraint(["api_key_id"], ["api_keys.id"], name=op.f("fk_calendar_feeds_api_key_id_api_keys")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"],
                                name=op.f("fk_calendar_feeds_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    op.create_index(op.f("ix_calendar_feeds_customer_id"), "calendar_feeds", ["customer_id"], unique=False)
    op.create_table(
        "billing_checks",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("contract_revision", sa.Integer(), nullable=False),
        sa.Column("invoice_ref", sa.String(length=200), nullable=True),
        sa.Column("lines", _json(), nullable=False),
        sa.Column("result", _json(), nullable=False),
        sa.Column("mismatch_count", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        *_common(),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"],
                                name=op.f("fk_billing_checks_contract_id_contracts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_checks")),
    )
    op.create_index(op.f("ix_billing_checks_contract_id"), "billing_checks", ["contract_id"], unique=False)
    op.create_table(
        "billing_matches",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("invoice_key", sa.String(length=300), nullable=False),
        sa.Column("invoice_description", sa.Text(), nullable=False),
        sa.Column("price_item_id", sa.Uuid(), nullable=False),
        sa.Column("price_item_content_key", sa.String(length=64), nullable=True),
        sa.Column("price_item_description", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        *_common(),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"],
                                name=op.f("fk_billing_matches_contract_id_contracts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_matches")),
        sa.UniqueConstraint("contract_id", "invoice_key", name="uq_billing_matches_contract_id"),
    )


def downgrade() -> None:
    op.drop_table("billing_matches")
    op.drop_index(op.f("ix_billing_checks_contract_id"), table_name="billing_checks")
    op.drop_table("billing_checks")
    op.drop_index(op.f("ix_calendar_feeds_customer_id"), table_name="calendar_feeds")
    op.drop_table("calendar_feeds")
