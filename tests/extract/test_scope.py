"""Scope lists under scope headings and scope sentences, English and German."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.document.scope import extract_scope, sites_in
from tests.fixtures.contexts import make_context


def _scope(paragraphs: list[str], language: str = "en", headings: tuple[str, ...] = (),
           pdf: bool = True) -> dict[str, Any]:
    return extract_scope(make_context(paragraphs, language=language, headings=headings, pdf=pdf), {}).get("scope", {})


def test_english_lists_under_plain_paragraph_headings() -> None:
    scope = _scope([
        "2. Services in scope",
        "• supply and installation of the Fleet Devices listed in the Fleet Register;",
        "• desk-side support at the Galway and Athlone sites; and",
        "3. Services out of scope",
        "• supply of paper, labels or other print media;",
        "The Customer shall pay the Charges.",
        "• this bullet belongs to no scope list.",
    ])
    assert [i["text"] for i in scope["in_scope"]] == [
        "supply and installation of the Fleet Devices listed in the Fleet Register",
        "desk-side support at the Galway and Athlone sites",
    ]
    assert scope["in_scope"][1]["sites"] == ["Galway", "Athlone"]
    assert [i["text"] for i in scope["out_of_scope"]] == ["supply of paper, labels or other print media"]
    assert scope["in_scope"][0]["evidence"]["page"] == 1 and scope["in_scope"][0]["confidence"] >= 0.8


def test_german_heading_blocks_end_lists() -> None:
    scope = _scope([
        "2. Leistungsumfang",
        "- Service Desk (1st Level) für Anwender per Telefon und E-Mail;",
        "3. Nicht enthaltene Leistungen",
        "- Betreuung von Maschinensteuerungen und Produktionsnetzen (OT);",
        "4. Servicezeit",
        "- Montag bis Freitag",
    ], language="de", headings=("2. Leistungsumfang", "3. Nicht enthaltene Leistungen", "4. Servicezeit"),
        pdf=False)
    assert [i["text"] for i in scope["in_scope"]] == ["Service Desk (1st Level) für Anwender per Telefon und E-Mail"]
    out = [i["text"] for i in scope["out_of_scope"]]
    assert out == ["Betreuung von Maschinensteuerungen und Produktionsnetzen (OT)"]
    assert scope["out_of_scope"][0]["evidence"]["paragraph"] == 3


def test_scope_sentences() -> None:
    scope = _scope([
        "The Services include the hosting, monitoring and patching of the Customer's web servers.",
        "Application development and data migration are excluded from the Services.",
        "Unavailability does not include scheduled maintenance.",
    ])
    assert [i["text"][:25] for i in scope["in_scope"]] == ["The Services include the "]
    assert [i["text"][:25] for i in scope["out_of_scope"]] == ["Application development a"]
    assert scope["out_of_scope"][0]["confidence"] < 0.8


def test_no_scope() -> None:
    assert _scope(["This Agreement is governed by the laws of England."]) == {}


def test_sites() -> None:
    assert sites_in("an den Standorten Lauf an der Pegnitz und Hersbruck") == ["Lauf an der Pegnitz", "Hersbruck"]
    assert sites_in("remote support for home workers") == []


def test_numbered_subsections_of_a_scope_section_are_scope_elements() -> None:
    scope = _scope([
        "2 Leistungsumfang",
        "2.1 Standortanschlüsse",
        "NetzKontor stellt für jeden beauftragten Standort einen Zugang bereit.",
        "2.2 Kundenendgeräte (CPE)",
        "NetzKontor stellt je Standort einen Router zur Verfügung.",
        "3 Mitwirkungsleistungen des Kunden",
        "3.1 Stromversorgung",
    ], language="de", headings=("2 Leistungsumfang", "2.1 Standortanschlüsse", "2.2 Kundenendgeräte (CPE)",
                                "3 Mitwirkungsleistungen des Kunden", "3.1 Stromversorgung"))
    assert [(i["text"], i["service"]) for i in scope["in_scope"]] == [
        ("Standortanschlüsse", "Standortanschlüsse"), ("Kundenendgeräte (CPE)", "Kundenendgeräte (CPE)"),
    ]
    assert scope["out_of_scope"] == []


def test_lead_in_sentence_opens_a_scope_list() -> None:
    scope = _scope([
        "6.1 The Maintenance Services shall not include:",
        "(a) repair of damage caused by misuse;",
        "(b) relocation of the equipment.",
        "6.2 The Supplier shall keep records.",
    ])
    assert [i["text"] for i in scope["out_of_scope"]] == ["repair of damage caused by misuse",
                                                          "relocation of the equipment"]
