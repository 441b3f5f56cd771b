"""SLA reports and contracts' working calendars (issue 15)

Revision ID: 0011
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON_DOC = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "sla_reports",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("request", JSON_DOC, nullable=False),
        sa.Column("result", JSON_DOC, nullable=False),
        sa.Column("calendar", JSON_DOC, nullable=False),
        sa.Column("terms_missed", sa.Integer(), nullable=False),
        sa.Column("credit_percent", sa.String(length=40), nullable=True),
        sa.Column("credit_amount", sa.String(length=40), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("unreviewed", sa.Boolean(), nullable=False),
        sa.Column("contract_revision", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"),
                  nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"], name=op.f("fk_sla_reports_contract_id_contracts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_reports")),
    )
    op.create_index("ix_sla_reports_contract_period", "sla_reports", ["contract_id", "period"], unique=False)
    op.create_table(
        "working_calendars",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("days", JSON_DOC, nullable=False),
        sa.Column("start", sa.String(length=5), nullable=False),
        sa.Column("end", sa.String(length=5), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("subdivision", sa.String(length=10), nullable=True),
        sa.Column("extra_holidays", JSON_DOC, nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"],
                                name=op.f("fk_working_calendars_contract_id_contracts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_working_calendars")),
        sa.UniqueConstraint("contract_id", name=op.f("uq_working_calendars_contract_id")),
    )


def downgrade() -> None:
    op.drop_table("working_calendars")
    op.drop_index("ix_sla_reports_contract_period", table_name="sla_reports")
    op.drop_table("sla_reports")
