"""Template version queries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from docsvc.models import TemplateStatus, TemplateVersion


def versions(session: Session, name: str) -> Sequence[TemplateVersion]:
    return session.scalars(select(TemplateVersion).where(TemplateVersion.name == name)
                           .order_by(TemplateVersion.version)).all()


def version(session: Session, name: str, number: int) -> TemplateVersion | None:
    return session.scalar(select(TemplateVersion).where(TemplateVersion.name == name,
                                                        TemplateVersion.version == number))


def latest(session: Session, name: str, *, active_only: bool = False) -> TemplateVersion | None:
    query = select(TemplateVersion).where(TemplateVersion.name == name)
    if active_only:
        query = query.where(TemplateVersion.status == TemplateStatus.ACTIVE.value)
    return session.scalar(query.order_by(TemplateVersion.version.desc()).limit(1))


def next_version(session: Session, name: str) -> int:
    return int(session.scalar(select(func.coalesce(func.max(TemplateVersion.version), 0))
                              .where(TemplateVersion.name == name)) or 0) + 1


def all_versions(session: Session, *, kind: str | None, language: str | None) -> Sequence[TemplateVersion]:
    query = select(TemplateVersion)
    if kind:
        query = query.where(TemplateVersion.kind == kind)
    if language:
        query = query.where(TemplateVersion.language == language)
    return session.scalars(query.order_by(TemplateVersion.name, TemplateVersion.version)).all()


def names(session: Session) -> Sequence[str]:
    return session.scalars(select(TemplateVersion.name).distinct().order_by(TemplateVersion.name)).all()
