"""The price-review page's Apply step: offered to contract managers only, CSRF-checked, refusals (412, 409) said
in English and German, the applied state shown on the page and in both lists."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from docsvc.auth.service import create_key
from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.main import create_app
from docsvc.models import AuditEntry, PriceReview, Role
from docsvc.runtime import Runtime, open_runtime
from docsvc.ui.i18n_work import DE_WORK, EN_WORK
from docsvc.users import service as users
from tests.fixtures.service_docs import write_priced_contract
from tests.service.test_contracts import ingest
from tests.ui.conftest import csrf_of, sign_in

PASSWORD = "correct horse battery"
PEOPLE = {Role.CONTRACT_MANAGER: "Erika Mustermann", Role.COORDINATOR: "Chris Coordinator",
          Role.READER: "Rita Reader"}


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Runtime]:
    rt = open_runtime(Settings(home=tmp_path / "home"))
    yield rt
    rt.close()


@pytest.fixture
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime.settings, runtime=runtime), base_url="http://testserver") as c:
        yield c


@pytest.fixture
def api(runtime: Runtime) -> dict[Role, dict[str, str]]:
    """API keys (the set-up is done over the API; the pages are what is tested)."""
    with transaction(runtime.sessions) as session:
        for role, name in PEOPLE.items():
            users.create_user(session, email=f"{role.value}@example.com", display_name=name, role=role,
                              password=PASSWORD, actor="test")
        keys = {role: create_key(session, name=f"key {role.value}", role=role, actor="test")[1] for role in PEOPLE}
    return {role: {"Authorization": f"Bearer {key}"} for role, key in keys.items()}


@pytest.fixture
def contract(client: TestClient, api: dict[Role, dict[str, str]], tmp_path: Path) -> str:
    path = write_priced_contract(tmp_path / "mps.docx", supplier="Acme Print", customer="Smith Ltd")
    return ingest(client, api[Role.CONTRACT_MANAGER]["Authorization"].removeprefix("Bearer "), path,
                  customer="Smith")


def as_person(client: TestClient, role: Role) -> None:
    client.cookies.clear()
    assert sign_in(client, email=f"{role.value}@example.com", password=PASSWORD) == 303


def new_review(client: TestClient, api: dict[Role, dict[str, str]], contract: str, date: str) -> str:
    made = client.post(f"/v1/contracts/{contract}/price-reviews", json={"review_date": date, "percent": "2"},
                       headers=api[Role.COORDINATOR])
    assert made.status_code == 201, made.text
    return f"/ui/price-reviews/{made.json()['id']}"


def applied(runtime: Runtime, url: str) -> bool:
    with transaction(runtime.sessions) as session:
        row = session.get(PriceReview, uuid.UUID(url.rsplit("/", 1)[1]))
        assert row is not None
        return row.applied_at is not None


def etag_of(page: str) -> str:
    found = re.search(r'name="etag" value="([^"]+)"', page)
    assert found, "the page offers no Apply form"
    return html.unescape(found.group(1))


def text(page: str) -> str:
    return html.unescape(page)


def test_only_managers_get_the_button_and_applying_shows_everywhere(client: TestClient, runtime: Runtime,
                                                                    api: dict[Role, dict[str, str]],
                                                                    contract: str) -> None:
    url = new_review(client, api, contract, "2025-07-01")
    for role in (Role.READER, Role.COORDINATOR):
        as_person(client, role)
        page = client.get(url)
        assert page.status_code == 200 and 'id="pr-apply"' not in page.text
        assert EN_WORK["pr_not_applied"] in text(page.text)
        refused = client.post(f"{url}/apply", data={"csrf": csrf_of(page.text), "etag": "*"})
        assert refused.status_code == 403 and not applied(runtime, url)

    as_person(client, Role.CONTRACT_MANAGER)
    page = client.get(url)
    assert 'id="pr-apply"' in page.text
    etag = etag_of(page.text)
    forged = client.post(f"{url}/apply", data={"etag": etag})  # no CSRF token: a cross-site form
    assert forged.status_code == 400 and not applied(runtime, url)
    wrong = client.post(f"{url}/apply", data={"etag": etag, "csrf": "x" * 43})
    assert wrong.status_code == 400 and not applied(runtime, url)

    done = client.post(f"{url}/apply", data={"etag": etag, "csrf": csrf_of(page.text)}, follow_redirects=False)
    assert done.status_code == 303 and applied(runtime, url)
    after = client.get(done.headers["location"])
    assert EN_WORK["pr_apply_done"] in text(after.text) and 'id="pr-apply"' not in after.text
    state = re.search(r'<dd id="pr-state">(.*?)</dd>', after.text, re.S)
    assert state and "Erika Mustermann" in state.group(1) and EN_WORK["pr_not_applied"] not in text(state.group(1))
    for listing in (f"/ui/contracts/{contract}/price-reviews", "/ui/price-reviews"):
        row = re.search(rf'<tr><td><a href="{url}">.*?</tr>', client.get(listing).text, re.S)
        assert row and EN_WORK["pr_state_applied"] in row.group(0), listing

    again = client.post(f"{url}/apply", data={"etag": etag, "csrf": csrf_of(page.text)})
    assert again.status_code == 409 and EN_WORK["pr_apply_already"] in text(again.text)
    with transaction(runtime.sessions) as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.action == "price_review.apply")) == 1


def test_refusals_are_explained_in_german(client: TestClient, runtime: Runtime, api: dict[Role, dict[str, str]],
                                          contract: str) -> None:
    as_person(client, Role.CONTRACT_MANAGER)
    german = {"Accept-Language": "de"}
    later, earlier = new_review(client, api, contract, "2025-07-01"), new_review(client, api, contract, "2024-07-01")
    page = client.get(later, headers=german)
    assert DE_WORK["pr_apply"] in text(page.text)
    seen = etag_of(page.text)
    current = client.get(f"/v1/contracts/{contract}", headers=api[Role.CONTRACT_MANAGER]).headers["etag"]
    corrected = client.patch(f"/v1/contracts/{contract}/fields/governing_law", json={"action": "correct",
                             "value": "Scotland"}, headers={**api[Role.CONTRACT_MANAGER], "If-Match": current})
    assert corrected.status_code == 200, corrected.text
    stale = client.post(f"{later}/apply", data={"etag": seen, "csrf": csrf_of(page.text)}, headers=german)
    assert stale.status_code == 412 and DE_WORK["pr_apply_changed"] in text(stale.text)
    assert not applied(runtime, later) and etag_of(stale.text) != seen  # the page now holds the current tag
    done = client.post(f"{later}/apply", data={"etag": etag_of(stale.text), "csrf": csrf_of(page.text)},
                       follow_redirects=False)
    assert done.status_code == 303 and applied(runtime, later)

    older = client.get(earlier, headers=german)
    refused = client.post(f"{earlier}/apply", data={"etag": etag_of(older.text), "csrf": csrf_of(older.text)},
                          headers=german)
    assert refused.status_code == 409 and DE_WORK["pr_apply_superseded"] in text(refused.text)
    assert not applied(runtime, earlier)
    english = client.post(f"{earlier}/apply", data={"etag": etag_of(older.text), "csrf": csrf_of(older.text)})
    assert english.status_code == 409 and EN_WORK["pr_apply_superseded"] in text(english.text)
