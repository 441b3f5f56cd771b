"""Templates (list, versions with their validation report, upload, download) and generating documents."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, UploadFile
from fastapi.responses import RedirectResponse, Response

from docsvc.contracts.service import get_contract
from docsvc.deps import GENERATE, PUBLIC, READ
from docsvc.downloads import object_download
from docsvc.errors import Unprocessable
from docsvc.generation import service as generation
from docsvc.templates_store import service as templates
from docsvc.templates_store.ownership import view_of
from docsvc.templates_store.router import MAX_TEMPLATE_BYTES
from docsvc.ui.web import PREFIX, UiDep, page

router = APIRouter(prefix=PREFIX, include_in_schema=False, dependencies=[Depends(PUBLIC)])


@router.get("/templates")
@page
def template_list(ui: UiDep) -> Response:
    principal = ui.require(READ.roles)
    rows = templates.summaries(ui.db, view_of(ui.db, principal, None), kind=None, language=None)
    return ui.render("templates.html", rows=rows, can_upload=ui.can(GENERATE.roles))


@router.get("/templates/{name}")
@page
def template_versions(ui: UiDep, name: str) -> Response:
    principal = ui.require(READ.roles)
    versions = templates.get_versions(ui.db, view_of(ui.db, principal, None), name)
    reads = [templates.read(row, principal) for row in versions]
    return ui.render("template.html", name=name, versions=sorted(reads, key=lambda r: -r.version),
                     can_upload=ui.can(GENERATE.roles))


@router.post("/templates")
@page
def upload_template(ui: UiDep, name: Annotated[str, Form(max_length=120)],
                    kind: Annotated[str, Form(max_length=40)], language: Annotated[str, Form(max_length=5)],
                    file: Annotated[UploadFile, File()], csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    """The API's POST /v1/templates: a rejected version is stored with its report, which the page shows."""
    ui.check_csrf(csrf)
    principal = ui.require(GENERATE.roles)
    data = file.file.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise Unprocessable(f"the template is larger than {MAX_TEMPLATE_BYTES:,} bytes")
    owner = view_of(ui.db, principal, None).customer_id
    row, _ = templates.store_template(
        ui.db, ui.request.app.state.store, data=data, filename=file.filename or "template.docx", name=name,
        kind=kind, language=language, actor=principal.actor, pool=ui.request.app.state.runtime.renderer,
        customer_id=owner)
    return RedirectResponse(f"{PREFIX}/templates/{row.name}#v{row.version}", status_code=303)


@router.get("/templates/{name}/versions/{version}/file")
@page
def download_template(ui: UiDep, name: str, version: int) -> Response:
    principal = ui.require(READ.roles)
    row = templates.get_version(ui.db, view_of(ui.db, principal, None), name, version)
    return object_download(ui.request.app.state.store, key=row.storage_key, media_type=templates.DOCX_MEDIA_TYPE,
                           filename=row.filename, size=row.size, sha256=row.sha256)


@router.post("/contracts/{contract_id}/generate")
@page
def generate(ui: UiDep, contract_id: uuid.UUID, template: Annotated[str, Form(max_length=120)],
             format: Annotated[str, Form(max_length=5)] = "docx", extra: Annotated[str, Form(max_length=20_000)] = "",
             csrf: Annotated[str, Form(max_length=100)] = "") -> Response:
    """The API's POST /v1/contracts/{id}/generated; extra fields become ``data.*``."""
    ui.check_csrf(csrf)
    principal = ui.require(GENERATE.roles)
    if format not in ("docx", "pdf"):
        raise Unprocessable("format must be docx or pdf")
    contract = get_contract(ui.db, principal, contract_id)
    runtime = ui.request.app.state.runtime
    row = generation.generate(ui.db, ui.request.app.state.store, runtime.renderer, settings=runtime.settings,
                              principal=principal, contract=contract, template=template, version=None, fmt=format,
                              language=None, data=parse_extra(extra))
    return RedirectResponse(f"{PREFIX}/contracts/{contract_id}?generated={row.id}#generated", status_code=303)


def parse_extra(text: str) -> dict[str, Any]:
    """``name=value`` lines; a dotted name nests (``document.reference=CR-7`` → data.document.reference)."""
    data: dict[str, Any] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, sep, value = line.partition("=")
        path = name.strip().split(".")
        if not sep or not all(part.isidentifier() for part in path):
            raise Unprocessable(f"line {number}: write name=value (letters, digits, _ and dots in the name)")
        target = data
        for part in path[:-1]:
            nested = target.setdefault(part, {})
            if not isinstance(nested, dict):
                raise Unprocessable(f"line {number}: {part} is already a value")
            target = nested
        target[path[-1]] = value.strip()
    return data


@router.get("/generated/{generated_id}/file")
@page
def generated_file(ui: UiDep, generated_id: uuid.UUID) -> Response:
    principal = ui.require(READ.roles)
    row = generation.get_generated(ui.db, principal, generated_id)
    return object_download(ui.request.app.state.store, key=row.storage_key, media_type=row.media_type,
                           filename=row.filename, size=row.size, sha256=row.sha256)
