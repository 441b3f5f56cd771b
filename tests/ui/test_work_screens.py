"""Change requests, price reviews and generated documents in the workbench, without a browser.

One extracted managed-print contract (scope, prices and a CPI clause capped at 5 %) serves the module; every test
makes its own requests and reviews on it. Each page is checked for what it shows, for the API's role rule (the
same 403), for the customer limit (the same 404) and for refusing a form without the session's CSRF token.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterator
from html.parser import HTMLParser

import docx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from docsvc.auth.service import create_key
from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.main import create_app
from docsvc.models import ChangeRequest, Customer, GeneratedDocument, IndexValue, PriceReview, Role
from docsvc.runtime import Runtime, open_runtime
from docsvc.ui.i18n_work import DE_WORK, EN_WORK
from docsvc.users import service as users
from tests.fixtures.service_docs import write_priced_contract
from tests.service.test_contracts import ingest
from tests.ui.conftest import csrf_of, sign_in

PASSWORD = "correct horse battery"
CUSTOMER = "Smith & Sons <Print> Ltd"
PEOPLE = {Role.ADMIN: "Ada Admin", Role.CONTRACT_MANAGER: "Erika Mustermann", Role.COORDINATOR: "Chris Coordinator",
          Role.READER: "Rita Reader"}
OTHER = "other@example.com"  # a contract manager limited to another customer


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    rt = open_runtime(Settings(home=tmp_path_factory.mktemp("home")))
    yield rt
    rt.close()


@pytest.fixture(scope="module")
def client(runtime: Runtime) -> Iterator[TestClient]:
    with TestClient(create_app(runtime.settings, runtime=runtime), base_url="http://testserver") as c:
        yield c


@pytest.fixture(scope="module")
def contract(client: TestClient, runtime: Runtime, tmp_path_factory: pytest.TempPathFactory) -> str:
    with transaction(runtime.sessions) as session:
        _, key = create_key(session, name="loader", role=Role.CONTRACT_MANAGER, actor="test")
        for role, name in PEOPLE.items():
            users.create_user(session, email=f"{role.value}@example.com", display_name=name, role=role,
                              password=PASSWORD, actor="test")
        other = Customer(name="Other Ltd", name_key="other ltd")
        session.add(other)
        session.flush()
        users.create_user(session, email=OTHER, display_name="Otto Other", role=Role.CONTRACT_MANAGER,
                          password=PASSWORD, actor="test", customer_id=other.id)
    path = write_priced_contract(tmp_path_factory.mktemp("docs") / "mps.docx", supplier="Acme Print",
                                 customer=CUSTOMER)
    return ingest(client, key, path, customer="Smith & Sons")


def as_person(client: TestClient, who: Role | str) -> None:
    client.cookies.clear()
    email = f"{who.value}@example.com" if isinstance(who, Role) else who
    assert sign_in(client, email=email, password=PASSWORD) == 303


def count(runtime: Runtime, entity: type) -> int:
    with transaction(runtime.sessions) as session:
        return session.scalar(select(func.count()).select_from(entity)) or 0


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join([p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells])


def new_change_request(client: TestClient, contract: str, **fields: str | list[str]) -> str:
    page = client.get(f"/ui/contracts/{contract}/change-requests")
    assert page.status_code == 200
    data: dict[str, str | list[str]] = {
        "title": "More printers in Leeds", "csrf": csrf_of(page.text),
        "service": ["Managed Print", "", ""], "site": ["Leeds", "", ""], "quantity": ["5", "", ""],
        "item": ["Add 5 multifunction printers", "Supply paper for all sites", "Install a firewall"]} | fields
    made = client.post(f"/ui/contracts/{contract}/change-requests", data=data, follow_redirects=False)
    assert made.status_code == 303, made.text
    return made.headers["location"]


def test_change_request_create_scope_check_workflow_and_form(client: TestClient, runtime: Runtime,
                                                              contract: str) -> None:
    as_person(client, Role.COORDINATOR)
    url = new_change_request(client, contract, amount="180.00", currency="gbp", frequency="monthly")
    detail = client.get(url)
    assert detail.status_code == 200
    classes = re.findall(r'<tr class="cl-(\w+)">', detail.text)
    assert classes == ["in_scope", "out_of_scope", "unclear"]  # the API's scope check, per item
    assert "multifunction printers" in detail.text and "in scope" in detail.text
    assert 'id="cr-status" class="cr-draft">draft' in detail.text
    assert "180.00 GBP monthly" in detail.text
    assert 'id="cr-approve"' not in detail.text  # a coordinator submits; deciding is for contract managers
    csrf = csrf_of(detail.text)
    assert client.post(f"{url}/approve", data={"csrf": csrf}).status_code == 403
    assert client.post(f"{url}/submit", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert "cr-submitted" in client.get(url).text

    as_person(client, Role.CONTRACT_MANAGER)
    stale = client.get(url)  # the manager's page, about to go out of date
    assert 'id="cr-approve"' in stale.text and 'id="cr-reject"' in stale.text
    approved = client.post(f"{url}/approve", data={"csrf": csrf_of(stale.text), "comment": "ok for Q3"},
                           follow_redirects=False)
    assert approved.status_code == 303
    shown = client.get(url).text
    assert "cr-approved" in shown and "ok for Q3" in shown and "Erika Mustermann" in shown
    late = client.post(f"{url}/reject", data={"csrf": csrf_of(stale.text)})
    assert late.status_code == 409
    assert "Someone else changed this change request meanwhile: it is now approved" in late.text
    assert 'class="cr-approved"' in late.text  # the page shows the current state, not the stale one

    generated = client.post(f"{url}/form", data={"csrf": csrf_of(shown), "format": "docx"}, follow_redirects=False)
    assert generated.status_code == 303 and "?generated=" in generated.headers["location"]
    page = client.get(generated.headers["location"]).text
    link = re.search(r'href="(/ui/generated/[0-9a-f-]+/file)" id="fresh-download"', page)
    assert link, page
    form = client.get(link.group(1))
    assert form.status_code == 200 and "attachment" in form.headers["content-disposition"]
    text = docx_text(form.content)
    assert "More printers in Leeds" in text and "Install a firewall" in text and "Erika Mustermann" in text

    listed = client.get("/ui/change-requests").text
    assert f'href="{url}"' in listed and "More printers in Leeds" in listed
    assert f'href="/ui/contracts/{contract}/change-requests">MANAGED PRINT SERVICES AGREEMENT</a>' in listed
    chosen = client.get(f"/ui/change-requests?contract={contract}", follow_redirects=False)
    assert chosen.headers["location"] == f"/ui/contracts/{contract}/change-requests"


def test_change_request_refusals(client: TestClient, runtime: Runtime, contract: str) -> None:
    as_person(client, Role.COORDINATOR)
    page = client.get(f"/ui/contracts/{contract}/change-requests")
    before = count(runtime, ChangeRequest)
    empty = client.post(f"/ui/contracts/{contract}/change-requests",
                        data={"title": "Nothing asked", "csrf": csrf_of(page.text), "item": ["", ""]})
    assert empty.status_code == 422 and "at least one item" in empty.text
    assert 'value="Nothing asked"' in empty.text  # what was typed is kept
    bad = client.post(f"/ui/contracts/{contract}/change-requests", data={
        "title": "Odd", "csrf": csrf_of(page.text), "item": ["Add printers"], "quantity": ["lots"]})
    assert bad.status_code == 422 and "items.0.quantity" in bad.text and 'value="lots"' in bad.text
    forged = client.post(f"/ui/contracts/{contract}/change-requests",
                         data={"title": "Forged", "csrf": "forged", "item": ["Add printers"]})
    assert forged.status_code == 400 and "expired" in forged.text
    too_many = client.post(f"/ui/contracts/{contract}/change-requests", data={
        "title": "Huge", "csrf": csrf_of(page.text), "item": [f"Item {i}" for i in range(51)]})
    assert too_many.status_code == 422  # at most 50 rows, as the form offers
    assert count(runtime, ChangeRequest) == before

    as_person(client, Role.READER)
    reading = client.get(f"/ui/contracts/{contract}/change-requests")
    assert reading.status_code == 200 and 'id="cr-form"' not in reading.text  # readers see, without the form
    refused = client.post(f"/ui/contracts/{contract}/change-requests",
                          data={"title": "Reader's", "csrf": csrf_of(reading.text), "item": ["Add printers"]})
    assert refused.status_code == 403 and count(runtime, ChangeRequest) == before

    as_person(client, Role.COORDINATOR)
    url = new_change_request(client, contract)
    as_person(client, OTHER)  # another customer's person: the contract and its requests do not exist for them
    assert client.get(url).status_code == 404
    assert client.get(f"/ui/contracts/{contract}/change-requests").status_code == 404
    assert url not in client.get("/ui/change-requests").text


def test_index_values_compute_calculation_and_letter(client: TestClient, runtime: Runtime, contract: str) -> None:
    as_person(client, Role.CONTRACT_MANAGER)
    page = client.get("/ui/indices")
    assert page.status_code == 200 and 'id="ix-store"' in page.text
    bad = client.post("/ui/indices", data={"name": "cpi", "values": "2024-06,133.0\n2025-13,1",
                                           "csrf": csrf_of(page.text)})
    assert bad.status_code == 422 and "line 2" in bad.text and "2025-13,1" in bad.text
    stored = client.post("/ui/indices", data={"name": "cpi", "values": "period,value\n2024-06,133.0\n2025-06,137.1",
                                              "source": "ONS D7BT", "csrf": csrf_of(page.text)})
    assert stored.status_code == 200 and "Stored: 2 new, 0 corrected, 0 unchanged." in stored.text
    assert "137.1" in stored.text and "ONS D7BT" in stored.text
    assert re.search(r"<td>CPI</td>|>CPI</a>", client.get("/ui/indices").text)

    as_person(client, Role.COORDINATOR)
    form = client.get(f"/ui/contracts/{contract}/price-reviews")
    assert form.status_code == 200 and re.search(r"<option[^>]*>CPI</option>", form.text)
    csrf = csrf_of(form.text)
    assert client.post("/ui/indices", data={"name": "cpi", "values": "2025-07,138", "csrf": csrf}).status_code == 403
    missing = client.post(f"/ui/contracts/{contract}/price-reviews", data={
        "csrf": csrf, "review_date": "2025-07-01", "basis": "index", "index": "CPI", "base_period": "2024-06",
        "current_period": "2025-07"})
    assert missing.status_code == 422 and "2025-07" in missing.text and 'value="2025-07"' in missing.text
    made = client.post(f"/ui/contracts/{contract}/price-reviews", data={
        "csrf": csrf, "review_date": "2025-07-01", "basis": "index", "index": "CPI", "base_period": "2024-06",
        "current_period": "2025-06"}, follow_redirects=False)
    assert made.status_code == 303
    review_url = made.headers["location"]
    review = client.get(review_url).text
    lines = {cells[0]: cells for cells in (re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
                                           for row in re.findall(r"<tr><td>.*?</tr>", review, re.S))}
    mono = lines["Mono click charge"]
    # old price, index base and current, change (raw → applied), bound, new price: 0.0045 × 137.1/133.0
    assert "0.0045" in mono[2] and "133.0 (2024-06)" in mono[3] and "137.1 (2025-06)" in mono[4]
    assert "3.0827 %" in mono[5] and mono[6] == "none applied" and "0.0046" in mono[7]
    assert "1288.53" in lines["Service management fee"][7]
    assert "0.0045 ×" in mono[9]  # the service's own calculation text

    capped = client.post(f"/ui/contracts/{contract}/price-reviews", data={
        "csrf": csrf, "review_date": "2025-07-01", "basis": "percent", "percent": "7.5"})
    assert capped.status_code == 200 and "cap applied" in capped.text and "7.5" in capped.text

    letter = client.post(f"{review_url}/letter", data={"csrf": csrf}, follow_redirects=False)
    assert letter.status_code == 303
    link = re.search(r'href="(/ui/generated/[0-9a-f-]+/file)" id="fresh-download"',
                     client.get(letter.headers["location"]).text)
    assert link
    text = docx_text(client.get(link.group(1)).content)
    assert "£1,288.53" in text and "£0.0046" in text and CUSTOMER in text and "Chris Coordinator" in text


def test_price_review_refusals(client: TestClient, runtime: Runtime, contract: str) -> None:
    as_person(client, OTHER)  # a manager limited to a customer may not change the shared index values
    page = client.get("/ui/indices")
    assert page.status_code == 200 and 'id="ix-store"' not in page.text
    before_values = count(runtime, IndexValue)
    limited = client.post("/ui/indices", data={"name": "rpi", "values": "2024-06,300", "csrf": csrf_of(page.text)})
    assert limited.status_code == 403 and count(runtime, IndexValue) == before_values
    assert client.get(f"/ui/contracts/{contract}/price-reviews").status_code == 404

    as_person(client, Role.READER)
    reading = client.get(f"/ui/contracts/{contract}/price-reviews")
    assert reading.status_code == 200 and 'id="pr-compute"' not in reading.text
    before = count(runtime, PriceReview)
    body = {"review_date": "2025-07-01", "basis": "percent", "percent": "2"}
    assert client.post(f"/ui/contracts/{contract}/price-reviews",
                       data=body | {"csrf": csrf_of(reading.text)}).status_code == 403
    as_person(client, Role.COORDINATOR)
    forged = client.post(f"/ui/contracts/{contract}/price-reviews", data=body)
    assert forged.status_code == 400 and count(runtime, PriceReview) == before
    both = client.post(f"/ui/contracts/{contract}/price-reviews", data=body | {
        "csrf": csrf_of(client.get("/ui/").text), "review_date": "not a date"})
    assert both.status_code == 422 and "review_date" in both.text


def test_generated_documents_list_with_provenance(client: TestClient, runtime: Runtime, contract: str) -> None:
    as_person(client, Role.COORDINATOR)
    url = new_change_request(client, contract, title="Listed request")
    page = client.get(url)
    client.post(f"{url}/form", data={"csrf": csrf_of(page.text), "format": "docx", "language": "de"})
    with transaction(runtime.sessions) as session:
        newest = session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.created_at.desc())).first()
        assert newest is not None and newest.template_name == "change-request-de"
        made_id, filename, version = newest.id, newest.filename, newest.template_version
    listed = client.get("/ui/generated")
    assert listed.status_code == 200
    row = re.search(rf'<tr><td><a href="/ui/generated/{made_id}/file".*?</tr>', listed.text, re.S)
    assert row, listed.text
    cells = row.group(0)
    assert filename in cells and f"change-request-de</a> v{version}" in cells
    assert f'href="{url}"' in cells and "change request" in cells  # made from this request
    assert f'href="/ui/contracts/{contract}"' in cells and "MANAGED PRINT" in cells.upper()
    assert re.search(r'class="actor" title="[^"]*">Chris Coordinator</td>', cells)  # the display name
    assert client.get(f"/ui/generated/{made_id}/file").status_code == 200

    as_person(client, OTHER)
    assert str(made_id) not in client.get("/ui/generated").text
    assert client.get(f"/ui/generated/{made_id}/file").status_code == 404
    client.cookies.clear()
    assert client.get("/ui/generated", follow_redirects=False).headers["location"] == "/ui/sign-in"


class _Controls(HTMLParser):
    """Form controls without a label (``<label for>`` or aria-label), and whether every POST form has CSRF."""

    def __init__(self) -> None:
        super().__init__()
        self.labels: set[str] = set()
        self.controls: list[dict[str, str | None]] = []
        self.forms: list[dict[str, str | None]] = []
        self.csrf_in_form: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "label" and a.get("for"):
            self.labels.add(a["for"] or "")
        elif tag == "form":
            self.forms.append(a)
            self.csrf_in_form.append(False)
        elif tag in ("input", "select", "textarea"):
            if a.get("type") == "hidden":
                if a.get("name") == "csrf" and a.get("value") and self.csrf_in_form:
                    self.csrf_in_form[-1] = True
            else:
                self.controls.append(a)

    def unlabelled(self) -> list[dict[str, str | None]]:
        return [c for c in self.controls if not c.get("aria-label") and c.get("id") not in self.labels]


def test_every_control_is_labelled_every_form_has_csrf_and_german_text(client: TestClient, runtime: Runtime,
                                                                       contract: str) -> None:
    assert set(EN_WORK) == set(DE_WORK)  # no screen text falls back to English in German
    as_person(client, Role.ADMIN)
    url = new_change_request(client, contract, title="Labelled")
    client.post(f"{url}/submit", data={"csrf": csrf_of(client.get(url).text)})
    with transaction(runtime.sessions) as session:
        review = session.scalar(select(PriceReview.id).limit(1))
    pages = ["/ui/change-requests", f"/ui/contracts/{contract}/change-requests", url, "/ui/price-reviews",
             "/ui/indices", f"/ui/contracts/{contract}/price-reviews", "/ui/generated"]
    if review is not None:
        pages.append(f"/ui/price-reviews/{review}")
    for path in pages:
        html = client.get(path)
        assert html.status_code == 200, path
        parser = _Controls()
        parser.feed(html.text)
        assert parser.unlabelled() == [], (path, parser.unlabelled())
        posting = [i for i, f in enumerate(parser.forms) if (f.get("method") or "").lower() == "post"]
        assert posting and all(parser.csrf_in_form[i] for i in posting), path
    german = client.get("/ui/change-requests", headers={"Accept-Language": "de-DE"}).text
    assert "Änderungsanträge" in german and "Preisanpassungen" in german and "Erzeugte Dokumente" in german
    assert uuid.UUID(url.rsplit("/", 1)[1])
