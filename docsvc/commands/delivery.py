"""``docsvc billing-check`` and ``docsvc deadlines``: the billing check and the deadline list from the command
line, on the configured database, as the operator (audited as ``cli``), exactly as through the API."""

from __future__ import annotations

import datetime as dt
import json
import sys
import uuid
from pathlib import Path
from typing import Annotated

import typer

from docsvc.commands.generate import CLI_PRINCIPAL, _fail, _runtime, err
from docsvc.db import transaction
from docsvc.errors import NotFound


def billing_check_command(
    csv_file: Annotated[Path, typer.Argument(help="Invoice lines as CSV: description, quantity, unit price, "
                                                  "currency, period (English or German headers).")],
    contract: Annotated[uuid.UUID, typer.Option("--contract", help="The contract's id.")],
    invoice_ref: Annotated[str | None, typer.Option(help="The invoice number, kept with the check.")] = None,
    document: Annotated[Path | None, typer.Option(help="Also write the report as a Word document here.")] = None,
) -> None:
    """Check an invoice against the contract's prices; prints the stored check as JSON (exit code 1 when it
    found mismatches)."""
    from docsvc.billing import document as report
    from docsvc.billing import service
    from docsvc.billing.schemas import BillingCheckCreate
    from docsvc.contracts.service import get_contract

    try:
        text = csv_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read {csv_file}: {exc}") from None
    with _runtime() as runtime:
        lines = service.parse_csv(text)
        with transaction(runtime.sessions) as session:
            found = get_contract(session, CLI_PRINCIPAL, contract)
            row = service.run_check(session, CLI_PRINCIPAL, found,
                                    BillingCheckCreate(invoice_ref=invoice_ref, lines=lines), today=dt.date.today())
            out = service.read(row).model_dump(mode="json")
            title = found.title or str(found.id)
    if document is not None:
        document.write_bytes(report.build(title=title, check=out))
    sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
    summary = out["summary"]
    err.print(f"billing check {out['id']}: {summary['lines']} lines, {summary['mismatches']} mismatches, price "
              f"difference {summary['price_difference']}", highlight=False)
    if summary["mismatches"]:
        raise typer.Exit(1)


def deadlines_command(
    within: Annotated[str, typer.Option(help="Window from today: 90d, 12w.")] = "90d",
    contract: Annotated[uuid.UUID | None, typer.Option("--contract", help="Only this contract.")] = None,
) -> None:
    """Notice, expiry, renewal and price-review dates due within the window, as JSON lines."""
    from docsvc.deadlines import service
    from docsvc.deadlines.schemas import DeadlineRead, within_days
    from docsvc.models import Contract

    with _runtime() as runtime, transaction(runtime.sessions) as session:
        days, today = within_days(within), dt.date.today()
        if contract is not None:
            row = session.get(Contract, contract)
            if row is None:
                raise NotFound(f"no contract {contract}")
            pairs = [(row, d) for d in service.contract_deadlines(session, row, today=today, within_days=days)]
        else:
            pairs = service.deadlines(session, customer_scope=None, customer=None, kinds=None, today=today,
                                      within_days=days)
        for owner, deadline in pairs:
            sys.stdout.write(DeadlineRead.of(deadline, owner.customer_id).model_dump_json() + "\n")
