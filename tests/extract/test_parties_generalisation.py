"""Parties in wordings the dev sets do not contain: public-sector buyers, order-form labels, German person and
partnership names, British "of the one part" preambles, one-paragraph German party blocks, negative cases."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.parties.names import clean_name, role_for_term
from docsvc.extract.extractors.parties.parties import extract_parties
from tests.fixtures.contexts import make_context


def _summary(paragraphs: list[str], tables: list[list[list[str]]] = (), **kw: Any) -> list[tuple[str, str, str | None]]:
    parties = extract_parties(make_context(paragraphs, tables, **kw), {}).get("parties", [])
    return [(p["name"], p["role"], p["defined_as"]) for p in parties]


def test_us_carrier_and_subscriber_with_hereinafter_referred_to_as() -> None:
    assert _summary([
        'THIS TELECOMMUNICATIONS SERVICES AGREEMENT (the "Agreement") dated as of March 3, 2021 is by and between '
        "MIDWEST FIBER COMMUNICATIONS, L.L.C., a Kansas limited liability company (hereinafter referred to as "
        '"Carrier"), and PRAIRIE HOSPITAL ASSOCIATION, INC., a Kansas not-for-profit corporation (hereinafter '
        'referred to as "Subscriber").'
    ]) == [
        ("MIDWEST FIBER COMMUNICATIONS, L.L.C.", "supplier", "Carrier"),
        ("PRAIRIE HOSPITAL ASSOCIATION, INC.", "customer", "Subscriber"),
    ]


def test_uk_public_body_in_capitals_with_lower_case_of_address() -> None:
    assert _summary([
        "THIS AGREEMENT is made on 5 May 2023",
        "BETWEEN:",
        '(1) HARBOUR NETWORKS LIMITED (company number 01234567) whose registered office is at 1 Quay Street, Bristol '
        '("Supplier"); and',
        '(2) THE MAYOR AND BURGESSES OF THE LONDON BOROUGH OF EXAMPLE of Town Hall, High Street ("Customer").',
    ]) == [
        ("HARBOUR NETWORKS LIMITED", "supplier", "Supplier"),
        ("THE MAYOR AND BURGESSES OF THE LONDON BOROUGH OF EXAMPLE", "customer", "Customer"),
    ]


def test_british_of_the_one_part_with_the_inside_quotes() -> None:
    assert _summary([
        "THIS AGREEMENT is made the 3rd day of March 2022 BETWEEN Greenwich Telecom Limited (registered in England "
        'under number 3456789) whose registered office is at 2 Dock Road, London E16 ("the Supplier") of the one '
        'part and Thames Water Holdings Limited ("the Customer") of the other part.'
    ]) == [
        ("Greenwich Telecom Limited", "supplier", "Supplier"),
        ("Thames Water Holdings Limited", "customer", "Customer"),
    ]


def test_call_off_contract_buyer_is_a_secretary_of_state() -> None:
    assert _summary([
        'This Call-Off Contract is made between the Secretary of State for Health and Social Care (the "Buyer") and '
        'Nimbus Hosting Ltd (the "Supplier").'
    ]) == [
        ("Secretary of State for Health and Social Care", "customer", "Buyer"),
        ("Nimbus Hosting Ltd", "supplier", "Supplier"),
    ]


def test_order_form_table_with_from_the_buyer_to_the_supplier_labels() -> None:
    rows = [
        ["Call-Off Contract reference", "CO-2024-17"],
        ["From the Buyer", "Department for Transport"],
        ["To the Supplier", "Nimbus Hosting Ltd, 10 Long Acre, London"],
    ]
    assert _summary(["CALL-OFF CONTRACT"], [rows]) == [
        ("Department for Transport", "customer", "Buyer"),
        ("Nimbus Hosting Ltd", "supplier", "Supplier"),
    ]


def test_german_public_buyer_in_header_table() -> None:
    rows = [["Auftraggeber", "Auftragnehmer"], ["Landeshauptstadt Düsseldorf", "Rheinland IT GmbH"]]
    assert _summary(["EVB-IT Dienstleistungsvertrag"], [rows], language="de") == [
        ("Landeshauptstadt Düsseldorf", "customer", "Auftraggeber"),
        ("Rheinland IT GmbH", "supplier", "Auftragnehmer"),
    ]


def test_german_label_lines_public_body_and_partnership() -> None:
    assert _summary([
        "Vertragspartner",
        "Auftraggeber: Kreisverwaltung Rhein-Hunsrück-Kreis",
        "Auftragnehmer: Printservice Mosel GmbH & Co. KG",
    ], language="de") == [
        ("Kreisverwaltung Rhein-Hunsrück-Kreis", "customer", "Auftraggeber"),
        ("Printservice Mosel GmbH & Co. KG", "supplier", "Auftragnehmer"),
    ]


def test_german_party_paragraph_with_alias_on_the_next_line() -> None:
    # Name, representation and address fill one paragraph; the alias stands alone below it.
    assert _summary([
        "Vertrag über die Bereitstellung von Rechenzentrumsleistungen",
        "Die Bundesrepublik Deutschland, vertreten durch das Bundesministerium des Innern, dieses vertreten durch das "
        "Beschaffungsamt,",
        "(im Folgenden: Auftraggeber)",
        "und",
        "die DataHub Rechenzentren GmbH, Frankfurt am Main,",
        "(im Folgenden: Auftragnehmer)",
        "schließen folgenden Vertrag:",
    ], language="de") == [
        ("Bundesrepublik Deutschland", "customer", "Auftraggeber"),
        ("DataHub Rechenzentren GmbH", "supplier", "Auftragnehmer"),
    ]


def test_german_natural_person_and_partnership_mbb() -> None:
    assert _summary([
        "Zwischen Herrn Thomas Becker, Gartenweg 3, 80331 München – nachfolgend „Auftraggeber“ – und der Netzwerk "
        "Becker UG (haftungsbeschränkt), vertreten durch die Geschäftsführerin – nachfolgend „Auftragnehmer“ – wird "
        "Folgendes vereinbart:"
    ], language="de") == [
        ("Thomas Becker", "customer", "Auftraggeber"),
        ("Netzwerk Becker UG", "supplier", "Auftragnehmer"),
    ]
    assert _summary([
        "Zwischen der Kanzlei Meier & Partner mbB, Rechtsanwälte, vertreten durch den Partner Dr. Karl Meier "
        "(Auftraggeber) und der Bürotechnik Schulz GmbH (Auftragnehmer) wird folgender Vertrag geschlossen."
    ], language="de") == [
        ("Kanzlei Meier & Partner mbB", "customer", "Auftraggeber"),
        ("Bürotechnik Schulz GmbH", "supplier", "Auftragnehmer"),
    ]


def test_german_one_line_preamble_with_gmbh_co_kg() -> None:
    assert _summary([
        "Zwischen der Stadtwerke Musterstadt GmbH, Hauptstraße 1, 12345 Musterstadt, vertreten durch den "
        "Geschäftsführer Max Mustermann – nachfolgend „Auftraggeber“ genannt – und der IT-Service Nord GmbH & Co. "
        "KG, Hafenweg 4, 20457 Hamburg, – nachfolgend „Auftragnehmer“ genannt – wird folgender Vertrag geschlossen:"
    ], language="de") == [
        ("Stadtwerke Musterstadt GmbH", "customer", "Auftraggeber"),
        ("IT-Service Nord GmbH & Co. KG", "supplier", "Auftragnehmer"),
    ]


def test_us_federal_unquoted_role_aliases_without_between() -> None:
    assert _summary([
        "NOVATION AGREEMENT",
        "Alder Systems Corp. (Transferor), a corporation duly organized and existing under the laws of Virginia; "
        "Birch Federal Solutions, Inc. (Transferee), a corporation duly organized and existing under the laws of "
        "Maryland; and the United States of America (Government) enter into this Agreement effective March 1, 2023.",
    ]) == [
        ("Alder Systems Corp.", "transferor", "Transferor"),
        ("Birch Federal Solutions, Inc.", "transferee", "Transferee"),
        ("United States of America", "customer", "Government"),
    ]


def test_counterparty_described_not_named_is_not_a_party() -> None:
    # Order-form-driven MSAs name only the provider; "the customer identified in ..." is no name.
    assert _summary([
        'This Master Services Agreement ("Agreement") is between Acme Cloud Corp. ("Acme"), located at 1 Main '
        'Street, Austin, Texas, and the customer identified in the applicable Order Form ("Customer").'
    ]) == [("Acme Cloud Corp.", "other", "Acme")]
    assert _summary([
        "This Agreement is dated 1 March 2024 and is made between ABC Hosting Ltd, a company incorporated in "
        'England and Wales under number 04567890 ("ABC"), and the entity identified as the customer in the Order '
        '("Customer").'
    ]) == [("ABC Hosting Ltd", "other", "ABC")]


def test_companies_mentioned_in_recitals_or_clauses_are_not_parties() -> None:
    parties = _summary([
        'This Managed Print Agreement is made between Copperleaf Imaging Ltd ("Supplier") and Ridgeway Schools '
        'Trust ("Customer").',
        "BACKGROUND",
        "(A) The Supplier is an authorised reseller of Canon UK Limited and Xerox Corporation equipment.",
        "1. The Supplier may subcontract maintenance to Printcare Services Ltd.",
    ], headings=["BACKGROUND"])
    assert [p[0] for p in parties] == ["Copperleaf Imaging Ltd", "Ridgeway Schools Trust"]


@pytest.mark.parametrize(("term", "role"), [
    ("Carrier", "supplier"), ("Lessor", "supplier"), ("Vermieter", "supplier"), ("Leistungsempfänger", "customer"),
    ("Authority", "customer"), ("Contracting Authority", "customer"), ("Mieter", "customer"),
    ("Altpartei", "transferor"), ("Neupartei", "transferee"), ("Restpartei", "remaining_party"),
    ("bisheriger Vertragspartner", "transferor"), ("neuer Vertragspartner", "transferee"),
    # A distributor, reseller or franchisee buys from the other side; a sales agent or franchisor serves it.
    ("Transferring Party", "transferor"), ("Distributor", "customer"), ("Reseller", "customer"),
    ("Franchisee", "customer"), ("Franchisor", "supplier"), ("Sales Agent", "supplier"),
    ("Vertriebspartner", "customer"), ("Partner", "other"),
])
def test_role_vocabulary(term: str, role: str) -> None:
    assert role_for_term(term) == role


@pytest.mark.parametrize(("text", "name"), [
    ("ACME LIMITED of 1 High Street, Leeds", "ACME LIMITED"),
    ("Bank of America, N.A., a national banking association", "Bank of America, N.A."),
    ("Die Stadt Musterhausen, vertreten durch den Bürgermeister", "Stadt Musterhausen"),
    ("Der Grüne Punkt GmbH, Köln", "Der Grüne Punkt GmbH"),
    ("Herrn Max Mustermann, wohnhaft in Berlin", "Max Mustermann"),
])
def test_clean_name_variants(text: str, name: str) -> None:
    assert clean_name(text) == name


def test_german_dash_role_lines_with_postcode_address_lines() -> None:
    # "87654 Obertal" is an address line, not clause 87654: the list of parties goes on past it.
    assert _summary([
        "Vertrag", "zwischen", "Gemeinde Obertal", "vertreten durch den Ersten Bürgermeister", "Rathausplatz 1",
        "87654 Obertal", "- Auftraggeber -", "und", "Elektro Huber GmbH", "Industriestraße 7", "87655 Untertal",
        "- Auftragnehmer -",
    ], language="de") == [
        ("Gemeinde Obertal", "customer", "Auftraggeber"),
        ("Elektro Huber GmbH", "supplier", "Auftragnehmer"),
    ]


def test_german_signature_page_with_side_headers_above_ort_datum() -> None:
    assert _summary([
        "Wartungsvertrag",
        "Für den Auftraggeber:", "Stadtwerke Nordheim GmbH", "Ort, Datum",
        "Für den Auftragnehmer:", "Kopiertechnik Süd GmbH",
    ], language="de") == [
        ("Stadtwerke Nordheim GmbH", "customer", "Auftraggeber"),
        ("Kopiertechnik Süd GmbH", "supplier", "Auftragnehmer"),
    ]


def test_terms_name_only_the_provider() -> None:
    assert _summary([
        'These Terms of Service are a legal contract between you and Foo Cloud Inc. ("Foo", "we" or "us").'
    ]) == [("Foo Cloud Inc.", "supplier", "Foo")]
    assert _summary([
        "Diese AGB gelten für alle Verträge zwischen der Foo Hosting GmbH (nachfolgend „Anbieter“) und dem Kunden "
        "(nachfolgend „Kunde“)."
    ], language="de") == [("Foo Hosting GmbH", "supplier", "Anbieter")]


def test_preamble_between_roles_only_names_nobody() -> None:
    assert _summary([
        "Master Subscription Agreement",
        'This Master Subscription Agreement ("Agreement") is entered into as of the Effective Date between Customer '
        "and Provider.",
    ]) == []


def test_labelled_names_inside_a_between_block_with_address_lines() -> None:
    assert _summary([
        "MAINTENANCE AGREEMENT", "Between", "Client Name: Harrow Medical Systems, Inc.",
        "53702 Generations Drive, South Bend, IN 46635", "And", "Vendor Name: Lakeshore Tech Services LLC",
        "9931 Corporate Drive, Louisville, KY 40223",
    ]) == [
        ("Harrow Medical Systems, Inc.", "customer", "Client"),
        ("Lakeshore Tech Services LLC", "supplier", "Vendor"),
    ]


@pytest.mark.parametrize(("text", "name"), [
    ("plusserver GmbH, Hohenzollernring 72, Köln", "plusserver GmbH"),
    ("noris network AG, Thomas-Mann-Straße 16-20", "noris network AG"),
    ("1&1 Versatel Deutschland GmbH, Wanheimer Straße 90", "1&1 Versatel Deutschland GmbH"),
    ("Dataport AöR, Altenholzer Straße 10-14", "Dataport AöR"),
    ("sein Tochterunternehmen Beta GmbH", None),
    ("its subsidiary Acme Ltd", None),
])
def test_styled_brand_names_and_lower_case_phrases(text: str, name: str | None) -> None:
    assert clean_name(text) == name


def test_role_label_line_may_name_a_person_or_practice() -> None:
    assert _summary([
        "Servicevertrag Nr. 2024-0815", "Vertragspartner:",
        "Kunde: Praxis Dr. med. Anna Weber, Lindenallee 2, 50667 Köln",
        "Dienstleister: MedIT Service GmbH, Ringstraße 8, 50996 Köln",
    ], language="de") == [
        ("Praxis Dr. med. Anna Weber", "customer", "Kunde"),
        ("MedIT Service GmbH", "supplier", "Dienstleister"),
    ]


def test_form_captions_and_matrix_cells_are_not_parties() -> None:
    assert _summary([
        "ORDER FORM", "Customer: As set out in the Order Form", "Customer Name: ____________",
        "Supplier: Contact Person", "Provider: Northwind Fibre Ltd",
    ]) == [("Northwind Fibre Ltd", "supplier", "Provider")]
    rows = [["Customer", "Not Applicable"], ["Supplier", "Responsible Party"]]
    assert _summary(["RESPONSIBILITY MATRIX"], [rows]) == []


def test_numbered_parties_list_with_a_council() -> None:
    names = [p[0] for p in _summary([
        "PARTIES",
        '1. Osprey Wireless Ltd, registered in England (No. 04111222), of 12 Wharf Road, Leeds ("Osprey")',
        '2. Greyfield Borough Council of Civic Centre, Greyfield ("the Council")',
        "BACKGROUND",
        "A. The Council wishes to procure wireless services.",
    ], headings=["PARTIES", "BACKGROUND"])]
    assert names[0] == "Osprey Wireless Ltd"
    assert names[1].startswith("Greyfield Borough Council")
    assert len(names) == 2


def test_list_of_parties_referring_back_to_short_names() -> None:
    # SEC letter agreements define the companies first, then list the parties by their short names.
    parties = _summary([
        'The undersigned is a shareholder of Harbor Medical Supply, Inc. ("HMS") and will become a shareholder of '
        'Coastal Sales & Service, Inc. ("CSS") pursuant to the Agreement and Plan of Merger (the "Agreement"), by '
        'and among CSS, CSS Merger Corp. ("Merger Corp.") and HMS.'
    ])
    assert [p[0] for p in parties] == [
        "Coastal Sales & Service, Inc.", "CSS Merger Corp.", "Harbor Medical Supply, Inc."]
    assert parties[0][2] == "CSS"
