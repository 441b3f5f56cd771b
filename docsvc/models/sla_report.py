"""SLA reports (what was delivered in a period against the contract's SLA terms) and working calendars."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from docsvc.models.base import Base, CreatedMixin, IdMixin, utcnow


class SlaReport(IdMixin, CreatedMixin, Base):
    """A computed report, stored with the input it was computed from and the contract revision it read, so the
    service review generated later shows the same figures. It names no customer of its own: listings go through
    the contract, which a customer merge moves."""

    __tablename__ = "sla_reports"
    __table_args__ = (Index("ix_sla_reports_contract_period", "contract_id", "period"),)

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"))
    period: Mapped[str] = mapped_column(String(7))  # 2026-10, 2026-Q4 or 2026
    request: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    calendar: Mapped[dict[str, Any]] = mapped_column(default=dict)
    terms_missed: Mapped[int] = mapped_column(Integer, default=0)
    credit_percent: Mapped[str | None] = mapped_column(String(40), default=None)
    credit_amount: Mapped[str | None] = mapped_column(String(40), default=None)
    currency: Mapped[str | None] = mapped_column(String(3), default=None)
    unreviewed: Mapped[bool] = mapped_column(default=False)
    contract_revision: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(200))


class WorkingCalendarSetting(IdMixin, Base):
    """A contract's working calendar as a person set it; without a row the calendar is derived from the record."""

    __tablename__ = "working_calendars"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    days: Mapped[list[Any]] = mapped_column(default=list)
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))
    country: Mapped[str | None] = mapped_column(String(3), default=None)
    subdivision: Mapped[str | None] = mapped_column(String(10), default=None)
    extra_holidays: Mapped[list[Any]] = mapped_column(default=list)
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
