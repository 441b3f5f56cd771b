"""price reviews are put into effect by an explicit apply step

``price_reviews.applied_at``/``applied_by``: a computed review changes no price until someone applies it
(POST /v1/price-reviews/{id}/apply); billing checks use the latest applied review. Columns are only added
(nullable), so SQLite needs no table rebuild.

Revision ID: 0014
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("price_reviews", sa.Column("applied_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("price_reviews", sa.Column("applied_by", sa.String(200), nullable=True))


def downgrade() -> None:
    for column in ("applied_by", "applied_at"):
        op.drop_column("price_reviews", column)
