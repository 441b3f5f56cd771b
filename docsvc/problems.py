"""Render every error as RFC 9457 ``application/problem+json`` — domain errors, validation, unknown routes,
storage outages and bugs alike — so clients parse one shape and never see a traceback."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import sqlalchemy.exc
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from docsvc.errors import PROBLEM_BASE, DatabaseUnavailable, DomainError
from docsvc.storage import StorageUnavailable

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"


class ProblemResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except (UnicodeEncodeError, ValueError, RecursionError):
            # A detail quoting hostile input (a lone surrogate cannot be UTF-8 encoded) must not turn a 4xx
            # into a 500: ASCII escapes write anything, and depth is bounded by the handlers' own bodies.
            return json.dumps(content, ensure_ascii=True, default=str).encode("ascii")


def problem_response(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return ProblemResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")


def printable(value: object, limit: int = 200) -> str:
    """Client input quoted in a problem (an unknown key, a location), escaped and cut short."""
    text = _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], str(value))
    return text if len(text) <= limit else text[:limit] + "…"


def _simple(status: int, code: str, title: str, detail: str, request: Request, **extra: Any) -> dict[str, Any]:
    return {"type": PROBLEM_BASE + code, "title": title, "status": status, "detail": detail, "code": code,
            "instance": request.url.path, **extra}


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return problem_response(exc.status, exc.problem(request.url.path), exc.headers)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        # `input` is left out: it may be megabytes, nested 900 deep or hold what cannot be encoded back.
        {"location": ".".join(printable(p) for p in err.get("loc", ())), "message": printable(err.get("msg", ""), 500),
         "type": str(err.get("type", ""))}
        for err in exc.errors()[:50]
    ]
    detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors[:5]) or "invalid request"
    return problem_response(422, _simple(422, "validation_error", "Invalid request", detail, request, errors=errors))


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden",
               413: "payload_too_large", 400: "bad_request"}


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and isinstance(exc.__cause__, (ValueError, RecursionError)):
        # FastAPI's answer to a JSON body that json.loads refused after parsing started: an integer of more
        # than 4,300 digits, nesting beyond the interpreter's stack, bytes that are not UTF-8.
        cause = exc.__cause__
        reason = ("it is nested too deeply" if isinstance(cause, RecursionError) else "it is not UTF-8"
                  if isinstance(cause, UnicodeDecodeError) else printable(str(cause).split(";")[0]))
        message = f"the JSON body cannot be read: {reason}"
        errors = [{"location": "body", "message": message, "type": "json_invalid"}]
        return problem_response(422, _simple(422, "validation_error", "Invalid request", f"body: {message}",
                                             request, errors=errors))
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    detail = str(exc.detail) if exc.detail else code.replace("_", " ")
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no route {request.method} {request.url.path}"
    return problem_response(exc.status_code, _simple(exc.status_code, code, code.replace("_", " ").capitalize(),
                                                     detail, request), dict(exc.headers or {}))


async def _storage(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(503, _simple(503, "storage_unavailable", "Object store unavailable",
                                         f"{exc}; nothing was stored, try again later", request),
                            {"Retry-After": "30"})


async def _database(request: Request, exc: Exception) -> JSONResponse:
    # The driver's own error, from any route: logged here, rendered as the domain error the SLA reads raise.
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    return await _domain(request, DatabaseUnavailable())


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return problem_response(500, _simple(500, "internal_error", "Internal error",
                                         "an unexpected error occurred; it has been logged", request))


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(StorageUnavailable, _storage)
    app.add_exception_handler(sqlalchemy.exc.OperationalError, _database)
    app.add_exception_handler(sqlalchemy.exc.TimeoutError, _database)
    app.add_exception_handler(Exception, _unexpected)
