"""``docsvc keys``: create, list and revoke API keys on the configured database."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from docsvc.auth import service
from docsvc.commands.home import open_cli_runtime
from docsvc.db import transaction
from docsvc.errors import DomainError
from docsvc.models import Role

keys_app = typer.Typer(help="Manage API keys.", no_args_is_help=True)


@keys_app.command("create")
def create(
    role: Annotated[Role, typer.Option(help="admin, contract_manager, coordinator or reader")],
    name: Annotated[str, typer.Option(help="Who or what uses the key, e.g. 'billing system'.")],
    customer: Annotated[uuid.UUID | None, typer.Option(help="Limit the key to one customer's data.")] = None,
) -> None:
    """Create a key and print it once (it cannot be shown again)."""
    runtime = open_cli_runtime()
    try:
        with transaction(runtime.sessions) as session:
            row, plaintext = service.create_key(session, name=name, role=role, actor="cli", customer_id=customer)
    finally:
        runtime.close()
    Console(stderr=True).print(f"created {role.value} key {row.prefix} for {name!r}; store it now:")
    typer.echo(plaintext)


@keys_app.command("list")
def list_keys() -> None:
    runtime = open_cli_runtime()
    try:
        with transaction(runtime.sessions) as session:
            rows = service.list_keys(session)
            table = Table("id", "prefix", "name", "role", "created", "revoked", "last used")
            for r in rows:
                table.add_row(str(r.id), r.prefix, r.name, r.role, f"{r.created_at:%Y-%m-%d %H:%M}",
                              f"{r.revoked_at:%Y-%m-%d %H:%M}" if r.revoked_at else "",
                              f"{r.last_used_at:%Y-%m-%d %H:%M}" if r.last_used_at else "")
    finally:
        runtime.close()
    Console().print(table)


@keys_app.command("revoke")
def revoke(key_id: uuid.UUID) -> None:
    runtime = open_cli_runtime()
    try:
        with transaction(runtime.sessions) as session:
            row = service.revoke_key(session, key_id=key_id, actor="cli")
    except DomainError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc.detail}")
        raise typer.Exit(1) from None
    finally:
        runtime.close()
    typer.echo(f"revoked {row.prefix} ({row.name})")
