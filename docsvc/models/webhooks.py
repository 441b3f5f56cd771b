"""Webhook subscriptions, the deliveries of each event to each subscription, and every attempt at one.

A delivery row is the source of truth for its state (like ``extraction_runs``): the job queue only carries the
work. Every attempt stays in ``webhook_attempts`` so the delivery log shows each try with its answer and timing.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from docsvc.models.base import Base, CreatedMixin, IdMixin, utcnow


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"  # waiting for its first or next attempt (``next_attempt_at``)
    SENDING = "sending"  # claimed by a worker; taken back when ``claimed_at`` is older than the stale limit
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # attempts exhausted, or refused for good (blocked address, subscription gone)


class WebhookSubscription(IdMixin, CreatedMixin, Base):
    __tablename__ = "webhook_subscriptions"

    # None: a global subscription (made by an admin limited to no customer), receiving every customer's events.
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), default=None, index=True)
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[Any]] = mapped_column(default=list)
    # Needed in clear to sign every delivery (HMAC); never returned by the API after creation.
    secret: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(300), default=None)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set by an admin limited to no customer: this subscription may reach private/loopback addresses.
    allow_private_network: Mapped[bool] = mapped_column(Boolean, default=False)
    revision: Mapped[int] = mapped_column(Integer, default=1)  # the ETag
    created_by: Mapped[str] = mapped_column(String(300))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class WebhookDelivery(IdMixin, CreatedMixin, Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)

    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_subscriptions.id", ondelete="CASCADE"), index=True)
    event_type: Mapped[str] = mapped_column(String(60))
    # The Standard Webhooks ``webhook-id``: the same on every retry, so a receiver can drop duplicates.
    message_id: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default=DeliveryStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(default=utcnow)
    claimed_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    last_status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)


class WebhookAttempt(IdMixin, Base):
    __tablename__ = "webhook_attempts"

    delivery_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("webhook_deliveries.id", ondelete="CASCADE"),
                                                   index=True)
    attempt: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[dt.datetime] = mapped_column()
    duration_ms: Mapped[int] = mapped_column(Integer)
    address: Mapped[str | None] = mapped_column(String(60), default=None)  # the IP actually connected to
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    retry_at: Mapped[dt.datetime | None] = mapped_column(default=None)  # when the next attempt was scheduled
