"""Providers of fresh SLA and price pages found by a label-free probe (issue 11): a name only in the title of a page
that never says "we", a product in the title taken for the provider, the provider in an "agreement between X and
Customer" sentence, a German clause with the verb before its subject ("..., garantiert X eine Verfügbarkeit"), and a
German participle opening a passive sentence ("Gewährleistet wird ...") taken for a name.

Made-up documents (EN and DE)."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.parties.parties import extract_parties
from tests.fixtures.contexts import make_context


def _parties(paragraphs: list[str], **kw: Any) -> list[tuple[str, str]]:
    ctx = make_context(paragraphs, headings=paragraphs[:1], **kw)
    return [(p["name"], p["role"]) for p in extract_parties(ctx, {}).get("parties", [])]


# -- a name only in the title of a third-person page --------------------------------------------------------------

def test_company_with_legal_form_in_the_title() -> None:
    assert _parties([
        "Ridgeway Telecom Pty Ltd Service Level Agreement",
        "Version 2.3, issued March 2021",
        "The time from when the fault desk receives a call from the Customer to the first acknowledgement.",
        "Critical faults are answered within 30 minutes.",
    ]) == [("Ridgeway Telecom Pty Ltd", "supplier")]


def test_company_with_legal_form_in_the_title_de() -> None:
    assert _parties([
        "Leistungsbeschreibung der Nordwerk Systeme GmbH",
        "Störungen der Priorität 1 werden innerhalb von zwei Stunden bearbeitet.",
        "Die Verfügbarkeit beträgt 99,8 % im Monatsmittel.",
    ], language="de") == [("Nordwerk Systeme GmbH", "supplier")]


def test_brand_in_capitals_opens_the_title_of_a_third_person_page() -> None:
    assert _parties([
        "KORVEX Fibre Link – Service Terms",
        "The terms in this section apply to the Fibre Link service.",
        "Fibre Link availability target: 99.7% per month.",
        "A Fibre Link below target earns a 10% credit of the monthly charge.",
    ]) == [("KORVEX", "supplier")]


def test_brand_with_inner_capitals_opens_the_title_of_a_third_person_page_de() -> None:
    assert _parties([
        "NetzBlick Serverpflege – Leistungsbeschreibung",
        "Die Serverpflege umfasst Updates und Überwachung.",
        "Störungen werden innerhalb von vier Stunden bearbeitet.",
    ], language="de") == [("NetzBlick", "supplier")]


def test_exhibit_title_in_capitals_names_nobody() -> None:
    assert _parties([
        "EXHIBIT C – SERVICE LEVEL AGREEMENT",
        "The Service shall be available 99.9% of each calendar month.",
        "Credits are 5% of the monthly fee per hour of outage.",
    ]) == []


def test_product_name_alone_in_the_title_names_nobody_de() -> None:
    assert _parties([
        "TabellenKit",
        "Für die Erweiterung TabellenKit gelten die folgenden Nutzungsbedingungen.",
        "Die Software TabellenKit wird im Rahmen eines Mietvertrages bereitgestellt.",
        "Die Mindestlaufzeit beträgt 3 Monate.",
    ], language="de") == []


def test_product_named_as_such_in_a_titled_page_names_nobody() -> None:
    assert _parties([
        "GridPilot Pricing",
        "The add-on GridPilot is billed monthly per seat.",
        "Each GridPilot seat costs $12 per month.",
    ]) == []


def test_title_brand_integrated_by_the_page_names_nobody() -> None:
    assert _parties([
        "QV7 Paid Support Tier",
        "Scope",
        "QV7 integration support",
        "Starter: first response within 48 hours.",
    ]) == []


def test_german_adverb_opening_an_inverted_sentence_is_no_name_de() -> None:
    assert _parties([
        "Mietvertrag",
        "Die Mindestlaufzeit beträgt drei Monate. Danach kann der Vertrag monatlich gekündigt werden.",
        "Ist eine Frist verstrichen, verlängert sich der Vertrag. Danach kann der Mieter jederzeit kündigen.",
    ], language="de") == []


def test_brand_after_for_in_the_title_is_still_the_provider() -> None:
    assert _parties([
        "Abrechnung für HubLane Pipelines",
        "Die Nutzung von HubLane Pipelines ist für öffentliche Repositorys kostenlos.",
        "Speicher über das Kontingent hinaus rechnet HubLane pro GB ab: 0,25 USD.",
        "Details zu Ausgabenlimits stehen in der HubLane-Dokumentation.",
    ], language="de") == [("HubLane", "supplier")]


# -- products in the title ----------------------------------------------------------------------------------------

def test_product_after_for_in_the_title_is_not_the_provider() -> None:
    assert _parties([
        "Service Level for Ledger Cloud",
        "This document defines the service level of Ledger Cloud and is part of the customer agreement.",
        "Ledger Cloud availability: 99.95% per month.",
    ]) == []


def test_product_acronym_in_the_title_is_not_the_provider() -> None:
    assert _parties([
        "PaaS Support Policy",
        "The PaaS is unavailable, which critically affects the production environment.",
        "Critical: the PaaS answers within one hour; the PaaS console shows the state.",
    ]) == []


# -- the provider in the agreement's own sentence ----------------------------------------------------------------

def test_agreement_between_the_provider_and_customer() -> None:
    assert _parties([
        "Service Level Agreement – Dedicated Fibre",
        'This Service Level Agreement ("SLA") is between Halvorsen Networks and Customer.',
        "A Halvorsen Networks technician responds within 2 hours.",
    ]) == [("Halvorsen Networks", "supplier")]


def test_agreement_between_the_provider_and_the_customer_de() -> None:
    assert _parties([
        "Service Level Agreement",
        "Diese Vereinbarung gilt zwischen Brandtwerk Hosting und dem Kunden.",
        "Die Verfügbarkeit beträgt 99,5 % im Monat.",
    ], language="de") == [("Brandtwerk Hosting", "supplier")]


def test_provider_named_by_its_services_agreement_and_its_control() -> None:
    assert _parties([
        "Service Level for Object Archive",
        'This document is an integral part of the Quillon Services Agreement ("Agreement").',
        "The SLA does not apply to outages beyond Quillon's control.",
        "Object Archive availability: 99.9%.",
    ]) == [("Quillon", "supplier")]


def test_provider_that_does_not_include_something() -> None:
    assert _parties([
        "Zephyrlink Shared Hosting 3",
        "Base cost: $12/mo, 99% uptime.",
        "Zephyrlink does not include hardware failure in any uptime guarantee.",
    ]) == [("Zephyrlink", "supplier")]


# -- a "Parties" lead with its role labels run in -----------------------------------------------------------------

def test_parties_lead_with_run_in_role_labels() -> None:
    assert _parties([
        "Freight Data Hosting Agreement Contract ID: FD-17",
        "Parties Shipper: Larchmont Freight Lines Provider: Osterley Cloud Works",
        "Uptime 99.5 percent monthly.",
    ]) == [("Larchmont Freight Lines", "customer"), ("Osterley Cloud Works", "supplier")]


def test_parties_lead_with_run_in_role_labels_de() -> None:
    assert _parties([
        "Wartungsvertrag Nr. 88",
        "Vertragsparteien Auftraggeber: Praxis Ulmenhof Auftragnehmer: Brückner Netzdienste",
        "Reaktionszeit 4 Stunden.",
    ], language="de") == [("Praxis Ulmenhof", "customer"), ("Brückner Netzdienste", "supplier")]


# -- German word order ----------------------------------------------------------------------------------------

def test_verb_before_the_provider_after_a_clause_de() -> None:
    assert _parties([
        "Service-Level-Vereinbarung",
        "Wenn Sie den Business-Tarif nutzen, garantiert Wolkenfeld eine Verfügbarkeit von 99,8 %.",
        "Für geringere Verfügbarkeit werden Gutschriften gewährt.",
    ], language="de") == [("Wolkenfeld", "supplier")]


def test_participle_opening_a_passive_sentence_is_no_name_de() -> None:
    assert _parties([
        "Service Level Agreement",
        "Die Verfügbarkeit bezieht sich auf die Hardware, die dem Kunden vom Provider bereitgestellt wird.",
        "Garantiert wird während der Servicezeit eine Verfügbarkeit von 99 % im Monatsmittel.",
        "Garantiert wird außerdem der Austausch defekter Hardware innerhalb von 4 Stunden.",
    ], language="de") == []
