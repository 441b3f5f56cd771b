"""Uploading, validating, listing and resolving template versions.

A template is validated once, on upload: the report is stored with the version, and a version that fails is
kept as ``rejected`` (so its author can read why) but is never rendered. What renders is the *prepared* file
(the upload after safe repairs such as re-joining tags Word split across runs); downloads return the file as
uploaded. Both are content-addressed objects, so nothing is ever overwritten.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.service import Principal
from docsvc.db import insert_ignore
from docsvc.documents.filenames import safe_filename
from docsvc.errors import NotFound, Unprocessable, UnsupportedMediaType
from docsvc.generate import RenderPool, ValidationReport, validate_template
from docsvc.models import TemplateKind, TemplateStatus, TemplateVersion
from docsvc.models.base import utcnow
from docsvc.models.tenancy import owner_key
from docsvc.storage import ObjectStore, content_key, put_bytes
from docsvc.templates_store import repository as repo
from docsvc.templates_store.ownership import View, shows_author
from docsvc.templates_store.schemas import TemplateSummary, TemplateVersionRead

NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,119}$"
LANGUAGES = ("en", "de")
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class TemplateRejected(Unprocessable):
    code, title = "template_rejected", "The template failed validation"


def report_json(report: ValidationReport) -> dict[str, Any]:
    """The validation report as stored and returned (without the prepared bytes)."""
    data = dataclasses.asdict(report)
    data.pop("prepared", None)
    return data


def check_meta(*, name: str, kind: str, language: str) -> None:
    if not re.fullmatch(NAME_PATTERN, name or ""):
        raise Unprocessable("name must be 1-120 characters of a-z, 0-9, '.', '_' or '-', starting with a letter "
                            "or digit (e.g. 'change-request-en')")
    kinds = [k.value for k in TemplateKind]
    if kind not in kinds:
        raise Unprocessable(f"kind must be one of {', '.join(kinds)}")
    if language not in LANGUAGES:
        raise Unprocessable(f"language must be one of {', '.join(LANGUAGES)}")


def store_template(
    session: Session, store: ObjectStore, *, data: bytes, filename: str, name: str, kind: str, language: str,
    actor: str, builtin: bool = False, pool: RenderPool | None = None, customer_id: uuid.UUID | None = None,
) -> tuple[TemplateVersion, bool]:
    """Validate and store a new version of the shared template ``name`` or, with ``customer_id``, of that
    customer's own; returns (version, duplicate). Identical bytes re-uploaded as the newest version of the same
    name, owner and metadata return that version instead of a copy."""
    check_meta(name=name, kind=kind, language=language)
    if not data.startswith(b"PK\x03\x04"):
        raise UnsupportedMediaType("a template must be a Word .docx file (a ZIP package); this file is not one")
    sha256 = hashlib.sha256(data).hexdigest()
    owner = owner_key(customer_id)
    newest = repo.latest(session, name, owner)
    if newest is not None and newest.sha256 == sha256 and (newest.kind, newest.language) == (kind, language):
        return newest, True
    # An uploaded template is untrusted code: its dry run goes to the limited render processes (``pool``);
    # built-ins are validated in-process at start-up, before any pool exists.
    report = validate_template(data, language=language, pool=pool)
    key = content_key(sha256, "templates")
    put_bytes(store, key, data, content_type=DOCX_MEDIA_TYPE)
    prepared_key = None
    if report.ok and report.prepared is not None:
        prepared_key = content_key(hashlib.sha256(report.prepared).hexdigest(), "templates")
        put_bytes(store, prepared_key, report.prepared, content_type=DOCX_MEDIA_TYPE)
    status = TemplateStatus.ACTIVE if prepared_key else TemplateStatus.REJECTED
    row, inserted = _insert_version(session, name=name, owner=owner, values={"customer_id": customer_id,
        "kind": kind, "language": language, "status": status.value,
        "filename": safe_filename(filename, "template.docx"), "sha256": sha256, "size": len(data),
        "storage_key": key, "prepared_key": prepared_key,
        "report": report_json(report), "builtin": builtin, "created_by": actor,
    })
    if not inserted:
        return row, True
    record_audit(session, actor=actor, action="template.upload", entity_type="template", entity_id=row.id,
                 details={"name": name, "version": row.version, "status": row.status, "sha256": sha256})
    return row, False


def _insert_version(session: Session, *, name: str, owner: str,
                    values: dict[str, Any]) -> tuple[TemplateVersion, bool]:
    """Insert the next version; returns (row, inserted), or (newest, False) if a concurrent upload already made
    the same bytes the newest version."""
    # Two uploads of the same name at once both compute the same next number: the unique (name, owner, version)
    # decides, and the loser takes the following number. The loser re-reads the newest version after losing
    # (then current: it waited for the winner's commit), so identical racing uploads become one version.
    for _ in range(20):
        newest = repo.latest(session, name, owner)
        if newest is not None and (newest.sha256, newest.kind, newest.language) == (
                values["sha256"], values["kind"], values["language"]):
            return newest, False
        number = 1 if newest is None else newest.version + 1
        row_id = uuid.uuid4()
        if insert_ignore(session, TemplateVersion, {"id": row_id, "name": name, "owner": owner, "version": number,
                                                    "created_at": utcnow(), **values},
                         ["name", "owner", "version"]):
            row = session.get(TemplateVersion, row_id)
            assert row is not None
            return row, True
    raise Unprocessable(f"too many concurrent uploads of template {name!r}; try again")


def summaries(session: Session, view: View, *, kind: str | None, language: str | None) -> list[TemplateSummary]:
    grouped: dict[tuple[str, str], list[TemplateVersion]] = {}
    for row in repo.all_versions(session, kind=kind, language=language, owners=view.owners):
        grouped.setdefault((row.name, row.owner), []).append(row)
    out = []
    for (name, _owner), rows in grouped.items():
        active = [r.version for r in rows if r.status == TemplateStatus.ACTIVE.value]
        out.append(TemplateSummary(name=name, customer_id=rows[-1].customer_id, kind=rows[-1].kind,
                                   language=rows[-1].language, latest_version=rows[-1].version,
                                   latest_status=rows[-1].status, active_version=max(active) if active else None,
                                   versions=len(rows)))
    return out


def get_versions(session: Session, view: View, name: str) -> Sequence[TemplateVersion]:
    rows = repo.versions(session, name, view.owner_of(session, name))
    if not rows:
        raise _unknown(session, view, name)
    return rows


def get_version(session: Session, view: View, name: str, number: int) -> TemplateVersion:
    owner = view.owner_of(session, name)
    row = repo.version(session, name, owner, number)
    if row is None:
        if not repo.versions(session, name, owner):
            raise _unknown(session, view, name)
        raise NotFound(f"template {name!r} has no version {number}")
    return row


def read(row: TemplateVersion, principal: Principal) -> TemplateVersionRead:
    out = TemplateVersionRead.model_validate(row)
    return out if shows_author(principal, row) else out.model_copy(update={"created_by": None})


def resolve(session: Session, name: str, *, version: int | None, language: str | None,
            customer_id: uuid.UUID | None = None) -> TemplateVersion:
    """The version to render for a document of ``customer_id``: the one asked for, else the newest usable one;
    the customer's own template of a name wins over the shared one. ``name`` may leave out the language suffix
    (``change-request`` finds ``change-request-de`` for a German document)."""
    view = View(customer_id)
    candidates = [name] + ([f"{name}-{language}"] if language else []) + [f"{name}-en"]
    for candidate in candidates:
        owner = view.owner_of(session, candidate)
        if repo.latest(session, candidate, owner) is None:
            continue
        if version is not None:
            chosen = get_version(session, view, candidate, version)
            if chosen.status != TemplateStatus.ACTIVE.value:
                raise TemplateRejected(f"version {version} of template {candidate!r} failed validation and cannot "
                                       "be used; see its report", extra={"report": chosen.report})
            return chosen
        newest = repo.latest(session, candidate, owner, active_only=True)
        if newest is None:
            raise TemplateRejected(f"template {candidate!r} has no version that passed validation")
        return newest
    raise _unknown(session, view, name)


def _unknown(session: Session, view: View, name: str) -> NotFound:
    # Suggestions come only from templates this caller may see: another customer's names are not hinted at.
    close = difflib.get_close_matches(name, repo.names(session, view.owners or [""]), n=3)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else " (GET /v1/templates lists them)"
    return NotFound(f"no template {name!r}{hint}")
