"""Contracts and what was extracted from them, normalised for querying.

Every extracted value keeps its evidence and a review state. The current record of a contract is the latest
run's values with reviewed values winning; ``revision`` increases on every change and backs the ETag.
Parties carry a validity interval so that a novation changes the counterparty *as of a date* while history
keeps both.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, FetchedValue, ForeignKey, Index, Integer, Numeric, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from docsvc.models.base import Base, CreatedMixin, IdMixin, JsonDoc, utcnow


class ReviewState(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    CORRECTED = "corrected"
    REJECTED = "rejected"
    ADDED = "added"  # a row a person found that extraction missed


class ContractReviewStatus(StrEnum):
    NEEDS_REVIEW = "needs_review"
    IN_REVIEW = "in_review"  # set by the first review action
    REVIEWED = "reviewed"  # said explicitly by a contract manager


class SlaMetricName(StrEnum):
    AVAILABILITY = "availability"
    RESPONSE_TIME = "response_time"
    RESOLUTION_TIME = "resolution_time"
    OTHER = "other"


class Contract(IdMixin, CreatedMixin, Base):
    __tablename__ = "contracts"

    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), default=None, index=True)
    title: Mapped[str | None] = mapped_column(String(500), default=None)
    document_type: Mapped[str | None] = mapped_column(String(40), default=None, index=True)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    language: Mapped[str | None] = mapped_column(String(5), default=None)
    effective_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    expiration_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    review_status: Mapped[str] = mapped_column(String(12), default=ContractReviewStatus.NEEDS_REVIEW,
                                               server_default=ContractReviewStatus.NEEDS_REVIEW.value, index=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(200), default=None)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class _Evidenced:
    """Columns every extracted row shares: where it came from and whether a person checked it."""

    confidence: Mapped[float] = mapped_column(default=0.0)
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    review_state: Mapped[str] = mapped_column(String(12), default=ReviewState.PENDING)


class _ReviewedRow(_Evidenced):
    """A row of a table in the record (SLA term, price item...): who reviewed it, and the normalised content it
    had when extracted or added, which a correction keeps, so re-extraction recognises it (migration 0007)."""

    content_key: Mapped[str | None] = mapped_column(String(64), default=None)
    reviewed_by: Mapped[str | None] = mapped_column(String(200), default=None)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class ExtractedField(IdMixin, _Evidenced, Base):
    """A single value of the record (``governing_law``, ``pricing.payment_terms_days``...) and its review."""

    __tablename__ = "extracted_fields"
    __table_args__ = (Index("ix_extracted_fields_contract_name", "contract_id", "name", unique=True),)

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"))
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("extraction_runs.id"), default=None)
    name: Mapped[str] = mapped_column(String(80))
    value: Mapped[Any] = mapped_column(JsonDoc, nullable=True, default=None)
    reviewed_value: Mapped[Any] = mapped_column(JsonDoc, nullable=True, default=None)
    reviewed_by: Mapped[str | None] = mapped_column(String(200), default=None)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(default=None)


def current_value(row: ExtractedField) -> Any:
    """Reviewed values win over extracted ones; a rejected value is no value."""
    if row.review_state == ReviewState.CORRECTED.value:
        return row.reviewed_value
    if row.review_state == ReviewState.REJECTED.value:
        return None
    return row.value


class ContractParty(IdMixin, _ReviewedRow, Base):
    __tablename__ = "contract_parties"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    defined_as: Mapped[str | None] = mapped_column(String(120), default=None)
    address: Mapped[str | None] = mapped_column(Text, default=None)  # from the party block, one line per line
    valid_from: Mapped[dt.date | None] = mapped_column(Date, default=None)
    valid_to: Mapped[dt.date | None] = mapped_column(Date, default=None)  # exclusive; set by a novation
    source_document_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("documents.id"), default=None)


class SlaTerm(IdMixin, _ReviewedRow, Base):
    __tablename__ = "sla_terms"
    __table_args__ = (
        Index("ix_sla_terms_metric_priority", "metric", "priority"),
        Index("ix_sla_terms_contract", "contract_id"),
        # GET /v1/sla filters priority case-insensitively and pages by id (migration 0003).
        Index("ix_sla_terms_metric_lower_priority_id", "metric", text("lower(priority)"), "id"),
        # ... and by customer and "in force on" through the contract's values copied onto the row (0005).
        Index("ix_sla_terms_customer_metric_lower_priority_id", "customer_id", "metric", text("lower(priority)"),
              "id"),
        Index("ix_sla_terms_customer_id_id", "customer_id", "id"),
        Index("ix_sla_terms_metric_id", "metric", "id"),
        Index("ix_sla_terms_id_service_review_state", "id", "service", "review_state"),
    )

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"))
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("extraction_runs.id"), default=None)
    service: Mapped[str | None] = mapped_column(String(300), default=None, index=True)
    metric: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str | None] = mapped_column(String(80), default=None)
    target_value: Mapped[Decimal] = mapped_column(Numeric(18, 6))
    target_unit: Mapped[str] = mapped_column(String(20))
    measurement_period: Mapped[str | None] = mapped_column(String(12), default=None)
    hours_of_cover: Mapped[str | None] = mapped_column(String(120), default=None)
    exclusions: Mapped[list[Any]] = mapped_column(default=list)
    # Copies of the contract's customer and term, written only by database triggers (migration 0005) so
    # GET /v1/sla can filter and page on one index without joining contracts. Read-only here.
    customer_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, server_default=FetchedValue(), server_onupdate=FetchedValue())
    contract_effective_date: Mapped[dt.date | None] = mapped_column(
        Date, server_default=FetchedValue(), server_onupdate=FetchedValue())
    contract_expiration_date: Mapped[dt.date | None] = mapped_column(
        Date, server_default=FetchedValue(), server_onupdate=FetchedValue())


class ServiceCreditTier(IdMixin, _ReviewedRow, Base):
    __tablename__ = "service_credit_tiers"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("extraction_runs.id"), default=None)
    metric: Mapped[str | None] = mapped_column(String(20), default=None)
    threshold_upper: Mapped[Decimal | None] = mapped_column(Numeric(18, 6), default=None)
    threshold_lower: Mapped[Decimal | None] = mapped_column(Numeric(18, 6), default=None)
    threshold_text: Mapped[str | None] = mapped_column(String(300), default=None)
    credit_percent: Mapped[Decimal | None] = mapped_column(Numeric(9, 4), default=None)
    credit_amount: Mapped[str | None] = mapped_column(String(40), default=None)  # decimal as written
    currency: Mapped[str | None] = mapped_column(String(3), default=None)
    basis: Mapped[str | None] = mapped_column(String(200), default=None)


class PriceItem(IdMixin, _ReviewedRow, Base):
    __tablename__ = "price_items"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("extraction_runs.id"), default=None)
    description: Mapped[str] = mapped_column(Text)
    # The decimal string as written keeps the contract's precision (0.0410 stays 4 places) for price reviews;
    # the numeric column serves range queries and billing checks.
    unit_price_text: Mapped[str] = mapped_column(String(40))
    unit_price: Mapped[Decimal] = mapped_column(Numeric(24, 10))
    currency: Mapped[str | None] = mapped_column(String(3), default=None)
    unit: Mapped[str | None] = mapped_column(String(120), default=None)
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(18, 4), default=None)
    frequency: Mapped[str | None] = mapped_column(String(12), default=None)


class ScopeItem(IdMixin, _ReviewedRow, Base):
    __tablename__ = "scope_items"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    run_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("extraction_runs.id"), default=None)
    in_scope: Mapped[bool] = mapped_column(default=True)
    text: Mapped[str] = mapped_column(Text)
    service: Mapped[str | None] = mapped_column(String(300), default=None)
    sites: Mapped[list[Any]] = mapped_column(default=list)


class NovationLink(IdMixin, CreatedMixin, Base):
    """Contract lineage: an amendment or novation (``child``) changes an original contract (``parent``)."""

    __tablename__ = "contract_links"

    parent_contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    child_contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # novation | amendment
    effective_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    transferor: Mapped[str | None] = mapped_column(String(300), default=None)
    transferee: Mapped[str | None] = mapped_column(String(300), default=None)
    remaining_party: Mapped[str | None] = mapped_column(String(300), default=None)
    proposed: Mapped[bool] = mapped_column(default=False)  # matched by the service, not named by the uploader
