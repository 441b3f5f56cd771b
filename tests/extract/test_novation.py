"""Novation roles, transfer date and original agreement (deed of novation, Vertragsübernahme)."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.parties.novation import extract_novation
from docsvc.extract.extractors.parties.parties import extract_parties
from tests.fixtures.contexts import make_context

DEED = [
    "DEED OF NOVATION",
    "THIS DEED is dated 28 February 2025",
    "PARTIES",
    "(1) TAMARISK OFFICE SYSTEMS LIMITED incorporated and registered in England and Wales with company number "
    "05561234 whose registered office is at 7 Mill Lane, Reading RG1 6DQ (the “Transferor”);",
    "(2) GREYFRIARS DOCUMENT SERVICES LIMITED incorporated and registered in England and Wales with company number "
    "11098765 (the “Transferee”); and",
    "(3) CARDEW BUILDING SOCIETY, a building society incorporated under the Building Societies Act 1986 (the "
    "“Customer”, also referred to as the “Continuing Party”).",
    "BACKGROUND",
    "(A) The Customer and the Transferor are parties to an agreement for the provision of managed print services "
    "dated 2 October 2020 (the “Contract”).",
    "1.1 In this deed, “Novation Date” means 1 March 2025.",
    "2.1 With effect on and from the Novation Date the Transferee shall perform the Contract.",
]


def _novation(paragraphs: list[str], language: str = "en", **kw: Any) -> dict[str, Any] | None:
    ctx = make_context(paragraphs, language=language, **kw)
    found = extract_parties(ctx, {})
    return extract_novation(ctx, found).get("novation")


def test_english_deed_of_novation() -> None:
    novation = _novation(DEED, headings=["DEED OF NOVATION", "PARTIES", "BACKGROUND"])
    assert novation is not None
    assert novation["value"] == {
        "transferor": "TAMARISK OFFICE SYSTEMS LIMITED",
        "transferee": "GREYFRIARS DOCUMENT SERVICES LIMITED",
        "remaining_party": "CARDEW BUILDING SOCIETY",
        "effective_date": "2025-03-01",
        "original_agreement": {
            "title": "agreement for the provision of managed print services",
            "date": "2020-10-02",
        },
    }
    assert novation["confidence"] >= 0.85
    assert "Novation Date" in novation["evidence"]["text"]


def test_german_vertragsuebernahme() -> None:
    novation = _novation([
        "Vertragsübernahmevereinbarung",
        "(dreiseitige Vereinbarung über die Übernahme des Hosting- und Betriebsvertrags vom 15.03.2021)",
        "zwischen",
        "1. der Kappler IT-Services GmbH, Donaustaufer Straße 378, 93055 Regensburg,",
        "– nachfolgend „übertragende Partei“ –",
        "2. der Orbis Rechenzentrum GmbH, Hanauer Landstraße 302, 60314 Frankfurt am Main,",
        "– nachfolgend „übernehmende Partei“ –",
        "und",
        "3. der Hofmeister Brauerei GmbH & Co. KG, Brauhausgasse 4, 93309 Kelheim,",
        "– nachfolgend „verbleibende Partei“ oder „Kunde“ –",
        "Präambel",
        "(A) Zwischen dem Kunden und der übertragenden Partei besteht der Hosting- und Betriebsvertrag vom 15.03.2021.",
        "1.1 Die übernehmende Partei tritt mit Wirkung zum 1. Januar 2025, 00:00 Uhr (nachfolgend "
        "„Wirksamkeitsdatum“), anstelle der übertragenden Partei in sämtliche Rechte und Pflichten ein.",
    ], language="de", pdf=False)
    assert novation is not None
    value = novation["value"]
    assert (value["transferor"], value["transferee"], value["remaining_party"]) == (
        "Kappler IT-Services GmbH", "Orbis Rechenzentrum GmbH", "Hofmeister Brauerei GmbH & Co. KG",
    )
    assert value["effective_date"] == "2025-01-01"
    assert value["original_agreement"] == {"title": "Hosting- und Betriebsvertrag", "date": "2021-03-15"}
    assert novation["evidence"]["paragraph"] == 12


def test_third_party_becomes_the_remaining_party() -> None:
    novation = _novation([
        "NOVATION AGREEMENT",
        'This Novation Agreement is made on 5 May 2024 between Oldco Services Ltd ("Outgoing Supplier"), Newco '
        'Services Ltd ("Incoming Supplier") and Retail Group plc ("Customer").',
        "The Incoming Supplier assumes the Master Services Agreement dated 1 June 2019 with effect from "
        "1 July 2024.",
    ])
    assert novation is not None
    assert novation["value"]["transferor"] == "Oldco Services Ltd"
    assert novation["value"]["transferee"] == "Newco Services Ltd"
    assert novation["value"]["remaining_party"] == "Retail Group plc"
    assert novation["value"]["effective_date"] == "2024-07-01"
    assert novation["value"]["original_agreement"] == {"title": "Master Services Agreement", "date": "2019-06-01"}


def test_ordinary_contract_with_a_novation_clause_is_no_novation() -> None:
    assert _novation([
        "MASTER SERVICES AGREEMENT",
        'This Agreement is made between Alpha Ltd ("Supplier") and Beta plc ("Customer").',
        "17. Assignment and novation",
        "17.1 Neither party may assign or novate this Agreement without the other party's consent.",
    ]) is None


def test_no_novation_date_from_the_original_agreement_date() -> None:
    novation = _novation([
        "Deed of Novation",
        'This deed is made between Alpha Ltd ("Transferor"), Beta Ltd ("Transferee") and Gamma plc ("Customer").',
        "The Transferor and the Customer are parties to a services agreement dated 3 March 2018 (the Contract).",
    ])
    assert novation is not None
    assert "effective_date" not in novation["value"]
    assert novation["value"]["original_agreement"]["date"] == "2018-03-03"


def test_german_old_and_new_contractor_and_a_public_customer() -> None:
    novation = _novation([
        "Vereinbarung über die Übertragung eines Vertrags (Vertragsübernahme)",
        "zwischen",
        "1. Alpha Systemhaus GmbH, Köln – nachfolgend „bisheriger Auftragnehmer“ –",
        "2. Beta IT Services GmbH, Bonn – nachfolgend „neuer Auftragnehmer“ –",
        "3. Gemeinde Musterdorf – nachfolgend „Auftraggeber“ –",
        "§ 1 Übernahme",
        "Der neue Auftragnehmer tritt mit Wirkung zum 01.07.2024 in den Wartungsvertrag vom 15.01.2019 ein.",
    ], language="de")
    assert novation is not None
    assert novation["value"] == {
        "transferor": "Alpha Systemhaus GmbH",
        "transferee": "Beta IT Services GmbH",
        "remaining_party": "Gemeinde Musterdorf",
        "effective_date": "2024-07-01",
        "original_agreement": {"title": "Wartungsvertrag", "date": "2019-01-15"},
    }
