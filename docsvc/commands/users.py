"""``docsvc users``: create, list, change, disable and enable people who sign in to the web workbench."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from docsvc.commands.home import open_cli_runtime
from docsvc.db import transaction
from docsvc.errors import DomainError
from docsvc.models import Role, User
from docsvc.users import service
from docsvc.users.editing import UNSET, UserChanges, reset_password, update_user

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


def _on_user(email: str, act: Callable[[Session, User], object], done: str) -> None:
    """Run ``act`` on the user with ``email`` in one transaction; domain refusals end the command with exit 1."""
    runtime = open_cli_runtime()
    try:
        with transaction(runtime.sessions) as session:
            user = service.find_by_email(session, email)
            if user is None:
                raise typer.BadParameter(f"no user {email}")
            act(session, user)
    except DomainError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc.detail}")
        raise typer.Exit(1) from None
    finally:
        runtime.close()
    typer.echo(f"{done} {email}")


def _change(email: str, changes: UserChanges, done: str) -> None:
    _on_user(email, lambda session, user: update_user(session, user, changes, actor="cli"), done)


@users_app.command("update")
def update(
    email: str,
    display_name: Annotated[str | None, typer.Option(help="Shown in the workbench and in the audit log.")] = None,
    role: Annotated[Role | None, typer.Option(help="admin, contract_manager, coordinator or reader")] = None,
    customer: Annotated[uuid.UUID | None, typer.Option(help="Limit the user to one customer's data.")] = None,
    all_customers: Annotated[bool, typer.Option("--all-customers", help="Remove the customer limit.")] = False,
    language: Annotated[str | None, typer.Option(help="en, de, or 'browser' for the browser's language")] = None,
) -> None:
    """Change a user's display name, role, customer limit or language (only the options given change)."""
    if customer is not None and all_customers:
        raise typer.BadParameter("give --customer or --all-customers, not both")
    changes = UserChanges(
        display_name=UNSET if display_name is None else display_name, role=UNSET if role is None else role,
        customer_id=None if all_customers else (UNSET if customer is None else customer),
        language=UNSET if language is None else (None if language == "browser" else language))
    _change(email, changes, "updated")


@users_app.command("enable")
def enable(email: str) -> None:
    """Enable a disabled user again."""
    _change(email, UserChanges(disabled=False), "enabled")


@users_app.command("reset-password")
def reset(
    email: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True,
                                          envvar="DOCSVC_NEW_USER_PASSWORD")] = "",
) -> None:
    """Set a new password (asked for, or read from DOCSVC_NEW_USER_PASSWORD); the user is signed out."""
    _on_user(email, lambda session, user: reset_password(session, user, password, actor="cli"), "password reset for")
