"""Decimal types of review inputs (see docsvc/api_types.py); a module of their own because mypy accepts
``decimal_type(...)`` aliases only when imported."""

from __future__ import annotations

from docsvc.api_types import decimal_type

# Price items keep the decimal as written (Numeric(24, 10)); credit amounts are stored as written, too.
UnitPrice = decimal_type(ge=0, le=999_999_999_999, integer_digits=12)
Threshold = decimal_type(ge=0, le=999_999_999, integer_digits=9)
