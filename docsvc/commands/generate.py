"""``docsvc generate`` and ``docsvc indices``: document generation and index values from the command line.

Both work on the configured database and store directly, as the operator running them (audited as ``cli``);
the generated document is stored with its provenance exactly as through the API, and also written to a file.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from docsvc.auth.service import Principal
from docsvc.commands.home import open_cli_runtime
from docsvc.db import transaction
from docsvc.errors import DomainError
from docsvc.models import Contract, Role
from docsvc.runtime import Runtime

CLI_PRINCIPAL = Principal(key_id=uuid.UUID(int=0), name="cli", role=Role.ADMIN, customer_id=None)
indices_app = typer.Typer(help="Price-index values (CPI, RPI, HICP, VPI...) used by price reviews.",
                          no_args_is_help=True)
err = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(2)


@contextmanager
def _runtime() -> Iterator[Runtime]:
    """The configured runtime; a domain error (unknown template, bad CSV...) ends the command with its message."""
    runtime = open_cli_runtime()
    try:
        yield runtime
    except DomainError as exc:
        raise _fail(exc.detail) from None
    finally:
        runtime.close()


def _load_data(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(f"cannot read {path}: {exc}") from None
    if not isinstance(data, dict):
        raise _fail(f"{path} must hold a JSON object (its fields become data.* in the template)")
    return data


def generate_command(
    contract: Annotated[uuid.UUID, typer.Option(help="The contract's id.")],
    template: Annotated[str, typer.Option(help="Template name, e.g. process-documentation.")],
    data: Annotated[Path | None, typer.Option(help="JSON file with extra fields (data.*).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Where to write the document.")] = None,
    version: Annotated[int | None, typer.Option(min=1, help="Template version (default: newest usable).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="docx or pdf (pdf needs LibreOffice).")] = "docx",
    language: Annotated[str | None, typer.Option(help="en or de (default: the contract's language).")] = None,
) -> None:
    """Generate a document from a template and a contract's current record."""
    from docsvc.generation import service

    if fmt not in ("docx", "pdf"):
        raise _fail("--format must be docx or pdf")
    if language not in (None, "en", "de"):
        raise _fail("--language must be en or de")
    extra = _load_data(data)
    with _runtime() as runtime, err.status("rendering…"), transaction(runtime.sessions) as session:
        row = session.get(Contract, contract)
        if row is None:
            raise _fail(f"no contract {contract}")
        generated = service.generate(session, runtime.store, runtime.renderer, settings=runtime.settings,
                                     principal=CLI_PRINCIPAL, contract=row, template=template, version=version,
                                     fmt=fmt, language=language, data=extra)
        target = output or Path(generated.filename)
        with runtime.store.open(generated.storage_key) as stream:
            target.write_bytes(stream.read())
        info = (generated.id, generated.template_name, generated.template_version, generated.contract_revision)
    err.print(f"generated {info[0]} from {info[1]} v{info[2]} (contract revision {info[3]}) → {target}",
              highlight=False)


@indices_app.command("load")
def load_index(
    name: Annotated[str, typer.Argument(help="Index name, e.g. CPI.")],
    csv_file: Annotated[Path, typer.Argument(help="CSV with period (YYYY-MM) and value columns.")],
    source: Annotated[str | None, typer.Option(help="Where the values come from.")] = None,
) -> None:
    """Load (or correct) index values from a CSV file."""
    from docsvc.price_reviews import service

    try:
        text = csv_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"cannot read {csv_file}: {exc}") from None
    with _runtime() as runtime:
        values = service.parse_index_csv(text)
        with transaction(runtime.sessions) as session:
            inserted, updated, unchanged = service.store_index_values(session, CLI_PRINCIPAL, name, values,
                                                                      source or csv_file.name)
    err.print(f"{service.index_key(name)}: {inserted} new, {updated} corrected, {unchanged} unchanged",
              highlight=False)
