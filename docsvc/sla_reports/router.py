from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from docsvc.contracts.service import get_contract
from docsvc.customers.refs import CustomerParam, customer_ref
from docsvc.deps import GeneratorDep, ReaderDep, SessionDep, StoreDep
from docsvc.generation import service as generation
from docsvc.generation.router import runtime_of
from docsvc.generation.schemas import FormRequest, GeneratedRead
from docsvc.models import TemplateKind
from docsvc.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursors
from docsvc.sla_reports import service
from docsvc.sla_reports.review_context import service_review_context
from docsvc.sla_reports.schemas import PERIOD_PATTERN, SlaReportCreate, SlaReportRead, SlaReportSummary

router = APIRouter(tags=["sla reports"])
SLA_REPORTS_LISTING = "sla-reports"


@router.post("/v1/contracts/{contract_id}/sla-reports", status_code=201, response_model=SlaReportRead)
def create_sla_report(contract_id: uuid.UUID, body: SlaReportCreate, response: Response, session: SessionDep,
                      principal: GeneratorDep) -> SlaReportRead:
    """Judge every SLA term of the contract's current record for a period: availability from the outages over
    the hours of cover (planned maintenance excluded where the contract excludes it), response and resolution
    per incident in business hours where the term says so, supplied measurements against their targets; then
    the service credit due per the credit tiers and cap, in money when the monthly fee is known. Unreviewed
    contract values are used and flagged."""
    contract = get_contract(session, principal, contract_id)
    row = service.create_report(session, principal, contract, body)
    response.headers["Location"] = f"/v1/sla-reports/{row.id}"
    return service.read(row)


@router.get("/v1/contracts/{contract_id}/sla-reports", response_model=list[SlaReportSummary])
def contract_sla_reports(contract_id: uuid.UUID, session: SessionDep,
                         principal: ReaderDep) -> list[SlaReportSummary]:
    """The contract's SLA reports, newest first."""
    contract = get_contract(session, principal, contract_id)
    return [SlaReportSummary.model_validate(r) for r in service.reports_for(session, contract.id)]


@router.get("/v1/sla-reports", response_model=Page[SlaReportSummary])
def list_sla_reports(
    request: Request, session: SessionDep, principal: ReaderDep, customer: CustomerParam = None,
    period: Annotated[str | None, Query(pattern=PERIOD_PATTERN)] = None,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
) -> Page[SlaReportSummary]:
    """SLA reports across contracts (a customer-limited key sees its customer's), by customer and period."""
    codec = cursors(request)
    found = service.list_reports(session, customer_scope=principal.customer_id, customer=customer_ref(customer),
                                 period=period, after=codec.decode(SLA_REPORTS_LISTING, cursor), limit=limit + 1)
    more = len(found) > limit
    return Page(items=[SlaReportSummary.model_validate(r) for r in found[:limit]],
                next_cursor=codec.encode(SLA_REPORTS_LISTING, found[limit - 1].id) if more else None)


@router.get("/v1/sla-reports/{report_id}", response_model=SlaReportRead)
def sla_report(report_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> SlaReportRead:
    """An SLA report with every term's figures and evidence, and the credit due."""
    return service.read(service.get_report(session, principal, report_id))


@router.post("/v1/sla-reports/{report_id}/service-review", status_code=201, response_model=GeneratedRead)
def service_review(report_id: uuid.UUID, request: Request, response: Response, session: SessionDep,
                   store: StoreDep, principal: GeneratorDep, body: FormRequest | None = None) -> GeneratedRead:
    """Generate the monthly service review from the report (template ``service-review`` unless another is
    named): scorecard, trend over earlier periods, credits due, open change requests, upcoming deadlines and
    billing mismatches."""
    body = body or FormRequest()
    row = service.get_report(session, principal, report_id)
    contract = get_contract(session, principal, row.contract_id)
    runtime = runtime_of(request)
    generated = generation.generate(
        session, store, runtime.renderer, settings=runtime.settings, principal=principal, contract=contract,
        template=body.template or "service-review", version=body.version, fmt=body.format, language=body.language,
        data=body.data, kind=TemplateKind.SERVICE_REVIEW, source=("sla_report", row.id),
        service_review=service_review_context(session, row, contract, today=dt.date.today()))
    response.headers["Location"] = f"/v1/generated/{generated.id}"
    return GeneratedRead.model_validate(generated)
