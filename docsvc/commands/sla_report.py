"""``docsvc sla-report import``: an SLA report from a ticket system's CSV exports (see
``docsvc.sla_reports.csv_import`` for the columns). Stored and audited as through the API, by ``cli``."""

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
