from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from docsvc.api_types import JSON_LIMITS, JsonObject, Line

MAX_DATA_FIELDS = 200


class GenerateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    template: Line = Field(min_length=1, max_length=120, description="Template name, e.g. process-documentation "
                                                                    "(the language suffix may be left out).")
    version: int | None = Field(default=None, ge=1, le=1_000_000, description="Default: the newest usable one.")
    format: Literal["docx", "pdf"] = "docx"
    language: Literal["en", "de"] | None = Field(default=None, description="Default: the contract's language.")
    data: JsonObject = Field(
        default_factory=dict, max_length=MAX_DATA_FIELDS,
        description="Extra fields, available to templates as data.*; data.letterhead, data.contacts, "
                    "data.escalation and data.document (title, reference, date, author) also fill those sections."
                    + JSON_LIMITS)


class FormRequest(BaseModel):
    """Generating the form or letter of a change request or price review (the template defaults by kind)."""

    model_config = ConfigDict(extra="forbid")

    template: Line | None = Field(default=None, min_length=1, max_length=120)
    version: int | None = Field(default=None, ge=1, le=1_000_000)
    format: Literal["docx", "pdf"] = "docx"
    language: Literal["en", "de"] | None = None
    data: JsonObject = Field(default_factory=dict, max_length=MAX_DATA_FIELDS,
                             description="Extra fields, available to templates as data.*." + JSON_LIMITS)


class GeneratedRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    contract_id: uuid.UUID
    template_name: str
    template_version: int
    template_version_id: uuid.UUID
    format: str
    media_type: str
    filename: str
    sha256: str
    size: int
    contract_revision: int = Field(description="The contract record revision whose current values were used.")
    input_data: dict[str, Any]
    context_sha256: str = Field(description="SHA-256 of the full generation context, to reproduce the document.")
    source_type: str = Field(description="contract, change_request, price_review or sla_report")
    source_id: uuid.UUID | None
    created_by: str
    created_at: dt.datetime
