"""The provider of an SLA, support policy or price list that names itself only in its own sentences, roles from
the other side of a two-party contract, and jurisdiction descriptors that are no names (issue 11, class 9)."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.parties.names import clean_name, is_plausible_name, role_for_term
from docsvc.extract.extractors.parties.parties import extract_parties
from tests.fixtures.contexts import make_context


def _parties(paragraphs: list[str], **kw: Any) -> list[tuple[str, str]]:
    ctx = make_context(paragraphs, headings=paragraphs[:1], **kw)
    return [(p["name"], p["role"]) for p in extract_parties(ctx, {}).get("parties", [])]


def test_english_sla_provider_acting_in_its_sentences() -> None:
    assert _parties([
        "Uptime Commitment",
        "Quillstone will use commercially reasonable efforts to keep the platform available 99.9% of each month.",
        "Quillstone monitors all systems around the clock and Quillstone's support team answers tickets in 4 hours.",
        "Customer may request a credit if the commitment is missed.",
    ]) == [("Quillstone", "supplier")]


def test_german_price_list_provider_with_compound_and_provided_by() -> None:
    assert _parties([
        "Preisliste Hosting 2025",
        "Der Ferncloud-Support ist werktags von 8 bis 18 Uhr erreichbar.",
        "Alle Leistungen werden von Ferncloud bereitgestellt. Ferncloud stellt Rechnungen monatlich.",
        "Ein Webspace kostet 4,90 EUR pro Monat.",
    ], language="de") == [("Ferncloud", "supplier")]


def test_german_definition_of_the_provider_names_a_styled_company() -> None:
    assert _parties([
        "Präambel",
        "Der im Folgenden genannte Anbieter ist die kleinwolke GmbH. Abweichende Bedingungen des Kunden gelten nicht.",
        "Der Kunde erhält Zugang zur Plattform.",
    ], language="de") == [("kleinwolke GmbH", "supplier")]


def test_masthead_company_under_the_title() -> None:
    assert _parties([
        "Service Level Agreement",
        'Harrow Peak Systems, LLC (DBA "PeakDesk") Boise, Idaho Version: 2025-02',
        "We will use commercially reasonable efforts to keep the Service available 99.5% of the time.",
    ]) == [("Harrow Peak Systems, LLC", "supplier")]


def test_copyright_notice_names_the_publisher() -> None:
    assert _parties([
        "Professional Support",
        "Answers within 48 hours on business days.",
        "Copyright © 2026 Tannhof.io KG. All rights reserved.",
    ]) == [("Tannhof.io KG", "supplier")]


@pytest.mark.parametrize("paragraphs", [
    # Ordinary words acting as subjects: no provider.
    ["Service Levels", "Service Levels will only apply once a ticket exists.", "Support will respond in 2 hours."],
    # A German common noun as subject, used with its article elsewhere.
    ["Schulung", "Die Schulung wird vor Ort gehalten.",
     "Die Schulung dauert zwei Tage. Zur Schulung bringen Sie Laptops."],
    # Two names equally supported: no guess.
    ["Hosting", "Arbelo will provide hosting.", "Brintex will provide support."],
    # A brand mentioned once in passing.
    ["Support", "We integrate with Slackline for notifications.", "Tickets are answered within one day."],
])
def test_no_provider_without_enough_support(paragraphs: list[str]) -> None:
    assert _parties(paragraphs, language="de" if "Schulung" in paragraphs[0] else "en") == []


def test_formal_parties_are_not_replaced_by_a_provider_guess() -> None:
    assert _parties([
        "Hosting Agreement",
        'This Agreement is made between Orbis Data Ltd ("Provider") and Kettle Foods plc ("Customer").',
        "Orbis Data will provide the hosting services. Orbis Data monitors the servers.",
    ]) == [("Orbis Data Ltd", "supplier"), ("Kettle Foods plc", "customer")]


@pytest.mark.parametrize(("text", "language", "expected"), [
    ('This Consulting Agreement is made between Widget Holdings, Inc., a Delaware Corporation (the "Company"), and '
     'Jane Miller Consulting LLC (the "Consultant").', "en",
     [("Widget Holdings, Inc.", "customer"), ("Jane Miller Consulting LLC", "supplier")]),
    ('This Agreement is made between Gamma Media Inc. (the "Company") and Delta Ventures LLC (the "Client").', "en",
     [("Gamma Media Inc.", "supplier"), ("Delta Ventures LLC", "customer")]),
    ("Zwischen der Falk Logistik GmbH (nachfolgend „Gesellschaft“) und der Nordlicht IT GmbH (nachfolgend "
     "„Auftragnehmer“) wird folgender Vertrag geschlossen:", "de",
     [("Falk Logistik GmbH", "customer"), ("Nordlicht IT GmbH", "supplier")]),
    # Both sides already have roles: nothing is changed.
    ('This Software License Agreement is made between Acme Software GmbH ("Licensor") and Beta Retail Ltd '
     '("Licensee").', "en", [("Acme Software GmbH", "supplier"), ("Beta Retail Ltd", "customer")]),
])
def test_neutral_defined_term_takes_the_role_the_other_party_leaves(
        text: str, language: str, expected: list[tuple[str, str]]) -> None:
    ctx = make_context([text], language=language)
    assert [(p["name"], p["role"]) for p in extract_parties(ctx, {})["parties"]] == expected


@pytest.mark.parametrize("name", ["Delaware Corporation", "Delaware corporation", "English Limited Company",
                                  "Nevada Limited Liability Company", "Texas Corp."])
def test_jurisdiction_and_legal_form_is_no_name(name: str) -> None:
    assert not is_plausible_name(name)
    assert clean_name(name) is None


def test_real_names_with_a_place_still_pass() -> None:
    assert is_plausible_name("Delaware Valley Hosting Corporation")
    assert is_plausible_name("Bavaria Data GmbH")


@pytest.mark.parametrize(("term", "role"), [
    ("Licensor", "supplier"), ("Licensee", "customer"), ("Consultant", "supplier"), ("Client", "customer"),
    ("Auftraggeber", "customer"), ("Auftragnehmer", "supplier"), ("Kunde", "customer"), ("Anbieter", "supplier"),
    ("Leistungsnehmer", "customer"), ("Company", "other"),
])
def test_role_vocabulary_from_data(term: str, role: str) -> None:
    assert role_for_term(term) == role
