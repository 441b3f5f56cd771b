from __future__ import annotations

import datetime as dt
import struct
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request, Response

from docsvc.config import Settings
from docsvc.deps import AdminDep, SessionDep
from docsvc.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursors
from docsvc.webhooks import service
from docsvc.webhooks.schemas import DeliveryRead, WebhookCreate, WebhookCreated, WebhookRead, WebhookUpdate

router = APIRouter(tags=["webhooks"])
LISTING = "webhooks"
DELIVERIES = "webhook-deliveries"
Cursor = Annotated[str | None, Query(description="next_cursor of the previous page")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.runtime.settings
    return settings


@router.post("/v1/webhooks", status_code=201, response_model=WebhookCreated)
def create_webhook(body: WebhookCreate, request: Request, response: Response, session: SessionDep,
                   principal: AdminDep) -> WebhookCreated:
    """Subscribe a URL to events. Deliveries are signed per the Standard Webhooks spec with the secret, which
    this answer shows once (generated when the request gives none). A customer-limited admin subscribes to its
    own customer's events only; others may name a customer or none (every customer's events)."""
    row = service.create(session, principal, _settings(request), body)
    response.headers["Location"] = f"/v1/webhooks/{row.id}"
    response.headers["ETag"] = service.etag(row)
    return WebhookCreated.model_validate(row)


@router.get("/v1/webhooks", response_model=Page[WebhookRead])
def list_webhooks(request: Request, session: SessionDep, principal: AdminDep, cursor: Cursor = None,
                  limit: Limit = DEFAULT_LIMIT) -> Page[WebhookRead]:
    """Webhook subscriptions (a customer-limited admin sees its customer's only); secrets are never shown."""
    codec = cursors(request)
    found = service.listing(session, principal, after=codec.decode(LISTING, cursor), limit=limit + 1)
    more = len(found) > limit
    return Page(items=[WebhookRead.model_validate(r) for r in found[:limit]],
                next_cursor=codec.encode(LISTING, found[limit - 1].id) if more else None)


# Declared before the routes below: the tenancy walk calls routes in this order, and DELETE comes last.
@router.get("/v1/webhooks/{webhook_id}/deliveries", response_model=Page[DeliveryRead])
def webhook_deliveries(webhook_id: uuid.UUID, request: Request, session: SessionDep, principal: AdminDep,
                       status: Annotated[Literal["pending", "sending", "succeeded", "failed"] | None,
                                         Query()] = None,
                       cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT) -> Page[DeliveryRead]:
    """The delivery log, newest first: each event with its state and every attempt (status code, error,
    address connected to, duration, when the next attempt was scheduled)."""
    row = service.get(session, principal, webhook_id)
    codec = cursors(request)
    raw = codec.decode_raw(DELIVERIES, cursor, 24)
    after = None
    if raw is not None:
        micros = struct.unpack(">q", raw[:8])[0]
        after = (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=micros), uuid.UUID(bytes=raw[8:]))
    found = service.deliveries(session, row, after=after, status=status, limit=limit + 1)
    more = len(found) > limit
    next_cursor = None
    if more:
        last = found[limit - 1]
        micros = (last.created_at - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)
        next_cursor = codec.encode_raw(DELIVERIES, struct.pack(">q", micros) + last.id.bytes)
    return Page(items=found[:limit], next_cursor=next_cursor)


@router.get("/v1/webhooks/{webhook_id}", response_model=WebhookRead)
def get_webhook(webhook_id: uuid.UUID, response: Response, session: SessionDep, principal: AdminDep) -> WebhookRead:
    """One subscription (without its secret)."""
    row = service.get(session, principal, webhook_id)
    response.headers["ETag"] = service.etag(row)
    return WebhookRead.model_validate(row)


@router.patch("/v1/webhooks/{webhook_id}", response_model=WebhookRead)
def update_webhook(webhook_id: uuid.UUID, body: WebhookUpdate, request: Request, response: Response,
                   session: SessionDep, principal: AdminDep,
                   if_match: Annotated[str | None, Header()] = None) -> WebhookRead:
    """Enable or disable a subscription, change its events, URL or description (If-Match optional: when given
    it must be the current ETag)."""
    row = service.update(session, principal, _settings(request), webhook_id, body, if_match)
    session.flush()
    response.headers["ETag"] = service.etag(row)
    return WebhookRead.model_validate(row)


@router.delete("/v1/webhooks/{webhook_id}", status_code=204)
def delete_webhook(webhook_id: uuid.UUID, session: SessionDep, principal: AdminDep) -> Response:
    """Remove a subscription with its delivery log (the removal is audited)."""
    service.delete(session, principal, webhook_id)
    return Response(status_code=204)
