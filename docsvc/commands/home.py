"""Which state a command works on, said out loud, and no new state created by accident.

``docsvc generate`` run in a shell without ``DOCSVC_HOME`` used to open ``~/.docsvc``, create a fresh
database and admin key there, and then answer "no contract <id>": the operator was looking at the wrong
installation without being told. Commands other than ``serve`` now name the home and database they use and
refuse to start a new SQLite installation unless asked with ``docsvc --init ...``.
"""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy.engine import make_url

from docsvc.config import Settings, get_settings
from docsvc.runtime import Runtime, open_runtime

_allow_new_home = False


def allow_new_home(allowed: bool) -> None:
    """Set by the top-level ``--init`` option."""
    global _allow_new_home
    _allow_new_home = allowed


def describe(settings: Settings) -> str:
    url = make_url(settings.resolved_database_url)
    return f"DOCSVC_HOME={settings.home}, database {url.render_as_string(hide_password=True)}"


def sqlite_file(settings: Settings) -> Path | None:
    url = make_url(settings.resolved_database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def open_cli_runtime(settings: Settings | None = None) -> Runtime:
    """The configured runtime for an operator command; exits with status 2 instead of creating a new one."""
    settings = settings or get_settings()
    database = sqlite_file(settings)
    if database is not None and not database.exists() and not _allow_new_home:
        # plain echo: rich would wrap the paths at 80 columns when stderr is not a terminal
        typer.echo(f"error: there is no docsvc installation here ({describe(settings)} does not exist). Set "
                   "DOCSVC_HOME to the folder `docsvc serve` uses, or run `docsvc --init ...` to create a new "
                   "installation there.", err=True)
        raise typer.Exit(2)
    typer.echo(f"docsvc: {describe(settings)}", err=True)
    return open_runtime(settings)
