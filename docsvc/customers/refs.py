"""``customer=`` in every filter: a customer's id or its name (as written anywhere, matched on name_key)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Query

from docsvc.api_types import Line

CustomerParam = Annotated[Line | None, Query(
    max_length=300, description="The customer's id, or its name (case and width do not matter)")]


def customer_ref(value: str | None) -> uuid.UUID | str | None:
    """The id when ``value`` is one, else the name; blank is no filter."""
    if value is None or not value.strip():
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        return value
