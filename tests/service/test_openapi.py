"""The published OpenAPI document tells clients how to authenticate and what each operation can answer."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from docsvc.deps import Public
from docsvc.main import create_app
from docsvc.openapi import api_routes
from tests.service.test_auth import role_rule


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, item in spec["paths"].items() for method, op in item.items()]


def test_bearer_auth_is_a_security_scheme_not_a_header_parameter(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": spec["components"]["securitySchemes"]["bearerAuth"][
            "description"]}
    public = {(path, method) for path, route in api_routes(create_app()) for method in route.methods
              if isinstance(role_rule(route), Public)}
    assert ("/healthz", "GET") in public
    operations = _operations(spec)
    assert len(operations) >= 40
    for method, path, op in operations:
        names = [p["name"].lower() for p in op.get("parameters", [])]
        assert "authorization" not in names, f"{method} {path}"
        if (path, method) in public:
            assert op["security"] == [], f"{method} {path}"
        else:
            assert op["security"] == [{"bearerAuth": []}], f"{method} {path}"
            assert {"401", "403"} <= set(op["responses"]), f"{method} {path}"
            assert "Roles: " in op["description"] and "admin" in op["description"], f"{method} {path}"
        # a description of what the operation does, not only who may call it
        assert op.get("description", "").split("Roles: ")[0].strip(), f"{method} {path} has no description"
        if "{" in path:
            assert "404" in op["responses"], f"{method} {path}"
        if "requestBody" in op:
            assert {"413", "422"} <= set(op["responses"]), f"{method} {path}"
        for status, response in op["responses"].items():
            if status.isdigit() and int(status) >= 400:
                assert response["description"] and "application/problem+json" in response["content"]


def test_conditional_writes_document_their_preconditions(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    patch = spec["paths"]["/v1/contracts/{contract_id}/fields/{name}"]["patch"]
    assert {"412", "428"} <= set(patch["responses"])
    assert "contract_manager" in patch["description"] and "reader" not in patch["description"]
    apply = spec["paths"]["/v1/price-reviews/{review_id}/apply"]["post"]
    assert {"409", "412", "428"} <= set(apply["responses"])
    assert "If-Match" in {p["name"] for p in apply["parameters"]}
    assert "contract_manager" in apply["description"] and "coordinator" not in apply["description"]
