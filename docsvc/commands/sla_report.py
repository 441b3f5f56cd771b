"""``docsvc sla-report import``: an SLA report from a ticket system's CSV exports (see
``docsvc.sla_reports.csv_import`` for the columns). Stored and audited as through the API, by ``cli``.
``docsvc sla-report review``: the monthly service review generated from a stored report."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from docsvc.commands.generate import CLI_PRINCIPAL, _fail, _runtime, err
from docsvc.db import transaction
from docsvc.models import Contract

sla_report_app = typer.Typer(help="SLA reports: SLA achieved against the contract and the service credit due.",
                             no_args_is_help=True)


def _read(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read {path}: {exc}") from None


@sla_report_app.command("import")
def import_report(
    contract: Annotated[uuid.UUID, typer.Option(help="The contract's id.")],
    period: Annotated[str, typer.Option(help="2026-10 (a month), 2026-Q4 or 2026.")],
    incidents: Annotated[Path, typer.Argument(help="CSV: id, service, priority, opened, responded, resolved.")],
    outages: Annotated[Path | None, typer.Argument(help="CSV: service, start, end, planned.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Also write the report as JSON.")] = None,
) -> None:
    """Compute and store the SLA report of a contract for a period from incident and outage CSV files. A bad
    row stops the import with its file and line; nothing is stored then."""
    from docsvc.sla_reports import service
    from docsvc.sla_reports.csv_import import parse_incidents, parse_outages
    from docsvc.sla_reports.schemas import SlaReportCreate

    incident_text, outage_text = _read(incidents), _read(outages)
    with _runtime() as runtime:
        try:
            body = SlaReportCreate(period=period, incidents=parse_incidents(incident_text, incidents.name),
                                   outages=parse_outages(outage_text, outages.name) if outages else [])
        except ValidationError as exc:
            raise _fail(f"--period {period!r}: {exc.errors()[0]['msg']}") from None
        with transaction(runtime.sessions) as session:
            row = session.get(Contract, contract)
            if row is None:
                raise _fail(f"no contract {contract}")
            report = service.create_report(session, CLI_PRINCIPAL, row, body, source="cli")
            summary = service.read(report)
    if output is not None:
        output.write_text(json.dumps(summary.model_dump(mode="json"), indent=2, ensure_ascii=False), encoding="utf-8")
    credit = (f"credit {summary.credit_percent} % = {summary.credit_amount or '?'} {summary.currency or ''}".strip()
              if summary.credit_percent else "no credit due")
    err.print(f"SLA report {summary.id} for {summary.period}: {summary.result['summary']['met']} met, "
              f"{summary.terms_missed} missed, {summary.result['summary']['not_judged']} not judged; {credit}"
              f"{' (uses unreviewed values)' if summary.unreviewed else ''}", highlight=False)


@sla_report_app.command("review")
def service_review(
    report: Annotated[uuid.UUID, typer.Argument(help="The SLA report's id (printed by `import`).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Where to write the document.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="docx or pdf (pdf needs LibreOffice).")] = "docx",
    language: Annotated[str | None, typer.Option(help="en or de (default: the contract's language).")] = None,
) -> None:
    """Generate the monthly service review of a stored SLA report (as POST /v1/sla-reports/{id}/service-review):
    scorecard, trend, credits due, open change requests, upcoming deadlines and billing mismatches."""
    import datetime as dt

    from docsvc.generation import service as generation
    from docsvc.models import SlaReport, TemplateKind
    from docsvc.sla_reports.review_context import service_review_context

    if fmt not in ("docx", "pdf"):
        raise _fail("--format must be docx or pdf")
    if language not in (None, "en", "de"):
        raise _fail("--language must be en or de")
    with _runtime() as runtime, err.status("rendering…"), transaction(runtime.sessions) as session:
        row = session.get(SlaReport, report)
        contract = None if row is None else session.get(Contract, row.contract_id)
        if row is None or contract is None:
            raise _fail(f"no SLA report {report}")
        generated = generation.generate(
            session, runtime.store, runtime.renderer, settings=runtime.settings, principal=CLI_PRINCIPAL,
            contract=contract, template="service-review", version=None, fmt=fmt, language=language, data={},
            kind=TemplateKind.SERVICE_REVIEW, source=("sla_report", row.id),
            service_review=service_review_context(session, row, contract, today=dt.date.today()))
        target = output or Path(generated.filename)
        with runtime.store.open(generated.storage_key) as stream:
            target.write_bytes(stream.read())
    err.print(f"service review of {report} → {target}", highlight=False)
