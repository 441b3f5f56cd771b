"""Request dependencies: the database session, the object store, and the role rule every route declares.

``Allow(...)`` and ``PUBLIC`` are the only two ways a route states who may call it; a test walks every route
of the app and fails on one that has neither.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from docsvc.auth.service import KeyCache, Principal
from docsvc.db import transaction
from docsvc.errors import Forbidden
from docsvc.models import Role
from docsvc.storage import ObjectStore


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back when it raises."""
    with transaction(request.app.state.sessions) as session:
        yield session


# scope="function": commit before the response is sent, so a failed commit becomes an error response.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_store(request: Request) -> ObjectStore:
    store: ObjectStore = request.app.state.store
    return store


StoreDep = Annotated[ObjectStore, Depends(get_store)]


class Allow:
    """Authenticate the caller and require one of ``roles`` (admins may do everything)."""

    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles) | {Role.ADMIN}

    async def __call__(
        self, request: Request, authorization: Annotated[str | None, Header()] = None
    ) -> Principal:
        # async, with its own short transaction on a cache miss: a cached key costs no thread hop and no
        # database round trip (the key lookup was ~19 % of the server's samples on GET /v1/sla, py-spy).
        cache = key_cache(request)
        principal = cache.cached(authorization)
        if principal is None:
            principal = await run_in_threadpool(cache.authenticate, request.app.state.sessions, authorization)
        if principal.role not in self.roles:
            allowed = ", ".join(sorted(r.value for r in self.roles))
            raise Forbidden(f"this needs one of the roles {allowed}; your key has role {principal.role.value}")
        return principal


def key_cache(request: Request) -> KeyCache:
    """One cache per app (tests run several apps on different databases in one process)."""
    cache: KeyCache | None = getattr(request.app.state, "key_cache", None)
    if cache is None:
        cache = request.app.state.key_cache = KeyCache()
    return cache


class Public:
    """Explicitly open to anyone (health checks)."""

    def __call__(self) -> None:
        return None


PUBLIC = Public()
ADMIN = Allow(Role.ADMIN)
READ = Allow(Role.CONTRACT_MANAGER, Role.COORDINATOR, Role.READER)
MANAGE = Allow(Role.CONTRACT_MANAGER)
GENERATE = Allow(Role.CONTRACT_MANAGER, Role.COORDINATOR)

AdminDep = Annotated[Principal, Depends(ADMIN)]
ReaderDep = Annotated[Principal, Depends(READ)]
ManagerDep = Annotated[Principal, Depends(MANAGE)]
GeneratorDep = Annotated[Principal, Depends(GENERATE)]
