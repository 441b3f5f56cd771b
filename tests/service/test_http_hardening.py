"""Issue 10, findings 2 and 19 in process: the JSON body cap, the failed-authentication limiter, the security
headers on every response and a ``/docs`` page that loads nothing from another origin."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from docsvc.auth.keys import generate_key
from docsvc.config import Settings
from docsvc.main import create_app
from docsvc.runtime import open_runtime

ADMIN = generate_key().plaintext


@pytest.fixture
def app_client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(home=tmp_path / "home", admin_key=ADMIN, auth_failures_per_minute=5,
                        max_json_body_bytes=64 * 1024, seed_builtin_templates=False)
    runtime = open_runtime(settings)
    try:
        with TestClient(create_app(settings, runtime=runtime, worker=False)) as client:
            yield client
    finally:
        runtime.close()


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_json_bodies_over_the_cap_are_refused(app_client: TestClient) -> None:
    big = {"name": "x" * (70 * 1024), "role": "reader"}
    r = app_client.post("/v1/keys", json=big, headers=auth(ADMIN))
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    assert r.headers["content-type"] == "application/problem+json"
    assert "DOCSVC_MAX_JSON_BODY_BYTES" in r.json()["detail"]
    chunks = iter([b'{"name": "', b"x" * (70 * 1024), b'", "role": "reader"}'])  # no Content-Length: streamed
    r = app_client.post("/v1/keys", content=chunks, headers={**auth(ADMIN), "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"
    assert app_client.post("/v1/keys", json={"name": "ok", "role": "reader"}, headers=auth(ADMIN)).status_code == 201


def test_a_body_without_a_valid_key_is_refused_before_it_is_read(app_client: TestClient) -> None:
    for headers in ({}, {"Authorization": "Bearer nonsense"}, auth(generate_key().plaintext)):
        r = app_client.post("/v1/indices/cpi/values", content=b"[" * 200_000,
                            headers={**headers, "Content-Type": "application/json"})
        assert r.status_code == 401 and r.json()["code"] == "unauthorized", r.text


def test_failed_authentications_are_limited_per_address(app_client: TestClient) -> None:
    for _ in range(20):  # successes spend nothing
        assert app_client.get("/v1/keys", headers=auth(ADMIN)).status_code == 200
    wrong = auth(generate_key().plaintext)
    assert [app_client.get("/v1/keys", headers=wrong).status_code for _ in range(5)] == [401] * 5
    r = app_client.get("/v1/keys", headers=wrong)
    assert r.status_code == 429 and r.json()["code"] == "too_many_requests"
    assert r.headers["content-type"] == "application/problem+json"
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert app_client.post("/v1/keys", json={"name": "x", "role": "reader"}, headers={}).status_code == 429
    # A key that works still works from that address, and public routes stay open.
    assert app_client.get("/v1/keys", headers=auth(ADMIN)).status_code == 200
    assert app_client.get("/healthz").status_code == 200


def test_the_limiter_refills_over_time() -> None:
    from docsvc.auth.limiter import FailedAuthLimiter

    now = [0.0]
    limiter = FailedAuthLimiter(6, clock=lambda: now[0])  # one token back every 10 s
    for _ in range(6):
        assert limiter.retry_after("10.0.0.1") is None
        limiter.failed("10.0.0.1")
    assert limiter.retry_after("10.0.0.1") == 10
    assert limiter.retry_after("10.0.0.2") is None
    now[0] = 10.0
    assert limiter.retry_after("10.0.0.1") is None
    assert FailedAuthLimiter(0).retry_after("10.0.0.1") is None  # 0 turns it off


def test_every_response_carries_the_security_headers(app_client: TestClient) -> None:
    responses = [
        app_client.get("/healthz"),
        app_client.get("/v1/keys"),  # 401 problem
        app_client.get("/no/such/route"),
        app_client.post("/v1/keys", json={"name": "x" * 70_000}, headers=auth(ADMIN)),  # the guard's own 413
        app_client.get("/openapi.json"),
    ]
    for r in responses:
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'none'" in csp, (r.url, csp)
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"


def test_docs_page_loads_only_same_origin_assets(app_client: TestClient) -> None:
    r = app_client.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", html) + re.findall(r"""url:\s*['"]([^'"]+)""", html)
    assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    assert "http://" not in html and "https://" not in html
    for url in urls:
        asset = app_client.get(url)
        assert asset.status_code == 200 and asset.content, url
    assert app_client.get("/docs/assets/swagger-ui-bundle.js").headers["content-type"].startswith(
        ("application/javascript", "text/javascript"))
    assert app_client.get("/docs/assets/swagger-ui-bundle.js.map").status_code == 404
    assert app_client.get("/docs/assets/../../../etc/passwd").status_code == 404
    # The page's CSP allows its own inline script (by hash) and nothing from elsewhere.
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "unsafe-eval" not in csp and "http" not in csp
    inline = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert inline
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert app_client.get("/redoc").status_code == 404
