"""What a reviewer may write: each row kind's fields with the types the record allows (422 names the field)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from docsvc.api_types import Percent, Quantity
from docsvc.extract.record import Frequency, MeasurementPeriod, PartyRole, SlaMetric, TargetUnit
from docsvc.review.types import Threshold, UnitPrice

# No control characters (C0 or C1), and no blank at either end: the published pattern is the whole rule (a
# stripping validator would refuse " " that the schema's minLength allows). Classes are spelled out: ``\s``
# means different characters in Python and in the JSON Schema (ECMA 262) regex a client checks with.
_EDGE = r"[^ \x00-\x1f\x7f-\xa0]"
_IN_LINE = r"[^\x00-\x1f\x7f-\x9f]"
_IN_TEXT = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"


def _line(max_length: int) -> Any:
    """One line of text."""
    return Annotated[str, StringConstraints(min_length=1, max_length=max_length,
                                            pattern=rf"^{_EDGE}({_IN_LINE}*{_EDGE})?$")]


def _text(max_length: int) -> Any:
    """Text that may run over several lines."""
    return Annotated[str, StringConstraints(min_length=1, max_length=max_length,
                                            pattern=rf"^{_EDGE}({_IN_TEXT}*{_EDGE})?$")]


Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), Field(description="ISO 4217 code")]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class SlaRowIn(_Row):
    service: _line(300) | None = None  # type: ignore[valid-type]
    metric: SlaMetric
    priority: _line(80) | None = None  # type: ignore[valid-type]
    target_value: Quantity
    target_unit: TargetUnit
    measurement_period: MeasurementPeriod | None = None
    hours_of_cover: _line(120) | None = None  # type: ignore[valid-type]
    exclusions: list[_line(500)] = Field(default_factory=list, max_length=50)  # type: ignore[valid-type]


class PriceItemIn(_Row):
    description: _text(2000)  # type: ignore[valid-type]
    unit_price: UnitPrice
    currency: Currency | None = None
    unit: _line(120) | None = None  # type: ignore[valid-type]
    quantity: Quantity | None = None
    frequency: Frequency | None = None


class CreditTierIn(_Row):
    metric: SlaMetric | None = None
    threshold_upper: Threshold | None = None
    threshold_lower: Threshold | None = None
    threshold_text: _line(300) | None = None  # type: ignore[valid-type]
    credit_percent: Percent | None = None
    credit_amount: UnitPrice | None = None
    currency: Currency | None = None
    basis: _line(200) | None = None  # type: ignore[valid-type]


class ScopeItemIn(_Row):
    in_scope: bool = True
    text: _text(4000)  # type: ignore[valid-type]
    service: _line(300) | None = None  # type: ignore[valid-type]
    sites: list[_line(300)] = Field(default_factory=list, max_length=200)  # type: ignore[valid-type]


class PartyIn(_Row):
    name: _line(300)  # type: ignore[valid-type]
    role: PartyRole
    defined_as: _line(120) | None = None  # type: ignore[valid-type]
    address: _text(1000) | None = None  # type: ignore[valid-type]
    valid_from: dt.date | None = None
    # Exclusive, after valid_from: checked by the service (docsvc/review/kinds.py), since a JSON Schema cannot
    # say it and the request must first be found to name a contract the caller may see.
    valid_to: dt.date | None = Field(default=None, description="Exclusive; after valid_from.")


class EvidenceIn(BaseModel):
    """Where a person saw the value: a PDF page and box, or a DOCX paragraph, and the words quoted."""

    model_config = ConfigDict(extra="forbid")

    document_id: uuid.UUID | None = None
    page: int | None = Field(default=None, ge=1, le=100_000)
    bbox: list[Annotated[float, Field(ge=0, le=100_000)]] | None = Field(default=None, min_length=4, max_length=4)
    paragraph: int | None = Field(default=None, ge=0, le=1_000_000)
    text: str = Field(default="", max_length=4000, description="The quote")


class _Added(BaseModel):
    model_config = ConfigDict(extra="forbid")

    evidence: EvidenceIn | None = None
    comment: str | None = Field(default=None, max_length=2000)


class SlaRowAdd(SlaRowIn, _Added):
    pass


class PriceItemAdd(PriceItemIn, _Added):
    pass


class CreditTierAdd(CreditTierIn, _Added):
    pass


class ScopeItemAdd(ScopeItemIn, _Added):
    pass


class PartyAdd(PartyIn, _Added):
    pass


class RowReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["accept", "correct", "reject"]
    value: dict[str, Any] | None = Field(default=None, description="The fields to change (for action=correct).")
    comment: str | None = Field(default=None, max_length=2000)


class BulkReview(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["accept", "reject"]
    ids: list[uuid.UUID] = Field(min_length=1, max_length=500)
    comment: str | None = Field(default=None, max_length=2000)


class ReviewStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["needs_review", "in_review", "reviewed"]
    comment: str | None = Field(default=None, max_length=2000)


class ReviewStatusRead(BaseModel):
    contract_id: uuid.UUID
    review_status: str
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    revision: int


class QueueItem(BaseModel):
    kind: Literal["field", "sla", "price-items", "service-credits", "scope-items", "parties"]
    contract_id: uuid.UUID
    customer_id: uuid.UUID | None
    name: str | None = Field(description="The field's name (kind 'field')")
    row_id: uuid.UUID | None = Field(description="The row's id (the other kinds)")
    href: str = Field(description="Where to review it (PATCH)")
    confidence: float
    importance: int = Field(description="How much a wrong value costs, 1–10")
    priority: int = Field(description="importance × (1000 − confidence × 1000): the queue's order, highest first")
