"""Parties: preambles, "Parties" sections, German layouts, label lines, cover tables and signature pages."""

from __future__ import annotations

import json
from typing import Any

import pytest

from docsvc.extract.extractors.parties.names import clean_name, has_legal_form, role_for_term, role_for_terms
from docsvc.extract.extractors.parties.parties import extract_parties, same_party
from tests.corpus import CORPUS as SHARED_CORPUS
from tests.fixtures.contexts import make_context

CORPUS = SHARED_CORPUS / "synthetic-dev"


def _parties(paragraphs: list[str], tables: list[list[list[str]]] = (), **kw: Any) -> list[dict[str, Any]]:
    return extract_parties(make_context(paragraphs, tables, **kw), {}).get("parties", [])


def _summary(parties: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    return [(p["name"], p["role"], p["defined_as"]) for p in parties]


def test_us_preamble_with_descriptors_and_aliases() -> None:
    parties = _parties([
        "MASTER HOSTING SERVICES AGREEMENT",
        'This Master Hosting Services Agreement (this "Agreement") is entered into as of the 3rd day of June, 2024 '
        '(the "Effective Date") by and between Cobalt Ridge Data Centers, Inc., a Delaware corporation having its '
        'principal place of business at 1800 Foundry Lane, Suite 400, Columbus, Ohio 43215 ("Provider"), and '
        "Meridian Health Analytics, LLC, a New Jersey limited liability company having offices at 75 Livingston "
        'Avenue, Roseland, New Jersey 07068 ("Customer"). Provider and Customer are each referred to herein as a '
        '"Party" and collectively as the "Parties."',
        "RECITALS",
        'WHEREAS, Provider operates data centers together with Northwind Holdings, Inc. ("Northwind");',
    ], headings=["MASTER HOSTING SERVICES AGREEMENT", "RECITALS"])
    assert _summary(parties) == [
        ("Cobalt Ridge Data Centers, Inc.", "supplier", "Provider"),
        ("Meridian Health Analytics, LLC", "customer", "Customer"),
    ]
    assert parties[0]["evidence"]["page"] == 1 and parties[0]["evidence"]["bbox"] is not None
    assert parties[0]["confidence"] >= 0.85


def test_alias_before_descriptor_and_lower_case_styled_name() -> None:
    parties = _parties([
        'This Event Sponsorship Agreement ("Agreement") is made as of February 1, 2019, by and between Newegg Inc. '
        '("Newegg"), a Delaware corporation, and e-centives, Inc., a Nevada corporation ("Allied").'
    ])
    assert [p["name"] for p in parties] == ["Newegg Inc.", "e-centives, Inc."]


def test_uk_parties_section_numbered() -> None:
    parties = _parties([
        "THIS AGREEMENT is dated 14th March 2024",
        "PARTIES",
        "(1) NORTHGATE IMAGING SOLUTIONS LIMITED incorporated and registered in England and Wales with company "
        "number 08123457 whose registered office is at Unit 4, Calder Park, Wakefield WF2 7AA (the “Supplier”); and",
        "(2) PEMBERTON & LYLE LOGISTICS PLC incorporated and registered in England and Wales with company number "
        "03345982 whose registered office is at 22 Quayside Road, Bristol BS1 4DB (the “Customer”),",
        "each a “party” and together the “parties”.",
        "BACKGROUND",
        "(A) The Supplier carries on business as a provider of managed print services.",
    ], pdf=False, headings=["PARTIES", "BACKGROUND"])
    assert _summary(parties) == [
        ("NORTHGATE IMAGING SOLUTIONS LIMITED", "supplier", "Supplier"),
        ("PEMBERTON & LYLE LOGISTICS PLC", "customer", "Customer"),
    ]
    evidence = parties[1]["evidence"]
    assert evidence["page"] is None and evidence["paragraph"] == 3 and evidence["text"].startswith("(2) PEMBERTON")


def test_german_block_layout_with_nachfolgend() -> None:
    parties = _parties([
        "Rahmenvertrag über IT-Dienstleistungen",
        "zwischen",
        "Datenwerk Systemhaus GmbH",
        "Ostendstraße 115, 90482 Nürnberg",
        "vertreten durch die Geschäftsführer Jana Roth und Malte Krüger",
        "– nachfolgend „Auftragnehmer“ –",
        "und",
        "Lindner Maschinenbau GmbH & Co. KG",
        "Industriering 7, 91207 Lauf an der Pegnitz",
        "vertreten durch die persönlich haftende Gesellschafterin Lindner Verwaltungs GmbH",
        "– nachfolgend „Auftraggeber“ –",
        "– Auftragnehmer und Auftraggeber gemeinsam auch „Vertragspartner“ –",
        "Präambel",
        "Der Auftraggeber beabsichtigt, die Betreuung seiner IT an die Muster AG auszulagern.",
    ], language="de", pdf=False)
    assert _summary(parties) == [
        ("Datenwerk Systemhaus GmbH", "supplier", "Auftragnehmer"),
        ("Lindner Maschinenbau GmbH & Co. KG", "customer", "Auftraggeber"),
    ]
    assert parties[0]["evidence"]["text"] == "Datenwerk Systemhaus GmbH"


def test_german_unquoted_aliases() -> None:
    parties = _parties([
        "Dienstleistungsvertrag", "zwischen",
        "der Muster Software GmbH, Hauptstraße 5, 80331 München, vertreten durch den Geschäftsführer Max Muster",
        "– nachfolgend Auftragnehmer genannt –", "und", "der Beispiel Logistik AG, Hafenweg 2, 20457 Hamburg",
        "(im Folgenden: Auftraggeber)", "§ 1 Vertragsgegenstand",
    ], language="de")
    assert _summary(parties) == [
        ("Muster Software GmbH", "supplier", "Auftragnehmer"),
        ("Beispiel Logistik AG", "customer", "Auftraggeber"),
    ]


def test_german_dashed_role_lines_and_firma_prefix() -> None:
    parties = _parties([
        "Wartungsvertrag", "zwischen", "der Firma Muster Software GmbH", "Hauptstraße 5, 80331 München",
        "- Auftraggeber -", "und", "Beispiel Logistik AG", "Hafenweg 2, 20457 Hamburg", "- Auftragnehmer -",
        "§ 1 Gegenstand",
    ], language="de")
    assert _summary(parties) == [
        ("Muster Software GmbH", "customer", "Auftraggeber"),
        ("Beispiel Logistik AG", "supplier", "Auftragnehmer"),
    ]


def test_german_pdf_line_running_name_into_address() -> None:
    parties = _parties([
        "Rahmenvertrag",
        "zwischen der Datenwerk Systemhaus GmbH Ostendstraße 115, 90482 Nürnberg vertreten durch die Geschäftsführer "
        "Jana Roth und Malte Krüger – nachfolgend „Auftragnehmer“ – und der Lindner Maschinenbau GmbH & Co. KG "
        "Industriering 7, 91207 Lauf an der Pegnitz – nachfolgend „Auftraggeber“ –",
        "Präambel",
    ], language="de")
    assert [p["name"] for p in parties] == ["Datenwerk Systemhaus GmbH", "Lindner Maschinenbau GmbH & Co. KG"]


def test_british_single_quoted_aliases_and_apostrophes() -> None:
    parties = _parties([
        "THIS AGREEMENT is made on 1 May 2020",
        "BETWEEN:",
        "(1) ACME SOFTWARE LIMITED (company number 1234567) whose registered office is at 1 High Street, London "
        "(the ‘Supplier’); and",
        "(2) BIG RETAIL PLC (the Customer's parent being Big Holdings Inc.) (the ‘Customer’).",
        "BACKGROUND",
    ])
    assert _summary(parties) == [
        ("ACME SOFTWARE LIMITED", "supplier", "Supplier"),
        ("BIG RETAIL PLC", "customer", "Customer"),
    ]


def test_letter_agreement_without_between() -> None:
    parties = _parties([
        "AGENCY AGREEMENT",
        "Ladies and Gentlemen:",
        "Blue Hills Bancorp, Inc. (the “Holding Company”), a Maryland corporation, and Blue Hills Bank (the “Bank”) "
        "hereby confirm their agreement with Keefe Woods, Inc. (the “Agent”) as follows:",
        "Section 1. The Offering. The Holding Company will sell shares between May and June.",
    ])
    assert [p["name"] for p in parties] == ["Blue Hills Bancorp, Inc.", "Blue Hills Bank", "Keefe Woods, Inc."]
    assert "Holding Company" not in [p["name"] for p in parties]


def test_numbered_parties_with_unquoted_role_in_brackets() -> None:
    parties = _parties([
        "MASTER SERVICES AGREEMENT",
        "PARTIES",
        "1. CLOUDNINE SERVICES LTD incorporated and registered in England and Wales with company number 09876543 "
        "whose registered office is at 5 King Street, Manchester M2 4LQ (Supplier).",
        "2. HARBOUR BANK PLC incorporated and registered in Scotland with company number SC123456 (Customer).",
        "BACKGROUND",
    ])
    assert _summary(parties) == [
        ("CLOUDNINE SERVICES LTD", "supplier", "Supplier"),
        ("HARBOUR BANK PLC", "customer", "Customer"),
    ]


def test_german_one_item_per_line_without_zwischen() -> None:
    parties = _parties([
        "Wartungsvertrag", "Die Firma", "Technik Müller e.K.", "Lindenweg 4, 89073 Ulm",
        "- nachfolgend Auftragnehmer genannt -", "und", "die Firma", "Bäckerei Huber GmbH", "Marktplatz 2, 89073 Ulm",
        "- nachfolgend Auftraggeber genannt -", "schließen folgenden Vertrag:", "§ 1 Gegenstand",
    ], language="de", pdf=False)
    assert _summary(parties) == [
        ("Technik Müller e.K.", "supplier", "Auftragnehmer"),
        ("Bäckerei Huber GmbH", "customer", "Auftraggeber"),
    ]
    assert parties[0]["evidence"]["paragraph"] == 2


def test_german_vertragspartner_label_lines() -> None:
    parties = _parties([
        "Service Level Agreement",
        "Vertragspartner",
        "Auftraggeber: Stadtwerke Musterstadt GmbH, Werkstraße 1, 12345 Musterstadt",
        "Auftragnehmer: NetService Nord GmbH & Co. KG, Hafenstraße 9, 28195 Bremen",
        "1. Geltungsbereich",
    ], language="de")
    assert _summary(parties) == [
        ("Stadtwerke Musterstadt GmbH", "customer", "Auftraggeber"),
        ("NetService Nord GmbH & Co. KG", "supplier", "Auftragnehmer"),
    ]


def test_german_annex_names_parties_in_first_clause_without_zwischen() -> None:
    parties = _parties([
        "Leistungsbeschreibung und Service Level Agreement",
        "1.1 Diese Leistungsbeschreibung regelt die Leistungen der NetzKontor Telekommunikation GmbH (nachfolgend "
        "„NetzKontor“) im Rahmen des Produkts „Managed WAN“ gegenüber der Brenner Handelsgesellschaft mbH "
        "(nachfolgend „Kunde“).",
    ], language="de")
    # Defined by its short name beside the "Kunde": the other side of the deal, the supplier.
    assert _summary(parties) == [
        ("NetzKontor Telekommunikation GmbH", "supplier", "NetzKontor"),
        ("Brenner Handelsgesellschaft mbH", "customer", "Kunde"),
    ]


def test_shared_alias_keeps_both_companies_and_unshared_alias_keeps_the_enumerated_one() -> None:
    parties = _parties([
        "This Services Agreement is entered into on October 1, 2019 by and between Alpha Hosting Ltd. "
        "(the “Provider”), and TELCOSTAR PTE, LTD., a company organized and existing under the laws of Singapore "
        "and Ability Computer & Software Industries Ltd, a company organized and existing under the laws of the "
        "State of Israel (each and both of them “Recipient”).",
    ])
    assert [p["name"] for p in parties] == [
        "Alpha Hosting Ltd.", "TELCOSTAR PTE, LTD.", "Ability Computer & Software Industries Ltd",
    ]
    assert {p["role"] for p in parties[1:]} == {"customer"}


def test_title_line_between_without_aliases() -> None:
    parties = _parties([
        "e-business Hosting Agreement between Bluefly, Inc. and International Business Machines Corporation",
        "In the event of a conflict between the Base Terms and an attachment, the Base Terms will govern.",
    ], headings=["e-business Hosting Agreement between Bluefly, Inc. and International Business Machines Corporation"])
    assert [p["name"] for p in parties] == ["Bluefly, Inc.", "International Business Machines Corporation"]
    assert all(p["confidence"] < 0.8 for p in parties)


def test_terms_of_service_provider_is_the_supplier_and_the_reader_is_no_party() -> None:
    parties = _parties([
        "These Terms of Service (the “Terms”) are a binding agreement between Skyloft Cloud, Inc., a Washington "
        "corporation with its principal office at 411 Western Avenue, Seattle, WA 98104 (“Skyloft”, “we”, “us” or "
        "“our”), and the individual or organization that creates an account (“Customer” or “you”).",
    ])
    assert _summary(parties) == [("Skyloft Cloud, Inc.", "supplier", "Skyloft")]


def test_label_lines_party_a_and_b() -> None:
    parties = _parties([
        "Cooperation Agreement",
        "This Cooperation Agreement is executed by and between the parties below in Beijing:",
        "Party A: Beike Internet Security Technology Co., Ltd.",
        "Address: Room 2101, 12/F, Fuxing International Center",
        "Party B: Baidu Online Network Technology Co., Ltd.",
    ])
    assert [p["name"] for p in parties] == [
        "Beike Internet Security Technology Co., Ltd.", "Baidu Online Network Technology Co., Ltd.",
    ]


def test_key_value_cover_table() -> None:
    parties = _parties(
        ["ORDER FORM AND STATEMENT OF WORK", "This Order Form is entered into under the MSA."],
        [[
            ["Order Form reference", "LDS-OF-2024-117"],
            ["Supplier", "Liffey Digital Services Limited, a company registered in Ireland (No. 612345) (“LDS”)"],
            ["Customer", "Osprey Medical Devices Ireland Limited, a company registered in Ireland (“Osprey”)"],
            ["Payment terms", "21 days from date of invoice"],
        ]],
    )
    assert _summary(parties) == [
        ("Liffey Digital Services Limited", "supplier", "Supplier"),
        ("Osprey Medical Devices Ireland Limited", "customer", "Customer"),
    ]
    assert parties[0]["evidence"]["text"].startswith("Supplier | Liffey")


def test_parties_table_with_name_fields() -> None:
    parties = _parties(
        ["SERVICES AGREEMENT", "1. Definitions"],
        [[["Supplier", "Name: Acme Software Limited"], ["Customer", "Company name: Big Retail PLC"]]],
        pdf=False,
    )
    assert [p["name"] for p in parties] == ["Acme Software Limited", "Big Retail PLC"]
    assert parties[1]["evidence"]["paragraph"] == 2


def test_header_row_table_in_german() -> None:
    parties = _parties(
        ["Bestellschein Managed Services"],
        [[["Auftraggeber", "Auftragnehmer"], ["Gamma Bau GmbH, Ringstraße 4, Köln", "Alpha IT AG, Berlin"]]],
        language="de",
    )
    assert _summary(parties) == [
        ("Gamma Bau GmbH", "customer", "Auftraggeber"),
        ("Alpha IT AG", "supplier", "Auftragnehmer"),
    ]


def test_signature_page_fills_in_when_the_preamble_names_too_few() -> None:
    parties = _parties([
        "FLEET MAINTENANCE AGREEMENT",
        "DATED 13 October 2005",
        "1. Definitions",
        "IN WITNESS WHEREOF the parties have executed this Agreement.",
        "SIGNED by MARK ARLEN )",
        "duly authorised for and on behalf of ) /s/ Mark Arlen",
        "DAIRY CREST LIMITED )",
        "Anthony K. Chan Chief Executive Officer SEV Group Limited",
    ])
    assert [p["name"] for p in parties] == ["DAIRY CREST LIMITED", "SEV Group Limited"]
    assert all(p["confidence"] <= 0.6 for p in parties)


def test_no_parties_in_prose_that_only_mentions_companies() -> None:
    assert _parties([
        "1. Services",
        "The Supplier shall host the platform at facilities operated by Equinix, Inc. and Amazon Web Services, Inc.",
        "Any dispute between the parties shall be referred to the courts of New York.",
    ]) == []


@pytest.mark.parametrize(("text", "name"), [
    ("Corio Inc., a Delaware corporation, having its principal place", "Corio Inc."),
    ("Cobalt Ridge Data Centers, Inc., a Delaware corporation", "Cobalt Ridge Data Centers, Inc."),
    ("(1)\tNORTHGATE IMAGING SOLUTIONS LIMITED incorporated and registered", "NORTHGATE IMAGING SOLUTIONS LIMITED"),
    ("1.\tder Kappler IT-Services GmbH, Donaustaufer Straße 378", "Kappler IT-Services GmbH"),
    ("Jaguar Investments, Inc. and its affiliates, a Nevada corporation", "Jaguar Investments, Inc."),
    ("Skype Communications, S.A. (“Skype”)", "Skype Communications, S.A."),
    ("VITALIBIS INC a Nevada C having its principal place", "VITALIBIS INC"),
    ("i-on interactive, a Florida corporation", "i-on interactive"),
    ("Industriering 7, 91207 Lauf an der Pegnitz", None),
    ("existing under the laws of the State of Israel", None),
    ("a Delaware corporation", None),
    ("If, as a result of any resolicitation", None),
    ("Company", None),
    ("mutual holding company", None),
    ("Alpha Ltd (Alpha's parent being Omega Holdings Inc.)", "Alpha Ltd"),
    ("Bluefly, Inc. and International Business Machines Corporation", "Bluefly, Inc."),
    ("Conditions, Schedules and all other documents", None),
    ("the Agent named on the signature page hereof", None),
])
def test_clean_name(text: str, name: str | None) -> None:
    assert clean_name(text) == name


def test_legal_forms_need_their_company_spelling_when_short() -> None:
    assert has_legal_form("Alpenlink Networks AG") and has_legal_form("Kiosk Concepts, INC.")
    assert not has_legal_form("If, as") and not has_legal_form("one ag")


@pytest.mark.parametrize(("terms", "expected"), [
    (["Customer"], ("customer", "Customer")),
    (["Application Provider", "e-centives"], ("supplier", "Application Provider")),
    (["Customer", "Continuing Party"], ("remaining_party", "Continuing Party")),
    (["Skyloft", "we", "us", "our"], ("supplier", "Skyloft")),
    (["übertragende Partei"], ("transferor", "übertragende Partei")),
    (["Auftraggeber"], ("customer", "Auftraggeber")),
    (["CORIO"], ("other", "CORIO")),
])
def test_role_for_terms(terms: list[str], expected: tuple[str, str]) -> None:
    assert role_for_terms(terms) == expected


@pytest.mark.parametrize(("term", "role"), [
    ("Outgoing Supplier", "transferor"), ("neuer Dienstleister", "transferee"), ("Existing Customer", "customer"),
])
def test_role_for_novation_adjectives(term: str, role: str) -> None:
    assert role_for_term(term) == role


def test_same_party_is_strict_about_related_companies() -> None:
    assert same_party("Beike Internet (Beijing) Security Technology Co., Ltd.", "Beike Internet Security Technology")
    assert not same_party("Electric City Corp.", "Electric City of Illinois LLC")


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "gold.jsonl").exists(), reason="shared corpus not available")
def test_parties_on_synthetic_dev_docx() -> None:
    from docsvc.extract.context import analyse
    from docsvc.extract.language import detect_language
    from docsvc.extract.parsers import parse_file

    found = missed = extra = 0
    for line in (CORPUS / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if not item["doc"].endswith(".docx"):
            continue
        parsed = parse_file(CORPUS / item["doc"], isolated=False)
        ctx = analyse(parsed, detect_language(parsed.text()).language)
        names = [p["name"] for p in extract_parties(ctx, {}).get("parties", [])]
        hits = [g for g in item["gold"]["parties"] if any(same_party(g, n) for n in names)]
        found += len(hits)
        missed += len(item["gold"]["parties"]) - len(hits)
        extra += len(names) - len(hits)
    assert found >= 18 and missed <= 2 and extra <= 2
