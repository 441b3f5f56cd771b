from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict, Field

from docsvc.api_types import Line


class CustomerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    external_ref: str | None
    created_at: dt.datetime


class CustomerRename(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Line = Field(min_length=1, max_length=300, description="The new name; must not be another customer's.")


class CustomerMerge(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: uuid.UUID = Field(alias="from", description="The customer merged into this one (and then deleted).")


class MergeMoved(BaseModel):
    contracts: int
    documents: int
    api_keys: int
    template_versions: int


class MergeResult(BaseModel):
    customer: CustomerRead
    merged: uuid.UUID
    moved: MergeMoved
