"""The workbench without a browser: sessions, CSRF, expiry, throttling, and role/customer rules that are
exactly the API's (the same request answered through a key and through a person's session)."""

from __future__ import annotations

import datetime as dt
import uuid

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from docsvc.db import transaction
from docsvc.models import AuditEntry, Contract, Customer, ExtractedField, Role, User, UserSession
from docsvc.runtime import Runtime
from docsvc.ui.web import UI_CSP
from docsvc.users import service as users
from docsvc.users.passwords import verify_password
from tests.ui.conftest import csrf_of, sign_in

PASSWORD = "correct horse battery"


def _user(runtime: Runtime, email: str, role: Role, customer: uuid.UUID | None = None,
          name: str = "Erika Mustermann") -> None:
    with transaction(runtime.sessions) as session:
        users.create_user(session, email=email, display_name=name, role=role, password=PASSWORD, actor="test",
                          customer_id=customer)


def _contract(runtime: Runtime, customer: str) -> tuple[uuid.UUID, uuid.UUID]:
    with transaction(runtime.sessions) as session:
        cust = Customer(name=customer, name_key=customer.lower())
        session.add(cust)
        session.flush()
        contract = Contract(customer_id=cust.id, title=f"MSA {customer}")
        session.add(contract)
        session.flush()
        session.add(ExtractedField(contract_id=contract.id, name="governing_law", value="England and Wales",
                                   confidence=0.9, evidence={"text": "governed by the laws of England", "page": 1,
                                                             "bbox": [72, 100, 300, 112]}))
        return cust.id, contract.id


def test_passwords_are_argon2id(runtime: Runtime) -> None:
    _user(runtime, "a@example.com", Role.READER)
    with transaction(runtime.sessions) as session:
        user = session.scalar(select(User))
        assert user is not None and user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
        assert verify_password(PASSWORD, user.password_hash) and not verify_password("wrong", user.password_hash)


def test_bootstrap_admin_key_then_user_sign_in(client: TestClient, keys: dict[Role, str]) -> None:
    assert client.get("/ui/", follow_redirects=False).headers["location"] == "/ui/sign-in"
    assert sign_in(client, api_key=keys[Role.READER]) == 401  # only an admin key opens the workbench
    assert sign_in(client, api_key=keys[Role.ADMIN]) == 303
    cookie = next(c for c in client.cookies.jar if c.name == "docsvc_session")
    assert cookie.path == "/ui" and cookie.has_nonstandard_attr("HttpOnly")
    page = client.get("/ui/settings/users")
    assert page.status_code == 200 and page.headers["content-security-policy"] == UI_CSP
    made = client.post("/ui/settings/users", data={
        "email": "Erika@Example.com", "display_name": "Erika Mustermann", "role": "contract_manager",
        "password": PASSWORD, "csrf": csrf_of(page.text)}, follow_redirects=False)
    assert made.status_code == 303
    client.post("/ui/sign-out", data={"csrf": csrf_of(client.get("/ui/").text)})
    assert client.get("/ui/", follow_redirects=False).status_code == 303
    assert sign_in(client, email="erika@example.com", password="wrong password") == 401
    assert sign_in(client, email="erika@example.com", password=PASSWORD) == 303
    assert "Erika Mustermann" in client.get("/ui/").text


def test_forms_without_the_csrf_token_are_refused(client: TestClient, runtime: Runtime,
                                                  keys: dict[Role, str]) -> None:
    bare = client.post("/ui/sign-in", data={"api_key": keys[Role.ADMIN]}, follow_redirects=False)
    assert bare.status_code == 400 and "docsvc_session" not in client.cookies
    assert sign_in(client, api_key=keys[Role.ADMIN]) == 303
    for token in ("", "forged"):
        r = client.post("/ui/settings/users", data={"email": "x@example.com", "display_name": "X", "role": "reader",
                                                    "password": PASSWORD, "csrf": token})
        assert r.status_code == 400 and "expired" in r.text
    upload = client.post("/ui/upload", files={"file": ("a.pdf", b"%PDF-1.4")})
    assert upload.status_code == 400
    with transaction(runtime.sessions) as session:
        assert session.scalar(select(User)) is None


def test_sessions_expire_when_idle_and_end_when_the_user_is_disabled(client: TestClient, runtime: Runtime) -> None:
    _user(runtime, "idle@example.com", Role.READER)
    assert sign_in(client, email="idle@example.com", password=PASSWORD) == 303
    assert client.get("/ui/", follow_redirects=False).status_code == 200
    with transaction(runtime.sessions) as session:
        session.execute(update(UserSession).values(
            last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=runtime.settings.ui_session_idle_minutes + 1)))
    assert client.get("/ui/", follow_redirects=False).headers["location"] == "/ui/sign-in"
    assert sign_in(client, email="idle@example.com", password=PASSWORD) == 303
    with transaction(runtime.sessions) as session:
        user = users.find_by_email(session, "idle@example.com")
        assert user is not None
        users.disable_user(session, user, actor="test")
    assert client.get("/ui/", follow_redirects=False).status_code == 303
    assert sign_in(client, email="idle@example.com", password=PASSWORD) == 401


def test_failed_sign_ins_are_throttled(client: TestClient, runtime: Runtime) -> None:
    _user(runtime, "t@example.com", Role.READER)
    statuses = [sign_in(client, email="t@example.com", password=f"wrong {i}") for i in range(4)]
    assert statuses == [401, 401, 401, 429]
    assert sign_in(client, email="t@example.com", password=PASSWORD) == 429  # even the right password waits


def test_roles_and_customer_limits_are_the_apis(client: TestClient, runtime: Runtime,
                                                keys: dict[Role, str]) -> None:
    alpha, alpha_contract = _contract(runtime, "Alpha")
    _, beta_contract = _contract(runtime, "Beta")
    _user(runtime, "coord@example.com", Role.COORDINATOR)
    _user(runtime, "alpha@example.com", Role.CONTRACT_MANAGER, customer=alpha)
    # A coordinator cannot upload: the API says 403, and so does the workbench.
    assert client.post("/v1/documents", headers={"Authorization": f"Bearer {keys[Role.COORDINATOR]}"},
                       files={"file": ("a.pdf", b"%PDF-1.4")}).status_code == 403
    assert sign_in(client, email="coord@example.com", password=PASSWORD) == 303
    assert client.get("/ui/upload").status_code == 403
    token = csrf_of(client.get("/ui/").text)
    assert client.post("/ui/upload", headers={"X-CSRF-Token": token},
                       files={"file": ("a.pdf", b"%PDF-1.4")}).status_code == 403
    assert 'href="/ui/upload"' not in client.get("/ui/").text
    client.cookies.clear()
    # A person limited to Alpha never sees Beta's contract: 404, as for a key limited to Alpha.
    assert sign_in(client, email="alpha@example.com", password=PASSWORD) == 303
    assert client.get(f"/ui/contracts/{alpha_contract}").status_code == 200
    assert client.get(f"/ui/contracts/{beta_contract}").status_code == 404
    listed = client.get("/ui/contracts").text
    assert "MSA Alpha" in listed and "MSA Beta" not in listed


def test_a_review_is_audited_under_the_display_name_and_412_is_explained(client: TestClient,
                                                                         runtime: Runtime) -> None:
    _, contract_id = _contract(runtime, "Gamma")
    _user(runtime, "m@example.com", Role.CONTRACT_MANAGER, name="Max Muster")
    assert sign_in(client, email="m@example.com", password=PASSWORD) == 303
    view = client.get(f"/ui/contracts/{contract_id}").text
    etag = view.split('name="etag" value="', 1)[1].split('"', 1)[0].replace("&#34;", '"')
    form = {"csrf": csrf_of(view), "etag": etag, "action": "correct", "value": "Germany"}
    r = client.post(f"/ui/contracts/{contract_id}/fields/governing_law", data=form, follow_redirects=False)
    assert r.status_code == 303 and "msg=saved" in r.headers["location"]
    stale = client.post(f"/ui/contracts/{contract_id}/fields/governing_law", data=form)
    assert "Someone else changed this contract" in stale.text
    with transaction(runtime.sessions) as session:
        entry = session.scalar(select(AuditEntry).where(AuditEntry.action == "field.correct"))
        assert entry is not None and entry.actor == "Max Muster <m@example.com>"
    assert "Germany" in client.get(f"/ui/contracts/{contract_id}").text


def test_german_from_accept_language(client: TestClient) -> None:
    page = client.get("/ui/sign-in", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert 'lang="de"' in page.text and "Anmelden" in page.text


def test_the_session_cookie_is_secure_behind_tls(runtime: Runtime, keys: dict[Role, str]) -> None:
    from docsvc.main import create_app

    with TestClient(create_app(runtime.settings, runtime=runtime, worker=False),
                    base_url="https://testserver") as client:
        form = client.get("/ui/sign-in")
        r = client.post("/ui/sign-in", data={"api_key": keys[Role.ADMIN], "csrf": csrf_of(form.text)},
                        follow_redirects=False)
        assert r.status_code == 303
        cookie = r.headers["set-cookie"].lower()
        assert "docsvc_session=" in cookie and "secure" in cookie and "httponly" in cookie
        assert "samesite=lax" in cookie


def test_a_reader_sees_but_cannot_review_as_with_the_api(client: TestClient, runtime: Runtime,
                                                         keys: dict[Role, str]) -> None:
    _, contract_id = _contract(runtime, "Delta")
    _user(runtime, "r@example.com", Role.READER)
    api = client.patch(f"/v1/contracts/{contract_id}/fields/governing_law", json={"action": "accept"},
                       headers={"Authorization": f"Bearer {keys[Role.READER]}", "If-Match": "*"})
    assert api.status_code == 403
    assert sign_in(client, email="r@example.com", password=PASSWORD) == 303
    view = client.get(f"/ui/contracts/{contract_id}")
    assert view.status_code == 200 and "England and Wales" in view.text
    assert 'name="action"' not in view.text and 'id="generate"' not in view.text
    r = client.post(f"/ui/contracts/{contract_id}/fields/governing_law",
                    data={"csrf": csrf_of(view.text), "etag": "*", "action": "accept"})
    assert r.status_code == 403
    assert client.get("/ui/settings/users").status_code == 403


def test_pages_need_no_inline_script_or_style(client: TestClient, runtime: Runtime, keys: dict[Role, str]) -> None:
    """The page CSP allows only this server's files; an inline script or style attribute would be blocked."""
    _, contract_id = _contract(runtime, "Epsilon")
    assert sign_in(client, api_key=keys[Role.ADMIN]) == 303
    for path in ("/ui/", "/ui/upload", "/ui/contracts", f"/ui/contracts/{contract_id}", "/ui/templates",
                 "/ui/settings/users", "/ui/settings/keys", "/ui/sign-in"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.headers["content-security-policy"] == UI_CSP
        assert "<script>" not in page.text and " style=" not in page.text and "onclick" not in page.text, path
    # An unknown document's page: a 404 page through the API's document check, never a traceback.
    assert client.get(f"/ui/documents/{uuid.uuid4()}/pages/1.png").status_code == 404


def test_a_person_chooses_their_language(client: TestClient, runtime: Runtime) -> None:
    _user(runtime, "de@example.com", Role.READER)
    assert sign_in(client, email="de@example.com", password=PASSWORD) == 303
    home = client.get("/ui/", headers={"Accept-Language": "en"})
    assert "Dashboard" in home.text
    client.post("/ui/language", data={"language": "de", "csrf": csrf_of(home.text)})
    assert "Übersicht" in client.get("/ui/", headers={"Accept-Language": "en"}).text  # the setting wins


def test_the_contract_list_filters_and_pages(client: TestClient, runtime: Runtime, keys: dict[Role, str]) -> None:
    with transaction(runtime.sessions) as session:
        for i in range(27):
            session.add(Contract(title=f"Deal {i:02}", document_type="contract" if i else "amendment",
                                 effective_date=dt.date(2024, 1, 1), expiration_date=dt.date(2025 + i % 2, 1, 1)))
    assert sign_in(client, api_key=keys[Role.ADMIN]) == 303
    first = client.get("/ui/contracts").text
    assert first.count("<tr><td><a href=") == 25 and "page=2" in first
    assert client.get("/ui/contracts?page=2").text.count("<tr><td><a href=") == 2
    assert client.get("/ui/contracts?text=deal+07").text.count("<tr><td><a href=") == 1
    assert client.get("/ui/contracts?type=amendment").text.count("<tr><td><a href=") == 1
    in_force = client.get("/ui/contracts?on=2025-06-01").text
    assert in_force.count("<tr><td><a href=") == 13  # the odd ones run until 2026
    assert client.get("/ui/contracts?on=yesterday").status_code == 422  # a clear message, not a 500
