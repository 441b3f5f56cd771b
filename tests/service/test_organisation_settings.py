"""Organisation settings over the API (admin-only writes, If-Match, validation, logo) and in a generated letter,
on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from fastapi.testclient import TestClient
from PIL import Image

from docsvc.models import Role
from tests.fixtures.service_docs import write_priced_contract
from tests.service.conftest import bearer
from tests.service.test_contracts import ingest
from tests.service.test_generation_api import CUSTOMER, document_text, download, priced  # noqa: F401

PATH = "/v1/settings/organisation"
SETTINGS = {
    "name": "Northwind Print Services GmbH", "address_lines": ["Hafenstraße 12", "20457 Hamburg"],
    "signatory": "Dana Schulz, Head of Accounts",
    "formats": {"en": {"date": "d MMM y", "number": "1.234,56"}, "de": {"date": "dd.MM.yyyy", "number": "1 234,56"}},
}


def png(width: int = 40, height: int = 20) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def put(client: TestClient, key: str, body: dict[str, Any], etag: str | None) -> Any:
    headers = bearer(key) | ({"If-Match": etag} if etag else {})
    return client.put(PATH, json=body, headers=headers)


def upload_logo(client: TestClient, key: str, data: bytes, etag: str, media_type: str = "image/png") -> Any:
    return client.put(f"{PATH}/logo", files={"file": ("logo.png", data, media_type)},
                      headers=bearer(key) | {"If-Match": etag})


def test_settings_start_from_the_environment_and_only_admins_change_them(
        client: TestClient, keys: dict[Role, str]) -> None:
    admin = keys[Role.ADMIN]
    first = client.get(PATH, headers=bearer(keys[Role.READER]))
    assert first.status_code == 200 and first.json()["revision"] == 0 and first.json()["name"] is None
    assert first.json()["formats"]["de"] == {"date": "d. MMMM y", "number": "1.234,56"}
    etag = first.headers["etag"]
    refused = put(client, keys[Role.CONTRACT_MANAGER], SETTINGS, etag)
    assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    assert put(client, admin, SETTINGS, None).status_code == 428
    assert put(client, admin, SETTINGS, '"organisation-7"').status_code == 412
    saved = put(client, admin, SETTINGS, etag)
    assert saved.status_code == 200, saved.text
    assert saved.json()["revision"] == 1 and saved.json()["address_lines"] == SETTINGS["address_lines"]
    assert saved.json()["updated_by"] and saved.headers["etag"] != etag
    # The second of two admins who read revision 0 does not undo the first one's change.
    stale = put(client, admin, SETTINGS | {"name": "Someone Else Ltd"}, etag)
    assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
    assert client.get(PATH, headers=bearer(admin)).json()["name"] == SETTINGS["name"]


def test_bad_settings_are_refused_with_a_problem(client: TestClient, keys: dict[Role, str]) -> None:
    admin = keys[Role.ADMIN]
    etag = client.get(PATH, headers=bearer(admin)).headers["etag"]
    for formats in ({"en": {"date": "HH:mm", "number": "1,234.56"}},  # a time, no date
                    {"en": {"date": "MMMM y", "number": "1,234.56"}},  # no day
                    {"de": {"date": "dd.MM.yyyy", "number": "1_234"}},  # unknown number style
                    {"de": {"date": "d. MMMM y"}}):  # number style missing
        r = put(client, admin, {"formats": formats}, etag)
        assert r.status_code == 422, (formats, r.text)
        assert r.headers["content-type"] == "application/problem+json"
    assert put(client, admin, {"address_lines": ["x"] * 9}, etag).status_code == 422
    assert put(client, admin, {"name": "a\x00b"}, etag).status_code == 422
    assert put(client, admin, {"colour": "red"}, etag).status_code == 422
    assert client.get(PATH, headers=bearer(admin)).json()["revision"] == 0  # nothing was saved


def test_logo_is_decoded_before_it_is_accepted(client: TestClient, keys: dict[Role, str]) -> None:
    admin = keys[Role.ADMIN]
    etag = client.get(PATH, headers=bearer(admin)).headers["etag"]
    image = png()
    for bad in (b"%PDF-1.4 not an image", image[: len(image) // 2], b"GIF89a" + b"\0" * 40):
        r = upload_logo(client, admin, bad, etag)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json"
    huge = upload_logo(client, admin, image + b"\0" * (600 * 1024), etag)
    assert huge.status_code == 413
    assert upload_logo(client, keys[Role.COORDINATOR], image, etag).status_code == 403
    assert client.get(f"{PATH}/logo", headers=bearer(admin)).status_code == 404
    saved = upload_logo(client, admin, image, etag)
    assert saved.status_code == 200, saved.text
    assert saved.json()["logo"]["media_type"] == "image/png"
    got = client.get(f"{PATH}/logo", headers=bearer(keys[Role.READER]))
    assert got.status_code == 200 and got.content == image and got.headers["content-type"] == "image/png"
    assert upload_logo(client, admin, image, etag).status_code == 412  # etag of revision 0 is stale now
    removed = client.delete(f"{PATH}/logo", headers=bearer(admin) | {"If-Match": saved.headers["etag"]})
    assert removed.status_code == 200 and removed.json()["logo"] is None


def test_letter_uses_the_settings_and_the_customer_address(client: TestClient, keys: dict[Role, str],
                                                           priced: str) -> None:  # noqa: F811
    admin, manager = keys[Role.ADMIN], keys[Role.CONTRACT_MANAGER]
    coordinator = bearer(keys[Role.COORDINATOR])
    etag = client.get(PATH, headers=bearer(admin)).headers["etag"]
    saved = put(client, admin, SETTINGS, etag)
    assert upload_logo(client, admin, png(), saved.headers["etag"]).status_code == 200
    customer = client.get("/v1/customers", params={"name": "Smith"}, headers=bearer(admin)).json()["items"][0]
    bad = client.put(f"/v1/customers/{customer['id']}/address", json={"address_lines": ["a\x07"]},
                     headers=bearer(manager))
    assert bad.status_code == 422
    assert client.put(f"/v1/customers/{customer['id']}/address", json={"address_lines": ["1 Mill Lane"]},
                      headers=coordinator).status_code == 403
    address = client.put(f"/v1/customers/{customer['id']}/address", headers=bearer(manager),
                         json={"address_lines": ["Unit 4, Mill Lane", "Leeds LS1 4AB"]})
    assert address.status_code == 200 and address.json()["address_lines"] == ["Unit 4, Mill Lane", "Leeds LS1 4AB"]
    review = client.post(f"/v1/contracts/{priced}/price-reviews", headers=coordinator,
                         json={"review_date": "2025-07-01", "percent": "3"})
    assert review.status_code == 201, review.text
    letter = client.post(f"/v1/price-reviews/{review.json()['id']}/letter", headers=coordinator)
    assert letter.status_code == 201, letter.text
    data = download(client, keys[Role.COORDINATOR], letter.json())
    text = document_text(data)
    assert SETTINGS["name"] in text and "Hafenstraße 12" in text and "20457 Hamburg" in text
    assert "Dana Schulz, Head of Accounts" in text
    assert "1 Jul 2025" in text and "1 July 2025" not in text  # the configured date format
    assert "£1.287,50" in text  # 1250 × 1.03 in the configured number style
    lines = text.splitlines()
    at = lines.index(CUSTOMER)
    assert lines[at + 1: at + 3] == ["Unit 4, Mill Lane", "Leeds LS1 4AB"]  # under the customer's name
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert any(name.startswith("word/media/") for name in package.namelist())  # the logo
        assert b"docsvc:organisation-logo" not in package.read("word/header1.xml")
    german = client.post(f"/v1/price-reviews/{review.json()['id']}/letter", json={"language": "de"},
                         headers=coordinator)
    german_text = document_text(download(client, keys[Role.COORDINATOR], german.json()))
    assert "01.07.2025" in german_text and "1\u00a0287,50\u00a0£" in german_text
    cr = client.post(f"/v1/contracts/{priced}/change-requests", headers=coordinator, json={
        "title": "More printers", "implementation_date": "2026-12-06",
        "items": [{"service": "Managed print", "site": "Leeds", "quantity": 2,
                   "description": "Maintenance of 2 additional printers"}]})
    assert cr.status_code == 201, cr.text
    form = client.post(f"/v1/change-requests/{cr.json()['id']}/form", headers=coordinator)
    assert form.status_code == 201, form.text
    form_text = document_text(download(client, keys[Role.COORDINATOR], form.json()))
    assert f"Customer | {CUSTOMER}" in form_text
    assert "Customer address | Unit 4, Mill Lane, Leeds LS1 4AB" in form_text  # the row under the name
    assert "6 Dec 2026" in form_text and SETTINGS["name"] in form_text


def test_letter_prints_the_address_from_the_contracts_party_block(client: TestClient, keys: dict[Role, str],
                                                                  tmp_path: Path) -> None:
    path = write_priced_contract(tmp_path / "mps.docx", supplier="Acme Print", customer="Bolt Brothers Ltd")
    document = docx.Document(str(path))
    preamble = next(p for p in document.paragraphs if p.text.startswith("This Agreement is made"))
    preamble.text = ('This Agreement is made on 2 May 2024 between Acme Print Limited, a company registered in '
                     'England (the "Supplier"), and Bolt Brothers Ltd, whose registered office is at 9 Canal '
                     'Street, Manchester M1 3HE (the "Customer").')
    document.save(str(path))
    contract = ingest(client, keys[Role.CONTRACT_MANAGER], path, customer="Bolt Brothers")
    coordinator = bearer(keys[Role.COORDINATOR])
    # An address entered on the customer record does not override the contract's own party block.
    customer = client.get("/v1/customers", params={"name": "Bolt"}, headers=coordinator).json()["items"][0]
    assert client.put(f"/v1/customers/{customer['id']}/address", json={"address_lines": ["PO Box 1"]},
                      headers=bearer(keys[Role.CONTRACT_MANAGER])).status_code == 200
    review = client.post(f"/v1/contracts/{contract}/price-reviews", headers=coordinator,
                         json={"review_date": "2025-07-01", "percent": "2"})
    assert review.status_code == 201, review.text
    letter = client.post(f"/v1/price-reviews/{review.json()['id']}/letter", headers=coordinator)
    assert letter.status_code == 201, letter.text
    lines = document_text(download(client, keys[Role.COORDINATOR], letter.json())).splitlines()
    at = lines.index("Bolt Brothers Ltd")
    assert lines[at + 1: at + 3] == ["9 Canal Street", "Manchester M1 3HE"]
    assert "PO Box 1" not in lines
    # A reviewer corrects the extracted address like any other value of the party row.
    manager = bearer(keys[Role.CONTRACT_MANAGER])
    rows = client.get(f"/v1/contracts/{contract}/parties", headers=manager)
    party = next(p for p in rows.json() if p["name"] == "Bolt Brothers Ltd")
    assert party["address"] == "9 Canal Street\nManchester M1 3HE"
    etag = client.get(f"/v1/contracts/{contract}", headers=manager).headers["etag"]
    corrected = client.patch(f"/v1/contracts/{contract}/parties/{party['id']}", headers=manager | {
        "If-Match": etag}, json={"action": "correct", "value": {"address": "10 Canal Street\nM1 3HE"}})
    assert corrected.status_code == 200, corrected.text
    letter = client.post(f"/v1/price-reviews/{review.json()['id']}/letter", headers=coordinator)
    lines = document_text(download(client, keys[Role.COORDINATOR], letter.json())).splitlines()
    assert lines[lines.index("Bolt Brothers Ltd") + 1: lines.index("Bolt Brothers Ltd") + 3] == [
        "10 Canal Street", "M1 3HE"]
