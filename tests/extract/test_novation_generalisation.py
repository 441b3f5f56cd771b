"""Novations worded unlike the dev set: outgoing/incoming/remaining party, assignment and assumption with
consent, US federal novation agreements, German Alt-/Neu-/Restpartei and "bisheriger/neuer Auftragnehmer",
dates placed before the verb; and ordinary contracts with an assignment clause, which are no novation."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.document.doctype import extract_doctype
from docsvc.extract.extractors.parties.novation import extract_novation
from docsvc.extract.extractors.parties.parties import extract_parties
from tests.fixtures.contexts import make_context


def _run(paragraphs: list[str], language: str = "en") -> tuple[dict[str, Any] | None, str]:
    ctx = make_context(paragraphs, language=language, headings=paragraphs[:1])
    found: dict[str, Any] = dict(extract_parties(ctx, {}))
    found.update(extract_novation(ctx, found))
    doc_type = extract_doctype(ctx, found)["document_type"]["value"]
    novation = found.get("novation")
    return (novation["value"] if novation else None), doc_type


def test_outgoing_incoming_remaining_party() -> None:
    novation, doc_type = _run([
        "NOVATION AGREEMENT",
        'This Novation Agreement is made on 10 January 2024 between: (1) Osprey Telecom Limited, a company '
        'registered in England (the "Outgoing Party"); (2) Kittiwake Networks Limited, a company registered in '
        'Scotland (the "Incoming Party"); and (3) Fenland District Council (the "Remaining Party").',
        "With effect from 1 February 2024 the Incoming Party shall assume all obligations of the Outgoing Party.",
    ])
    assert doc_type == "novation"
    assert novation is not None
    assert (novation["transferor"], novation["transferee"], novation["remaining_party"]) == (
        "Osprey Telecom Limited", "Kittiwake Networks Limited", "Fenland District Council")
    assert novation["effective_date"] == "2024-02-01"


def test_assignment_and_assumption_with_consenting_customer() -> None:
    novation, doc_type = _run([
        "ASSIGNMENT AND ASSUMPTION AGREEMENT",
        "This Assignment and Assumption Agreement is entered into as of June 30, 2022 by and among Redwood "
        'Hosting, Inc., a Delaware corporation ("Assignor"), Sequoia Cloud LLC, a Nevada limited liability company '
        '("Assignee"), and Pinecrest Medical Group, P.C. ("Customer").',
        'Assignor and Customer are parties to that certain Master Services Agreement dated as of March 1, 2018 (the '
        '"Services Agreement").',
        "The assignment shall become effective on July 1, 2022.",
    ])
    assert doc_type == "novation"
    assert novation is not None
    assert novation["remaining_party"] == "Pinecrest Medical Group"
    assert novation["effective_date"] == "2022-07-01"
    assert novation["original_agreement"] == {"title": "Master Services Agreement", "date": "2018-03-01"}


def test_us_federal_novation_agreement_government_remains() -> None:
    novation, _ = _run([
        "NOVATION AGREEMENT",
        "Alder Systems Corp. (Transferor), a corporation duly organized and existing under the laws of Virginia; "
        "Birch Federal Solutions, Inc. (Transferee), a corporation duly organized and existing under the laws of "
        "Maryland; and the United States of America (Government) enter into this Agreement effective March 1, 2023.",
    ])
    assert novation is not None
    assert novation["remaining_party"] == "United States of America"
    assert novation["effective_date"] == "2023-03-01"


def test_german_bisheriger_and_neuer_auftragnehmer_date_before_verb() -> None:
    novation, doc_type = _run([
        "Vereinbarung über die Übertragung eines Vertrages",
        "Zwischen der Alpha Systemhaus GmbH, Köln – nachfolgend „bisheriger Auftragnehmer“ –, der Beta Services "
        "GmbH, Bonn – nachfolgend „neuer Auftragnehmer“ – und der Stadtwerke Gamma GmbH – nachfolgend "
        "„Auftraggeber“ – wird Folgendes vereinbart:",
        "Die Vertragsübernahme wird zum 01.07.2024 wirksam.",
    ], language="de")
    assert doc_type == "novation"
    assert novation == {
        "transferor": "Alpha Systemhaus GmbH",
        "transferee": "Beta Services GmbH",
        "remaining_party": "Stadtwerke Gamma GmbH",
        "effective_date": "2024-07-01",
    }


def test_german_alt_neu_restpartei() -> None:
    novation, _ = _run([
        "Vertragsübernahmevereinbarung",
        "zwischen der Delta IT GmbH (nachfolgend „Altpartei“), der Epsilon Cloud AG (nachfolgend „Neupartei“) und "
        "der Zeta Logistik GmbH (nachfolgend „Restpartei“).",
        "Die Neupartei tritt mit Wirkung zum 1. Oktober 2024 an die Stelle der Altpartei in den Servicevertrag vom "
        "3. März 2021 ein.",
    ], language="de")
    assert novation is not None
    assert (novation["transferor"], novation["transferee"], novation["remaining_party"]) == (
        "Delta IT GmbH", "Epsilon Cloud AG", "Zeta Logistik GmbH")
    assert novation["effective_date"] == "2024-10-01"
    assert novation["original_agreement"] == {"title": "Servicevertrag", "date": "2021-03-03"}


def test_assignment_clause_in_an_ordinary_contract_is_no_novation() -> None:
    novation, doc_type = _run([
        "MASTER SERVICES AGREEMENT",
        'This Master Services Agreement is made between Acme Ltd ("Supplier") and Beta plc ("Customer").',
        "14. ASSIGNMENT AND NOVATION",
        "14.1 Neither party may assign or novate this Agreement without consent. Any permitted transferee shall be "
        "bound with effect from 1 January 2025.",
    ])
    assert novation is None
    assert doc_type == "contract"


def test_vertragsuebernahme_clause_in_a_german_contract_is_no_novation() -> None:
    novation, doc_type = _run([
        "Dienstleistungsvertrag",
        "zwischen", "Alpha GmbH", "Musterweg 1, 10115 Berlin", "– nachfolgend „Kunde“ genannt –", "und", "Beta AG",
        "– nachfolgend „Dienstleister“ genannt –",
        "§ 12 Vertragsübernahme",
        "Der Dienstleister darf den Vertrag nur mit Zustimmung auf einen Dritten übertragen; dies wird mit Zugang "
        "der Zustimmung wirksam.",
    ], language="de")
    assert novation is None
    assert doc_type == "contract"


def _run_table(paragraphs: list[str], rows: list[list[str]], language: str = "en") -> dict[str, Any] | None:
    ctx = make_context(paragraphs, [rows], language=language, headings=paragraphs[:1])
    found: dict[str, Any] = dict(extract_parties(ctx, {}))
    novation = extract_novation(ctx, found).get("novation")
    return novation["value"] if novation else None


def test_cover_table_with_outgoing_and_incoming_supplier_and_novation_date_row() -> None:
    novation = _run_table(["DEED OF NOVATION", "This deed is made between the parties set out below."], [
        ["Outgoing Supplier", "Ashdown Print Services Ltd"],
        ["Incoming Supplier", "Blackmore Document Solutions Ltd"],
        ["Customer", "Canterbury Housing Trust"],
        ["Novation Date", "1 June 2023"],
    ])
    assert novation == {
        "transferor": "Ashdown Print Services Ltd",
        "transferee": "Blackmore Document Solutions Ltd",
        "remaining_party": "Canterbury Housing Trust",
        "effective_date": "2023-06-01",
    }


def test_german_cover_table_with_stichtag_row() -> None:
    novation = _run_table(["Vertragsübernahmevereinbarung", "Die Parteien vereinbaren Folgendes."], [
        ["Übertragende Partei", "Delta IT GmbH"],
        ["Übernehmende Partei", "Epsilon Cloud AG"],
        ["Verbleibende Partei", "Zeta Logistik GmbH"],
        ["Übertragungsstichtag", "01.10.2024"],
    ], language="de")
    assert novation is not None
    assert novation["transferee"] == "Epsilon Cloud AG"
    assert novation["effective_date"] == "2024-10-01"
