"""users carry a revision: the ETag of GET /v1/users/{id}, checked by If-Match on changes

Two admins editing one person no longer overwrite each other silently: a change names the revision it read
(If-Match, or the hidden field of the workbench form) and is refused with 412 when another change came first.
Existing rows start at revision 1.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("revision", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("revision")
