"""The published OpenAPI document: every error response is declared as ``application/problem+json``.

FastAPI documents only its own 422 (as ``application/json``); clients and API fuzzers must know that every
4xx/5xx of this API is an RFC 9457 problem, so the schema is adjusted once when it is first generated.

Authentication is declared as an HTTP bearer security scheme (Swagger UI's Authorize button) instead of the
optional ``Authorization`` header parameter FastAPI infers from ``Allow``; each operation names the roles
that may call it and lists the 4xx answers it can give.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel

from docsvc.deps import Allow, Public

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "Stable machine-readable error code."},
        "instance": {"type": "string"},
    },
    "additionalProperties": True,
}
PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
# Request models of routes that read their body themselves (one route, several content types), published as
# components so their openapi_extra can refer to them.
REQUEST_MODELS: list[type[BaseModel]] = []


def request_model_ref(model: type[BaseModel]) -> dict[str, str]:
    REQUEST_MODELS.append(model)
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def problem_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for model in REQUEST_MODELS:
        published = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in published.pop("$defs", {}).items():
            components["schemas"].setdefault(name, definition)
        components["schemas"].setdefault(model.__name__, published)
    components["securitySchemes"] = {"bearerAuth": {
        "type": "http", "scheme": "bearer",
        "description": "An API key (`docsvc keys create`, or `POST /v1/keys`) sent as `Authorization: Bearer <key>`."}}
    access = _route_access(app)
    for path, path_item in schema.get("paths", {}).items():
        for method, operation in path_item.items():
            _document_access(operation, access.get((path, method.upper())), path)
            responses = operation.setdefault("responses", {})
            for status, response in list(responses.items()):
                if status.isdigit() and int(status) >= 400:
                    response["content"] = PROBLEM
            responses["default"] = {"description": "Error (RFC 9457 problem)", "content": PROBLEM}
    for name in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(name, None)
    app.openapi_schema = schema
    return schema


def api_routes(app: FastAPI) -> list[tuple[str, APIRoute]]:
    """(full path, route) for every API route, including those of included routers (which FastAPI >= 0.16x
    keeps lazily instead of copying them into ``app.routes``)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI copies included routes into app.routes
        return [(r.path_format, r) for r in app.routes if isinstance(r, APIRoute)]
    return [(c.path or c.route.path_format, c.route) for c in iter_route_contexts(app.routes)
            if isinstance(c.route, APIRoute)]


def _route_access(app: FastAPI) -> dict[tuple[str, str], frozenset[str] | None]:
    """(path, METHOD) -> the roles ``Allow`` admits, or None for a ``PUBLIC`` route."""
    found: dict[tuple[str, str], frozenset[str] | None] = {}
    for path, route in api_routes(app):
        roles = _allowed_roles(route.dependant)
        for method in route.methods or ():
            found[(path, method)] = roles
    return found


def _allowed_roles(dependant: Dependant) -> frozenset[str] | None:
    for dependency in dependant.dependencies:
        if isinstance(dependency.call, Allow):
            return frozenset(role.value for role in dependency.call.roles)
        if isinstance(dependency.call, Public):
            continue
        inner = _allowed_roles(dependency)
        if inner is not None:
            return inner
    return None


ERRORS = {
    "400": "Malformed request (problem+json)",
    "401": "No API key, or an unknown, malformed or revoked one",
    "403": "The key's role may not do this",
    "404": "No such record, or it belongs to another customer",
    "412": "If-Match does not name the current ETag",
    "413": "The request body is too large",
    "422": "The request is well-formed but its values are not valid",
    "428": "If-Match is required",
}


def _document_access(operation: dict[str, Any], roles: frozenset[str] | None, path: str) -> None:
    params = operation.get("parameters", [])
    operation["parameters"] = [p for p in params if not (p.get("in") == "header"
                                                         and p.get("name", "").lower() == "authorization")]
    responses = operation.setdefault("responses", {})
    if not operation["parameters"]:
        del operation["parameters"]
        if "requestBody" not in operation:
            responses.pop("422", None)  # FastAPI added it for the Authorization header alone
    wanted: list[str] = []
    if roles is not None:
        operation["security"] = [{"bearerAuth": []}]
        listed = ", ".join(sorted(roles))
        note = f"Roles: {listed}."
        description = operation.get("description", "").rstrip()
        operation["description"] = f"{description}\n\n{note}" if description else note
        wanted += ["401", "403"]
    else:
        operation["security"] = []
    if "{" in path:
        wanted.append("404")
    if "requestBody" in operation or operation.get("parameters"):
        wanted.append("422")
    if any(p.get("name") == "cursor" for p in operation.get("parameters", [])):
        wanted.append("400")  # invalid_cursor: not a next_cursor this listing handed out
    if "requestBody" in operation:
        wanted.append("413")
    if any(p.get("name", "").lower() == "if-match" for p in operation.get("parameters", [])):
        wanted += ["412", "428"]
    for status in wanted:
        responses.setdefault(status, {"description": ERRORS[status]})


def multipart_body(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    """``openapi_extra`` for routes that read ``multipart/form-data`` from the raw stream themselves."""
    schema = {"type": "object", "required": required, "properties": properties}
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}}
