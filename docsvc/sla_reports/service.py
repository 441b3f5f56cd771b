"""SLA reports from the contract's *current* record (reviewed values win; unreviewed ones are used and flagged).

The record is read into plain values (``types``), the figures computed by ``compute`` and the result stored
with the request, the calendar and the contract revision it used: the service review generated from it later
shows the same figures even after the record changes.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.service import Principal
from docsvc.calendars.calendar import WorkingCalendar
from docsvc.calendars.service import calendar_for, describe
from docsvc.contracts import repository as repo
from docsvc.contracts.service import get_of_contract
from docsvc.errors import Unprocessable
from docsvc.models import Contract, PriceItem, ServiceCreditTier, SlaReport, SlaTerm
from docsvc.models.contract import ReviewState, current_value
from docsvc.sla_reports.compute import compute_report
from docsvc.sla_reports.schemas import SlaReportCreate, SlaReportRead
from docsvc.sla_reports.types import (
    Cap,
    Fee,
    Incident,
    Measurement,
    Outage,
    ReportInputError,
    Term,
    Tier,
    period_of,
)
from docsvc.webhooks.events import SLA_TARGET_MISSED
from docsvc.webhooks.service import emit

# An exclusion that takes planned work out of the downtime ("scheduled maintenance", "geplante Wartungsfenster").
_PLANNED_RE = re.compile(r"planned|scheduled|maintenance|wartung|geplant", re.I)


# Called in the report's transaction once it is stored; the webhooks service subscribes here at merge
# (``sla_report.target_missed`` when ``terms_missed`` > 0).
class SlaReportImpossible(Unprocessable):
    code, title = "sla_report_impossible", "The SLA report cannot be computed"


def _reviewed(state: str) -> bool:
    return state != ReviewState.PENDING.value


def _decimal(text: Any) -> Decimal | None:
    try:
        value = None if text in (None, "") else Decimal(str(text))
    except InvalidOperation:
        return None
    return value if value is not None and value.is_finite() else None


def record_inputs(session: Session, contract: Contract) -> tuple[list[Term], list[Tier], Cap | None, Fee]:
    terms = [Term(key=str(r.id), metric=r.metric, target=r.target_value, unit=r.target_unit, service=r.service,
                  priority=r.priority, measurement_period=r.measurement_period, hours_of_cover=r.hours_of_cover,
                  excludes_planned=any(_PLANNED_RE.search(str(x)) for x in r.exclusions or []),
                  reviewed=_reviewed(r.review_state), evidence=r.evidence or {})
             for r in repo.rows(session, SlaTerm, contract.id)]
    tiers = [Tier(metric=r.metric, upper=r.threshold_upper, lower=r.threshold_lower, percent=r.credit_percent,
                  amount=_decimal(r.credit_amount), currency=r.currency, reviewed=_reviewed(r.review_state),
                  evidence=r.evidence or {}) for r in repo.rows(session, ServiceCreditTier, contract.id)]
    fields = {row.name: row for row in repo.fields(session, contract.id)}
    cap_row = fields.get("service_credit_cap")
    cap_value = current_value(cap_row) if cap_row else None
    cap = Cap(percent=_decimal(cap_value.get("percent")), amount=_decimal(cap_value.get("amount")),
              currency=cap_value.get("currency"), reviewed=_reviewed(cap_row.review_state)) \
        if cap_row is not None and isinstance(cap_value, dict) else None
    currency_row = fields.get("pricing.currency")
    currency = current_value(currency_row) if currency_row else None
    return terms, tiers, cap, _monthly_fee(repo.rows(session, PriceItem, contract.id), currency)


def _monthly_fee(items: Sequence[PriceItem], currency: Any) -> Fee:
    """The fixed monthly charges: monthly price items, times their quantity. Items in another currency than
    the contract's are left out (a credit is one amount in one currency)."""
    monthly = [i for i in items if i.frequency == "monthly"]
    if not monthly:
        return Fee(monthly=None, currency=currency if isinstance(currency, str) else None)
    unit = (currency if isinstance(currency, str) else None) or monthly[0].currency
    used = [i for i in monthly if (i.currency or unit) == unit]
    total = sum((Decimal(i.unit_price_text) * (i.quantity or 1) for i in used), Decimal(0))
    return Fee(monthly=total, currency=unit, reviewed=all(_reviewed(i.review_state) for i in used),
               items=tuple(i.description for i in used))


def _instant(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """A time without an offset is the calendar's local time."""
    return (value.replace(tzinfo=zone) if value.tzinfo is None else value).astimezone(dt.UTC)


def request_inputs(body: SlaReportCreate, calendar: WorkingCalendar) -> tuple[list[Incident], list[Outage],
                                                                             list[Measurement]]:
    zone = ZoneInfo(calendar.timezone)

    def maybe(value: dt.datetime | None) -> dt.datetime | None:
        return None if value is None else _instant(value, zone)

    incidents = [Incident(id=i.id, opened=_instant(i.opened, zone), service=i.service, priority=i.priority,
                          responded=maybe(i.responded), resolved=maybe(i.resolved)) for i in body.incidents]
    outages = [Outage(start=_instant(o.start, zone), end=_instant(o.end, zone), service=o.service, planned=o.planned)
               for o in body.outages]
    measurements = [Measurement(metric=m.metric.strip().lower(), value=m.value, service=m.service,
                                priority=m.priority, unit=m.unit) for m in body.measurements]
    return incidents, outages, measurements


def compute(session: Session, contract: Contract, body: SlaReportCreate) -> tuple[dict[str, Any], dict[str, Any]]:
    """(result, calendar description) for ``body`` against the contract's current record."""
    calendar, source, notes = calendar_for(session, contract)
    terms, tiers, cap, fee = record_inputs(session, contract)
    if not terms:
        raise SlaReportImpossible("the contract record has no SLA terms to report against; add them in the review "
                                  "(POST /v1/contracts/{id}/sla) if the contract has some")
    try:
        period = period_of(body.period, calendar.timezone)
    except ReportInputError as exc:
        raise SlaReportImpossible(str(exc)) from None
    incidents, outages, measurements = request_inputs(body, calendar)
    result = compute_report(period=period, calendar=calendar, terms=terms, tiers=tiers, cap=cap, fee=fee,
                            incidents=incidents, outages=outages, measurements=measurements)
    if source == "default" and notes:
        result["warnings"] = sorted(set(result["warnings"]) | {f"working calendar: {n}" for n in notes})
        result["unreviewed"] = True
    return result, describe(calendar, source, notes)


def create_report(session: Session, principal: Principal, contract: Contract, body: SlaReportCreate,
                  *, source: str = "api") -> SlaReport:
    result, calendar = compute(session, contract, body)
    credit = result["credit"]
    row = SlaReport(contract_id=contract.id, period=body.period,
                    request=body.model_dump(mode="json"), result=result, calendar=calendar,
                    terms_missed=result["summary"]["missed"],
                    credit_percent=credit["percent_due"] if credit["lines"] else None,
                    credit_amount=credit["amount_due"], currency=credit["currency"] if credit["lines"] else None,
                    unreviewed=result["unreviewed"], contract_revision=contract.revision, created_by=principal.actor)
    session.add(row)
    session.flush()
    record_audit(session, actor=principal.actor, action="sla_report.create", entity_type="contract",
                 entity_id=contract.id, details={"sla_report": str(row.id), "period": row.period, "source": source,
                                                 "missed": row.terms_missed, "credit_percent": row.credit_percent,
                                                 "credit_amount": row.credit_amount,
                                                 "incidents": len(body.incidents), "outages": len(body.outages)})
    if row.terms_missed:
        emit(session, SLA_TARGET_MISSED, customer_id=contract.customer_id, data={
            "sla_report_id": row.id, "contract_id": contract.id, "period": row.period, "missed": row.terms_missed,
            "credit_percent": row.credit_percent, "credit_amount": row.credit_amount, "currency": row.currency,
            "unreviewed": row.unreviewed})
    return row


def get_report(session: Session, principal: Principal, report_id: uuid.UUID) -> SlaReport:
    return get_of_contract(session, principal, SlaReport, report_id, "SLA report")


def reports_for(session: Session, contract_id: uuid.UUID) -> Sequence[SlaReport]:
    return repo.newest_of_contract(session, SlaReport, contract_id)


def list_reports(session: Session, *, customer_scope: uuid.UUID | None, customer: uuid.UUID | str | None,
                 period: str | None, after: uuid.UUID | None, limit: int) -> Sequence[SlaReport]:
    # Through the contract, not the report's copy of its customer: a customer merge moves contracts, and their
    # reports must follow them.
    query = select(SlaReport).join(Contract, Contract.id == SlaReport.contract_id)
    if customer_scope is not None:
        query = query.where(Contract.customer_id == customer_scope)
    if customer is not None:
        query = query.where(Contract.customer_id == repo.customer_filter(customer))
    if period:
        query = query.where(SlaReport.period == period)
    if after is not None:
        query = query.where(SlaReport.id > after)
    return session.scalars(query.order_by(SlaReport.id).limit(limit)).all()


def trend(session: Session, report: SlaReport, periods: int = 6) -> list[SlaReport]:
    """The contract's reports of the same kind of period up to this one, oldest first; the newest report of a
    period stands for it (a period reported twice was corrected)."""
    rows = session.scalars(select(SlaReport).where(SlaReport.contract_id == report.contract_id,
                                                   SlaReport.created_at <= report.created_at)
                           .order_by(SlaReport.created_at.desc())).all()
    by_period: dict[str, SlaReport] = {report.period: report}
    for row in rows:
        if len(row.period) == len(report.period) and row.period <= report.period:
            by_period.setdefault(row.period, row)
    return [by_period[p] for p in sorted(by_period)[-periods:]]


def read(row: SlaReport) -> SlaReportRead:
    return SlaReportRead.model_validate(row)
