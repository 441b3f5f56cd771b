"""Contract lineage: amendments and novations linked to the contract they change.

A novation moves one side of a contract from the transferor to the transferee as of the novation date. The
original contract keeps both parties, each with its validity interval, so "who is the counterparty on
date D" has one answer for every date and history keeps both.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from docsvc.contracts.repository import bump_revision
from docsvc.models import Contract, ContractParty, NovationLink, ReviewState

CHANGE_TYPES = ("novation", "amendment")
_SUFFIXES = re.compile(r"\b(limited|ltd|plc|inc|incorporated|llc|gmbh|ag|se|sa|bv|corp|corporation|co|kg)\b\.?")


def name_key(name: str) -> str:
    """Compare company names without legal forms, punctuation or case."""
    folded = _SUFFIXES.sub(" ", name.lower())
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def _novation(record: dict[str, Any]) -> dict[str, Any]:
    field = record.get("novation")
    value = field.get("value") if isinstance(field, dict) else None
    return value if isinstance(value, dict) else {}


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def parties_to_match(kind: str, record: dict[str, Any]) -> set[str]:
    """Who must be party to the changed contract: for a novation the transferor and the remaining party, for
    an amendment its own parties."""
    if kind == "novation":
        novation = _novation(record)
        names = [novation.get("transferor"), novation.get("remaining_party")]
    else:
        names = [p.get("name") for p in record.get("parties") or [] if isinstance(p, dict)]
    return {name_key(n) for n in names if n}


def propose_parent(session: Session, child: Contract, wanted: set[str]) -> Contract | None:
    """The customer's only other contract whose parties include all of ``wanted`` (no guess when ambiguous)."""
    if len(wanted) < 2:
        return None
    # Other amendments and novations are never the contract being changed.
    candidates = (select(ContractParty.contract_id, ContractParty.name)
                  .join(Contract, Contract.id == ContractParty.contract_id)
                  .where(ContractParty.contract_id != child.id,
                         or_(Contract.document_type.is_(None), Contract.document_type.not_in(CHANGE_TYPES))))
    if child.customer_id is not None:
        candidates = candidates.where(Contract.customer_id == child.customer_id)
    names: dict[uuid.UUID, set[str]] = {}
    for contract_id, name in session.execute(candidates):
        names.setdefault(contract_id, set()).add(name_key(name))
    matches = [cid for cid, found in names.items() if wanted <= found]
    return session.get(Contract, matches[0]) if len(matches) == 1 else None


def link_change(session: Session, *, child: Contract, kind: str, named_parent: uuid.UUID | None,
                record: dict[str, Any]) -> NovationLink | None:
    novation = _novation(record) if kind == "novation" else {}
    parent = (session.get(Contract, named_parent) if named_parent
              else propose_parent(session, child, parties_to_match(kind, record)))
    if parent is None:
        return None
    session.execute(delete(NovationLink).where(NovationLink.child_contract_id == child.id))
    effective = _date(novation.get("effective_date")) or child.effective_date
    link = NovationLink(parent_contract_id=parent.id, child_contract_id=child.id, kind=kind,
                        effective_date=effective, transferor=novation.get("transferor"),
                        transferee=novation.get("transferee"), remaining_party=novation.get("remaining_party"),
                        proposed=named_parent is None)
    session.add(link)
    if kind == "novation" and link.transferor and link.transferee:
        _move_party(session, parent, link)
    bump_revision(session, parent)
    return link


def _move_party(session: Session, parent: Contract, link: NovationLink) -> None:
    assert link.transferor is not None and link.transferee is not None
    parties = session.scalars(select(ContractParty).where(ContractParty.contract_id == parent.id)).all()
    outgoing = [p for p in parties if name_key(p.name) == name_key(link.transferor) and p.valid_to is None]
    if not outgoing:
        return
    old = outgoing[0]
    old.valid_to = link.effective_date
    old.review_state = ReviewState.ACCEPTED.value  # keep it across re-extraction of the parent
    if any(name_key(p.name) == name_key(link.transferee) for p in parties):
        return
    session.add(ContractParty(contract_id=parent.id, name=link.transferee[:300], role=old.role,
                              defined_as=old.defined_as, valid_from=link.effective_date, confidence=old.confidence,
                              evidence={"text": f"novation to {link.transferee}"},
                              review_state=ReviewState.ACCEPTED.value))


def links_of(session: Session, contract_id: uuid.UUID) -> tuple[Sequence[NovationLink], Sequence[NovationLink]]:
    parents = session.scalars(select(NovationLink).where(NovationLink.child_contract_id == contract_id)).all()
    children = session.scalars(select(NovationLink).where(NovationLink.parent_contract_id == contract_id)
                               .order_by(NovationLink.effective_date)).all()
    return parents, children
