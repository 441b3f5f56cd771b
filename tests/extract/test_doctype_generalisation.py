"""Document types from titles the dev sets do not contain: cloud and telecom SLAs, schedules titled "Service
Levels", change orders and notes, German ordinal Nachträge, order forms and Bestellscheine, B2B standard terms."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.document.doctype import classify, extract_doctype
from tests.fixtures.contexts import make_context


def _doc_type(paragraphs: list[str], language: str = "en") -> tuple[str, str | None]:
    out = extract_doctype(make_context(paragraphs, language=language, headings=paragraphs[:1]), {})
    title = out.get("title")
    return out["document_type"]["value"], (title["value"] if title else None)


@pytest.mark.parametrize(("paragraphs", "language", "expected"), [
    (["SERVICE LEVEL AGREEMENT FOR MICROSOFT ONLINE SERVICES", "This SLA applies to the Online Services."], "en",
     "sla"),
    (["Compute Engine Service Level Agreement (SLA)", "During the Term of the agreement ..."], "en", "sla"),
    (["Service Levels", "1. The Supplier shall meet the Service Levels set out below."], "en", "sla"),
    (["Service Level Commitments – Dedicated Internet Access", "Availability: 99.95 %"], "en", "sla"),
    (["Service-Level-Vereinbarung für Managed Firewall", "1. Verfügbarkeit"], "de", "sla"),
    (["Leistungsbeschreibung und Service Level Vereinbarung für Business Internet", "1. Verfügbarkeit"], "de",
     "sla"),
    (["Contract Change Note CCN-004", "This CCN varies the Contract as follows."], "en", "amendment"),
    (["CHANGE ORDER NO. 2", "This Change Order amends the Agreement."], "en", "amendment"),
    (["2. Nachtrag zum Rahmenvertrag IT-Betrieb", "§ 1 Gegenstand"], "de", "amendment"),
    (["Bestellschein Managed Print Services", "Kunde: Gärtnerei Blum GmbH"], "de", "order_form"),
    (["Service Order Form – Ethernet Private Line", "Customer: Harbour Cafe Ltd"], "en", "order_form"),
    (["General Terms and Conditions for Hosting Services", "1. Scope"], "en", "terms_of_service"),
    (["Standard Terms of Supply", "1. Definitions"], "en", "terms_of_service"),
    (["Allgemeine Vertragsbedingungen der Netzwerk Becker UG", "§ 1 Geltungsbereich"], "de", "terms_of_service"),
    (["Allgemeine Lieferbedingungen", "§ 1 Geltung"], "de", "terms_of_service"),
    (["Order Confirmation", "SLA: 99.9 % availability", "Customer: Harbour Cafe Ltd"], "en", "order_form"),
    (["Auftragsbestätigung Nr. 2024-118", "Service Level Agreement: Gold"], "de", "order_form"),
    (["Purchase Order No. 4500012345", "Vendor: Lakeshore Tech Services LLC"], "en", "order_form"),
    (["Work Order No. 12 under the Master Services Agreement"], "en", "order_form"),
    (["Einzelvertrag Nr. 3 zum Rahmenvertrag Netzbetrieb", "§ 1 Gegenstand"], "de", "order_form"),
    (["Supplemental Agreement No. 2", "This Supplemental Agreement modifies the Agreement."], "en", "amendment"),
    (["Ergänzung Nr. 1 zum Wartungsvertrag vom 01.03.2022", "§ 1 Änderungen"], "de", "amendment"),
])
def test_titles_of_unseen_document_kinds(paragraphs: list[str], language: str, expected: str) -> None:
    assert _doc_type(paragraphs, language)[0] == expected


def test_german_ordinal_amendment_title_is_read_whole() -> None:
    assert _doc_type(["2. Nachtrag zum Rahmenvertrag IT-Betrieb", "§ 1 Gegenstand"], "de") == (
        "amendment", "2. Nachtrag zum Rahmenvertrag IT-Betrieb")


@pytest.mark.parametrize(("title", "expected"), [
    ("AMENDED AND RESTATED MASTER SERVICES AGREEMENT", None),  # restated contract, not an amendment
    ("Change Management Procedure", None),
    ("Service Level Management Process", None),
    ("Managed Services Agreement", None),
    ("Dienstleistungsvertrag über den Betrieb der IT-Infrastruktur", None),
    ("Ergänzende Vertragsbedingungen für die Erbringung von IT-Dienstleistungen (EVB-IT Dienstleistung)", None),
])
def test_titles_that_stay_contracts(title: str, expected: str | None) -> None:
    assert classify(title) == expected


def test_numbered_clause_heading_is_not_a_title() -> None:
    # A body heading such as "2. Nachtrag" without "zum ..." stays a clause, so the preamble names the document.
    doc_type, title = _doc_type([
        "1. Leistungen", "2. Nachträge", 'Dieser Wartungsvertrag (der "Vertrag") regelt die Wartung.'
    ], "de")
    assert (doc_type, title) == ("contract", "Wartungsvertrag")


def _with_sla(paragraphs: list[str], n_sla: int, language: str = "de") -> str:
    ctx = make_context(paragraphs, language=language, headings=paragraphs[:1])
    sla = [{"metric": "availability"}] * n_sla
    return str(extract_doctype(ctx, {"sla": sla})["document_type"]["value"])


def test_service_description_made_of_service_levels_is_an_sla() -> None:
    assert _with_sla(["Leistungsbeschreibung Business Connect", "1. Verfügbarkeit"], 3) == "sla"
    assert _with_sla(["Service Description – Managed SD-WAN", "1. Availability"], 2, "en") == "sla"
    # Without service levels a service description is part of an ordinary contract.
    assert _with_sla(["Leistungsbeschreibung Business Connect", "1. Leistungsumfang"], 0) == "contract"
