"""Reading and changing the organisation settings; what generation takes from them.

Until an admin first saves them, the settings are the ``DOCSVC_ORGANISATION_*`` environment values (revision 0),
so a fresh install behaves as before. Every write names the revision it read (If-Match) and bumps it in one
compare-and-set statement: of two admins editing at once, the second gets 412 instead of silently undoing the
first one's change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.config import Settings
from docsvc.db import insert_ignore
from docsvc.errors import NotFound, PreconditionFailed, PreconditionRequired
from docsvc.generate.formats import DEFAULT_FORMATS
from docsvc.models import OrganisationSettings
from docsvc.models.base import utcnow
from docsvc.organisation.logo import PLACEHOLDER, checked_logo
from docsvc.organisation.schemas import Formats, LogoRead, OrganisationRead, OrganisationWrite
from docsvc.preconditions import strong_tags

ROW_ID = 1
LOGO_URL = "/v1/settings/organisation/logo"


def _env_defaults(settings: Settings) -> OrganisationWrite:
    address = settings.organisation_address or settings.letterhead_address
    return OrganisationWrite(name=settings.organisation_name or settings.letterhead_company,
                             address_lines=[line.strip() for line in address.split(";") if line.strip()],
                             signatory=settings.organisation_signatory)


def read(session: Session, settings: Settings) -> OrganisationRead:
    row = session.get(OrganisationSettings, ROW_ID)
    if row is None:
        values = _env_defaults(settings)
        return OrganisationRead(name=values.name, address_lines=values.address_lines, signatory=values.signatory,
                                formats=values.formats, logo=None, revision=0, updated_at=None, updated_by=None)
    logo = (LogoRead(media_type=row.logo_media_type or "", sha256=row.logo_sha256 or "", url=LOGO_URL)
            if row.logo is not None else None)
    return OrganisationRead(
        name=row.name, address_lines=(row.address or "").splitlines(), signatory=row.signatory,
        formats=Formats.model_validate(row.formats or {}), logo=logo, revision=row.revision,
        updated_at=row.updated_at, updated_by=row.updated_by)


def etag(current: OrganisationRead) -> str:
    return f'"organisation-{current.revision}"'


def _claimed_revision(session: Session, settings: Settings, if_match: str | None) -> int:
    """The revision the writer read, if it is the current one: 428 without If-Match, 412 when stale."""
    current = read(session, settings)
    if not if_match:
        raise PreconditionRequired(f"send If-Match: {etag(current)} (from GET /v1/settings/organisation)")
    tags = strong_tags(if_match)
    if tags is not None and etag(current) not in tags:
        raise PreconditionFailed("the organisation settings changed since you read them; GET them again",
                                 headers={"ETag": etag(current)})
    return current.revision


def _write(session: Session, settings: Settings, if_match: str | None, values: dict[str, Any], actor: str) -> None:
    seen = _claimed_revision(session, settings, if_match)
    values = values | {"updated_at": utcnow(), "updated_by": actor}
    if seen == 0:
        # First save: the environment values are what the writer saw, so they are the base of the row.
        base = _env_defaults(settings)
        row = {"id": ROW_ID, "name": base.name, "address": "\n".join(base.address_lines) or None,
               "signatory": base.signatory, "formats": base.formats.model_dump(), "revision": 1} | values
        if not insert_ignore(session, OrganisationSettings, row, ["id"]):
            raise PreconditionFailed("the organisation settings were saved meanwhile; GET them again")
        session.expire_all()
        return
    # RETURNING rather than rowcount (see docsvc.db.insert_ignore): exactly one writer of a revision wins.
    changed = session.execute(
        update(OrganisationSettings)
        .where(OrganisationSettings.id == ROW_ID, OrganisationSettings.revision == seen)
        .values(revision=OrganisationSettings.revision + 1, **values)
        .returning(OrganisationSettings.revision)
        .execution_options(synchronize_session=False)).first()
    if changed is None:
        raise PreconditionFailed("the organisation settings changed since you read them; GET them again")
    session.expire_all()


def replace(session: Session, settings: Settings, body: OrganisationWrite, *, actor: str,
            if_match: str | None) -> OrganisationRead:
    _write(session, settings, if_match, {
        "name": body.name, "address": "\n".join(body.address_lines) or None, "signatory": body.signatory,
        "formats": body.formats.model_dump()}, actor)
    record_audit(session, actor=actor, action="organisation.update", entity_type="organisation",
                 entity_id=ROW_ID, details=body.model_dump(mode="json"))
    return read(session, settings)


def set_logo(session: Session, settings: Settings, data: bytes, *, actor: str,
             if_match: str | None) -> OrganisationRead:
    media_type = checked_logo(data)
    sha256 = hashlib.sha256(data).hexdigest()
    _write(session, settings, if_match, {"logo": data, "logo_media_type": media_type, "logo_sha256": sha256}, actor)
    record_audit(session, actor=actor, action="organisation.logo", entity_type="organisation", entity_id=ROW_ID,
                 details={"media_type": media_type, "sha256": sha256, "size": len(data)})
    return read(session, settings)


def remove_logo(session: Session, settings: Settings, *, actor: str, if_match: str | None) -> OrganisationRead:
    _write(session, settings, if_match, {"logo": None, "logo_media_type": None, "logo_sha256": None}, actor)
    record_audit(session, actor=actor, action="organisation.logo_remove", entity_type="organisation",
                 entity_id=ROW_ID, details={})
    return read(session, settings)


def logo(session: Session) -> tuple[bytes, str]:
    row = session.get(OrganisationSettings, ROW_ID)
    if row is None or row.logo is None:
        raise NotFound("the organisation has no logo")
    return row.logo, row.logo_media_type or "application/octet-stream"


@dataclass(frozen=True, slots=True)
class ForDocuments:
    """What one generated document takes from the settings."""

    letterhead: dict[str, Any]
    document: dict[str, Any]  # date_format and number_format for the document's language
    logo: bytes | None


def for_documents(session: Session, settings: Settings, language: str) -> ForDocuments:
    current = read(session, settings)
    row = session.get(OrganisationSettings, ROW_ID)
    logo_bytes = row.logo if row is not None else None
    head = {"company": current.name, "address_lines": current.address_lines,
            "phone": settings.letterhead_phone, "email": settings.letterhead_email,
            "website": settings.letterhead_website, "registration": settings.letterhead_registration,
            "signatory": current.signatory, "logo": PLACEHOLDER if logo_bytes is not None else None}
    formats = getattr(current.formats, language if language in DEFAULT_FORMATS else "en")
    return ForDocuments(head, {"date_format": formats.date, "number_format": formats.number}, logo_bytes)
