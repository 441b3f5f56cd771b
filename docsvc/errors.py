"""Domain errors: services raise these, one handler renders them as RFC 9457 ``application/problem+json``.

Services never raise HTTPException; every error a user can see has a stable ``code`` (the problem type) and
a message that says what to do. Unexpected exceptions are logged and rendered as a bare 500 problem without
a traceback.
"""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://docsvc.dev/problems/"


class DomainError(Exception):
    status = 400
    code = "bad_request"
    title = "Bad request"

    def __init__(self, detail: str, *, extra: dict[str, Any] | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}
        self.headers = headers or {}

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"type": PROBLEM_BASE + self.code, "title": self.title, "status": self.status,
                                "detail": self.detail, "code": self.code}
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


class InvalidCursor(DomainError):
    status, code, title = 400, "invalid_cursor", "Invalid cursor"


class Unauthorized(DomainError):
    status, code, title = 401, "unauthorized", "Authentication required"


class Forbidden(DomainError):
    status, code, title = 403, "forbidden", "Not allowed"


class NotFound(DomainError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(DomainError):
    status, code, title = 409, "conflict", "Conflict"


class PreconditionFailed(DomainError):
    status, code, title = 412, "precondition_failed", "The resource changed"


class PreconditionRequired(DomainError):
    status, code, title = 428, "precondition_required", "If-Match required"


class PayloadTooLarge(DomainError):
    status, code, title = 413, "payload_too_large", "File too large"


class UnsupportedMediaType(DomainError):
    status, code, title = 415, "unsupported_media_type", "Unsupported file type"


class Unprocessable(DomainError):
    status, code, title = 422, "unprocessable", "Cannot process the request"


class ServiceUnavailable(DomainError):
    status, code, title = 503, "service_unavailable", "Temporarily unavailable"


class DatabaseUnavailable(DomainError):
    """A connection refused or lost, a locked SQLite file, no pooled connection free in time: retryable."""

    status, code, title = 503, "database_unavailable", "Database unavailable"

    def __init__(self, detail: str = "the database did not answer; try again shortly") -> None:
        super().__init__(detail, headers={"Retry-After": "5"})


class FeatureUnavailable(DomainError):
    """The request is valid but this installation lacks what it needs (e.g. LibreOffice for PDF output)."""

    status, code, title = 501, "feature_unavailable", "Not available on this installation"


class RequestTimeout(DomainError):
    """The client stopped sending its request body (a slow or stalled upload holds a connection)."""

    status, code, title = 408, "request_timeout", "Request body too slow"


class TooManyRequests(DomainError):
    """Too many failed authentications from one address; ``Retry-After`` says when to try again."""

    status, code, title = 429, "too_many_requests", "Too many failed attempts"
