"""organisation settings (letterhead, logo, signatory, formats), customer and party postal addresses

Columns are only added, so SQLite needs no table rebuild.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisation_settings",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=300), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("signatory", sa.String(length=200), nullable=True),
        sa.Column("formats", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                  nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_media_type", sa.String(length=40), nullable=True),
        sa.Column("logo_sha256", sa.String(length=64), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=300), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_settings")),
    )
    op.add_column("customers", sa.Column("address", sa.Text(), nullable=True))
    op.add_column("contract_parties", sa.Column("address", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("contract_parties", "address")
    op.drop_column("customers", "address")
    op.drop_table("organisation_settings")
