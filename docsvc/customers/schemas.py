from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from docsvc.api_types import Line
from docsvc.models import Customer


class CustomerRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    external_ref: str | None
    address_lines: list[str] = Field(description="Postal address for letters (entered by a person).")
    created_at: dt.datetime

    @model_validator(mode="before")
    @classmethod
    def _address(cls, value: Any) -> Any:
        if isinstance(value, Customer):
            return {"id": value.id, "name": value.name, "external_ref": value.external_ref,
                    "address_lines": (value.address or "").splitlines(), "created_at": value.created_at}
        return value


class CustomerAddress(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address_lines: list[Line] = Field(max_length=8, description="The postal address, line by line; [] removes it.")

    @field_validator("address_lines")
    @classmethod
    def _lines(cls, value: list[str]) -> list[str]:
        if any(len(line) > 200 for line in value):
            raise ValueError("an address line has at most 200 characters")
        return [line.strip() for line in value if line.strip()]


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
