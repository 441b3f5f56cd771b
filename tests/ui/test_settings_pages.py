"""Settings screens: organisation (with logo and a concurrent change), editing users, customer addresses.
Each form needs its CSRF token; each screen follows the API's roles."""

from __future__ import annotations

import io
import re
import uuid

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import select

from docsvc.db import transaction
from docsvc.models import AuditEntry, Customer, Role, User
from docsvc.runtime import Runtime
from docsvc.users import service as users
from tests.ui.conftest import csrf_of, sign_in

PASSWORD = "correct horse battery"


def etag_of(html: str) -> str:
    found = re.search(r'name="etag" value="([^"]+)"', html)
    assert found
    return found.group(1).replace("&#34;", '"')


def organisation_form(html: str, **changes: str) -> dict[str, str]:
    form = {"csrf": csrf_of(html), "etag": etag_of(html), "name": "Northwind Print GmbH",
            "address": "Hafenstraße 12\n20457 Hamburg", "signatory": "Dana Schulz",
            "date_en": "d MMM y", "number_en": "1,234.56", "date_de": "dd.MM.yyyy", "number_de": "1.234,56"}
    return form | changes


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 10), (10, 20, 200)).save(out, format="PNG")
    return out.getvalue()


def test_organisation_page_saves_and_reports_a_concurrent_change(client: TestClient, keys: dict[Role, str],
                                                                 runtime: Runtime) -> None:
    assert sign_in(client, api_key=keys[Role.ADMIN]) == 303
    page = client.get("/ui/settings/organisation")
    assert page.status_code == 200 and 'for="o-name"' in page.text and 'id="o-name"' in page.text
    assert "DOCSVC_ORGANISATION_" in page.text  # not saved yet: the defaults are shown as such
    form = organisation_form(page.text)
    assert client.post("/ui/settings/organisation", data=form | {"csrf": "forged"}).status_code == 400
    saved = client.post("/ui/settings/organisation", data=form, follow_redirects=False)
    assert saved.status_code == 303
    shown = client.get(saved.headers["location"]).text
    assert "Northwind Print GmbH" in shown and "Hafenstraße 12\n20457 Hamburg" in shown and "6 Dec 2026" in shown
    # The form read before the save is stale now: reported, and the saved values are kept.
    stale = client.post("/ui/settings/organisation", data=form | {"name": "Overwritten Ltd"})
    assert stale.status_code == 409 and "changed the settings meanwhile" in stale.text
    bad = client.post("/ui/settings/organisation", data=organisation_form(shown, date_en="HH:mm"))
    assert bad.status_code == 422 and "date format" in bad.text
    current = client.get("/ui/settings/organisation").text
    assert "Overwritten Ltd" not in current
    logo = png()
    refused = client.post("/ui/settings/organisation/logo", data={"csrf": csrf_of(current), "etag": etag_of(current)},
                          files={"file": ("logo.png", b"not an image", "image/png")})
    assert refused.status_code == 422 and "PNG or JPEG" in refused.text
    uploaded = client.post("/ui/settings/organisation/logo", data={"csrf": csrf_of(current),
                                                                   "etag": etag_of(current)},
                           files={"file": ("logo.png", logo, "image/png")}, follow_redirects=False)
    assert uploaded.status_code == 303
    assert client.get("/ui/settings/organisation/logo").content == logo
    with transaction(runtime.sessions) as session:
        actors = session.scalars(select(AuditEntry.actor).where(AuditEntry.entity_type == "organisation")).all()
    assert len(actors) == 2 and all(a.startswith("test admin") for a in actors)


def test_only_admins_see_the_organisation_and_user_screens(client: TestClient, runtime: Runtime) -> None:
    with transaction(runtime.sessions) as session:
        users.create_user(session, email="m@example.com", display_name="Mia Manager", role=Role.CONTRACT_MANAGER,
                          password=PASSWORD, actor="test")
    assert sign_in(client, email="m@example.com", password=PASSWORD) == 303
    assert client.get("/ui/settings/organisation").status_code == 403
    assert client.get(f"/ui/settings/users/{uuid.uuid4()}").status_code == 403
    assert client.get("/ui/settings/customers").status_code == 200  # managers keep customer addresses


def test_admin_edits_a_user_and_the_audit_names_the_admin(client: TestClient, runtime: Runtime) -> None:
    with transaction(runtime.sessions) as session:
        admin = users.create_user(session, email="ada@example.com", display_name="Ada Admin", role=Role.ADMIN,
                                  password=PASSWORD, actor="test")
        carla = users.create_user(session, email="carla@example.com", display_name="Carla", role=Role.COORDINATOR,
                                  password=PASSWORD, actor="test")
        users.disable_user(session, carla, actor="test")
        carla_id, admin_id = carla.id, admin.id
    assert sign_in(client, email="ada@example.com", password=PASSWORD) == 303
    listing = client.get("/ui/settings/users").text
    assert f'href="/ui/settings/users/{carla_id}"' in listing and "Organisation" in listing
    assert 'aria-label="Edit carla@example.com">Edit</a>' in listing  # the link has a visible text
    page = client.get(f"/ui/settings/users/{carla_id}")
    assert page.status_code == 200 and 'value="Carla"' in page.text
    form = {"csrf": csrf_of(page.text), "display_name": "Carla Coordinator", "role": "reader", "language": "de"}
    assert client.post(f"/ui/settings/users/{carla_id}", data=form | {"csrf": ""}).status_code == 400
    assert client.post(f"/ui/settings/users/{carla_id}", data=form | {"role": "owner"}).status_code == 422
    assert client.post(f"/ui/settings/users/{carla_id}", data=form, follow_redirects=False).status_code == 303
    assert client.post(f"/ui/settings/users/{carla_id}/password", data={"csrf": form["csrf"], "password": "short"}
                       ).status_code == 422
    assert client.post(f"/ui/settings/users/{carla_id}/password",
                       data={"csrf": form["csrf"], "password": "another long one"}, follow_redirects=False
                       ).status_code == 303
    assert client.post(f"/ui/settings/users/{carla_id}/enable", data={"csrf": form["csrf"]},
                       follow_redirects=False).status_code == 303
    with transaction(runtime.sessions) as session:
        user = session.get(User, carla_id)
        assert user is not None and (user.display_name, user.role, user.language) == ("Carla Coordinator",
                                                                                       "reader", "de")
        assert user.disabled_at is None
        audit = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == str(carla_id),
                                                         AuditEntry.actor != "test")).all()
    assert {a.action for a in audit} == {"user.update", "user.password_reset"}
    assert all(a.actor == "Ada Admin <ada@example.com>" for a in audit) and admin_id
    client.cookies.clear()  # a new browser
    assert sign_in(client, email="carla@example.com", password="another long one") == 303


def test_customer_address_is_entered_on_its_screen(client: TestClient, keys: dict[Role, str],
                                                   runtime: Runtime) -> None:
    with transaction(runtime.sessions) as session:
        customer = Customer(name="Smith & Sons", name_key="smith & sons")
        session.add(customer)
        session.flush()
        customer_id = customer.id
    assert sign_in(client, api_key=keys[Role.ADMIN]) == 303
    page = client.get("/ui/settings/customers")
    assert page.status_code == 200 and "Smith &amp; Sons" in page.text and f'for="a-{customer_id}"' in page.text
    url = f"/ui/settings/customers/{customer_id}/address"
    assert client.post(url, data={"csrf": csrf_of(page.text), "address": "x\n" * 9}).status_code == 422
    saved = client.post(url, data={"csrf": csrf_of(page.text), "address": "Unit 4, Mill Lane\n\nLeeds LS1 4AB\n"})
    assert saved.status_code == 200 and "Unit 4, Mill Lane\nLeeds LS1 4AB" in saved.text
    with transaction(runtime.sessions) as session:
        row = session.get(Customer, customer_id)
        assert row is not None and row.address == "Unit 4, Mill Lane\nLeeds LS1 4AB"


def test_saving_a_user_form_read_before_someone_elses_change_is_refused(client: TestClient,
                                                                         runtime: Runtime) -> None:
    with transaction(runtime.sessions) as session:
        users.create_user(session, email="ada@example.com", display_name="Ada Admin", role=Role.ADMIN,
                          password=PASSWORD, actor="test")
        carla = users.create_user(session, email="carla@example.com", display_name="Carla", role=Role.COORDINATOR,
                                  password=PASSWORD, actor="test")
        carla_id = carla.id
    assert sign_in(client, email="ada@example.com", password=PASSWORD) == 303
    page = client.get(f"/ui/settings/users/{carla_id}").text
    revision = re.search(r'name="revision" value="(\d+)"', page)
    assert revision is not None
    form = {"csrf": csrf_of(page), "display_name": "Carla Coordinator", "role": "reader", "language": "",
            "revision": revision.group(1)}
    assert client.post(f"/ui/settings/users/{carla_id}", data=form, follow_redirects=False).status_code == 303
    stale = client.post(f"/ui/settings/users/{carla_id}", data=form | {"role": "admin"}, follow_redirects=False)
    assert stale.status_code == 412 and "changed by someone else" in stale.text
    assert "Someone else changed this meanwhile." in stale.text
    german = client.post(f"/ui/settings/users/{carla_id}", data=form | {"role": "admin"}, follow_redirects=False,
                         headers={"Accept-Language": "de"})
    assert german.status_code == 412 and "Jemand anderes hat das inzwischen geändert" in german.text
    with transaction(runtime.sessions) as session:
        user = session.get(User, carla_id)
        assert user is not None and user.role == "reader"  # the stale form did not make Carla an admin
