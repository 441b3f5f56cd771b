"""Seed the built-in templates (``templates/*.docx``) into the store at start-up.

A built-in is named after its file (``change-request-de.docx`` → ``change-request-de``, kind change_request,
language de). Seeding only fills in: a built-in whose name has no shared version yet is added, and a changed
built-in (a new release of docsvc) becomes a new version only while the newest version still is a built-in.
A version someone uploaded is never superseded by a start or a CLI command; documents generated earlier keep
pointing at the version they used either way.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.orm import Session

from docsvc.models import TemplateKind
from docsvc.storage import ObjectStore
from docsvc.templates_store.repository import latest
from docsvc.templates_store.service import LANGUAGES, store_template

log = logging.getLogger(__name__)
BUILTIN_DIR = Path(__file__).resolve().parents[2] / "templates"
ACTOR = "system (built-in templates)"


def builtin_files(folder: Path = BUILTIN_DIR) -> list[tuple[Path, str, str, str]]:
    """(path, name, kind, language) of every built-in template in ``folder``."""
    out = []
    for path in sorted(folder.glob("*.docx")):
        base, _, language = path.stem.rpartition("-")
        if language not in LANGUAGES:
            continue
        kind = base.replace("-", "_")
        out.append((path, path.stem, kind if kind in {k.value for k in TemplateKind} else "custom", language))
    return out


def seed_builtin_templates(session: Session, store: ObjectStore, folder: Path = BUILTIN_DIR) -> list[str]:
    """Store the built-ins that are new or changed; returns the names of the versions added."""
    if not folder.is_dir():
        log.warning("no built-in templates at %s; only uploaded templates are available", folder)
        return []
    added = []
    for path, name, kind, language in builtin_files(folder):
        newest = latest(session, name, "")
        if newest is not None and not newest.builtin:
            continue  # customised by an upload: that version stays the one in use
        row, duplicate = store_template(session, store, data=path.read_bytes(), filename=path.name, name=name,
                                        kind=kind, language=language, actor=ACTOR, builtin=True)
        if duplicate:
            continue
        added.append(f"{name} v{row.version}")
        if row.status != "active":
            log.error("built-in template %s failed validation: %s", name,
                      [p["message"] for p in row.report.get("problems", []) if p.get("severity") == "error"])
    return added
