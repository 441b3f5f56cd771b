"""The organisation's own details that every generated document carries (letterhead, signatory, formats)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from docsvc.models.base import Base, utcnow


class OrganisationSettings(Base):
    """One row (``id`` 1) once an admin has saved the settings; before that the ``DOCSVC_ORGANISATION_*``
    environment values are the settings. ``revision`` is the ETag's version: every write bumps it."""

    __tablename__ = "organisation_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str | None] = mapped_column(String(300), default=None)
    address: Mapped[str | None] = mapped_column(Text, default=None)  # one line per address line
    signatory: Mapped[str | None] = mapped_column(String(200), default=None)
    # {"en": {"date": "d MMMM y", "number": "1,234.56"}, "de": {...}}
    formats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The logo lives in the database: a few hundred KB at most, and it must survive with the settings it
    # belongs to (a backup of the database is a backup of the letterhead).
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    logo_media_type: Mapped[str | None] = mapped_column(String(40), default=None)
    logo_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(300), default=None)
