from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from docsvc.auth import service
from docsvc.auth.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead
from docsvc.deps import AdminDep, SessionDep
from docsvc.models import Role

router = APIRouter(prefix="/v1/keys", tags=["keys"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ApiKeyCreated)
def create_key(body: ApiKeyCreate, session: SessionDep, principal: AdminDep) -> ApiKeyCreated:
    """Create an API key; the key is in this answer only. A customer-limited admin creates keys of its own customer
    only."""
    customer_id = service.within_limit(session, principal, body.customer_id)
    row, plaintext = service.create_key(session, name=body.name, role=Role(body.role), actor=principal.actor,
                                        customer_id=customer_id)
    return ApiKeyCreated.model_validate({**ApiKeyRead.model_validate(row).model_dump(), "key": plaintext})


@router.get("", response_model=list[ApiKeyRead])
def list_keys(session: SessionDep, principal: AdminDep) -> list[ApiKeyRead]:
    """API keys (prefix, name, role, customer, created, revoked, last used); never the secrets."""
    return [ApiKeyRead.model_validate(row) for row in service.list_keys(session, limit=principal.customer_id)]


@router.delete("/{key_id}", response_model=ApiKeyRead)
def revoke_key(key_id: uuid.UUID, session: SessionDep, principal: AdminDep) -> ApiKeyRead:
    """Revoke a key at once; revoking twice answers the same revocation."""
    return ApiKeyRead.model_validate(service.revoke_key(session, key_id=key_id, actor=principal.actor,
                                                              limit=principal.customer_id))
