from __future__ import annotations

import datetime as dt
import struct
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from docsvc.contracts.service import get_contract
from docsvc.customers.refs import CustomerParam, customer_ref
from docsvc.deadlines import feeds, ical, service
from docsvc.deadlines.schemas import (
    CalendarFeedCreate,
    CalendarFeedCreated,
    CalendarFeedRead,
    DeadlineKind,
    DeadlineRead,
    Within,
    within_days,
)
from docsvc.deps import PUBLIC, ReaderDep, SessionDep
from docsvc.models.base import utcnow
from docsvc.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, cursors

router = APIRouter(tags=["deadlines"])
LISTING = "deadlines"
_POSITION = struct.Struct(">I16sB")  # due date ordinal, contract id, kind
Kinds = Annotated[list[DeadlineKind] | None, Query(description="Only these kinds (repeat the parameter)")]
On = Annotated[dt.date | None, Query(description="Compute as of this day (default: today)")]
CALENDAR = "text/calendar; charset=utf-8"


@router.get("/v1/deadlines", response_model=Page[DeadlineRead])
def list_deadlines(request: Request, session: SessionDep, principal: ReaderDep, customer: CustomerParam = None,
                   kind: Kinds = None, within: Annotated[Within, Query()] = "90d", on: On = None,
                   cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
                   limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT) -> Page[DeadlineRead]:
    """Notice, expiry, renewal, price-review and other dates of the visible contracts due within the window,
    by date; computed on each contract's current term after automatic renewals, from its current record
    (unreviewed values are used and flagged)."""
    codec = cursors(request)
    raw = codec.decode_raw(LISTING, cursor, _POSITION.size)
    after = _POSITION.unpack(raw) if raw is not None else None
    found = service.deadlines(session, customer_scope=principal.customer_id, customer=customer_ref(customer),
                              kinds=[k.value for k in kind or []], today=on or dt.date.today(),
                              within_days=within_days(within))
    if after is not None:
        found = [pair for pair in found if service.position(pair[1]) > after]
    page = found[:limit]
    next_cursor = codec.encode_raw(LISTING, _POSITION.pack(*service.position(page[-1][1]))) \
        if len(found) > limit else None
    return Page(items=[DeadlineRead.of(d, c.customer_id) for c, d in page], next_cursor=next_cursor)


@router.get("/v1/contracts/{contract_id}/deadlines", response_model=list[DeadlineRead])
def contract_deadlines(contract_id: uuid.UUID, session: SessionDep, principal: ReaderDep, on: On = None,
                       within: Annotated[Within | None, Query(description="Default: the current term's dates, "
                                                                          "and the next term's once its notice "
                                                                          "date has passed")] = None
                       ) -> list[DeadlineRead]:
    """One contract's deadlines from today (or ``on``), by date."""
    contract = get_contract(session, principal, contract_id)
    found = service.contract_deadlines(session, contract, today=on or dt.date.today(),
                                       within_days=within_days(within) if within else None)
    return [DeadlineRead.of(d, contract.customer_id) for d in found]


@router.get("/v1/calendar.ics", response_class=Response, responses={200: {"content": {"text/calendar": {}}}})
def calendar(session: SessionDep, principal: ReaderDep, customer: CustomerParam = None, kind: Kinds = None,
             within: Annotated[Within, Query()] = "400d") -> Response:
    """The deadlines as an iCalendar feed (all-day events carrying the contract, the clause and its evidence)."""
    found = service.deadlines(session, customer_scope=principal.customer_id, customer=customer_ref(customer),
                              kinds=[k.value for k in kind or []], today=dt.date.today(),
                              within_days=within_days(within))
    body = ical.calendar([d for _, d in found], name="Contract deadlines", now=utcnow())
    return Response(body, media_type=CALENDAR)


@router.post("/v1/calendar-feeds", status_code=201, response_model=CalendarFeedCreated)
def create_feed(body: CalendarFeedCreate, request: Request, session: SessionDep,
                principal: ReaderDep) -> CalendarFeedCreated:
    """A secret, revocable URL of the calendar that calendar apps subscribe to without a header. It shows what
    your key may see; the URL is shown only in this answer."""
    feed, token = feeds.create_feed(session, principal, name=body.name, customer_id=body.customer,
                                    kinds=[k.value for k in body.kinds], within_days=within_days(body.within))
    url = str(request.url_for("calendar_feed", token=token))
    return CalendarFeedCreated.model_validate({**CalendarFeedRead.model_validate(feed).model_dump(), "url": url})


@router.get("/v1/calendar-feeds", response_model=list[CalendarFeedRead])
def list_feeds(session: SessionDep, principal: ReaderDep) -> list[CalendarFeedRead]:
    """Live calendar feeds (those of your customer when your key is limited to one); URLs are not shown again."""
    return [CalendarFeedRead.model_validate(f) for f in feeds.feeds(session, principal)]


@router.delete("/v1/calendar-feeds/{feed_id}", status_code=204, response_class=Response)
def revoke_feed(feed_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> Response:
    """Revoke a feed: its URL answers 404 from now on."""
    feeds.revoke(session, principal, feed_id)
    return Response(status_code=204)


# PUBLIC: calendar apps send no Authorization header; the secret token in the path is the credential.
@router.get("/v1/feeds/{token}.ics", name="calendar_feed", response_class=Response, dependencies=[Depends(PUBLIC)],
            responses={200: {"content": {"text/calendar": {}}}})
def calendar_feed(token: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{20,100}$")],
                  session: SessionDep) -> Response:
    """A calendar feed by its secret URL (made with POST /v1/calendar-feeds)."""
    feed = feeds.feed_by_token(session, token)
    found = service.deadlines(session, customer_scope=feed.customer_id, customer=None, kinds=feed.kinds,
                              today=dt.date.today(), within_days=feed.within_days)
    body = ical.calendar([d for _, d in found], name=feed.name, now=utcnow())
    return Response(body, media_type=CALENDAR, headers={"Cache-Control": "private, max-age=900"})
