from __future__ import annotations

import datetime as dt
import re
import uuid
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from docsvc.api_types import Line
from docsvc.deadlines.compute import KINDS, Deadline
from docsvc.errors import Unprocessable

DeadlineKind = StrEnum("DeadlineKind", {k.upper(): k for k in KINDS})  # type: ignore[misc]
WITHIN_PATTERN = r"^\d{1,4}[dw]$"
Within = Annotated[str, Field(pattern=WITHIN_PATTERN, description="A window from today: 90d, 12w")]


def within_days(text: str) -> int:
    match = re.fullmatch(r"(\d{1,4})([dw])", text)
    if match is None:
        raise Unprocessable(f"within={text!r}: write days or weeks, e.g. 90d or 12w")
    return int(match[1]) * (7 if match[2] == "w" else 1)


class ClauseRead(BaseModel):
    field: str
    value: Any
    evidence: dict[str, Any]
    based_on: dict[str, Any]


class DeadlineRead(BaseModel):
    kind: str
    due: dt.date
    contract_id: uuid.UUID
    customer_id: uuid.UUID | None
    title: str
    clause: ClauseRead
    reviewed: bool = Field(description="false: computed from values nobody reviewed (see notes)")
    term_start: dt.date | None
    term_end: dt.date | None
    moved_from: dt.date | None = Field(description="The computed date, when a weekend or holiday moved it")
    notes: list[str]

    @classmethod
    def of(cls, deadline: Deadline, customer_id: uuid.UUID | None) -> DeadlineRead:
        return cls(kind=deadline.kind, due=deadline.due, contract_id=deadline.contract_id, customer_id=customer_id,
                   title=deadline.title, clause=ClauseRead.model_validate(deadline.clause), reviewed=deadline.reviewed,
                   term_start=deadline.term_start, term_end=deadline.term_end, moved_from=deadline.moved_from,
                   notes=list(deadline.notes))


class CalendarFeedCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Line = Field(default="Contract deadlines", min_length=1, max_length=200)
    customer: uuid.UUID | None = Field(default=None, description="Only this customer's contracts (keys limited to "
                                                                "a customer always get their customer's)")
    kinds: list[DeadlineKind] = Field(default_factory=list, max_length=len(KINDS))
    within: Within = "400d"


class CalendarFeedRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: uuid.UUID
    name: str
    customer_id: uuid.UUID | None
    kinds: list[str]
    within_days: int
    created_at: dt.datetime
    last_used_at: dt.datetime | None


class CalendarFeedCreated(CalendarFeedRead):
    url: str = Field(description="The secret feed URL, shown only now; DELETE the feed to revoke it")
