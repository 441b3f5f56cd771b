from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class TemplateVersionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    customer_id: uuid.UUID | None = Field(description="The customer whose own template this is; null: shared by "
                                                      "all customers")
    version: int
    kind: str
    language: str
    status: str = Field(description="active (usable) or rejected (failed validation, never rendered)")
    filename: str
    sha256: str
    size: int
    builtin: bool
    created_by: str | None = Field(description="Who uploaded it; null when that is a key of someone else than "
                                               "the caller's customer")
    created_at: dt.datetime
    report: dict[str, Any] = Field(description="The validation report: errors, warnings, repairs, variables.")


class TemplateSummary(BaseModel):
    name: str
    customer_id: uuid.UUID | None = Field(description="The customer whose own template this is; null: shared")
    kind: str
    language: str
    latest_version: int
    latest_status: str
    active_version: int | None = Field(description="The newest usable version (used when none is asked for).")
    versions: int


class TemplateUploaded(TemplateVersionRead):
    duplicate: bool = Field(default=False, description="True when these bytes already were the newest version.")
