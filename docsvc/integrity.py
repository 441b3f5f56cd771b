"""Store/database consistency: what ``docsvc check`` reports.

Uploads store the object before committing the row, so a crash can leave an object without a row (an
orphan) but should never leave a row without its object; both, and any object whose bytes no longer match
the recorded sha256, are reported here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from docsvc.db import transaction
from docsvc.models import Document
from docsvc.runtime import Runtime

DOCUMENT_PREFIX = "documents/"


@dataclass
class IntegrityReport:
    documents: int = 0
    objects: int = 0
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
    with transaction(runtime.sessions) as session:
        rows = session.execute(select(Document.id, Document.storage_key, Document.sha256, Document.size)).all()
    report.documents = len(rows)
    objects = {o.key: o.size for o in runtime.store.list(DOCUMENT_PREFIX)}
    report.objects = len(objects)
    known = {row.storage_key for row in rows}
    report.orphaned_objects = sorted(key for key in objects if key not in known)
    for i, row in enumerate(rows, start=1):
        if row.storage_key not in objects:
            report.missing_objects.append(str(row.id))
        elif objects[row.storage_key] != row.size:
            report.size_mismatches.append(str(row.id))
        elif verify_checksums and _sha256(runtime, row.storage_key) != row.sha256:
            report.checksum_mismatches.append(str(row.id))
        if progress:
            progress(i, len(rows))
    return report


def _sha256(runtime: Runtime, key: str) -> str:
    digest = hashlib.sha256()
    with runtime.store.open(key) as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()
