from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from docsvc.api_types import Amount, Line

PERIOD_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$"
MAX_INCIDENTS = 100_000
MAX_OUTAGES = 10_000


def _plausible(value: dt.datetime) -> dt.datetime:
    # Year 1 or 9999 with an offset overflows on conversion to UTC; no ticket is that old or that new.
    if not 1970 <= value.year <= 2200:
        raise ValueError(f"{value.isoformat()} is not a plausible time (years 1970-2200)")
    return value


Instant = Annotated[dt.datetime, AfterValidator(_plausible)]
TIMES = " Times without an offset are local times of the contract's working calendar."


class MeasurementIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service: Line | None = Field(default=None, max_length=300)
    metric: Line = Field(min_length=1, max_length=60, description="availability, response_time, resolution_time or "
                                                                  "any other metric (reported, judged when a term "
                                                                  "has it).")
    priority: Line | None = Field(default=None, max_length=80)
    value: Amount
    unit: Line | None = Field(default=None, max_length=20, description="percent, minutes, hours, business_hours...")


class IncidentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Line = Field(min_length=1, max_length=120)
    service: Line | None = Field(default=None, max_length=300)
    priority: Line | None = Field(default=None, max_length=80)
    opened: Instant
    responded: Instant | None = None
    resolved: Instant | None = None

    @model_validator(mode="after")
    def _ordered(self) -> IncidentIn:
        for name in ("responded", "resolved"):
            value = getattr(self, name)
            if value is not None and _naive(value) != _naive(self.opened):
                raise ValueError(f"incident {self.id}: give opened and {name} both with or both without an offset")
            if value is not None and value < self.opened:
                raise ValueError(f"incident {self.id}: {name} ({value.isoformat()}) is before opened "
                                 f"({self.opened.isoformat()})")
        return self


class OutageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service: Line | None = Field(default=None, max_length=300)
    start: Instant
    end: Instant
    planned: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> OutageIn:
        if _naive(self.start) != _naive(self.end):
            raise ValueError("give start and end both with or both without an offset")
        if self.end <= self.start:
            raise ValueError(f"the outage ends ({self.end.isoformat()}) before it starts ({self.start.isoformat()})")
        return self


def _naive(value: dt.datetime) -> bool:
    return value.tzinfo is None


class SlaReportCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    period: str = Field(pattern=PERIOD_PATTERN, description="2026-10 (a month), 2026-Q4 or 2026.")
    measurements: list[MeasurementIn] = Field(default_factory=list, max_length=1000)
    incidents: list[IncidentIn] = Field(default_factory=list, max_length=MAX_INCIDENTS,
                                        description="Tickets; those opened in the period are timed." + TIMES)
    outages: list[OutageIn] = Field(default_factory=list, max_length=MAX_OUTAGES, description="Outages." + TIMES)


class SlaReportSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    contract_id: uuid.UUID
    period: str
    terms_missed: int
    credit_percent: str | None = Field(description="Service credit due, percent of the period's fee (after the cap).")
    credit_amount: str | None = Field(description="The credit in money, when the monthly fee is known.")
    currency: str | None
    unreviewed: bool = Field(description="Some contract values used have not been reviewed by a person.")
    contract_revision: int
    created_by: str
    created_at: dt.datetime


class SlaReportRead(SlaReportSummary):
    calendar: dict[str, Any] = Field(description="The working calendar the report used.")
    result: dict[str, Any] = Field(description="Per SLA term: target, achieved, met, margin, evidence; credit.")
