"""Price-index values the service holds, and price reviews computed from the contract's review clause.

Index values are data entered by people (API or CSV); nothing is fetched. A review reads the contract's
*current* record (reviewed values win), so a corrected cap or price is what the computation uses, and it is
stored with the contract revision it was made against: the letter generated later shows the same figures.

A review changes no price by being computed: ``apply_price_review`` puts it into effect (once, audited), and
billing uses ``applied_reviews``' newest.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from docsvc.api_types import Percent
from docsvc.audit import record_audit
from docsvc.auth.service import Principal
from docsvc.contracts.repository import lock_contract, newest_of_contract
from docsvc.contracts.service import get_contract, get_of_contract
from docsvc.csv_rows import CsvUnreadable, csv_rows
from docsvc.db import insert_ignore
from docsvc.errors import Conflict, Forbidden, NotFound, PreconditionFailed, PreconditionRequired, Unprocessable
from docsvc.generate.people import display_name
from docsvc.generate.price_review import (
    IndexInput,
    PriceInput,
    PriceReviewError,
    ReviewClause,
    compute_price_review,
)
from docsvc.generation.context_builder import contract_context
from docsvc.models import Contract, IndexValue, PriceReview
from docsvc.models.base import utcnow
from docsvc.preconditions import strong_tags
from docsvc.price_reviews.schemas import IndexSummary, IndexValueIn, PriceReviewCreate, PriceReviewRead
from docsvc.webhooks.events import PRICE_REVIEW_APPLIED
from docsvc.webhooks.service import emit

PERCENT: TypeAdapter[Decimal] = TypeAdapter(Percent)


class PriceReviewImpossible(Unprocessable):
    code, title = "price_review_impossible", "The prices cannot be reviewed"


class ReviewAlreadyApplied(Conflict):
    code, title = "price_review_already_applied", "The price review is already applied"


class ReviewOutdated(Conflict):
    code, title = "price_review_outdated", "The contract's prices changed since the review; recompute it"


class ReviewSuperseded(Conflict):
    code, title = "price_review_superseded", "A later price review is already applied"


def index_key(name: str) -> str:
    return name.strip().upper()


def store_index_values(session: Session, principal: Principal, name: str, values: Iterable[IndexValueIn],
                       source: str | None) -> tuple[int, int, int]:
    """Insert or correct values; returns (inserted, updated, unchanged). A correction is audited."""
    if principal.customer_id is not None:
        # Index values are shared by every customer's price reviews: one customer's key must not change what
        # another customer's review computes.
        raise Forbidden("index values are shared by all customers; only a key not limited to a customer may "
                        "change them")
    key = index_key(name)
    wanted = {v.period: format(v.value, "f") for v in values}
    existing = {row.period: row for row in session.scalars(
        select(IndexValue).where(IndexValue.index_name == key, IndexValue.period.in_(list(wanted))))}
    inserted = updated = unchanged = 0
    corrections = []
    for period, value in sorted(wanted.items()):
        row = existing.get(period)
        if row is None:
            # ON CONFLICT DO NOTHING, not a plain INSERT: two loads of a new period at once both found it
            # missing, and the second INSERT failed on the unique (index, period) with a 500.
            if insert_ignore(session, IndexValue, {"index_name": key, "period": period, "value": value,
                                                   "source": source}, ["index_name", "period"]):
                inserted += 1
                continue
            row = session.scalars(select(IndexValue).where(IndexValue.index_name == key,
                                                           IndexValue.period == period)).one()
        if Decimal(row.value) != Decimal(value):
            corrections.append({"period": period, "from": row.value, "to": value})
            row.value, row.source, row.updated_at = value, source or row.source, utcnow()
            updated += 1
        else:
            unchanged += 1
    session.flush()
    record_audit(session, actor=principal.actor, action="index.values", entity_type="index", entity_id=key,
                 details={"inserted": inserted, "updated": updated, "corrections": corrections[:100],
                          "source": source})
    return inserted, updated, unchanged


def parse_index_csv(text: str) -> list[IndexValueIn]:
    """``period,value`` rows (a header row is optional); raises Unprocessable naming the bad line."""
    try:
        return _index_rows(text)
    except CsvUnreadable as exc:
        raise Unprocessable(str(exc)) from None


def _index_rows(text: str) -> list[IndexValueIn]:
    out = []
    for number, row in enumerate(csv_rows(text), start=1):
        if not row or not "".join(row).strip() or row[0].strip().startswith("#"):
            continue
        if number == 1 and row[0].strip().lower() in {"period", "month", "date"}:
            continue
        if len(row) < 2:
            raise Unprocessable(f"line {number}: expected 'period,value', got {','.join(row)!r}")
        try:
            out.append(IndexValueIn(period=row[0].strip(), value=Decimal(row[1].strip())))
        except (ValueError, InvalidOperation) as exc:
            raise Unprocessable(f"line {number}: {row[0].strip()!r},{row[1].strip()!r} is not a YYYY-MM period "
                                f"with a positive number ({type(exc).__name__})") from None
    if not out:
        raise Unprocessable("the CSV holds no index values")
    return out


def index_values(session: Session, name: str) -> Sequence[IndexValue]:
    rows = session.scalars(select(IndexValue).where(IndexValue.index_name == index_key(name))
                           .order_by(IndexValue.period)).all()
    if not rows:
        raise NotFound(f"no values for index {index_key(name)!r}; load them with POST /v1/indices/{{name}}/values")
    return rows


def index_summaries(session: Session) -> list[IndexSummary]:
    rows = session.execute(select(IndexValue.index_name, func.count(), func.min(IndexValue.period),
                                  func.max(IndexValue.period)).group_by(IndexValue.index_name)
                           .order_by(IndexValue.index_name)).all()
    return [IndexSummary(name=n, values=c, first_period=lo, last_period=hi) for n, c, lo, hi in rows]


def _value(session: Session, name: str, period: str) -> Decimal | None:
    text = session.scalar(select(IndexValue.value).where(IndexValue.index_name == name, IndexValue.period == period))
    return None if text is None else Decimal(text)


def _clause(record: dict[str, Any]) -> ReviewClause | None:
    clause = record["pricing"].get("price_review")
    if not clause:
        return None

    def dec(name: str) -> Decimal | None:
        # A corrected clause (PATCH) may hold any JSON: a percent like "1e999999" would be computed with.
        value = clause.get(name)
        try:
            return None if value in (None, "") else PERCENT.validate_python(value if isinstance(value, str | float)
                                                                            else str(value))
        except ValidationError as exc:
            raise PriceReviewImpossible(f"pricing.price_review.{name} {exc.errors()[0]['msg']}; correct it with PATCH "
                                        "/v1/contracts/{id}/fields/pricing.price_review") from None

    return ReviewClause(index=clause["index"], cap_percent=dec("cap_percent"),
                        floor_percent=dec("floor_percent"), fixed_percent=dec("fixed_percent"),
                        notice_period=clause.get("notice_period"), frequency=clause.get("frequency"),
                        evidence=clause.get("evidence") or {}, base_date=clause.get("base_date"))


def _price_inputs(record: dict[str, Any]) -> list[PriceInput]:
    currency = record["pricing"].get("currency")
    return [PriceInput(description=i["description"], unit_price=i["unit_price"], currency=i["currency"] or currency
                       or "", unit=i["unit"], evidence=i["evidence"]) for i in record["pricing"]["items"]]


def create_review(session: Session, principal: Principal, contract: Contract,
                  body: PriceReviewCreate) -> tuple[PriceReview, bool]:
    """The review for ``body``; returns (review, created). The same request against the same contract record
    and index values returns the review already made (issue 10: eight identical requests at once made eight)."""
    # Held to the end of the transaction: racing identical requests then run one after another, and each sees
    # what the previous one stored.
    lock_contract(session, contract.id)
    session.refresh(contract)
    record = contract_context(session, contract, today=body.review_date, language="en")
    clause = _clause(record)
    if clause is None:
        raise PriceReviewImpossible(
            "the contract record has no price-review clause (field pricing.price_review), so its prices cannot be "
            "reviewed; correct the field with PATCH /v1/contracts/{id}/fields/pricing.price_review if the contract "
            "has one")
    items = _price_inputs(record)
    warnings: list[str] = []
    index = None
    if body.index is not None:
        name = index_key(body.index.name)
        if clause.index.upper() not in (name, "OTHER", "FIXED_PERCENT"):
            warnings.append(f"the contract's clause names {clause.index}, but the review used {name}")
        index = IndexInput(name=name, base_period=body.index.base_period,
                           base_value=_value(session, name, body.index.base_period),
                           current_period=body.index.current_period,
                           current_value=_value(session, name, body.index.current_period))
    if any(not item.currency for item in items):
        warnings.append("some prices state no currency; they were rounded to the decimals the contract states")
    language = contract.language if contract.language in ("en", "de") else "en"
    try:
        result = compute_price_review(items=items, clause=clause, review_date=body.review_date,
                                      mode="index" if index else "percent", index=index, percent=body.percent,
                                      language=language)
    except PriceReviewError as exc:
        raise PriceReviewImpossible(str(exc)) from None
    review_id = uuid.uuid4()
    request = body.model_dump(mode="json") | {"warnings": warnings}
    outcome = result.to_context(id=str(review_id))
    same = _same_review(session, contract, body, request, outcome)
    if same is not None:
        return same, False
    row = PriceReview(id=review_id, contract_id=contract.id, review_date=body.review_date, mode=result.mode,
                      request=request, result=outcome, contract_revision=contract.revision,
                      created_by=principal.actor)
    session.add(row)
    session.flush()
    record_audit(session, actor=principal.actor, action="price_review.create", entity_type="contract",
                 entity_id=contract.id, details={"price_review": str(review_id), "mode": result.mode,
                                                 "percent_applied": format(result.percent_applied, "f"),
                                                 "bound": result.bound, "lines": len(result.lines)})
    return row, True


def _same_review(session: Session, contract: Contract, body: PriceReviewCreate, request: dict[str, Any],
                 outcome: dict[str, Any]) -> PriceReview | None:
    """A stored review of this contract revision with the same request and the same figures (a corrected index
    value changes the figures, and then a new review is due)."""
    def figures(result: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in result.items() if k != "id"}

    candidates = session.scalars(select(PriceReview).where(PriceReview.contract_id == contract.id,
                                                           PriceReview.review_date == body.review_date,
                                                           PriceReview.contract_revision == contract.revision)
                                 .order_by(PriceReview.created_at))
    # through JSON as stored, so Decimals and dates compare as the stored row has them
    wanted = json.loads(json.dumps({"request": request, "result": figures(outcome)}, default=str))
    for row in candidates:
        if {"request": row.request, "result": figures(row.result)} == wanted:
            return row
    return None


def get_review(session: Session, principal: Principal, review_id: uuid.UUID) -> PriceReview:
    return get_of_contract(session, principal, PriceReview, review_id, "price review")


def reviews_for(session: Session, contract_id: uuid.UUID) -> Sequence[PriceReview]:
    return newest_of_contract(session, PriceReview, contract_id)


def read(row: PriceReview) -> PriceReviewRead:
    out = PriceReviewRead.model_validate(row)
    out.warnings = list(row.request.get("warnings") or [])
    out.applied_by_name = display_name(row.applied_by)
    return out


def etag(row: PriceReview, contract: Contract) -> str:
    """The review's entity-tag. It names the contract revision too: whether applying is right depends on the
    contract the person looked at (a corrected price makes the review outdated), so a change to either since
    the page was read is a 412, not a silent apply."""
    return f'"{row.id.hex}-{contract.revision}-{"applied" if row.applied_at else "open"}"'


def applied_reviews(session: Session, contract_id: uuid.UUID) -> list[PriceReview]:
    """The contract's applied reviews, newest first (by review date, then when applied): billing checks use the
    first one's new prices."""
    return list(session.scalars(select(PriceReview).where(PriceReview.contract_id == contract_id,
                                                          PriceReview.applied_at.is_not(None))
                                .order_by(PriceReview.review_date.desc(), PriceReview.applied_at.desc())))


def apply_price_review(session: Session, principal: Principal, review_id: uuid.UUID,
                       if_match: str | None) -> tuple[PriceReview, Contract]:
    """Put a review's new prices into effect: once (409 after), with the review's ETag in ``if_match`` (428
    without, 412 when the review or its contract changed since), refused (409) when the contract's prices or
    clause changed since it was computed, or when a review of a later date is already applied."""
    row = get_review(session, principal, review_id)  # another customer's review: 404 before anything else
    contract = get_contract(session, principal, row.contract_id)
    if not if_match:
        raise PreconditionRequired(f"send If-Match: {etag(row, contract)} (from GET /v1/price-reviews/{row.id})")
    # Held to the end of the transaction, so of racing applies exactly one sees the review unapplied; both are
    # read again after the lock (the winner may have committed while this request waited).
    lock_contract(session, contract.id)
    session.refresh(contract)
    session.refresh(row)
    if row.applied_at is not None:
        raise ReviewAlreadyApplied(
            f"price review {row.id} was applied on {row.applied_at:%Y-%m-%d %H:%M} UTC by "
            f"{display_name(row.applied_by) or row.applied_by}; it is in effect and cannot be applied again",
            extra={"applied_at": row.applied_at.isoformat(), "applied_by": row.applied_by})
    tags = strong_tags(if_match)
    if tags is not None and etag(row, contract) not in tags:
        raise PreconditionFailed("the price review or its contract changed since you read it; GET "
                                 f"/v1/price-reviews/{row.id} again and check it before applying",
                                 headers={"ETag": etag(row, contract)})
    if contract.revision != row.contract_revision:
        changed = _changed_basis(row, contract_context(session, contract, today=row.review_date, language="en"))
        if changed:
            raise ReviewOutdated(
                f"the contract's {changed} changed since this review was computed (contract revision "
                f"{row.contract_revision}, now {contract.revision}); recompute the review with POST "
                f"/v1/contracts/{contract.id}/price-reviews and apply the new one",
                extra={"contract_revision": row.contract_revision, "current_revision": contract.revision})
    newest = next(iter(applied_reviews(session, contract.id)), None)
    if newest is not None and newest.review_date > row.review_date:
        raise ReviewSuperseded(
            f"the review of {newest.review_date} ({newest.id}) is already applied; this review of "
            f"{row.review_date} is older and would put earlier prices back into effect",
            extra={"applied_review": str(newest.id)})
    row.applied_at, row.applied_by = utcnow(), principal.actor
    session.flush()
    record_audit(session, actor=principal.actor, action="price_review.apply", entity_type="contract",
                 entity_id=contract.id, details={
                     "price_review": str(row.id), "review_date": row.review_date.isoformat(),
                     "percent_applied": row.result.get("percent_applied"),
                     "replaces": None if newest is None else str(newest.id),
                     "prices": [{"description": line.get("description"), "from": line.get("current_price"),
                                 "to": line.get("new_price")} for line in row.result.get("lines", [])[:100]]})
    # The one place a review takes effect, so the one place "price_review.applied" is emitted.
    emit(session, PRICE_REVIEW_APPLIED, customer_id=contract.customer_id, data={
        "price_review_id": row.id, "contract_id": contract.id, "review_date": row.review_date,
        "mode": row.mode, "percent_applied": row.result.get("percent_applied"), "bound": row.result.get("bound"),
        "lines": len(row.result.get("lines", [])), "warnings": (row.request or {}).get("warnings", [])})
    return row, contract


def _changed_basis(row: PriceReview, record: dict[str, Any]) -> str | None:
    """What of the computation's inputs differs in ``record`` from what the review used ("price items",
    "price-review clause"), or None. Other corrections (a party's address) leave the review valid."""
    def amount(text: Any) -> Decimal | str | None:
        try:
            return None if text in (None, "") else Decimal(str(text).strip())
        except InvalidOperation:
            return str(text)

    def stated(text: Any) -> str:  # as the computation wrote it: a price's stated places are part of it
        value = amount(text)
        return format(value, "f") if isinstance(value, Decimal) else str(value)

    used = sorted((str(line.get("description")), line.get("unit") or "", line.get("currency") or "",
                   stated(line.get("current_price"))) for line in row.result.get("lines", []))
    now = sorted((item.description, item.unit or "", item.currency or "", stated(item.unit_price))
                 for item in _price_inputs(record))
    if used != now:
        return "price items"
    clause = record["pricing"].get("price_review") or {}
    stored = row.result.get("clause") or {}
    if any(amount(clause.get(key)) != amount(stored.get(key)) for key in ("cap_percent", "floor_percent",
                                                                           "fixed_percent")):
        return "price-review clause"
    return None
