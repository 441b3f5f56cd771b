"""sla_terms carry their contract's customer and term dates, kept in step by triggers

``GET /v1/sla`` filters by customer and by "in force on" while paging by SLA row id. With those values only on
``contracts``, every query joined and checked the contract of each row it walked: 1,176 rows walked for one
customer + metric + priority page (6.8 ms) and a subplan per row for ``active_on`` (3.3 ms), measured with
benchmarks/sla_query.py on 100,000 rows. A copy on the row lets one index answer each filter in id order.

The copy is kept by the database, not by application code, so no write path can forget it: inserting an SLA
row (or moving it to another contract) copies the contract's values, and changing a contract's customer or
dates rewrites its SLA rows.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COPIED = {"customer_id": "customer_id", "contract_effective_date": "effective_date",
          "contract_expiration_date": "expiration_date"}
INDEXES: dict[str, list[str | sa.TextClause]] = {
    "ix_sla_terms_customer_metric_lower_priority_id": ["customer_id", "metric", sa.text("lower(priority)"), "id"],
    "ix_sla_terms_customer_id_id": ["customer_id", "id"],
    "ix_sla_terms_metric_id": ["metric", "id"],
    # Covers the service text search (see repository._sla_query): matched without reading the table.
    "ix_sla_terms_id_service_review_state": ["id", "service", "review_state"],
}


def upgrade() -> None:
    op.add_column("sla_terms", sa.Column("customer_id", sa.Uuid(), nullable=True))
    op.add_column("sla_terms", sa.Column("contract_effective_date", sa.Date(), nullable=True))
    op.add_column("sla_terms", sa.Column("contract_expiration_date", sa.Date(), nullable=True))
    assignments = ", ".join(f"{copy} = (SELECT c.{source} FROM contracts c WHERE c.id = sla_terms.contract_id)"
                            for copy, source in COPIED.items())
    op.execute(f"UPDATE sla_terms SET {assignments}")
    for name, columns in INDEXES.items():
        op.create_index(name, "sla_terms", columns)
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers(assignments)


def _postgresql_triggers() -> None:
    targets = ", ".join(f"NEW.{copy}" for copy in COPIED)
    sources = ", ".join(f"c.{source}" for source in COPIED.values())
    op.execute(
        "CREATE FUNCTION sla_terms_copy_contract() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"SELECT {sources} INTO {targets} FROM contracts c WHERE c.id = NEW.contract_id; "
        "RETURN NEW; END $$")
    op.execute("CREATE TRIGGER sla_terms_copy_contract BEFORE INSERT OR UPDATE OF contract_id ON sla_terms "
               "FOR EACH ROW EXECUTE FUNCTION sla_terms_copy_contract()")
    changed = " OR ".join(f"OLD.{source} IS DISTINCT FROM NEW.{source}" for source in COPIED.values())
    sets = ", ".join(f"{copy} = NEW.{source}" for copy, source in COPIED.items())
    op.execute(
        "CREATE FUNCTION contracts_copy_to_sla_terms() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"UPDATE sla_terms SET {sets} WHERE contract_id = NEW.id; RETURN NULL; END $$")
    op.execute(f"CREATE TRIGGER contracts_copy_to_sla_terms AFTER UPDATE ON contracts FOR EACH ROW "
               f"WHEN ({changed}) EXECUTE FUNCTION contracts_copy_to_sla_terms()")


def _sqlite_triggers(assignments: str) -> None:
    # SQLite triggers cannot assign NEW, so the row is updated right after it is written.
    own_row = assignments.replace("sla_terms.contract_id", "NEW.contract_id")
    op.execute(f"CREATE TRIGGER sla_terms_copy_contract AFTER INSERT ON sla_terms "
               f"BEGIN UPDATE sla_terms SET {own_row} WHERE id = NEW.id; END")
    op.execute(f"CREATE TRIGGER sla_terms_copy_contract_moved AFTER UPDATE OF contract_id ON sla_terms "
               f"BEGIN UPDATE sla_terms SET {own_row} WHERE id = NEW.id; END")
    changed = " OR ".join(f"OLD.{source} IS NOT NEW.{source}" for source in COPIED.values())
    sets = ", ".join(f"{copy} = NEW.{source}" for copy, source in COPIED.items())
    op.execute(f"CREATE TRIGGER contracts_copy_to_sla_terms AFTER UPDATE OF {', '.join(COPIED.values())} "
               f"ON contracts WHEN {changed} "
               f"BEGIN UPDATE sla_terms SET {sets} WHERE contract_id = NEW.id; END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS contracts_copy_to_sla_terms ON contracts")
        op.execute("DROP TRIGGER IF EXISTS sla_terms_copy_contract ON sla_terms")
        op.execute("DROP FUNCTION IF EXISTS contracts_copy_to_sla_terms()")
        op.execute("DROP FUNCTION IF EXISTS sla_terms_copy_contract()")
    else:
        for trigger in ("contracts_copy_to_sla_terms", "sla_terms_copy_contract", "sla_terms_copy_contract_moved"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for name in INDEXES:
        op.drop_index(name, table_name="sla_terms")
    # Plain ALTER TABLE, also on SQLite (3.35+): a batch copy of the table would lose its expression indexes,
    # which SQLite cannot reflect.
    for column in COPIED:
        op.execute(f"ALTER TABLE sla_terms DROP COLUMN {column}")
