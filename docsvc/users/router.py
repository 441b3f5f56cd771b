"""``/v1/users``: people who sign in to the workbench, managed by admins (the services ``docsvc users`` uses)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Response, status

from docsvc.auth.service import within_limit
from docsvc.deps import AdminDep, SessionDep
from docsvc.errors import Unprocessable
from docsvc.users import service
from docsvc.users.editing import UNSET, UserChanges, etag, reset_password, update_user
from docsvc.users.schemas import PasswordReset, UserCreate, UserRead, UserUpdate

router = APIRouter(prefix="/v1/users", tags=["users"])
IfMatch = Annotated[str | None, Header(alias="If-Match", description="Optional: the user's ETag from GET; when "
                                       "sent, the change is refused with 412 if the user changed since")]


@router.get("", response_model=list[UserRead])
def list_users(session: SessionDep, principal: AdminDep) -> list[UserRead]:
    """Users (a customer-limited admin sees its own customer's only)."""
    return [UserRead.model_validate(u) for u in service.list_users(session, limit=principal.customer_id)]


@router.post("", status_code=status.HTTP_201_CREATED, response_model=UserRead)
def create_user(body: UserCreate, session: SessionDep, principal: AdminDep) -> UserRead:
    """Create a user (audited). A customer-limited admin creates users of its own customer only."""
    user = service.create_user(session, email=body.email, display_name=body.display_name, role=body.role,
                               password=body.password, actor=principal.actor, language=body.language,
                               customer_id=within_limit(session, principal, body.customer_id))
    return UserRead.model_validate(user)


@router.get("/{user_id}", response_model=UserRead)
def get_user(user_id: uuid.UUID, session: SessionDep, principal: AdminDep, response: Response) -> UserRead:
    """One user (a customer-limited admin sees its own customer's users only); the ETag names its revision."""
    user = service.get_user(session, user_id, limit=principal.customer_id)
    response.headers["ETag"] = etag(user)
    return UserRead.model_validate(user)


@router.patch("/{user_id}", response_model=UserRead, responses={412: {"description": "The user changed since the "
                                                                                     "ETag sent in If-Match"}})
def change_user(user_id: uuid.UUID, body: UserUpdate, session: SessionDep, principal: AdminDep, response: Response,
                if_match: IfMatch = None) -> UserRead:
    """Change display name, role, customer limit, language or disabled; each change is audited with its values
    before and after. Disabling signs the user's browsers out at once. If-Match is optional (see GET's ETag)."""
    user = service.get_user(session, user_id, limit=principal.customer_id)
    given = body.model_fields_set

    def value(name: str) -> object:
        return getattr(body, name) if name in given else UNSET

    for required in ("display_name", "role", "disabled"):
        if required in given and getattr(body, required) is None:
            raise Unprocessable(f"{required} cannot be null")
    changes = UserChanges(display_name=value("display_name"), role=value("role"),
                          customer_id=value("customer_id"), language=value("language"), disabled=value("disabled"))
    user = update_user(session, user, changes, actor=principal.actor, limit=principal.customer_id, if_match=if_match)
    response.headers["ETag"] = etag(user)
    return UserRead.model_validate(user)


@router.put("/{user_id}/password", response_model=UserRead, responses={412: {"description": "The user changed "
                                                                                          "since the ETag sent"}})
def set_password(user_id: uuid.UUID, body: PasswordReset, session: SessionDep, principal: AdminDep,
                 response: Response, if_match: IfMatch = None) -> UserRead:
    """Reset the user's password (audited, without the password); their browsers are signed out."""
    user = service.get_user(session, user_id, limit=principal.customer_id)
    user = reset_password(session, user, body.password, actor=principal.actor, if_match=if_match)
    response.headers["ETag"] = etag(user)
    return UserRead.model_validate(user)
