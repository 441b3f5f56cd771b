"""Uploaded files and the extraction runs over them.

A document row is immutable: the bytes live in the object store under a content-addressed key and
(sha256, owner) is unique, so one customer uploading the same file twice (even concurrently) gets one
document, while two customers uploading the same bytes get a document each (sharing the stored object).
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from docsvc.models.base import Base, CreatedMixin, IdMixin
from docsvc.models.tenancy import owner_default


class Document(IdMixin, CreatedMixin, Base):
    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_sha256_owner", "sha256", "owner", unique=True),)

    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(120))
    storage_key: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))  # sanitised for display and Content-Disposition
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), default=None, index=True)
    owner: Mapped[str] = mapped_column(String(32), default=owner_default)  # the de-duplication scope
    contract_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contracts.id"), default=None, index=True)
    declared_type: Mapped[str | None] = mapped_column(String(40), default=None)
    uploaded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("api_keys.id"), default=None)


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class ExtractionRun(IdMixin, CreatedMixin, Base):
    """One job: extracting one document. Idempotent per (document, extractor version)."""

    __tablename__ = "extraction_runs"
    __table_args__ = (
        UniqueConstraint("document_id", "extractor_version", name="uq_extraction_runs_document_version"),
        Index("ix_extraction_runs_status_queued", "status", "created_at"),
    )

    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("documents.id"))
    extractor_version: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default=RunStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    progress: Mapped[float] = mapped_column(default=0.0)
    worker: Mapped[str | None] = mapped_column(String(120), default=None)
    started_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    heartbeat_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    timings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error_code: Mapped[str | None] = mapped_column(String(60), default=None)
    error_message: Mapped[str | None] = mapped_column(Text, default=None)
    record: Mapped[dict[str, Any] | None] = mapped_column(default=None)  # the full ContractRecord as JSON
    contract_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contracts.id"), default=None)
