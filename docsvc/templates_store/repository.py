"""Template version queries, always within one owner ('' shared, else a customer's ``owner_key``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.models import TemplateStatus, TemplateVersion


def versions(session: Session, name: str, owner: str) -> Sequence[TemplateVersion]:
    return session.scalars(select(TemplateVersion).where(TemplateVersion.name == name, TemplateVersion.owner == owner)
                           .order_by(TemplateVersion.version)).all()


def version(session: Session, name: str, owner: str, number: int) -> TemplateVersion | None:
    return session.scalar(select(TemplateVersion).where(TemplateVersion.name == name, TemplateVersion.owner == owner,
                                                        TemplateVersion.version == number))


def latest(session: Session, name: str, owner: str, *, active_only: bool = False) -> TemplateVersion | None:
    query = select(TemplateVersion).where(TemplateVersion.name == name, TemplateVersion.owner == owner)
    if active_only:
        query = query.where(TemplateVersion.status == TemplateStatus.ACTIVE.value)
    return session.scalar(query.order_by(TemplateVersion.version.desc()).limit(1))


def all_versions(session: Session, *, kind: str | None, language: str | None,
                 owners: Sequence[str] | None) -> Sequence[TemplateVersion]:
    """Versions of the given owners (None: of every owner), by name, owner and number."""
    query = select(TemplateVersion)
    if owners is not None:
        query = query.where(TemplateVersion.owner.in_(list(owners)))
    if kind:
        query = query.where(TemplateVersion.kind == kind)
    if language:
        query = query.where(TemplateVersion.language == language)
    return session.scalars(query.order_by(TemplateVersion.name, TemplateVersion.owner,
                                          TemplateVersion.version)).all()


def names(session: Session, owners: Sequence[str]) -> Sequence[str]:
    return session.scalars(select(TemplateVersion.name).where(TemplateVersion.owner.in_(list(owners))).distinct()
                           .order_by(TemplateVersion.name)).all()
