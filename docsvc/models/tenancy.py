"""Customers (accounts): the unit of tenancy. A scoped API key sees only its customer's data."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from docsvc.models.base import Base, CreatedMixin, IdMixin


class Customer(IdMixin, CreatedMixin, Base):
    __tablename__ = "customers"

    name: Mapped[str] = mapped_column(String(300), unique=True)
    external_ref: Mapped[str | None] = mapped_column(String(200), default=None)
