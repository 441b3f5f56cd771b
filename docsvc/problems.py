"""Render every error as RFC 9457 ``application/problem+json`` — domain errors, validation, unknown routes,
storage outages and bugs alike — so clients parse one shape and never see a traceback."""

from __future__ import annotations

import logging
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


def problem_response(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _simple(status: int, code: str, title: str, detail: str, request: Request, **extra: Any) -> dict[str, Any]:
    return {"type": PROBLEM_BASE + code, "title": title, "status": status, "detail": detail, "code": code,
            "instance": request.url.path, **extra}


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return problem_response(exc.status, exc.problem(request.url.path), exc.headers)


async def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"location": ".".join(str(p) for p in err.get("loc", ())), "message": err.get("msg", ""),
         "type": err.get("type", "")}
        for err in exc.errors()
    ]
    detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors[:5]) or "invalid request"
    return problem_response(422, _simple(422, "validation_error", "Invalid request", detail, request, errors=errors))


_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden",
               413: "payload_too_large", 400: "bad_request"}


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
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
