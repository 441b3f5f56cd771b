"""The request guard: authenticate before reading a body, cap every body, time out a stalled one, and answer
429 to addresses that keep failing authentication (docsvc/auth/limiter.py).

FastAPI reads and parses a JSON body before any dependency runs, so the role dependencies alone would let an
anonymous caller make the server buffer an arbitrarily large body (issue 10: 1 GB, +2 GB RSS, then 401). For
a request that carries a body to a protected route, this guard checks the key first (a cache hit or one
lookup, which the route's own dependency then finds cached), refuses a declared ``Content-Length`` over the
cap at once, and counts the bytes while they stream in. multipart/form-data uploads get the upload limit
instead (their reader enforces the exact file limit itself); every other body gets
``DOCSVC_MAX_JSON_BODY_BYTES``.

Pure ASGI, like ``SecurityHeaders``: ``@app.middleware("http")`` costs ~8% CPU per small request.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from typing import Any

import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.concurrency import run_in_threadpool
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from docsvc.auth.keys import parse_prefix
from docsvc.auth.limiter import FailedAuthLimiter
from docsvc.auth.service import KeyCache, bearer_token
from docsvc.deps import Allow, key_cache
from docsvc.errors import (
    DatabaseUnavailable,
    DomainError,
    PayloadTooLarge,
    RequestTimeout,
    TooManyRequests,
    Unauthorized,
)
from docsvc.problems import PROBLEM_JSON

MULTIPART_SLACK = 64 * 1024  # form fields and part headers around the file


class _BodyRejected(Exception):
    """Raised into the app from ``receive`` once the body broke a limit; the guard answers instead."""


@dataclass(frozen=True)
class _Limits:
    json_body: int
    upload_body: int
    body_timeout: float


class RequestGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._limits: _Limits | None = None
        self._limiter: FailedAuthLimiter | None = None
        self._protected: tuple[tuple[re.Pattern[str], set[str]], ...] | None = None  # the routes that need a key

    def _setup(self, app: FastAPI) -> tuple[_Limits, FailedAuthLimiter]:
        # Settings live on the runtime, which only exists once the lifespan has run.
        s = app.state.runtime.settings
        self._limits = _Limits(s.max_json_body_bytes, s.max_upload_bytes + MULTIPART_SLACK, s.body_read_timeout_seconds)
        self._limiter = FailedAuthLimiter(s.auth_failures_per_minute)
        return self._limits, self._limiter

    def _is_protected(self, app: FastAPI, scope: Scope) -> bool:
        if self._protected is None:
            self._protected = tuple((compile_path(path)[0], route.methods or set())
                                    for path, route in _api_routes(app) if _needs_key(route))
        path, method = scope["path"], scope["method"]
        return any(method in methods and regex.match(path) for regex, methods in self._protected)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        app: FastAPI = scope["app"]
        limits, limiter = (self._limits, self._limiter) if self._limiter else self._setup(app)
        assert limits is not None
        length: int | None = None
        chunked = multipart = False
        authorization: str | None = None
        for name, value in scope["headers"]:
            if name == b"content-length":
                length = int(value) if value.isdigit() else None
            elif name == b"transfer-encoding":
                chunked = True
            elif name == b"content-type":
                multipart = value[:19].lower() == b"multipart/form-data"
            elif name == b"authorization":
                authorization = value.decode("latin-1")
        client = scope.get("client")
        address = client[0] if client else ""
        path = scope["path"]

        wait = limiter.retry_after(address)
        if wait is not None and self._is_protected(app, scope) and not _known_key(app, authorization):
            await _send_problem(send, TooManyRequests(
                f"too many failed authentications from {address}; try again in {wait} s",
                headers={"Retry-After": str(wait)}), path)
            return

        has_body = chunked or bool(length)
        if has_body:
            if self._is_protected(app, scope):  # first: an anonymous caller learns nothing, not even the limit
                try:
                    await _authenticate(app, authorization)
                except DomainError as exc:
                    if exc.status == 401:
                        limiter.failed(address)
                    await _send_problem(send, exc, path, close=True)
                    return
            cap = limits.upload_body if multipart else limits.json_body
            if length is not None and length > cap:
                await _send_problem(send, _too_large(cap, multipart), path, close=True)
                return

        violation: DomainError | None = None
        started = False

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if violation is not None:
                return  # the app's answer to the exception we raised into it; ours goes out instead
            if message["type"] == "http.response.start":
                started = True
                if message["status"] == 401:
                    limiter.failed(address)
            await send(message)

        if not has_body:
            await self.app(scope, receive, guarded_send)
            return

        received = 0
        complete = False

        async def guarded_receive() -> Message:
            nonlocal received, complete, violation
            if complete:
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), limits.body_timeout)
            except TimeoutError:
                violation = RequestTimeout(
                    f"no part of the request body arrived for {limits.body_timeout:g} s; the request was dropped")
                raise _BodyRejected from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    violation = _too_large(cap, multipart)
                    raise _BodyRejected
                complete = not message.get("more_body", False)
            return message

        try:
            await self.app(scope, guarded_receive, guarded_send)
        except Exception:
            if violation is None:
                raise
        if violation is not None and not started:
            await _send_problem(send, violation, path, close=True)


def _api_routes(app: FastAPI) -> list[tuple[str, APIRoute]]:
    """(full path, route) of every API route; FastAPI keeps the routes of included routers behind a wrapper."""
    return [(c.path or route.path, route) for c in iter_route_contexts(app.routes)
            if isinstance(route := c.route, APIRoute)]


def _needs_key(route: APIRoute) -> bool:
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        if isinstance(dependant.call, Allow):
            return True
        pending.extend(dependant.dependencies)
    return False


def _key_cache(app: FastAPI) -> KeyCache:
    return key_cache(Request({"type": "http", "app": app}))


def _known_key(app: FastAPI, authorization: str | None) -> bool:
    try:
        return authorization is not None and _key_cache(app).cached(authorization) is not None
    except DomainError:
        return False


async def _authenticate(app: FastAPI, authorization: str | None) -> None:
    cache = _key_cache(app)
    token = bearer_token(authorization)  # raises Unauthorized when there is no header
    if parse_prefix(token) is None:
        raise Unauthorized("the API key is not valid", headers={"WWW-Authenticate": "Bearer"})
    if cache.cached(authorization) is None:
        try:
            await run_in_threadpool(cache.authenticate, app.state.sessions, authorization)
        except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.TimeoutError) as exc:
            raise DatabaseUnavailable() from exc


def _too_large(cap: int, multipart: bool) -> PayloadTooLarge:
    what = "upload" if multipart else "request body"
    hint = "" if multipart else " (DOCSVC_MAX_JSON_BODY_BYTES)"
    return PayloadTooLarge(f"the {what} is larger than the limit of {cap:,} bytes{hint}")


async def _send_problem(send: Send, error: DomainError, path: str, *, close: bool = False) -> None:
    body = json.dumps(error.problem(path)).encode()
    headers: list[tuple[bytes, bytes]] = [(b"content-type", PROBLEM_JSON.encode()),
                                          (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in error.headers.items()]
    if close:  # the rest of the body is never read: the connection cannot carry another request
        headers.append((b"connection", b"close"))
    start: dict[str, Any] = {"type": "http.response.start", "status": error.status, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": body})
