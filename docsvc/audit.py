"""Append-only audit trail: who did what to which entity, and when."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from docsvc.models import AuditEntry


def record_audit(
    session: Session, *, actor: str, action: str, entity_type: str, entity_id: object,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(actor=actor, action=action, entity_type=entity_type, entity_id=str(entity_id),
                       details=details or {})
    session.add(entry)
    return entry
