"""What each customer owns, and what only unlimited keys change (issue 10, findings 5, 6, 11, 12 and 16).

Customers are Alpha and Beta; "scoped" keys are limited to one of them, the ``keys`` fixture's keys to none.
"""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import docx
from fastapi.testclient import TestClient
from sqlalchemy import select

from docsvc.auth.service import create_key
from docsvc.db import transaction
from docsvc.integrity import check_integrity
from docsvc.models import Customer, Document, Role
from docsvc.runtime import Runtime
from docsvc.storage import content_key
from docsvc.templates_store.seed import seed_builtin_templates
from tests.fixtures.service_docs import write_priced_contract, write_sla_contract
from tests.service.conftest import bearer
from tests.service.test_contracts import ingest
from tests.service.test_documents import upload
from tests.service.test_tenancy import BUILTIN, upload_template


def customised(template: str, text: str = "Customised for this test") -> bytes:
    """A built-in template with one more paragraph: valid, and different bytes."""
    document = docx.Document(str(BUILTIN / f"{template}.docx"))
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def scoped_keys(runtime: Runtime, *roles: Role) -> tuple[dict[str, uuid.UUID], dict[tuple[str, Role], str]]:
    """Customers Alpha and Beta, and a key per (customer, role)."""
    with transaction(runtime.sessions) as session:
        customers = {name: session.scalar(select(Customer).where(Customer.name == name.title())) or Customer(
            name=name.title()) for name in ("alpha", "beta")}  # uploads may have made them already
        session.add_all(customers.values())
        session.flush()
        keys = {(name, role): create_key(session, name=f"{name} {role.value}", role=role, actor="test",
                                         customer_id=customer.id)[1]
                for name, customer in customers.items() for role in roles}
        return {name: c.id for name, c in customers.items()}, keys


def test_a_limited_admin_key_manages_only_keys_of_its_customer(
    client: TestClient, runtime: Runtime, keys: dict[Role, str], tmp_path: Path
) -> None:
    customers, scoped = scoped_keys(runtime, *Role)
    admin = scoped[("alpha", Role.ADMIN)]
    beta_doc = upload(client, keys[Role.CONTRACT_MANAGER], write_sla_contract(tmp_path / "b.docx", supplier="N",
                                                                               customer="Beta"),
                      customer="Beta").json()["document"]["id"]
    minted = client.post("/v1/keys", json={"name": "escape", "role": "admin"}, headers=bearer(admin))
    assert minted.status_code == 201, minted.text
    assert minted.json()["customer_id"] == str(customers["alpha"])  # never wider than the key that made it
    assert client.get(f"/v1/documents/{beta_doc}", headers=bearer(minted.json()["key"])).status_code == 404
    wider = client.post("/v1/keys", json={"name": "b", "role": "reader", "customer_id": str(customers["beta"])},
                        headers=bearer(admin))
    assert wider.status_code == 404 and wider.headers["content-type"] == "application/problem+json"
    listed = client.get("/v1/keys", headers=bearer(admin)).json()
    assert listed and {k["customer_id"] for k in listed} == {str(customers["alpha"])}
    every = {k["name"]: k["id"] for k in client.get("/v1/keys", headers=bearer(keys[Role.ADMIN])).json()}
    for victim in ("beta reader", "test admin"):  # another customer's key, an unlimited key
        assert client.delete(f"/v1/keys/{every[victim]}", headers=bearer(admin)).status_code == 404
    assert client.get("/v1/templates", headers=bearer(scoped[("beta", Role.READER)])).status_code == 200
    assert client.delete(f"/v1/keys/{every['escape']}", headers=bearer(admin)).status_code == 200
    for role in (Role.CONTRACT_MANAGER, Role.COORDINATOR, Role.READER):  # only admins manage keys at all
        key = bearer(scoped[("alpha", role)])
        assert client.post("/v1/keys", json={"name": "x", "role": "reader"}, headers=key).status_code == 403
        assert client.get("/v1/keys", headers=key).status_code == 403


def test_index_values_are_changed_only_by_unlimited_keys(client: TestClient, runtime: Runtime,
                                                         keys: dict[Role, str]) -> None:
    _, scoped = scoped_keys(runtime, Role.CONTRACT_MANAGER, Role.ADMIN)
    values = {"values": [{"period": "2025-06", "value": "131.4"}]}
    assert client.post("/v1/indices/CPI/values", json=values, headers=bearer(keys[Role.CONTRACT_MANAGER])).is_success
    for role in (Role.CONTRACT_MANAGER, Role.ADMIN):
        changed = client.post("/v1/indices/CPI/values", json={"values": [{"period": "2025-06", "value": "999"}]},
                              headers=bearer(scoped[("alpha", role)]))
        assert changed.status_code == 403 and changed.headers["content-type"] == "application/problem+json"
    read = client.get("/v1/indices/CPI/values", headers=bearer(scoped[("beta", Role.CONTRACT_MANAGER)])).json()
    assert [v["value"] for v in read] == ["131.4"]


def test_a_customers_template_is_its_own_and_wins_only_for_it(
    client: TestClient, runtime: Runtime, keys: dict[Role, str], tmp_path: Path
) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    contracts = {name: ingest(client, manager, write_priced_contract(tmp_path / f"{name}.docx", supplier="Acme",
                                                                     customer=name.title()), customer=name.title())
                 for name in ("alpha", "beta")}
    customers, scoped = scoped_keys(runtime, Role.COORDINATOR, Role.READER)  # the same two customers
    alpha, beta = scoped[("alpha", Role.COORDINATOR)], scoped[("beta", Role.COORDINATOR)]
    shared = client.get("/v1/templates/process-documentation-en", headers=bearer(beta)).json()
    mine = customised("process-documentation-en")
    own = upload_template(client, alpha, "process-documentation-en", mine)
    assert own.status_code == 201 and own.json().get("customer_id") == str(customers["alpha"]), own.text
    assert own.json()["version"] == 1 and "alpha coordinator" in own.json()["created_by"]
    # Beta still sees, lists and generates with the shared template only
    assert client.get("/v1/templates/process-documentation-en", headers=bearer(beta)).json() == shared
    listed = client.get("/v1/templates", headers=bearer(scoped[("beta", Role.READER)])).json()
    assert all(t["customer_id"] is None for t in listed)
    made = {name: client.post(f"/v1/contracts/{contracts[name]}/generated", headers=bearer(manager),
                              json={"template": "process-documentation"}).json() for name in ("alpha", "beta")}
    assert made["beta"]["template_version_id"] == shared[-1]["id"]
    assert made["alpha"]["template_version_id"] == own.json()["id"]
    # the same address gives each customer its own file: Beta never downloads Alpha's
    file = "/v1/templates/process-documentation-en/versions/1/file"
    assert client.get(file, headers=bearer(alpha)).content == mine
    assert client.get(file, headers=bearer(beta)).content == (BUILTIN / "process-documentation-en.docx").read_bytes()
    assert client.get(f"/v1/templates?customer_id={customers['alpha']}", headers=bearer(beta)).status_code == 404
    # a shared version uploaded by an unlimited key: its author is not shown to a customer's key
    upload_template(client, keys[Role.COORDINATOR], "change-request-en", customised("change-request-en"))
    versions = {k: client.get("/v1/templates/change-request-en", headers=bearer(k)).json()[-1]["created_by"]
                for k in (beta, keys[Role.READER])}
    assert versions[beta] is None and "test coordinator" in versions[keys[Role.READER]]
    assert "test coordinator" not in client.get("/v1/templates/change-request-en", headers=bearer(beta)).text


def test_restarts_keep_an_uploaded_version_of_a_built_in(client: TestClient, runtime: Runtime,
                                                         keys: dict[Role, str], tmp_path: Path) -> None:
    coordinator = keys[Role.COORDINATOR]
    uploaded = upload_template(client, coordinator, "change-request-en", customised("change-request-en"))
    assert uploaded.status_code == 201 and uploaded.json()["version"] == 2
    with transaction(runtime.sessions) as session:
        assert seed_builtin_templates(session, runtime.store) == []  # what every start and CLI command runs
    versions = client.get("/v1/templates/change-request-en", headers=bearer(coordinator)).json()
    assert [v["version"] for v in versions] == [1, 2]
    # a new release's changed built-in still arrives where nobody uploaded a version
    release = tmp_path / "release"
    release.mkdir()
    (release / "process-documentation-en.docx").write_bytes(customised("process-documentation-en", "release 2"))
    (release / "change-request-en.docx").write_bytes(customised("change-request-en", "release 2"))
    with transaction(runtime.sessions) as session:
        assert seed_builtin_templates(session, runtime.store, release) == ["process-documentation-en v2"]


def test_uploading_another_customers_file_gives_an_own_document(
    client: TestClient, runtime: Runtime, tmp_path: Path
) -> None:
    customers, scoped = scoped_keys(runtime, Role.CONTRACT_MANAGER)
    alpha, beta = scoped[("alpha", Role.CONTRACT_MANAGER)], scoped[("beta", Role.CONTRACT_MANAGER)]
    path = write_sla_contract(tmp_path / "same.docx", supplier="Northwind", customer="Both")
    first = upload(client, alpha, path)
    second = upload(client, beta, path)
    assert first.status_code == 202 and second.status_code == 202, second.text
    assert "another customer" not in second.text and second.json()["duplicate"] is False
    assert second.json()["document"]["customer_id"] == str(customers["beta"])
    assert second.json()["document"]["id"] != first.json()["document"]["id"]
    again = upload(client, beta, path)  # the same customer's re-upload still is the one document
    assert again.status_code == 200 and again.json()["document"]["id"] == second.json()["document"]["id"]
    assert client.get(f"/v1/documents/{first.json()['document']['id']}", headers=bearer(beta)).status_code == 404
    sha = first.json()["document"]["sha256"]
    assert runtime.store.stat(content_key(sha)) is not None  # one stored object backs both documents
    report = check_integrity(runtime)
    assert report.clean and (report.documents, report.objects) == (2, 1), report


def test_customer_names_match_regardless_of_case_and_width(client: TestClient, runtime: Runtime,
                                                           keys: dict[Role, str], tmp_path: Path) -> None:
    manager = keys[Role.CONTRACT_MANAGER]
    spellings = ["Alpha", "alpha", "\uff21lpha", " ALPHA  "]
    owners = {upload(client, manager, write_sla_contract(tmp_path / f"{i}.docx", supplier=f"S{i}", customer="A"),
                     customer=name).json()["document"]["customer_id"] for i, name in enumerate(spellings)}
    assert len(owners) == 1
    with transaction(runtime.sessions) as session:
        assert session.scalars(select(Customer.name)).all() == ["Alpha"]  # displayed as first written
        assert session.scalar(select(Document.customer_id).limit(1)) == uuid.UUID(owners.pop())
