"""Service-delivery records of issue 15 parts 2 and 3: calendar feeds, billing checks and remembered matches."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from docsvc.models.base import Base, CreatedMixin, IdMixin


class CalendarFeed(IdMixin, CreatedMixin, Base):
    """A secret iCalendar URL. Only the SHA-256 of its token is stored (the URL is shown once); it sees what the
    key that made it saw (``customer_id``) and stops working when revoked or when that key is revoked."""

    __tablename__ = "calendar_feeds"

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), default=None, index=True)
    api_key_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_keys.id"))
    kinds: Mapped[list[Any]] = mapped_column(default=list)  # deadline kinds; empty: all
    within_days: Mapped[int] = mapped_column(Integer, default=400)
    created_by: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class BillingCheck(IdMixin, CreatedMixin, Base):
    """Invoice lines checked against the contract's prices; the lines and the outcome as they were computed."""

    __tablename__ = "billing_checks"

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    contract_revision: Mapped[int] = mapped_column(Integer)
    invoice_ref: Mapped[str | None] = mapped_column(String(200), default=None)
    lines: Mapped[list[Any]] = mapped_column(default=list)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    mismatch_count: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(200))


class BillingMatch(IdMixin, CreatedMixin, Base):
    """A person's confirmation that an invoice wording means a contracted price item, remembered per contract.
    The item is found again by id, or by its content key after a re-extraction replaced the row."""

    __tablename__ = "billing_matches"
    __table_args__ = (UniqueConstraint("contract_id", "invoice_key", name="uq_billing_matches_contract_id"),)

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"))
    invoice_key: Mapped[str] = mapped_column(String(300))  # the normalised invoice description
    invoice_description: Mapped[str] = mapped_column(Text)
    price_item_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    price_item_content_key: Mapped[str | None] = mapped_column(String(64), default=None)
    price_item_description: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(200))
