"""Store/database consistency: what ``docsvc check`` reports.

Uploads store the object before committing the row, so a crash can leave an object without a row (an
orphan) but should never leave a row without its object; both, and any object whose bytes no longer match
the recorded sha256, are reported here. Uploaded documents, template versions (as uploaded and as prepared
for rendering) and generated documents are all checked; rows other than documents are named
``template_version:<id>`` / ``generated:<id>`` in the report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from docsvc.db import transaction
from docsvc.models import Document, GeneratedDocument, TemplateVersion
from docsvc.runtime import Runtime

DOCUMENT_PREFIX = "documents/"
PREFIXES = (DOCUMENT_PREFIX, "templates/", "generated/")


@dataclass(frozen=True)
class _Expected:
    label: str
    key: str
    sha256: str
    size: int | None  # None: not recorded (prepared templates; their key is their sha256)


@dataclass
class IntegrityReport:
    documents: int = 0
    rows: int = 0  # documents, template files and generated documents
    objects: int = 0  # under documents/: one per distinct file (customers uploading the same bytes share one)
    all_objects: int = 0  # documents, templates and generated documents
    orphaned_objects: list[str] = field(default_factory=list)
    missing_objects: list[str] = field(default_factory=list)  # document ids
    checksum_mismatches: list[str] = field(default_factory=list)  # document ids
    size_mismatches: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.orphaned_objects or self.missing_objects or self.checksum_mismatches
                    or self.size_mismatches)


def check_integrity(runtime: Runtime, *, verify_checksums: bool = True,
                    progress: Callable[[int, int], None] | None = None) -> IntegrityReport:
    report = IntegrityReport()
    rows = _expected(runtime)
    report.documents = sum(1 for row in rows if ":" not in row.label)
    report.rows = len(rows)
    objects = {o.key: o.size for prefix in PREFIXES for o in runtime.store.list(prefix)}
    report.objects = sum(1 for key in objects if key.startswith(DOCUMENT_PREFIX))
    report.all_objects = len(objects)
    known = {row.key for row in rows}
    report.orphaned_objects = sorted(key for key in objects if key not in known)
    checked: dict[str, str] = {}  # one object may back several rows (the same template in two versions)
    for i, row in enumerate(rows, start=1):
        if row.key not in objects:
            report.missing_objects.append(row.label)
        elif row.size is not None and objects[row.key] != row.size:
            report.size_mismatches.append(row.label)
        elif verify_checksums:
            if row.key not in checked:
                checked[row.key] = _sha256(runtime, row.key)
            if checked[row.key] != row.sha256:
                report.checksum_mismatches.append(row.label)
        if progress:
            progress(i, len(rows))
    return report


def _expected(runtime: Runtime) -> list[_Expected]:
    with transaction(runtime.sessions) as session:
        documents = session.execute(select(Document.id, Document.storage_key, Document.sha256, Document.size)).all()
        templates = session.execute(select(TemplateVersion.id, TemplateVersion.storage_key, TemplateVersion.sha256,
                                           TemplateVersion.size, TemplateVersion.prepared_key)).all()
        generated = session.execute(select(GeneratedDocument.id, GeneratedDocument.storage_key,
                                           GeneratedDocument.sha256, GeneratedDocument.size)).all()
    out = [_Expected(str(r.id), r.storage_key, r.sha256, r.size) for r in documents]
    for r in templates:
        out.append(_Expected(f"template_version:{r.id}", r.storage_key, r.sha256, r.size))
        if r.prepared_key:
            prepared_sha = r.prepared_key.rsplit("/", 1)[-1]
            out.append(_Expected(f"template_version:{r.id}", r.prepared_key, prepared_sha, None))
    out += [_Expected(f"generated:{r.id}", r.storage_key, r.sha256, r.size) for r in generated]
    return out


def _sha256(runtime: Runtime, key: str) -> str:
    digest = hashlib.sha256()
    with runtime.store.open(key) as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
