from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict


class _Read(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class DocumentRead(_Read):
    id: uuid.UUID
    sha256: str
    size: int
    media_type: str
    filename: str
    customer_id: uuid.UUID | None
    contract_id: uuid.UUID | None
    declared_type: str | None
    created_at: dt.datetime


class JobRead(_Read):
    id: uuid.UUID
    document_id: uuid.UUID
    status: str
    progress: float
    attempts: int
    extractor_version: str
    contract_id: uuid.UUID | None
    error_code: str | None
    error_message: str | None
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    timings: dict[str, Any]


class UploadAccepted(BaseModel):
    document: DocumentRead
    job: JobRead
    duplicate: bool
