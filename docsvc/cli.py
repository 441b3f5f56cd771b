"""The ``docsvc`` command line.

Commands that need the database (keys, users, indices, generate, webhooks, sla-report, billing-check,
deadlines) are imported only when invoked: their modules pull in SQLAlchemy, the models and the auth service
(~1 s), which ``docsvc extract`` does not need.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from docsvc.commands.extract import OutputFormat, run_extract

# command name -> (module, attribute): a ``typer.Typer`` (a command group) or a plain command function
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "keys": ("docsvc.commands.keys", "keys_app"),
    "users": ("docsvc.commands.users", "users_app"),
    "indices": ("docsvc.commands.generate", "indices_app"),
    "generate": ("docsvc.commands.generate", "generate_command"),
    "webhooks": ("docsvc.commands.webhooks", "webhooks_app"),
    "sla-report": ("docsvc.commands.sla_report", "sla_report_app"),
    "billing-check": ("docsvc.commands.delivery", "billing_check_command"),
    "deadlines": ("docsvc.commands.delivery", "deadlines_command"),
}


class LazyGroup(TyperGroup):
    """The top-level group: the commands of ``LAZY_COMMANDS`` are built from their module on first use."""

    # ``Any``: typer ships its own copy of click, whose types are private to it.
    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *(name for name in LAZY_COMMANDS if name not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            module, attribute = LAZY_COMMANDS[cmd_name]
            target = getattr(importlib.import_module(module), attribute)
            # A group stays a group even with one subcommand (``indices load``), as ``add_typer`` would keep it.
            command = (typer.main.get_group(target) if isinstance(target, typer.Typer)
                       else typer.main.get_command(_single_command_app(cmd_name, target)))
            command.name = cmd_name
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


def _single_command_app(name: str, fn: Any) -> typer.Typer:
    single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    single.command(name)(fn)
    return single


app = typer.Typer(
    name="docsvc",
    help="Contract extraction and document automation for service-delivery teams.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=LazyGroup,
)



@app.callback()
def main(
    init: Annotated[bool, typer.Option(
        "--init", help="Let an operator command (keys, generate, indices, check) create a new installation in "
                       "DOCSVC_HOME instead of refusing.")] = False,
) -> None:
    """Contract extraction and document automation for service-delivery teams."""
    if init:  # the flag defaults to off; importing the home module costs SQLAlchemy (see the module doc)
        from docsvc.commands.home import allow_new_home

        allow_new_home(True)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Web server processes (uses more cores).")] = 1,
    access_log: Annotated[bool, typer.Option(
        help="Log every request (turn off behind a proxy that logs them already: it costs CPU per request).")] = True,
) -> None:
    """Run the REST service (embedded defaults: SQLite, local object store under DOCSVC_HOME)."""
    import uvicorn

    from docsvc.config import get_settings
    from docsvc.home import use_private_umask
    from docsvc.main import create_app
    from docsvc.runtime import open_runtime
    from docsvc.serving import uvicorn_options

    use_private_umask()
    settings = get_settings()
    runtime = open_runtime(settings)
    typer.echo(f"docsvc: state in {settings.home} ({settings.resolved_queue} jobs); "
               f"API docs at http://{host}:{port}/docs", err=True)
    if runtime.first_key_file:
        typer.echo(f"docsvc: the first admin API key is in {runtime.first_key_file}", err=True)
    try:
        if workers == 1:
            uvicorn.run(create_app(settings, runtime=runtime, freeze_gc=True), host=host, port=port,
                        log_level="info", access_log=access_log, **uvicorn_options(settings))
        else:
            # Each process builds its own app from the same settings; the schema is already migrated above.
            uvicorn.run("docsvc.main:create_served_app", factory=True, workers=workers, host=host, port=port,
                        log_level="info", access_log=access_log, **uvicorn_options(settings))
    finally:
        runtime.close()


@app.command()
def worker(
    name: Annotated[str | None, typer.Option(help="Worker name shown in job records.")] = None,
) -> None:
    """Run extraction jobs from the PostgreSQL queue (scaled-out mode); stops on SIGINT/SIGTERM."""
    import asyncio

    from docsvc.config import get_settings
    from docsvc.home import use_private_umask
    from docsvc.jobs.distributed import run_worker
    from docsvc.jobs.recovery import recover
    from docsvc.runtime import open_runtime

    use_private_umask()
    settings = get_settings()
    if settings.resolved_queue != "procrastinate":
        typer.echo("docsvc worker needs the PostgreSQL queue (DOCSVC_DATABASE_URL=postgresql+psycopg://...); "
                   "with SQLite, jobs run inside `docsvc serve`.", err=True)
        raise typer.Exit(2)
    runtime = open_runtime(settings)
    recover(runtime, runs=False)  # temporary folders of dead workers (their jobs: procrastinate retries them)
    try:
        asyncio.run(run_worker(runtime, name=name))
    finally:
        runtime.close()


@app.command()
def check(
    checksums: Annotated[bool, typer.Option(help="Re-hash every stored object (slower).")] = True,
) -> None:
    """Report orphaned objects, documents whose object is missing, and checksum mismatches."""
    from docsvc.commands.check import run_check

    raise typer.Exit(code=run_check(verify_checksums=checksums))


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="PDF or DOCX files (type sniffed from content).")],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="json (one record, or an array), jsonl (one record per line, input order) or table. "
            "Default: table on a terminal, jsonl for several files otherwise, json for one.",
        ),
    ] = None,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="Do not show progress on stderr.")] = False,
) -> None:
    """Extract contract records (parties, dates, SLA terms, prices, ...) with evidence from FILES."""
    failures = run_extract(files, output_format, show_progress=not no_progress)
    raise typer.Exit(code=1 if failures else 0)


@app.command()
def schema(
    write: Annotated[bool, typer.Option("--write", help="Write contracts_schema/ instead of printing.")] = False,
) -> None:
    """Print (or write) the JSON Schema of the contract record."""
    from docsvc.extract.schema import SCHEMA_FILE, render_schema

    text = render_schema()
    if write:
        SCHEMA_FILE.parent.mkdir(parents=True, exist_ok=True)
        SCHEMA_FILE.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {SCHEMA_FILE}", err=True)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    app()
