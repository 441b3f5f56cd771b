"""``/v1/settings/organisation``: the letterhead, logo, signatory and formats every generated document uses."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from fastapi.concurrency import run_in_threadpool

from docsvc.config import Settings
from docsvc.deps import AdminDep, ReaderDep, SessionDep
from docsvc.documents.multipart import read_upload
from docsvc.openapi import multipart_body
from docsvc.organisation import service
from docsvc.organisation.logo import MAX_LOGO_BYTES
from docsvc.organisation.schemas import OrganisationRead, OrganisationWrite

router = APIRouter(tags=["settings"])
PATH = "/v1/settings/organisation"
IfMatch = Annotated[str | None, Header(alias="If-Match", description="The settings' ETag (from GET)")]
CHANGED: dict[int | str, dict[str, Any]] = {412: {"description": "The settings changed since they were read"},
           428: {"description": "If-Match is missing"}}
LOGO_BODY = multipart_body(["file"], {"file": {"type": "string", "format": "binary",
                                               "description": "A PNG or JPEG image of at most 512 KB"}})


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.runtime.settings
    return settings


def _answer(response: Response, current: OrganisationRead) -> OrganisationRead:
    response.headers["ETag"] = service.etag(current)
    return current


@router.get(PATH, response_model=OrganisationRead)
def read_settings(request: Request, response: Response, session: SessionDep, _: ReaderDep) -> OrganisationRead:
    """The organisation settings (revision 0: never saved, the DOCSVC_ORGANISATION_* values)."""
    return _answer(response, service.read(session, settings_of(request)))


@router.put(PATH, response_model=OrganisationRead, responses=CHANGED)
def replace_settings(body: OrganisationWrite, request: Request, response: Response, session: SessionDep,
                     principal: AdminDep, if_match: IfMatch = None) -> OrganisationRead:
    """Replace the settings (admins; send the ETag of GET in If-Match). Audited."""
    current = service.replace(session, settings_of(request), body, actor=principal.actor, if_match=if_match)
    return _answer(response, current)


@router.get(f"{PATH}/logo", response_class=Response,
            responses={200: {"content": {"image/png": {}, "image/jpeg": {}}}, 404: {"description": "No logo"}})
def read_logo(session: SessionDep, _: ReaderDep) -> Response:
    """The organisation's logo as uploaded (PNG or JPEG); 404 when there is none."""
    data, media_type = service.logo(session)
    return Response(data, media_type=media_type, headers={"Cache-Control": "no-cache",
                                                         "X-Content-Type-Options": "nosniff"})


@router.put(f"{PATH}/logo", response_model=OrganisationRead, openapi_extra=LOGO_BODY,
            responses={**CHANGED, 413: {"description": "Larger than 512 KB"},
                       422: {"description": "Not a readable PNG or JPEG image"}})
async def upload_logo(request: Request, response: Response, session: SessionDep, principal: AdminDep,
                      if_match: IfMatch = None) -> OrganisationRead:
    """Upload the logo (multipart field ``file``; PNG or JPEG, decoded completely before it is accepted)."""
    tmp_dir = settings_of(request).home / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    upload = await read_upload(request.headers.get("content-type"), request.stream(), limit=MAX_LOGO_BYTES,
                               tmp_dir=tmp_dir)
    assert upload.file is not None  # read_upload refuses a form without one
    try:
        data = upload.file.path.read_bytes()
    finally:
        upload.file.discard()
    current = await run_in_threadpool(service.set_logo, session, settings_of(request), data, actor=principal.actor,
                                      if_match=if_match)
    return _answer(response, current)


@router.delete(f"{PATH}/logo", response_model=OrganisationRead, responses=CHANGED)
def delete_logo(request: Request, response: Response, session: SessionDep, principal: AdminDep,
                if_match: IfMatch = None) -> OrganisationRead:
    """Remove the logo (documents are then generated without one)."""
    current = service.remove_logo(session, settings_of(request), actor=principal.actor, if_match=if_match)
    return _answer(response, current)
