"""The five row collections a reviewer works on: table, input schema, read schema, and the mapping between the
validated input and the row's columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from docsvc.contracts.schemas import CreditTierRead, PartyRead, PriceItemRead, ScopeItemRead, SlaTermRead
from docsvc.errors import Unprocessable
from docsvc.models import ContractParty, PriceItem, ScopeItem, ServiceCreditTier, SlaTerm
from docsvc.review.schemas import CreditTierIn, PartyIn, PriceItemIn, ScopeItemIn, SlaRowIn


class _ReviewInfo(BaseModel):
    reviewed_by: str | None = None
    reviewed_at: dt.datetime | None = None


class SlaRowRead(SlaTermRead, _ReviewInfo):
    pass


class PriceItemRowRead(PriceItemRead, _ReviewInfo):
    pass


class CreditTierRowRead(CreditTierRead, _ReviewInfo):
    pass


class ScopeItemRowRead(ScopeItemRead, _ReviewInfo):
    pass


class PartyRowRead(PartyRead, _ReviewInfo):
    pass


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return values


def _price_columns(values: dict[str, Any]) -> dict[str, Any]:
    # The decimal as the reviewer wrote it keeps its precision for price reviews ("0.0410").
    price: Decimal = values.pop("unit_price")
    return {**values, "unit_price": price, "unit_price_text": str(price)}


def _price_fields(row: Any) -> dict[str, Any]:
    return {"unit_price": row.unit_price_text}


def _credit_columns(values: dict[str, Any]) -> dict[str, Any]:
    amount = values.get("credit_amount")
    return {**values, "credit_amount": None if amount is None else str(amount)}


def _party_columns(values: dict[str, Any]) -> dict[str, Any]:
    start, end = values.get("valid_from"), values.get("valid_to")
    if start is not None and end is not None and end <= start:
        raise Unprocessable("valid_to: must be after valid_from (it is the first day the party no longer holds)")
    return values


def _no_override(row: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Kind:
    name: str  # the collection's path segment
    table: type[Any]
    schema: type[BaseModel]
    read: type[BaseModel]
    columns: Callable[[dict[str, Any]], dict[str, Any]] = _plain  # validated input -> column values
    fields_of: Callable[[Any], dict[str, Any]] = _no_override  # row -> input fields that differ from columns
    importance: int = 5  # for the review queue: how much a wrong row costs (1-10)

    def current(self, row: Any) -> dict[str, Any]:
        """The row's reviewable fields, in the input schema's names."""
        values = {name: getattr(row, name) for name in self.schema.model_fields}
        return {**values, **self.fields_of(row)}

    def validate(self, values: dict[str, Any]) -> dict[str, Any]:
        """Column values for these fields (raises pydantic's ValidationError naming a bad field)."""
        checked = self.schema.model_validate(values).model_dump(include=set(self.schema.model_fields))
        return self.columns(checked)


KINDS = {kind.name: kind for kind in (
    Kind("sla", SlaTerm, SlaRowIn, SlaRowRead, importance=9),
    Kind("price-items", PriceItem, PriceItemIn, PriceItemRowRead, _price_columns, _price_fields, importance=10),
    Kind("service-credits", ServiceCreditTier, CreditTierIn, CreditTierRowRead, _credit_columns, importance=8),
    Kind("scope-items", ScopeItem, ScopeItemIn, ScopeItemRowRead, importance=4),
    Kind("parties", ContractParty, PartyIn, PartyRowRead, _party_columns, importance=7),
)}
# Scalar fields by how much a wrong value costs; fields not named here count 3.
FIELD_IMPORTANCE = {
    "pricing.currency": 10, "pricing.price_review": 10, "pricing.minimum_commitment": 9, "expiration_date": 9,
    "effective_date": 9, "termination_notice_period": 8, "renewal_notice_period": 8, "auto_renewal": 8,
    "service_credit_cap": 8, "pricing.payment_terms_days": 7, "agreement_date": 6, "initial_term": 6,
    "renewal_term": 6, "governing_law": 5, "novation": 5, "document_type": 4, "title": 2, "language": 2,
}
DEFAULT_FIELD_IMPORTANCE = 3
