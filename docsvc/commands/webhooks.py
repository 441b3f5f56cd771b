"""``docsvc webhooks``: see the subscriptions and their delivery state, and send due deliveries now."""

from __future__ import annotations

from collections import Counter

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from docsvc.commands.home import open_cli_runtime
from docsvc.db import transaction
from docsvc.models import WebhookDelivery, WebhookSubscription
from docsvc.webhooks import delivery

webhooks_app = typer.Typer(help="Webhook subscriptions and deliveries.", no_args_is_help=True)


@webhooks_app.command("list")
def list_webhooks() -> None:
    """Every subscription with how many of its deliveries are pending, succeeded and failed."""
    runtime = open_cli_runtime()
    try:
        with transaction(runtime.sessions) as session:
            counts: Counter[tuple[object, str]] = Counter()
            for subscription_id, status, n in session.execute(
                    select(WebhookDelivery.subscription_id, WebhookDelivery.status, func.count())
                    .group_by(WebhookDelivery.subscription_id, WebhookDelivery.status)):
                counts[(subscription_id, status)] = n
            table = Table("id", "url", "customer", "events", "enabled", "pending", "succeeded", "failed")
            for row in session.scalars(select(WebhookSubscription).order_by(WebhookSubscription.created_at)):
                table.add_row(str(row.id), row.url, str(row.customer_id or "(all)"), ", ".join(row.events),
                              "yes" if row.enabled else "no",
                              *(str(counts[(row.id, s)]) for s in ("pending", "succeeded", "failed")))
    finally:
        runtime.close()
    Console(width=200).print(table)


@webhooks_app.command("deliver")
def deliver_due() -> None:
    """Attempt every delivery that is due now (workers do this on their own; useful after an outage)."""
    runtime = open_cli_runtime()
    try:
        made = delivery.run_due(runtime)
    finally:
        runtime.close()
    typer.echo(f"{made} delivery attempt(s) made")


@webhooks_app.command("scan-deadlines")
def scan_deadlines_now(
    days: int | None = typer.Option(None, min=0, max=3660, help="Notice window in days (default: the "
                                                                "DOCSVC_WEBHOOK_DEADLINE_DAYS setting)."),
) -> None:
    """Queue ``deadline.approaching`` for deadlines within the window that were not announced yet (workers run
    this hourly)."""
    import datetime as dt

    from docsvc.deadlines.notify import scan_deadlines

    runtime = open_cli_runtime()
    try:
        with transaction(runtime.sessions) as session:
            queued = scan_deadlines(session, today=dt.date.today(),
                                    horizon_days=runtime.settings.webhook_deadline_days if days is None else days)
    finally:
        runtime.close()
    typer.echo(f"{queued} deadline.approaching delivery(ies) queued")
