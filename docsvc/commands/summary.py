"""The ``--format table`` view: a readable summary of one record for people."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def _val(field: Any) -> Any:
    return field.get("value") if isinstance(field, dict) and "value" in field else field


def _show(value: Any) -> str:
    """Readable one-line form of a value: nested objects as "key value" pairs without the empty ones."""
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {_show(v)}" for k, v in value.items() if v not in (None, "", []))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _page(entry: dict[str, Any]) -> str:
    ev = entry.get("evidence") or {}
    if ev.get("page"):
        return f"p.{ev['page']}"
    return f"¶{ev['paragraph']}" if ev.get("paragraph") is not None else ""


def print_summary(console: Console, data: dict[str, Any]) -> None:
    source = data.get("source", {})
    name = source.get("name", "?")
    if "error" in data:
        console.print(f"[bold red]✗ {name}[/bold red]: {data['error']}", highlight=False)
        return
    console.rule(f"[bold]{name}[/bold]")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    facts.add_column(style="dim")
    for key in ("document_type", "language", "title", "agreement_date", "effective_date", "expiration_date",
                "initial_term", "renewal_term", "renewal_notice_period", "termination_notice_period",
                "auto_renewal", "governing_law"):
        field = data.get(key)
        if field:
            facts.add_row(key.replace("_", " "), _show(_val(field)), _page(field))
    pricing = data.get("pricing") or {}
    for key in ("currency", "payment_terms_days", "minimum_commitment", "price_review"):
        field = pricing.get(key)
        if field:
            facts.add_row(key.replace("_", " "), _show(_val(field)), _page(field))
    console.print(facts)
    if data.get("parties"):
        table = Table("party", "role", "defined as", "where", title="Parties", title_justify="left")
        for p in data["parties"]:
            table.add_row(p["name"], p.get("role") or "", p.get("defined_as") or "", _page(p))
        console.print(table)
    if data.get("sla"):
        table = Table("metric", "priority", "target", "period", "cover", "where", title="SLA", title_justify="left")
        for s in data["sla"]:
            target = s["target"]
            table.add_row(s["metric"], s.get("priority") or "", f"{target['value']:g} {target['unit']}",
                          s.get("measurement_period") or "", s.get("hours_of_cover") or "", _page(s))
        console.print(table)
    if data.get("service_credits"):
        table = Table("metric", "threshold", "credit", "basis", "where", title="Service credits", title_justify="left")
        for c in data["service_credits"]:
            th = c.get("threshold") or {}
            band = th.get("text") or " – ".join(str(x) for x in (th.get("upper"), th.get("lower")) if x is not None)
            credit = (f"{c['credit_percent']:g} %" if c.get("credit_percent") is not None
                      else f"{c.get('credit_amount')} {c.get('currency') or ''}")
            table.add_row(c.get("metric") or "", band, credit, c.get("basis") or "", _page(c))
        console.print(table)
    if pricing.get("items"):
        table = Table("description", "unit price", "unit", "frequency", "where", title="Prices", title_justify="left")
        for item in pricing["items"]:
            table.add_row(item["description"][:60], f"{item['unit_price']} {item.get('currency') or ''}",
                          item.get("unit") or "", item.get("frequency") or "", _page(item))
        console.print(table)
    for warning in (data.get("processing") or {}).get("warnings", []):
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
