"""The ``service_review`` section of the generation context, built from a stored SLA report.

Upcoming deadlines and billing mismatches come from their own services (the contract's deadlines on its current
term, the latest billing check's mismatches); the template says "none" for an empty list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.billing.service import latest_mismatches
from docsvc.deadlines.service import contract_deadlines
from docsvc.models import ChangeRequest, ChangeRequestStatus, Contract, SlaReport
from docsvc.sla_reports.service import trend

OPEN_CHANGE_REQUESTS = (ChangeRequestStatus.DRAFT.value, ChangeRequestStatus.SUBMITTED.value)
UPCOMING_DAYS = 90


def _evidence(raw: dict[str, Any] | None) -> dict[str, Any]:
    raw = raw or {}
    page = raw.get("page")
    return {"page": page if isinstance(page, int) else None, "paragraph": None,
            "quote": str(raw.get("text") or raw.get("quote") or "")[:500], "document": None}


def _measure(raw: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if not raw else {"value": raw["value"], "unit": raw.get("unit")}


def _get(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _deadline(item: Any) -> dict[str, Any]:
    due = _get(item, "due")
    return {"kind": str(_get(item, "kind")), "due": due.isoformat() if isinstance(due, dt.date) else str(due),
            "title": str(_get(item, "title") or _get(item, "kind")), "reviewed": bool(_get(item, "reviewed"))}


def _lowest_availability(result: dict[str, Any]) -> str | None:
    values = [t["achieved"]["value"] for t in result["terms"]
              if t["metric"] == "availability" and t.get("achieved") and t["achieved"].get("unit") == "percent"]
    return min(values, key=float) if values else None


def service_review_context(session: Session, report: SlaReport, contract: Contract, *,
                           today: dt.date) -> dict[str, Any]:
    result = report.result
    credit = result["credit"]
    calendar = report.calendar
    period = result["period"]
    changes = session.scalars(select(ChangeRequest).where(ChangeRequest.contract_id == contract.id,
                                                          ChangeRequest.status.in_(OPEN_CHANGE_REQUESTS))
                              .order_by(ChangeRequest.created_at)).all()
    horizon = today + dt.timedelta(days=UPCOMING_DAYS)
    due = contract_deadlines(session, contract, today=today, within_days=UPCOMING_DAYS)
    deadlines = sorted((_deadline(d) for d in due), key=lambda d: str(d["due"]))
    deadlines = [d for d in deadlines if str(d["due"]) <= horizon.isoformat()]
    mismatches = [{"kind": str(m.get("kind")), "description": str(m.get("description") or ""),
                   "expected": _text(m.get("expected")), "invoiced": _text(m.get("invoiced")),
                   "difference": _text(m.get("difference"))}
                  for m in latest_mismatches(session, contract.id)]
    summary = result["summary"]
    holidays = "-".join(p for p in (calendar.get("country"), calendar.get("subdivision")) if p) or None
    return {
        "id": str(report.id), "period": report.period, "period_start": period["start"][:10],
        "period_end": (dt.datetime.fromisoformat(period["end"]) - dt.timedelta(days=1)).date().isoformat(),
        "hours": calendar.get("hours") or "", "holidays": holidays,
        "terms": summary["terms"], "met": summary["met"], "missed": summary["missed"],
        "not_judged": summary["not_judged"], "incidents": summary["incidents"], "unreviewed": bool(report.unreviewed),
        "scorecard": [{"service": t["service"], "metric": t["metric"], "priority": t["priority"],
                       "target": t["target"], "achieved": _measure(t.get("achieved")), "met": t["met"],
                       "margin": _measure(t.get("margin")), "unreviewed": t["unreviewed"],
                       "evidence": _evidence(t.get("evidence"))} for t in result["terms"]],
        "unjudged": [{"service": u["service"], "metric": u["metric"], "priority": u["priority"],
                      "value": {"value": u["value"], "unit": u["unit"]}} for u in result["unjudged"]],
        "trend": [{"period": r.period, "met": r.result["summary"]["met"], "missed": r.result["summary"]["missed"],
                   "not_judged": r.result["summary"]["not_judged"], "availability": _lowest_availability(r.result),
                   "credit_percent": r.credit_percent, "credit_amount": r.credit_amount}
                  for r in trend(session, report)],
        "credit": {"lines": [{"service": c["service"], "metric": c["metric"], "priority": c["priority"],
                              "achieved": _measure(c.get("achieved")), "percent": c["percent"],
                              "amount": c["amount"], "evidence": _evidence(c.get("evidence"))}
                             for c in credit["lines"]],
                   "percent_total": credit["percent_total"], "percent_due": credit["percent_due"],
                   "capped": credit["capped"], "cap_percent": (credit.get("cap") or {}).get("percent"),
                   "cap_amount": (credit.get("cap") or {}).get("amount"), "fee": credit["fee"]["period"],
                   "amount_due": credit["amount_due"], "currency": credit["currency"]},
        "change_requests": [{"reference": c.reference, "title": c.title, "status": c.status,
                             "implementation_date": c.implementation_date.isoformat()
                             if c.implementation_date else None} for c in changes],
        "deadlines": deadlines, "billing_mismatches": mismatches,
    }
