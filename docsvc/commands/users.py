"""``docsvc users``: create, list and disable people who sign in to the web workbench."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from docsvc.commands.home import open_cli_runtime
from docsvc.db import transaction
from docsvc.errors import DomainError
from docsvc.models import Role
from docsvc.users import service

users_app = typer.Typer(help="Manage user accounts (people; systems use API keys).", no_args_is_help=True)


@users_app.command("create")
def create(
    email: Annotated[str, typer.Option(help="The sign-in name.")],
    display_name: Annotated[str, typer.Option(help="Shown in the workbench and in the audit log.")],
    role: Annotated[Role, typer.Option(help="admin, contract_manager, coordinator or reader")],
    customer: Annotated[uuid.UUID | None, typer.Option(help="Limit the user to one customer's data.")] = None,
    language: Annotated[str | None, typer.Option(help="en or de (default: the browser's language)")] = None,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True,
                                          envvar="DOCSVC_NEW_USER_PASSWORD")] = "",
) -> None:
    """Create a user; the password is asked for (or read from DOCSVC_NEW_USER_PASSWORD)."""
    runtime = open_cli_runtime()
    try:
        with transaction(runtime.sessions) as session:
            user = service.create_user(session, email=email, display_name=display_name, role=role,
                                       password=password, actor="cli", customer_id=customer, language=language)
            typer.echo(f"created {role.value} user {user.email} ({user.id})")
    except DomainError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc.detail}")
        raise typer.Exit(1) from None
    finally:
        runtime.close()


@users_app.command("list")
def list_users() -> None:
    runtime = open_cli_runtime()
    try:
        with transaction(runtime.sessions) as session:
            table = Table("id", "e-mail", "display name", "role", "customer", "disabled", "last sign-in")
            for u in service.list_users(session):
                table.add_row(str(u.id), u.email, u.display_name, u.role, str(u.customer_id or ""),
                              f"{u.disabled_at:%Y-%m-%d %H:%M}" if u.disabled_at else "",
                              f"{u.last_sign_in_at:%Y-%m-%d %H:%M}" if u.last_sign_in_at else "")
    finally:
        runtime.close()
    Console().print(table)


@users_app.command("disable")
def disable(email: str) -> None:
    """Disable a user; their signed-in browsers are signed out at once."""
    runtime = open_cli_runtime()
    try:
        with transaction(runtime.sessions) as session:
            user = service.find_by_email(session, email)
            if user is None:
                raise typer.BadParameter(f"no user {email}")
            service.disable_user(session, user, actor="cli")
    finally:
        runtime.close()
    typer.echo(f"disabled {email}")
