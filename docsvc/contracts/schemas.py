from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_serializer

from docsvc.api_types import JSON_LIMITS, JsonValue, Text


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class EvidenceRead(BaseModel):
    document_id: uuid.UUID | None = None  # on rows a person added (docsvc/review)
    page: int | None = None
    bbox: list[float] | None = None
    paragraph: int | None = None
    text: str = ""
    ocr: bool = False  # read from a scanned page (lower confidence; issue 14)


class _Reviewed(_Read):
    id: uuid.UUID
    confidence: float
    evidence: EvidenceRead
    review_state: str


class ContractSummary(_Read):
    id: uuid.UUID
    customer_id: uuid.UUID | None
    title: str | None
    document_type: str | None
    status: str
    language: str | None
    effective_date: dt.date | None
    expiration_date: dt.date | None
    revision: int
    review_status: str
    created_at: dt.datetime
    updated_at: dt.datetime


class FieldRead(_Read):
    name: str
    value: Any
    extracted_value: Any
    confidence: float
    evidence: EvidenceRead
    review_state: str
    reviewed_by: str | None
    reviewed_at: dt.datetime | None


class PartyRead(_Reviewed):
    name: str
    role: str
    defined_as: str | None
    address: str | None = Field(default=None, description="Postal address, one line per line.")
    valid_from: dt.date | None
    valid_to: dt.date | None


class SlaTermRead(_Reviewed):
    contract_id: uuid.UUID
    service: str | None
    metric: str
    priority: str | None
    target_value: Decimal
    target_unit: str
    measurement_period: str | None
    hours_of_cover: str | None
    exclusions: list[Any]

    @field_serializer("target_value")
    def _number(self, value: Decimal) -> float:
        return float(value)


class ContractRef(BaseModel):
    id: uuid.UUID
    title: str | None


class CustomerRef(BaseModel):
    id: uuid.UUID
    name: str


class SlaRowRead(SlaTermRead):
    """A row of ``GET /v1/sla``: the term with the contract and customer it belongs to."""

    contract: ContractRef
    customer: CustomerRef | None


class PriceItemRead(_Reviewed):
    description: str
    unit_price: str = Field(validation_alias="unit_price_text")
    currency: str | None
    unit: str | None
    quantity: Decimal | None
    frequency: str | None


class ScopeItemRead(_Reviewed):
    in_scope: bool
    text: str
    service: str | None
    sites: list[Any]


class CreditTierRead(_Reviewed):
    metric: str | None
    threshold_upper: Decimal | None
    threshold_lower: Decimal | None
    threshold_text: str | None
    credit_percent: Decimal | None
    credit_amount: str | None
    currency: str | None
    basis: str | None


class ContractRead(ContractSummary):
    fields: dict[str, FieldRead]
    parties: list[PartyRead]
    sla: list[SlaTermRead]
    service_credits: list[CreditTierRead]
    price_items: list[PriceItemRead]
    scope: list[ScopeItemRead]


class PricingRead(BaseModel):
    currency: Any = None
    payment_terms_days: Any = None
    minimum_commitment: Any = None
    price_review: Any = None
    items: list[PriceItemRead]


class FieldReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["accept", "correct", "reject"]
    value: JsonValue = Field(default=None, description="The corrected value (for action=correct)."
                                                                     + JSON_LIMITS)
    comment: Text | None = Field(default=None, max_length=2000)


class AuditRead(_Read):
    id: int
    at: dt.datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str
    details: dict[str, Any]


class LinkRead(_Read):
    parent_contract_id: uuid.UUID
    child_contract_id: uuid.UUID
    kind: str
    effective_date: dt.date | None
    transferor: str | None
    transferee: str | None
    remaining_party: str | None
    proposed: bool


class LineageRead(BaseModel):
    contract_id: uuid.UUID
    on: dt.date
    changes: list[LinkRead] = Field(description="Contracts this one amends or novates.")
    changed_by: list[LinkRead] = Field(description="Amendments and novations of this contract, oldest first.")
    parties: list[PartyRead] = Field(description="The parties in force on the date `on`.")
