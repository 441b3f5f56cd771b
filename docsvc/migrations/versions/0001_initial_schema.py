"""initial schema: customers, contracts, documents, extraction runs, extracted values, keys, audit log

The audit log is append-only: triggers refuse UPDATE and DELETE on both SQLite and PostgreSQL.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 18:32:07.711433
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column(
            "details", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_entity", ["entity_type", "entity_id", "id"], unique=False)

    op.create_table(
        "customers",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("external_ref", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
        sa.UniqueConstraint("name", name=op.f("uq_customers_name")),
    )
    op.create_table(
        "api_keys",
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_api_keys_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_keys_prefix")),
    )
    op.create_table(
        "contracts",
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("document_type", sa.String(length=40), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=True),
        sa.Column("expiration_date", sa.Date(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_contracts_customer_id_customers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
    )
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contracts_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contracts_document_type"), ["document_type"], unique=False)
        batch_op.create_index(batch_op.f("ix_contracts_status"), ["status"], unique=False)

    op.create_table(
        "contract_links",
        sa.Column("parent_contract_id", sa.Uuid(), nullable=False),
        sa.Column("child_contract_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=True),
        sa.Column("transferor", sa.String(length=300), nullable=True),
        sa.Column("transferee", sa.String(length=300), nullable=True),
        sa.Column("remaining_party", sa.String(length=300), nullable=True),
        sa.Column("proposed", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["child_contract_id"], ["contracts.id"], name=op.f("fk_contract_links_child_contract_id_contracts")
        ),
        sa.ForeignKeyConstraint(
            ["parent_contract_id"], ["contracts.id"], name=op.f("fk_contract_links_parent_contract_id_contracts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_links")),
    )
    with op.batch_alter_table("contract_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_links_child_contract_id"), ["child_contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contract_links_parent_contract_id"), ["parent_contract_id"], unique=False)

    op.create_table(
        "documents",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=120), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("contract_id", sa.Uuid(), nullable=True),
        sa.Column("declared_type", sa.String(length=40), nullable=True),
        sa.Column("uploaded_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"], name=op.f("fk_documents_contract_id_contracts")),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], name=op.f("fk_documents_customer_id_customers")),
        sa.ForeignKeyConstraint(["uploaded_by"], ["api_keys.id"], name=op.f("fk_documents_uploaded_by_api_keys")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("sha256", name=op.f("uq_documents_sha256")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_documents_contract_id"), ["contract_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "idempotency_keys",
        sa.Column("api_key_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column(
            "response", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(["api_key_id"], ["api_keys.id"], name=op.f("fk_idempotency_keys_api_key_id_api_keys")),
        sa.PrimaryKeyConstraint("api_key_id", "key", name=op.f("pk_idempotency_keys")),
    )
    op.create_table(
        "contract_parties",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("defined_as", sa.String(length=120), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("source_document_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column(
            "evidence", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("review_state", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name=op.f("fk_contract_parties_contract_id_contracts")
        ),
        sa.ForeignKeyConstraint(
            ["source_document_id"], ["documents.id"], name=op.f("fk_contract_parties_source_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_parties")),
    )
    with op.batch_alter_table("contract_parties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_parties_contract_id"), ["contract_id"], unique=False)

    op.create_table(
        "extraction_runs",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("progress", sa.Double(), nullable=False),
        sa.Column("worker", sa.String(length=120), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "timings", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("error_code", sa.String(length=60), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column(
            "record", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True
        ),
        sa.Column("contract_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name=op.f("fk_extraction_runs_contract_id_contracts")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_extraction_runs_document_id_documents")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction_runs")),
        sa.UniqueConstraint("document_id", "extractor_version", name="uq_extraction_runs_document_version"),
    )
    with op.batch_alter_table("extraction_runs", schema=None) as batch_op:
        batch_op.create_index("ix_extraction_runs_status_queued", ["status", "created_at"], unique=False)

    op.create_table(
        "extracted_fields",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column(
            "value", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=True
        ),
        sa.Column(
            "reviewed_value",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("reviewed_by", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column(
            "evidence", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("review_state", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name=op.f("fk_extracted_fields_contract_id_contracts")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["extraction_runs.id"], name=op.f("fk_extracted_fields_run_id_extraction_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extracted_fields")),
    )
    with op.batch_alter_table("extracted_fields", schema=None) as batch_op:
        batch_op.create_index("ix_extracted_fields_contract_name", ["contract_id", "name"], unique=True)

    op.create_table(
        "price_items",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("unit_price_text", sa.String(length=40), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=24, scale=10), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("unit", sa.String(length=120), nullable=True),
        sa.Column("quantity", sa.Numeric(precision=18, scale=4), nullable=True),
        sa.Column("frequency", sa.String(length=12), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column(
            "evidence", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("review_state", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"], name=op.f("fk_price_items_contract_id_contracts")),
        sa.ForeignKeyConstraint(["run_id"], ["extraction_runs.id"], name=op.f("fk_price_items_run_id_extraction_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_items")),
    )
    with op.batch_alter_table("price_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_price_items_contract_id"), ["contract_id"], unique=False)

    op.create_table(
        "scope_items",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("in_scope", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("service", sa.String(length=300), nullable=True),
        sa.Column(
            "sites", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column(
            "evidence", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("review_state", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"], name=op.f("fk_scope_items_contract_id_contracts")),
        sa.ForeignKeyConstraint(["run_id"], ["extraction_runs.id"], name=op.f("fk_scope_items_run_id_extraction_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scope_items")),
    )
    with op.batch_alter_table("scope_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scope_items_contract_id"), ["contract_id"], unique=False)

    op.create_table(
        "service_credit_tiers",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("metric", sa.String(length=20), nullable=True),
        sa.Column("threshold_upper", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("threshold_lower", sa.Numeric(precision=18, scale=6), nullable=True),
        sa.Column("threshold_text", sa.String(length=300), nullable=True),
        sa.Column("credit_percent", sa.Numeric(precision=9, scale=4), nullable=True),
        sa.Column("credit_amount", sa.String(length=40), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("basis", sa.String(length=200), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column(
            "evidence", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("review_state", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name=op.f("fk_service_credit_tiers_contract_id_contracts")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["extraction_runs.id"], name=op.f("fk_service_credit_tiers_run_id_extraction_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_credit_tiers")),
    )
    with op.batch_alter_table("service_credit_tiers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_credit_tiers_contract_id"), ["contract_id"], unique=False)

    op.create_table(
        "sla_terms",
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=True),
        sa.Column("service", sa.String(length=300), nullable=True),
        sa.Column("metric", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.String(length=80), nullable=True),
        sa.Column("target_value", sa.Numeric(precision=18, scale=6), nullable=False),
        sa.Column("target_unit", sa.String(length=20), nullable=False),
        sa.Column("measurement_period", sa.String(length=12), nullable=True),
        sa.Column("hours_of_cover", sa.String(length=120), nullable=True),
        sa.Column(
            "exclusions", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("confidence", sa.Double(), nullable=False),
        sa.Column(
            "evidence", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("review_state", sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(["contract_id"], ["contracts.id"], name=op.f("fk_sla_terms_contract_id_contracts")),
        sa.ForeignKeyConstraint(["run_id"], ["extraction_runs.id"], name=op.f("fk_sla_terms_run_id_extraction_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_terms")),
    )
    with op.batch_alter_table("sla_terms", schema=None) as batch_op:
        batch_op.create_index("ix_sla_terms_contract", ["contract_id"], unique=False)
        batch_op.create_index("ix_sla_terms_metric_priority", ["metric", "priority"], unique=False)
        batch_op.create_index(batch_op.f("ix_sla_terms_service"), ["service"], unique=False)

    _audit_log_append_only()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    with op.batch_alter_table("sla_terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sla_terms_service"))
        batch_op.drop_index("ix_sla_terms_metric_priority")
        batch_op.drop_index("ix_sla_terms_contract")

    op.drop_table("sla_terms")
    with op.batch_alter_table("service_credit_tiers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_credit_tiers_contract_id"))

    op.drop_table("service_credit_tiers")
    with op.batch_alter_table("scope_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scope_items_contract_id"))

    op.drop_table("scope_items")
    with op.batch_alter_table("price_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_price_items_contract_id"))

    op.drop_table("price_items")
    with op.batch_alter_table("extracted_fields", schema=None) as batch_op:
        batch_op.drop_index("ix_extracted_fields_contract_name")

    op.drop_table("extracted_fields")
    with op.batch_alter_table("extraction_runs", schema=None) as batch_op:
        batch_op.drop_index("ix_extraction_runs_status_queued")

    op.drop_table("extraction_runs")
    with op.batch_alter_table("contract_parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_parties_contract_id"))

    op.drop_table("contract_parties")
    op.drop_table("idempotency_keys")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_customer_id"))
        batch_op.drop_index(batch_op.f("ix_documents_contract_id"))

    op.drop_table("documents")
    with op.batch_alter_table("contract_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_links_parent_contract_id"))
        batch_op.drop_index(batch_op.f("ix_contract_links_child_contract_id"))

    op.drop_table("contract_links")
    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contracts_status"))
        batch_op.drop_index(batch_op.f("ix_contracts_document_type"))
        batch_op.drop_index(batch_op.f("ix_contracts_customer_id"))

    op.drop_table("contracts")
    op.drop_table("api_keys")
    op.drop_table("customers")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity")

    op.drop_table("audit_log")


def _audit_log_append_only() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
    )
