"""The contract page shows its lineage (both directions) and the parties in force on a chosen date, as
GET /v1/contracts/{id}/lineage?on= answers."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from docsvc.db import transaction
from docsvc.models import Contract, ContractParty, NovationLink, Role
from docsvc.runtime import Runtime
from tests.service.conftest import bearer
from tests.ui.conftest import sign_in


def _parties(html: str) -> list[str]:
    section = html[html.index('id="parties-on"'):]
    return re.findall(r"<li>([^<]+?) <span", section[:section.index("</ul>")])


def test_lineage_and_parties_on_a_date(client: TestClient, runtime: Runtime, keys: dict[Role, str]) -> None:
    with transaction(runtime.sessions) as session:
        original, novation = Contract(title="MSA 2022"), Contract(title="Novation 2025")
        session.add_all([original, novation])
        session.flush()
        # Acme supplied until the novation took effect on 2025-04-01; Beacon supplies from then on.
        session.add_all([
            ContractParty(contract_id=original.id, name="Smith & Sons Ltd", role="customer"),
            ContractParty(contract_id=original.id, name="Acme Print Ltd", role="supplier",
                          valid_to=dt.date(2025, 4, 1)),
            ContractParty(contract_id=original.id, name="Beacon Print GmbH", role="supplier",
                          valid_from=dt.date(2025, 4, 1)),
            NovationLink(parent_contract_id=original.id, child_contract_id=novation.id, kind="novation",
                         effective_date=dt.date(2025, 4, 1), transferor="Acme Print Ltd",
                         transferee="Beacon Print GmbH", proposed=True)])
        ids = {"original": str(original.id), "novation": str(novation.id)}
    assert sign_in(client, api_key=keys[Role.ADMIN]) == 303  # the bootstrap sign-in
    before = client.get(f"/ui/contracts/{ids['original']}", params={"on": "2025-03-31"})
    assert before.status_code == 200
    assert sorted(_parties(before.text)) == sorted(["Smith &amp; Sons Ltd", "Acme Print Ltd"])
    after = client.get(f"/ui/contracts/{ids['original']}", params={"on": "2025-04-01"}).text
    assert sorted(_parties(after)) == sorted(["Smith &amp; Sons Ltd", "Beacon Print GmbH"])
    api = client.get(f"/v1/contracts/{ids['original']}/lineage", params={"on": "2025-04-01"},
                     headers=bearer(keys[Role.READER])).json()
    assert sorted(p["name"] for p in api["parties"]) == ["Beacon Print GmbH", "Smith & Sons Ltd"]
    lineage = after[after.index('id="lineage"'):after.index('id="parties-on"')]
    assert f'/ui/contracts/{ids["novation"]}' in lineage and "2025-04-01" in lineage and "proposed" in lineage
    child = client.get(f"/ui/contracts/{ids['novation']}").text
    assert f'/ui/contracts/{ids["original"]}' in child[child.index('id="lineage"'):]
    assert 'value="2025-04-01"' in after and '<label for="lineage-on">' in after
    assert client.get(f"/ui/contracts/{ids['original']}", params={"on": "31.03.2025x"}).status_code in (400, 422)
