"""per-customer documents and templates, normalised customer names

* ``documents``: de-duplication is per owner. ``sha256`` alone was unique, so a customer uploading bytes that
  another customer already had got that customer's document (or a 403 naming it). ``owner`` is the customer
  id as 32 hex digits, or '' for "no customer": unique indexes treat NULLs as distinct, so ``customer_id``
  itself cannot scope the index. Two owners' documents may share one content-addressed object.
* ``template_versions``: ``customer_id``/``owner`` make a template shared (NULL/'') or one customer's own,
  numbered per (name, owner). An existing version uploaded by a key limited to a customer (its ``created_by``
  ends with the key id) becomes that customer's own, so a version one customer pushed onto everybody stops
  being what the others generate with; all other versions stay shared.
* ``customers.name_key``: NFKC + casefold of the name, unique, so ``Alpha``/``alpha``/``Ａlpha`` are one
  customer. It replaces the unique constraint on ``name``: PostgreSQL's ON CONFLICT handles conflicts only on
  the index it names, so a second unique index made concurrent first uploads for a new customer fail.
  Existing customers whose names now collide are not merged (that would move contracts, documents and keys
  between accounts): the oldest gets the plain key, later ones a key suffixed with their id.

On SQLite, dropping a table-level UNIQUE constraint means rebuilding the table; ``documents`` and
``template_versions`` are referenced by other tables, and with ``PRAGMA foreign_keys=ON`` the rebuild's DROP
TABLE would delete-check their rows. The pragma only takes effect outside a transaction, which is where each
migration starts (the sqlite3 driver opens one only at the first write); the references are verified with
``PRAGMA foreign_key_check`` before the migration commits.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from docsvc.models.tenancy import name_key

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def _owner_sql(column: str) -> str:
    # SQLite stores a Uuid as 32 hex digits already; PostgreSQL's text form has hyphens.
    return f"COALESCE({column}, '')" if _sqlite() else f"COALESCE(replace(CAST({column} AS TEXT), '-', ''), '')"


def upgrade() -> None:
    if _sqlite():
        op.execute("PRAGMA foreign_keys=OFF")
    _customers_up()
    op.add_column("documents", sa.Column("owner", sa.String(32), nullable=False, server_default=""))
    op.execute(f"UPDATE documents SET owner = {_owner_sql('customer_id')}")
    op.add_column("template_versions", sa.Column("owner", sa.String(32), nullable=False, server_default=""))
    if _sqlite():
        with op.batch_alter_table("customers", recreate="always") as batch:
            batch.drop_constraint("uq_customers_name", type_="unique")
        with op.batch_alter_table("documents", recreate="always") as batch:
            batch.drop_constraint("uq_documents_sha256", type_="unique")
        with op.batch_alter_table("template_versions", recreate="always") as batch:
            batch.add_column(sa.Column("customer_id", sa.Uuid(), nullable=True))
            batch.create_foreign_key("fk_template_versions_customer_id_customers", "customers",
                                     ["customer_id"], ["id"])
            batch.drop_constraint("uq_template_versions_name_version", type_="unique")
        _check_references()
    else:
        op.drop_constraint("uq_customers_name", "customers", type_="unique")
        op.drop_constraint("uq_documents_sha256", "documents", type_="unique")
        op.add_column("template_versions", sa.Column("customer_id", sa.Uuid(), nullable=True))
        op.create_foreign_key("fk_template_versions_customer_id_customers", "template_versions", "customers",
                              ["customer_id"], ["id"])
        op.drop_constraint("uq_template_versions_name_version", "template_versions", type_="unique")
        for table, column in (("customers", "name_key"), ("documents", "owner"), ("template_versions", "owner")):
            op.alter_column(table, column, server_default=None)  # the application always sets them
    op.create_index("ix_documents_sha256_owner", "documents", ["sha256", "owner"], unique=True)
    _templates_to_their_customers()
    op.create_index("ix_template_versions_customer_id", "template_versions", ["customer_id"])
    op.create_index("ix_template_versions_name_owner_version", "template_versions", ["name", "owner", "version"],
                    unique=True)


def _customers_up() -> None:
    op.add_column("customers", sa.Column("name_key", sa.String(300), nullable=False, server_default=""))
    bind = op.get_bind()
    taken: set[str] = set()
    rows = bind.execute(sa.text("SELECT id, name FROM customers ORDER BY created_at, id")).all()
    for customer_id, name in rows:
        key = name_key(name)
        if key in taken:
            key = f"{key[:260]}#{customer_id}"
        taken.add(key)
        bind.execute(sa.text("UPDATE customers SET name_key = :key WHERE id = :id"), {"key": key, "id": customer_id})
    op.create_index("ix_customers_name_key", "customers", ["name_key"], unique=True)


ACTOR_KEY = re.compile(r"key ([0-9a-f-]{36})\)$")  # Principal.actor: "<name> (<role>, key <id>)"


def _templates_to_their_customers() -> None:
    bind = op.get_bind()
    keys = sa.table("api_keys", sa.column("id", sa.Uuid()), sa.column("customer_id", sa.Uuid()))
    versions = sa.table("template_versions", sa.column("id", sa.Uuid()), sa.column("created_by", sa.String()),
                        sa.column("builtin", sa.Boolean()), sa.column("customer_id", sa.Uuid()),
                        sa.column("owner", sa.String()))
    limited = dict(bind.execute(sa.select(keys.c.id, keys.c.customer_id).where(keys.c.customer_id.is_not(None))).all())
    rows = bind.execute(sa.select(versions.c.id, versions.c.created_by).where(versions.c.builtin.is_(False))).all()
    for version_id, created_by in rows:
        match = ACTOR_KEY.search(created_by or "")
        customer_id = limited.get(uuid.UUID(match.group(1))) if match else None
        if customer_id is not None:
            bind.execute(versions.update().where(versions.c.id == version_id)
                         .values(customer_id=customer_id, owner=customer_id.hex))


def _check_references() -> None:
    broken = op.get_bind().execute(sa.text("PRAGMA foreign_key_check")).all()
    if broken:
        raise RuntimeError(f"foreign keys broken by the table rebuild: {broken[:5]}")


def downgrade() -> None:
    bind = op.get_bind()
    # The old schema cannot hold two customers' documents of the same bytes, nor a customer's template beside
    # a shared one of the same name and version: refuse rather than delete anyone's records.
    shared = bind.execute(sa.text("SELECT count(*) FROM (SELECT sha256 FROM documents GROUP BY sha256 "
                                  "HAVING count(*) > 1) d")).scalar_one()
    clashing = bind.execute(sa.text("SELECT count(*) FROM (SELECT name FROM template_versions GROUP BY name, "
                                    "version HAVING count(*) > 1) t")).scalar_one()
    if shared or clashing:
        raise RuntimeError(f"cannot downgrade: {shared} files are held by several customers and {clashing} "
                           "template versions exist for several owners; revision 0005 allows neither")
    if _sqlite():
        op.execute("PRAGMA foreign_keys=OFF")
    op.drop_index("ix_template_versions_name_owner_version", table_name="template_versions")
    op.drop_index("ix_template_versions_customer_id", table_name="template_versions")
    op.drop_index("ix_documents_sha256_owner", table_name="documents")
    op.drop_index("ix_customers_name_key", table_name="customers")
    if _sqlite():
        with op.batch_alter_table("template_versions", recreate="always") as batch:
            batch.drop_constraint("fk_template_versions_customer_id_customers", type_="foreignkey")
            batch.drop_column("customer_id")
            batch.drop_column("owner")
            batch.create_unique_constraint("uq_template_versions_name_version", ["name", "version"])
        with op.batch_alter_table("documents", recreate="always") as batch:
            batch.drop_column("owner")
            batch.create_unique_constraint("uq_documents_sha256", ["sha256"])
        with op.batch_alter_table("customers", recreate="always") as batch:
            batch.drop_column("name_key")
            batch.create_unique_constraint("uq_customers_name", ["name"])
        _check_references()
        return
    op.drop_constraint("fk_template_versions_customer_id_customers", "template_versions", type_="foreignkey")
    op.drop_column("template_versions", "customer_id")
    op.drop_column("template_versions", "owner")
    op.create_unique_constraint("uq_template_versions_name_version", "template_versions", ["name", "version"])
    op.drop_column("documents", "owner")
    op.create_unique_constraint("uq_documents_sha256", "documents", ["sha256"])
    op.drop_column("customers", "name_key")
    op.create_unique_constraint("uq_customers_name", "customers", ["name"])
