"""Customer and supplier from what two parties do, when their defined terms ("Halvard", "the Company") carry no
role (issue 11, class 9: most real contracts left both parties ``other``). Sentences written for this test."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.parties.parties import extract_parties
from tests.fixtures.contexts import make_context


def _roles(paragraphs: list[str], **kw: Any) -> dict[str, str]:
    ctx = make_context(paragraphs, headings=paragraphs[:1], **kw)
    return {p["name"]: p["role"] for p in extract_parties(ctx, {}).get("parties", [])}


PREAMBLE = ("This Agreement is made on 3 March 2025 between Halvard Systems Ltd (\"Halvard\") and Brenmoor Retail plc "
            "(\"Brenmoor\").")


def test_the_party_that_delivers_and_is_paid_is_the_supplier() -> None:
    assert _roles([
        "SERVICES AGREEMENT", PREAMBLE,
        "Halvard shall provide the Services described in Schedule 1 from the Start Date.",
        "Brenmoor shall pay each invoice within thirty days of receipt.",
        "All fees are payable to Halvard in pounds sterling.",
    ]) == {"Halvard Systems Ltd": "supplier", "Brenmoor Retail plc": "customer"}


def test_an_appointed_distributor_buys_and_an_appointed_agent_serves() -> None:
    distributor = _roles([
        "DISTRIBUTION AGREEMENT", PREAMBLE,
        "Halvard hereby appoints Brenmoor as its exclusive distributor of the Products in Ireland.",
        "Brenmoor shall purchase the Products from Halvard at the prices in Exhibit B.",
    ])
    assert distributor == {"Halvard Systems Ltd": "supplier", "Brenmoor Retail plc": "customer"}
    agent = _roles([
        "AGENCY AGREEMENT", PREAMBLE,
        "Brenmoor hereby appoints Halvard as its sales agent for the Territory.",
        "Brenmoor shall pay Halvard a commission of 5% of net sales.",
    ])
    assert agent == {"Halvard Systems Ltd": "supplier", "Brenmoor Retail plc": "customer"}


def test_german_conduct() -> None:
    roles = _roles([
        "DIENSTLEISTUNGSVERTRAG",
        "Zwischen der Aldrahn Informatik GmbH (\"Aldrahn\") und der Kessel & Sohn KG (\"Kessel\") wird folgender "
        "Vertrag geschlossen.",
        "Aldrahn erbringt die Betriebsleistungen gemäß Anlage 1.",
        "Kessel verpflichtet sich zur Zahlung der monatlichen Vergütung.",
        "Kessel zahlt an Aldrahn innerhalb von 14 Tagen.",
    ], language="de")
    assert roles == {"Aldrahn Informatik GmbH": "supplier", "Kessel & Sohn KG": "customer"}


def test_partners_who_both_deliver_and_pay_stay_other() -> None:
    assert set(_roles([
        "JOINT VENTURE AGREEMENT", PREAMBLE,
        "Halvard shall provide engineering staff and Brenmoor shall provide retail space.",
        "Halvard shall pay half of the launch costs.",
        "Brenmoor shall pay the other half of the launch costs.",
    ]).values()) == {"other"}


def test_negated_acts_and_a_silent_party_decide_nothing() -> None:
    assert set(_roles([
        "COOPERATION AGREEMENT", PREAMBLE,
        "Halvard shall not sell the Products outside the Territory.",
        "Halvard shall not provide the Products to competitors of Brenmoor.",
        "Halvard shall provide quarterly reports.",
    ]).values()) == {"other"}
