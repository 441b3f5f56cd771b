from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from docsvc.api_types import Amount, Line, Quantity, Text


class ChangeItemIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service: Line | None = Field(default=None, max_length=300, description='e.g. "Managed Print"')
    site: Line | None = Field(default=None, max_length=300, description='e.g. "Leeds"')
    quantity: Quantity | None = None
    description: Text = Field(min_length=1, max_length=2000,
                             description='What is to change, e.g. "Add 5 multifunction printers"')


class PriceImpactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Amount | None = None
    currency: str | None = Field(default=None, pattern="^[A-Z]{3}$")
    frequency: Line | None = Field(default=None, max_length=40)
    description: Text | None = Field(default=None, max_length=2000)


class ChangeRequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Line = Field(min_length=1, max_length=300)
    description: Text | None = Field(default=None, max_length=20_000)
    requester: Line | None = Field(default=None, max_length=200, description="Default: the API key's name.")
    implementation_date: dt.date | None = None
    items: list[ChangeItemIn] = Field(min_length=1, max_length=200)
    price_impact: PriceImpactIn | None = None


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    comment: Text | None = Field(default=None, max_length=5000)


class MatchedScope(BaseModel):
    text: str
    service: str | None = None
    sites: list[str] = Field(default_factory=list)
    evidence: dict[str, Any] = Field(default_factory=dict)


class ClassifiedItem(BaseModel):
    service: str | None = None
    site: str | None = None
    quantity: str | None = None
    description: str | None = None
    classification: str = Field(description="in_scope, out_of_scope or unclear")
    reason: str
    matched_scope: MatchedScope | None = None


class ChangeRequestRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    contract_id: uuid.UUID
    reference: str
    title: str
    description: str | None
    requester: str | None
    status: str = Field(description="draft, submitted, approved or rejected")
    items: list[ClassifiedItem]
    summary: dict[str, int] = Field(default_factory=dict, description="Items per classification.")
    implementation_date: dt.date | None
    price_impact: dict[str, Any] | None
    contract_revision: int
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_comment: str | None
