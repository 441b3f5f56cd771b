"""Templates, generated documents, change requests, index values and price reviews.

Template versions and generated documents are immutable, like uploaded documents: their bytes live in the
object store under content-addressed keys and a new upload is always a new version. A generated document
records its provenance (template version, the contract revision whose reviewed values it used, the input data,
who and when) so that it can be explained and reproduced later.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from docsvc.models.base import Base, CreatedMixin, IdMixin, JsonDoc, utcnow
from docsvc.models.tenancy import owner_default


class TemplateKind(StrEnum):
    PROCESS_DOCUMENTATION = "process_documentation"
    CHANGE_REQUEST = "change_request"
    PRICE_REVIEW_LETTER = "price_review_letter"
    SERVICE_REVIEW = "service_review"
    CUSTOM = "custom"


class TemplateStatus(StrEnum):
    ACTIVE = "active"
    REJECTED = "rejected"  # failed validation: kept with its report, never rendered


class TemplateVersion(IdMixin, CreatedMixin, Base):
    """A version of a shared template (``customer_id`` None, changed only by unlimited keys) or of one
    customer's own template, which only that customer sees and which wins over a shared one of the same name in
    that customer's generation. Versions are numbered per (name, owner)."""

    __tablename__ = "template_versions"
    __table_args__ = (Index("ix_template_versions_name_owner_version", "name", "owner", "version", unique=True),)

    name: Mapped[str] = mapped_column(String(120), index=True)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), default=None, index=True)
    owner: Mapped[str] = mapped_column(String(32), default=owner_default)  # owner_key(customer_id), see models.tenancy
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(12))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of the file as uploaded
    size: Mapped[int] = mapped_column(BigInteger)
    storage_key: Mapped[str] = mapped_column(String(200))  # the file as uploaded (what downloads return)
    prepared_key: Mapped[str | None] = mapped_column(String(200), default=None)  # after safe repairs: rendered
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    builtin: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(200))


class GeneratedDocument(IdMixin, CreatedMixin, Base):
    __tablename__ = "generated_documents"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    template_version_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("template_versions.id"))
    template_name: Mapped[str] = mapped_column(String(120))
    template_version: Mapped[int] = mapped_column(Integer)
    format: Mapped[str] = mapped_column(String(5))
    media_type: Mapped[str] = mapped_column(String(120))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    storage_key: Mapped[str] = mapped_column(String(200))
    contract_revision: Mapped[int] = mapped_column(Integer)
    input_data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    context_sha256: Mapped[str] = mapped_column(String(64))
    # contract | change_request | price_review | sla_report
    source_type: Mapped[str] = mapped_column(String(20), default="contract")
    source_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    created_by: Mapped[str] = mapped_column(String(200))


class ChangeRequestStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


class ChangeRequest(IdMixin, CreatedMixin, Base):
    __tablename__ = "change_requests"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    reference: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    requester: Mapped[str | None] = mapped_column(String(200), default=None)
    status: Mapped[str] = mapped_column(String(12), default=ChangeRequestStatus.DRAFT)
    items: Mapped[list[Any]] = mapped_column(JsonDoc, default=list)  # request items with their scope check
    implementation_date: Mapped[dt.date | None] = mapped_column(Date, default=None)
    price_impact: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    contract_revision: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(200), default=None)
    decided_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    decision_comment: Mapped[str | None] = mapped_column(Text, default=None)


class IndexValue(IdMixin, CreatedMixin, Base):
    """A published price-index value for a month (CPI 2025-06 = 131.4). Data we hold; never fetched."""

    __tablename__ = "index_values"
    __table_args__ = (UniqueConstraint("index_name", "period", name="uq_index_values_index_name_period"),)

    index_name: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    value: Mapped[str] = mapped_column(String(40))  # decimal as published, precision kept
    source: Mapped[str | None] = mapped_column(String(200), default=None)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PriceReview(IdMixin, CreatedMixin, Base):
    __tablename__ = "price_reviews"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    review_date: Mapped[dt.date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(10))  # index | percent
    request: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)  # PriceReviewCtx as JSON
    contract_revision: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(200))
    # Put into effect (POST /v1/price-reviews/{id}/apply): billing uses the latest applied review, so a review is
    # applied once, by whom and when recorded; null while it is only a computation.
    applied_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    applied_by: Mapped[str | None] = mapped_column(String(200), default=None)
