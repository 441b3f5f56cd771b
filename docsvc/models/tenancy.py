"""Customers (accounts): the unit of tenancy. A scoped API key sees only its customer's data."""

from __future__ import annotations

import unicodedata
import uuid
from typing import Any

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from docsvc.models.base import Base, CreatedMixin, IdMixin


def display_name(name: str) -> str:
    """The name as written, with runs of whitespace collapsed (what is stored and shown)."""
    return " ".join(name.split())[:300]


def name_key(name: str) -> str:
    """What makes two customer names the same customer: ``Alpha``, ``alpha`` and the full-width ``Ａlpha`` are
    one. NFKC folds compatibility forms (full-width letters, ligatures), casefold folds case (``ß`` = ``ss``);
    NFKC runs again because casefolding can leave un-normalised sequences."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", display_name(name)).casefold())[:300]


def owner_key(customer_id: uuid.UUID | None) -> str:
    """The owner of a per-customer unique row as a non-null value: unique indexes treat NULLs as distinct, so
    "no customer" must be a value ('') for two shared rows to collide like two rows of one customer do."""
    return customer_id.hex if customer_id is not None else ""


def _name_key_default(context: Any) -> str:
    return name_key(context.get_current_parameters()["name"])


def owner_default(context: Any) -> str:
    """Column default for ``owner``: derived from the row's ``customer_id`` so no insert can get it wrong."""
    return owner_key(context.get_current_parameters().get("customer_id"))


class Customer(IdMixin, CreatedMixin, Base):
    __tablename__ = "customers"
    __table_args__ = (Index("ix_customers_name_key", "name_key", unique=True),)

    # As first written, for display. Not unique itself: name_key is the one uniqueness rule, so that a concurrent
    # INSERT ... ON CONFLICT (name_key) DO NOTHING has no second unique index to fail on (PostgreSQL only
    # resolves conflicts on the index it names).
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), default=_name_key_default)  # what names match on
    external_ref: Mapped[str | None] = mapped_column(String(200), default=None)
    # Postal address for letters, one line per address line; entered by a person (the contract's party block
    # gives the address of its own party row, which wins in a document generated from that contract).
    address: Mapped[str | None] = mapped_column(Text, default=None)
