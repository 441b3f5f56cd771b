from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from docsvc.api_types import Line
from docsvc.models import Role


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    display_name: str
    role: Role
    customer_id: uuid.UUID | None
    language: str | None
    disabled_at: dt.datetime | None
    last_sign_in_at: dt.datetime | None
    created_at: dt.datetime
    revision: int = Field(description="Bumped by every change; the ETag names it (send it back in If-Match).")


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Line = Field(max_length=254)
    display_name: Line = Field(min_length=1, max_length=200)
    role: Role
    password: str = Field(min_length=10, max_length=1024)
    customer_id: uuid.UUID | None = None
    language: Literal["en", "de"] | None = None


class UserUpdate(BaseModel):
    """Only the fields present change; ``customer_id``/``language`` null means no limit / the browser's language."""

    model_config = ConfigDict(extra="forbid")

    display_name: Line | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    customer_id: uuid.UUID | None = None
    language: Literal["en", "de"] | None = None
    disabled: bool | None = None


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=10, max_length=1024)
