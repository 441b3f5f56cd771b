from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict, Field

from docsvc.api_types import Line
from docsvc.webhooks.events import EventType


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Line = Field(min_length=1, max_length=2000, description="http or https URL that receives the events")
    events: list[EventType] = Field(min_length=1, max_length=20)
    secret: Line | None = Field(default=None, max_length=200, description=(
        "Standard Webhooks secret (whsec_ + base64 of 24-64 bytes); generated when absent and shown only in "
        "this answer"))
    customer: uuid.UUID | None = Field(default=None, description=(
        "Only this customer's events; absent: every customer's (a customer-limited admin always gets its own)"))
    description: Line | None = Field(default=None, max_length=300)
    allow_private_network: bool = Field(default=False, description=(
        "Let this subscription reach loopback/private addresses (admins limited to no customer only)"))


class WebhookUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool | None = None
    events: list[EventType] | None = Field(default=None, min_length=1, max_length=20)
    url: Line | None = Field(default=None, min_length=1, max_length=2000)
    description: Line | None = Field(default=None, max_length=300)
    allow_private_network: bool | None = None


class WebhookRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    url: str
    events: list[str]
    customer_id: uuid.UUID | None
    description: str | None
    enabled: bool
    allow_private_network: bool
    revision: int
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime


class WebhookCreated(WebhookRead):
    secret: str = Field(description="Shown only here: keep it to verify the signatures")


class AttemptRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    attempt: int
    started_at: dt.datetime
    duration_ms: int
    address: str | None
    status_code: int | None
    error: str | None
    retry_at: dt.datetime | None


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    event_type: str
    message_id: str
    status: str
    attempts: int
    created_at: dt.datetime
    next_attempt_at: dt.datetime | None
    finished_at: dt.datetime | None
    last_status_code: int | None
    last_error: str | None
    attempt_log: list[AttemptRead] = Field(default_factory=list)
