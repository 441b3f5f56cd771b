"""Build the generation context of a contract from its *current* record: reviewed values win, rejected values
are gone, and the record revision is kept so a generated document says which revision it used.

Numbers never pass through float on the way: prices come from the text columns that keep the contract's
precision, other decimals from the Numeric columns.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.contracts import repository as repo
from docsvc.models import (
    Contract,
    ContractParty,
    Customer,
    Document,
    ExtractionRun,
    PriceItem,
    ScopeItem,
    ServiceCreditTier,
    SlaTerm,
)
from docsvc.models.contract import current_value

_ISO_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")

# Labels of the document references section, by record field.
REFERENCE_LABELS = {
    "en": {"governing_law": "Governing law", "effective_date": "Effective date", "expiration_date": "Expiry",
           "initial_term": "Initial term", "renewal_term": "Renewal", "renewal_notice_period": "Notice period",
           "termination_notice_period": "Termination notice", "pricing.payment_terms_days": "Payment terms",
           "pricing.price_review": "Price review", "service_credit_cap": "Service credit cap"},
    "de": {"governing_law": "Anwendbares Recht", "effective_date": "Vertragsbeginn", "expiration_date": "Vertragsende",
           "initial_term": "Erstlaufzeit", "renewal_term": "Verlängerung", "renewal_notice_period": "Kündigungsfrist",
           "termination_notice_period": "Ordentliche Kündigung", "pricing.payment_terms_days": "Zahlungsziel",
           "pricing.price_review": "Preisanpassung", "service_credit_cap": "Obergrenze Gutschriften"},
}


def shift(day: dt.date, iso_duration: str | None, sign: int = 1) -> dt.date | None:
    """``day`` plus (or minus) an ISO 8601 duration such as P3M; None when the duration is not of that form."""
    match = _ISO_DURATION.match(iso_duration or "")
    if not match or not any(match.groups()):
        return None
    years, months, weeks, days = (int(g or 0) for g in match.groups())
    shifted: dt.date = day + sign * relativedelta(years=years, months=months, weeks=weeks, days=days)
    return shifted


def _dec(value: Decimal | None) -> str | None:
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def _evidence(evidence: dict[str, Any] | None, document: str | None = None) -> dict[str, Any]:
    evidence = evidence or {}
    return {"page": evidence.get("page"), "paragraph": evidence.get("paragraph"),
            "quote": str(evidence.get("text") or "")[:1000], "document": document}


def _party(row: ContractParty) -> dict[str, Any]:
    return {"name": row.name, "role": row.role, "defined_as": row.defined_as, **address_fields(row.address)}


def address_fields(address: str | None) -> dict[str, Any]:
    """A stored address (one line per line) as the context has it: one line for a table, lines for a letter."""
    lines = [line.strip() for line in (address or "").splitlines() if line.strip()]
    return {"address": ", ".join(lines) or None, "address_lines": lines}


def _pct(value: Any) -> str | None:
    return None if value is None else _dec(Decimal(str(value)))


def _clause(value: Any, evidence: dict[str, Any]) -> dict[str, Any] | None:
    if not isinstance(value, dict) or not value.get("index"):
        return None
    return {"index": value["index"], "frequency": value.get("frequency"),
            "cap_percent": _pct(value.get("cap_percent")), "floor_percent": _pct(value.get("floor_percent")),
            "fixed_percent": _pct(value.get("fixed_percent")), "base_date": value.get("base_date"),
            "notice_period": value.get("notice_period"), "evidence": evidence}


def _next_review(start: dt.date | None, frequency: str | None, today: dt.date) -> dt.date | None:
    step = {"annual": relativedelta(years=1), "quarterly": relativedelta(months=3),
            "monthly": relativedelta(months=1)}.get(frequency or "annual")
    if start is None or step is None:
        return None
    day, n = start, 0
    while day <= today and n < 1200:
        n += 1
        day = start + n * step
    return day


def contract_context(session: Session, contract: Contract, *, today: dt.date, language: str) -> dict[str, Any]:
    """The ``contract`` section of the generation context (see ``docsvc.generate.context.ContractCtx``)."""
    fields = {row.name: row for row in repo.fields(session, contract.id)}
    values = {name: current_value(row) for name, row in fields.items()}
    # A contract's documents are the ones whose extraction made or updated it (Document.contract_id is only
    # the contract an uploader named, e.g. the original an amendment changes).
    documents = session.scalars(select(Document).where(Document.id.in_(
        select(ExtractionRun.document_id).where(ExtractionRun.contract_id == contract.id)))
        .order_by(Document.created_at)).all()
    source = documents[0].filename if documents else None

    def ev(evidence: dict[str, Any] | None) -> dict[str, Any]:
        return _evidence(evidence, source)

    parties = [_party(p) for p in repo.parties_on(session, contract.id, today)]
    by_role = {p["role"]: p for p in reversed(parties)}  # first party of each role wins
    account = session.get(Customer, contract.customer_id) if contract.customer_id else None
    customer = by_role.get("customer") or (
        {"name": account.name, "role": "customer", "defined_as": None, **address_fields(None)} if account else None)
    if customer is not None and not customer["address_lines"] and account is not None and account.address:
        # The contract's party block gave no address: the one a person entered on the customer record.
        customer = customer | address_fields(account.address)

    def date_value(name: str) -> dt.date | None:
        value = values.get(name)
        try:
            return dt.date.fromisoformat(str(value)) if value else None
        except ValueError:
            return None

    effective = date_value("effective_date") or contract.effective_date
    expiration = date_value("expiration_date") or contract.expiration_date
    auto_renewal = values.get("auto_renewal")
    clause_row = fields.get("pricing.price_review")
    clause = _clause(values.get("pricing.price_review"), ev(clause_row.evidence if clause_row else None))
    labels = REFERENCE_LABELS.get(language, REFERENCE_LABELS["en"])
    references = [
        {"label": labels[name], "document": source, "page": (row.evidence or {}).get("page"),
         "quote": str((row.evidence or {}).get("text") or "")[:500]}
        for name, row in sorted(fields.items()) if name in labels and values.get(name) is not None
    ]
    sla_rows = sorted(repo.rows(session, SlaTerm, contract.id), key=_sla_order)
    # A contract states its exclusions once for all SLA terms, so extraction repeats them on every row; a
    # document lists each once (case and spacing differences are the same exclusion).
    exclusions: dict[str, str] = {}
    for row in sla_rows:
        for text in row.exclusions or []:
            exclusions.setdefault(" ".join(str(text).split()).casefold(), " ".join(str(text).split()))
    minimum = values.get("pricing.minimum_commitment")
    cap = values.get("service_credit_cap")
    return {
        "id": str(contract.id), "title": contract.title, "document_type": contract.document_type,
        "language": contract.language, "status": contract.status, "revision": contract.revision,
        "customer": customer, "supplier": by_role.get("supplier"), "parties": parties,
        "contacts": [], "escalation": [],
        "governing_law": values.get("governing_law"), "initial_term": values.get("initial_term"),
        "renewal_term": values.get("renewal_term"), "renewal_notice_period": values.get("renewal_notice_period"),
        "termination_notice_period": values.get("termination_notice_period"),
        "auto_renewal": auto_renewal if isinstance(auto_renewal, bool) else None,
        "dates": {
            "agreement_date": _iso(date_value("agreement_date")), "effective_date": _iso(effective),
            "expiration_date": _iso(expiration),
            "renewal_date": _iso(expiration + dt.timedelta(days=1)) if expiration and auto_renewal else None,
            "notice_deadline": _iso(shift(expiration, values.get("renewal_notice_period"), -1))
            if expiration else None,
            "next_price_review": _iso(_next_review(effective, (clause or {}).get("frequency"), today))
            if clause else None,
        },
        "sla": [{"service": r.service, "metric": r.metric, "priority": r.priority,
                 "target_value": _dec(r.target_value), "target_unit": r.target_unit,
                 "measurement_period": r.measurement_period, "hours_of_cover": r.hours_of_cover,
                 "exclusions": [str(x) for x in r.exclusions or []], "review_state": r.review_state,
                 "evidence": ev(r.evidence)} for r in sla_rows],
        "sla_exclusions": list(exclusions.values()),
        "service_credits": [{"metric": r.metric, "threshold": r.threshold_text,
                             "threshold_upper": _dec(r.threshold_upper), "threshold_lower": _dec(r.threshold_lower),
                             "credit_percent": _dec(r.credit_percent), "credit_amount": r.credit_amount,
                             "currency": r.currency, "basis": r.basis, "evidence": ev(r.evidence)}
                            for r in repo.rows(session, ServiceCreditTier, contract.id)],
        "service_credit_cap": {"percent": _pct(cap.get("percent")), "amount": cap.get("amount"),
                               "currency": cap.get("currency"), "basis": cap.get("basis")}
        if isinstance(cap, dict) else None,
        "pricing": {
            "currency": values.get("pricing.currency"),
            "payment_terms_days": values.get("pricing.payment_terms_days"),
            "minimum_commitment": {"amount": str(minimum["amount"]), "currency": minimum.get("currency"),
                                   "frequency": minimum.get("frequency")}
            if isinstance(minimum, dict) and minimum.get("amount") is not None else None,
            "price_review": clause,
            "items": [{"description": r.description, "unit_price": r.unit_price_text, "currency": r.currency,
                       "unit": r.unit, "quantity": _dec(r.quantity), "frequency": r.frequency,
                       "evidence": ev(r.evidence)} for r in repo.rows(session, PriceItem, contract.id)],
        },
        "scope": {key: [{"text": r.text, "service": r.service, "sites": [str(s) for s in r.sites or []],
                         "evidence": ev(r.evidence)}
                        for r in repo.rows(session, ScopeItem, contract.id) if r.in_scope == flag]
                  for key, flag in (("in_scope", True), ("out_of_scope", False))},
        "documents": [{"filename": d.filename, "document_type": d.declared_type, "sha256": d.sha256,
                       "uploaded": d.created_at.date().isoformat()} for d in documents],
        "references": references,
    }


_METRIC_ORDER = {"availability": 0, "response_time": 1, "resolution_time": 2}


def _sla_order(row: SlaTerm) -> tuple[str, str, int, str]:
    """The matrix reads by service, then priority (P1 first), then metric in the order an incident runs."""
    return (row.service or "", (row.priority or "~").lower(), _METRIC_ORDER.get(row.metric, 9), row.metric)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
