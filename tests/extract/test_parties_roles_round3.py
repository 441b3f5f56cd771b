"""Parties round 3 (issue 11): a party given only in a details table under a role heading, a party block whose
lines were run together with its address, the provider promising a service level in the first person, an SLA's
single party beside a "Customer" used as a defined term, and one party shown supplying again and again beside a
silent other. Texts are written for these tests."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.parties.names import clean_name
from docsvc.extract.extractors.parties.parties import extract_parties
from tests.fixtures.contexts import make_context


def _parties(paragraphs: list[str], tables: list[list[list[str]]] = (), **kw: Any) -> list[tuple[str, str]]:
    ctx = make_context(paragraphs, tables, **kw)
    return [(p["name"], p["role"]) for p in extract_parties(ctx, {}).get("parties", [])]


def test_details_table_under_a_german_role_heading_names_the_customer() -> None:
    paragraphs = ["WARTUNGSVERTRAG", "Vertragsparteien", "Auftraggeber"]
    table = [["Feld", "Angaben"], ["Name", "Jens Albers"], ["Firma", "Fischhaus Nordlicht"],
             ["Adresse", "Hafenstraße 4, 25980 Sylt"]]
    assert _parties(paragraphs, [table], headings=paragraphs, language="de") == [("Fischhaus Nordlicht", "customer")]


def test_details_table_under_an_english_role_heading() -> None:
    paragraphs = ["SERVICES AGREEMENT", "Client"]
    table = [["Company Name", "Larchwood Analytics"], ["Contact Name", "Priya Raman"], ["Email", "pr@example.org"]]
    assert _parties(paragraphs, [table], headings=paragraphs) == [("Larchwood Analytics", "customer")]


def test_blank_details_table_names_nobody() -> None:
    paragraphs = ["WARTUNGSVERTRAG", "Auftragnehmer"]
    table = [["Feld", "Angaben"], ["Name/Firma", "___________________"], ["Adresse", "___________________"]]
    assert _parties(paragraphs, [table], headings=paragraphs) == []


def test_details_table_without_a_role_heading_is_no_party_table() -> None:
    paragraphs = ["Referenzen", "Projekte"]
    table = [["Feld", "Angaben"], ["Firma", "Fischhaus Nordlicht"]]
    assert _parties(paragraphs, [table], headings=paragraphs) == []


def test_name_run_together_with_street_and_postcode() -> None:
    assert clean_name("Rankwerk Studio Mara Olsen (Einzelunternehmerin) Am Lindenhof 7 24103 Kiel") == (
        "Rankwerk Studio Mara Olsen (Einzelunternehmerin)")
    assert clean_name("Web Werkstatt Kiel Holtenauer Str. 15 24105 Kiel") == "Web Werkstatt Kiel"


def test_party_block_with_address_run_together_is_the_supplier() -> None:
    paragraphs = [
        "Dienstleistungsvertrag Suchmaschinenoptimierung",
        "zwischen",
        "Rankwerk Studio Mara Olsen (Einzelunternehmerin) Am Lindenhof 7 24103 Kiel",
        "— nachfolgend „Auftragnehmer“ —",
        "und",
        "[KUNDE] [ANSCHRIFT]",
        "— nachfolgend „Auftraggeber“ —",
        "Präambel",
        "Der Auftraggeber möchte seine Sichtbarkeit verbessern.",
    ]
    got = _parties(paragraphs, headings=[paragraphs[0], "zwischen", "Präambel"], language="de")
    assert got == [("Rankwerk Studio Mara Olsen (Einzelunternehmerin)", "supplier")]


def test_no_role_word_as_the_provider_of_a_form_contract() -> None:
    # A form contract whose parties are left blank: the provider guess must not turn "des Auftraggebers" into a name.
    paragraphs = [
        "Pflichten des Auftraggebers",
        "Die Domain verbleibt im Eigentum des Auftraggebers.",
        "Der Versand erfolgt im Namen des Auftraggebers über bereitgestellte Domains.",
        "Die Verarbeitung erfolgt im Rahmen der Weisungen des Auftraggebers.",
        "Rechte des Auftraggebers",
    ]
    found = _parties(paragraphs, headings=paragraphs[:1], language="de")
    assert all(name.lower().removesuffix("s") != "auftraggeber" for name, _ in found)


def test_first_person_service_level_names_the_service_brand() -> None:
    paragraphs = [
        "Service Level Objectives",
        "We guarantee 99.95% uptime for Tallowmere Cloud, measured monthly.",
        "Tallowmere Platform status is published on the status page.",
        "Critical issues receive a response within 1 hour.",
    ]
    assert _parties(paragraphs, headings=paragraphs[:1]) == [("Tallowmere", "supplier")]


def test_first_person_promise_without_a_target_is_no_evidence() -> None:
    paragraphs = [
        "Our Promise",
        "We promise a friendly answer for Kestrel Garden visitors.",
        "Kestrel Garden opens daily.",
    ]
    assert _parties(paragraphs, headings=paragraphs[:1]) == []


def test_sla_party_beside_a_bare_customer_term_is_the_supplier() -> None:
    paragraphs = [
        "Service Level Agreement",
        'This SLA describes the commitments Orrery Systems, Inc. ("Orrery") makes to its customers ("Customer").',
        "This SLA is part of the Terms of Service between Orrery and Customer.",
        "If Orrery misses the target, Customer is entitled to a service credit.",
    ]
    assert _parties(paragraphs, headings=paragraphs[:1]) == [("Orrery Systems, Inc.", "supplier")]


def test_one_party_supplying_again_and_again_beside_a_silent_other() -> None:
    paragraphs = [
        "Service Level Agreement (Campaign Program)",
        'This SLA is entered into by and between Harbourlight Media Corp. ("Harbourlight") and Quarry Lane LLC '
        '("Quarry Lane").',
        "Quarry Lane will provide campaign management services for the program.",
        "Quarry Lane shall deliver a daily performance report by 10:00.",
        "If Quarry Lane misses an objective, the credit reduces amounts payable to Quarry Lane.",
        "Harbourlight approves budgets and creative briefs.",
    ]
    assert _parties(paragraphs, headings=paragraphs[:1]) == [
        ("Harbourlight Media Corp.", "customer"), ("Quarry Lane LLC", "supplier")]


def test_both_parties_silent_stay_other() -> None:
    paragraphs = [
        "Cooperation Agreement",
        'This agreement is made between Harbourlight Media Corp. ("Harbourlight") and Quarry Lane LLC '
        '("Quarry Lane").',
        "Harbourlight and Quarry Lane will meet monthly.",
    ]
    assert _parties(paragraphs, headings=paragraphs[:1]) == [
        ("Harbourlight Media Corp.", "other"), ("Quarry Lane LLC", "other")]


def test_dominant_supplier_beside_a_party_shown_supplying_once() -> None:
    # The licensee-host is shown providing once ("Corvane shall provide hosting"), the licensor many times.
    paragraphs = [
        "License and Hosting Agreement",
        'This agreement is made between Corvane Inc. ("Corvane") and Pellwick Software, Inc. ("Pellwick").',
        "Corvane shall provide hosting to its own customers.",
        "Pellwick hereby grants a license to the software.",
        "Pellwick shall provide updates every quarter.",
        "Pellwick shall maintain the documentation.",
        "Pellwick will support the hosted software.",
    ]
    assert _parties(paragraphs, headings=paragraphs[:1]) == [
        ("Corvane Inc.", "customer"), ("Pellwick Software, Inc.", "supplier")]


def test_comparable_supply_on_both_sides_stays_other() -> None:
    paragraphs = [
        "Joint Marketing Agreement",
        'This agreement is made between Corvane Inc. ("Corvane") and Pellwick Software, Inc. ("Pellwick").',
        "Corvane shall provide banner space on its site.",
        "Pellwick shall provide a link to the Corvane store.",
        "Pellwick shall deliver monthly traffic reports.",
        "Pellwick will support joint campaigns.",
    ]
    assert _parties(paragraphs, headings=paragraphs[:1]) == [
        ("Corvane Inc.", "other"), ("Pellwick Software, Inc.", "other")]


def test_side_caption_before_the_name_in_a_parties_section() -> None:
    paragraphs = [
        "MUTUAL NON-DISCLOSURE AGREEMENT",
        "PARTIES",
        'Disclosing Party: Halvard Optics Corporation ("Company")',
        "Address: 9 Quay Street, Portland, ME 04101",
        'Receiving Party: Brisk Meadow Partners LLC ("Recipient")',
        "RECITALS",
        "WHEREAS, Company holds confidential information;",
    ]
    names = [name for name, _ in _parties(paragraphs, headings=["MUTUAL NON-DISCLOSURE AGREEMENT", "PARTIES",
                                                                "RECITALS"])]
    assert names == ["Halvard Optics Corporation", "Brisk Meadow Partners LLC"]


def test_address_tail_before_a_role_in_brackets_is_no_provider() -> None:
    paragraphs = [
        "GEHEIMHALTUNGSVEREINBARUNG",
        "zwischen",
        "mkx, Lena Vogt Lindenstr. 12 50667 Köln (nachfolgend „Auftragnehmer“ genannt)",
        "und",
        "[KUNDENNAME] [PLZ ORT] (nachfolgend „Auftraggeber“ genannt)",
        "Präambel",
        "Die Parteien beabsichtigen zusammenzuarbeiten.",
    ]
    found = _parties(paragraphs, headings=["GEHEIMHALTUNGSVEREINBARUNG", "zwischen", "und", "Präambel"],
                     language="de")
    assert not any(name[:1].isdigit() for name, _ in found)


def test_letterhead_footer_names_the_provider_of_a_price_list() -> None:
    paragraphs = [
        "Preisliste Wartung",
        "Stundensatz Technik: 95 € zzgl. MwSt.",
        "Anfahrt pauschal: 35 €",
        "Notdienst am Wochenende: 140 € pro Stunde",
        "Alle Preise netto.",
        "Nordhang IT GmbH · Talweg 3 · 79098 Freiburg · info@nordhang.example",
    ]
    assert _parties(paragraphs, headings=paragraphs[:1], language="de") == [("Nordhang IT GmbH", "supplier")]


def test_english_letterhead_line_with_postcode() -> None:
    paragraphs = [
        "Price list",
        "Support: 120 USD per hour",
        "On-site visit: 250 USD",
        "Emergency call-out: 400 USD",
        "Questions? Write to the office.",
        "Copper Fox Ltd | 1 High Street | London EC1A 1AA",
    ]
    assert _parties(paragraphs, headings=paragraphs[:1]) == [("Copper Fox Ltd", "supplier")]


def test_company_in_the_last_line_without_an_address_is_no_letterhead() -> None:
    paragraphs = [
        "Price list",
        "Support: 120 USD per hour",
        "On-site visit: 250 USD",
        "Emergency call-out: 400 USD",
        "Questions? Write to the office.",
        "Hosting runs on servers of Amazon Web Services, Inc.",
    ]
    assert _parties(paragraphs, headings=paragraphs[:1]) == []


def test_tax_or_statute_class_of_a_jurisdiction_is_no_name() -> None:
    assert clean_name("Delaware C Corporation") is None
    assert clean_name("Delaware Statutory Trust") is None
    assert clean_name("Delaware Public Benefit Corporation") is None
    assert clean_name("Benefit Street Partners LLC") == "Benefit Street Partners LLC"


def test_terms_addressed_to_you_make_the_named_party_the_supplier() -> None:
    paragraphs = [
        "Terms of Service",
        "This agreement is between Brindle Hosting Ltd. and you.",
        "You must keep your password safe.",
        "Your account may be suspended if you break these terms.",
        "Fees are charged to your card each month.",
    ]
    assert _parties(paragraphs, headings=paragraphs[:1]) == [("Brindle Hosting Ltd.", "supplier")]
