from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from docsvc.api_types import IndexNumber, Line, Percent
from docsvc.generate.context import PriceReviewCtx

INDEX_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"
PERIOD_PATTERN = r"^(19|20|21)\d\d-(0[1-9]|1[0-2])$"


class IndexValueIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    period: str = Field(pattern=PERIOD_PATTERN, description="The month, YYYY-MM.")
    value: IndexNumber = Field(description='As published, e.g. "131.4" (precision kept).')


class IndexValuesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    values: list[IndexValueIn] = Field(min_length=1, max_length=10_000)
    source: Line | None = Field(default=None, max_length=200, description='e.g. "ONS D7BT, release 2025-07-16"')

    @model_validator(mode="after")
    def _one_value_per_period(self) -> IndexValuesIn:
        seen: dict[str, Decimal] = {}
        for item in self.values:
            if item.period in seen and seen[item.period] != item.value:
                raise ValueError(f"period {item.period} is given twice with different values")
            seen[item.period] = item.value
        return self


class IndexValuesStored(BaseModel):
    index: str
    inserted: int
    updated: int
    unchanged: int


class IndexValueRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    period: str
    value: str
    source: str | None
    updated_at: dt.datetime


class IndexSummary(BaseModel):
    name: str
    values: int
    first_period: str
    last_period: str


class IndexRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=INDEX_NAME_PATTERN)
    base_period: str = Field(pattern=PERIOD_PATTERN)
    current_period: str = Field(pattern=PERIOD_PATTERN)


class PriceReviewCreate(BaseModel):
    # Exactly one basis; published as oneOf so clients (and the API fuzzer) know it.
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "oneOf": [{"required": ["index"]}, {"required": ["percent"]}]})

    review_date: dt.date
    index: IndexRef | SkipJsonSchema[None] = Field(default=None, description="Review by the change of a price index.")
    percent: Percent | SkipJsonSchema[None] = Field(default=None, description="Review by an agreed percent.")

    @model_validator(mode="after")
    def _one_basis(self) -> PriceReviewCreate:
        if (self.index is None) == (self.percent is None):
            raise ValueError("give either index (name, base_period, current_period) or percent, not both or "
                             "neither")
        return self


class PriceReviewRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    contract_id: uuid.UUID
    review_date: dt.date
    mode: str
    request: dict[str, Any]
    result: PriceReviewCtx = Field(description="Each line's current and new price with the calculation, the "
                                               "percent applied and whether a cap or floor bound it.")
    warnings: list[str] = Field(default_factory=list)
    contract_revision: int
    created_by: str
    created_at: dt.datetime
    applied_at: dt.datetime | None = Field(default=None, description="When the review was put into effect (POST "
                                           "/v1/price-reviews/{id}/apply); null while it is only computed.")
    applied_by: str | None = Field(default=None, description="Who applied it, as the audit log names them.")
    applied_by_name: str | None = Field(default=None, description="That person's display name.")
