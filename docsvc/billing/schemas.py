from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from docsvc.api_types import Amount, Line, Quantity
from docsvc.billing.check import period_of
from docsvc.extract.record import Frequency

MAX_LINES = 5000


class InvoiceLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: Line = Field(min_length=1, max_length=500)
    quantity: Quantity
    unit_price: Amount
    currency: str | None = Field(default=None, pattern=r"^[A-Za-z]{3}$", description="ISO 4217")
    period: Line | None = Field(default=None, max_length=40,
                                description="2026-10, 2026-Q4, 2026 or 2026-10-01/2026-12-31")
    frequency: Frequency | None = Field(default=None, description="How often the line is billed; default: from "
                                                                  "the period")

    @field_validator("period")
    @classmethod
    def _known_period(cls, value: str | None) -> str | None:
        if value is not None and value.strip() and period_of(value)[0] is None:
            raise ValueError("write the period as 2026-10, 2026-Q4, 2026 or 2026-10-01/2026-12-31")
        return value.strip() or None if value is not None else None


class BillingCheckCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    invoice_ref: Line | None = Field(default=None, max_length=200)
    lines: list[InvoiceLineIn] = Field(min_length=1, max_length=MAX_LINES)


class BillingCheckRead(BaseModel):
    id: uuid.UUID
    contract_id: uuid.UUID
    contract_revision: int
    invoice_ref: str | None
    created_at: dt.datetime
    created_by: str
    checked_on: dt.date
    summary: dict[str, Any]
    lines: list[dict[str, Any]]
    mismatches: list[dict[str, Any]] = Field(description="kind, description, expected, invoiced, difference, "
                                                         "evidence; reviewed=false when built on unreviewed values")


class BillingMatchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    invoice_description: Line = Field(min_length=1, max_length=500)
    price_item_id: uuid.UUID


class BillingMatchRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    contract_id: uuid.UUID
    invoice_key: str
    invoice_description: str
    price_item_id: uuid.UUID
    price_item_description: str
    created_by: str
    created_at: dt.datetime
