"""People who sign in to the web workbench, and their server-side sessions."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from docsvc.models.base import Base, CreatedMixin, IdMixin


class User(IdMixin, CreatedMixin, Base):
    """A person. ``api_key_id`` is the user's identity row in ``api_keys``: revoked from birth and with a secret
    nobody knows, so it never authenticates, but every table that records "which key did this" (documents'
    ``uploaded_by``, idempotency records) keeps a valid reference for what a person did too."""

    __tablename__ = "users"

    email: Mapped[str] = mapped_column(String(254), unique=True)  # lower-cased: the sign-in name
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("customers.id"), default=None)
    language: Mapped[str | None] = mapped_column(String(2), default=None)  # None: from Accept-Language
    password_hash: Mapped[str] = mapped_column(String(200))
    api_key_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("api_keys.id"), unique=True)
    disabled_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    last_sign_in_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")  # the ETag; every change bumps it


class UserSession(CreatedMixin, Base):
    """A signed-in browser. Only a SHA-256 of the cookie's token is stored. Exactly one of ``user_id`` and
    ``api_key_id`` is set: the latter is the bootstrap, an admin signing in with an API key."""

    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None, index=True)
    api_key_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("api_keys.id"), default=None)
    csrf_token: Mapped[str] = mapped_column(String(64))
    last_seen_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]  # absolute end; idleness is checked against last_seen_at
