"""Providers of SLAs, price cards and AGB that the first provider rules missed (issue 11, parties round 2): a name
defined by the provider role in brackets (also when it opens with a common word), "At X, we", a commitment with its
target, the "wir" of a definition list referring to a company, German participles and "bearbeitet", document kinds
that are no names, an opening sentence that is no title, and ordinary phrases defined in brackets."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.parties.parties import extract_parties
from tests.fixtures.contexts import make_context


def _parties(paragraphs: list[str], **kw: Any) -> list[tuple[str, str]]:
    kw.setdefault("headings", paragraphs[:1])
    ctx = make_context(paragraphs, **kw)
    return [(p["name"], p["role"]) for p in extract_parties(ctx, {}).get("parties", [])]


def test_name_defined_as_the_provider_may_open_with_a_common_word() -> None:
    assert _parties([
        "Service Level Agreement – Objektspeicher",
        "Dieses Dokument beschreibt das Produkt Objektspeicher, das von Cloud Harbor (nachfolgend „der Anbieter“) "
        "bereitgestellt wird.",
        "Cloud Harbor garantiert eine monatliche Verfügbarkeit von 99,9 %.",
    ], language="de") == [("Cloud Harbor", "supplier")]


def test_english_provider_role_in_brackets_after_the_name() -> None:
    assert _parties([
        "Support Policy",
        'The services described here are operated by Tern Works (the "Provider").',
        "Critical tickets receive a first response within 2 hours.",
    ]) == [("Tern Works", "supplier")]


def test_at_name_we_speaks_as_the_provider() -> None:
    assert _parties([
        "Support priorities",
        "At Fennick, our approach to support requests is pragmatic.",
        "High priority issues receive an initial response within 1 working hour.",
    ]) == [("Fennick", "supplier")]


def test_commitment_with_a_numeric_target_counts_twice() -> None:
    parties = _parties([
        "Managed Hosting SLA",
        "Orrin Labs guarantees 99.9% availability for managed hosting services.",
        "Severity 1 incidents receive a response within 1 hour.",
    ])
    assert [(name.split()[0], role) for name, role in parties] == [("Orrin", "supplier")]


def test_commitment_without_a_target_stays_a_single_mention() -> None:
    assert _parties([
        "Managed Hosting",
        "Orrin Labs guarantees a friendly service.",
        "Severity 1 incidents receive a response within 1 hour.",
    ]) == []


def test_wir_of_a_definition_list_refers_to_the_company() -> None:
    assert _parties([
        "AGB",
        "Begriffe",
        "UNTERNEHMEN („wir“, „uns“) bezieht sich auf Talbach Software e. K., Hauptstr. 1, 12345 Musterstadt.",
        "Rechnungen sind sofort fällig.",
    ], language="de", headings=["AGB", "Begriffe"]) == [("Talbach Software e. K.", "supplier")]


def test_german_participle_and_bearbeitet_name_the_provider() -> None:
    parties = _parties([
        "Supportpakete",
        "Die von Sandor Netz betriebenen Server stehen in Frankfurt.",
        "Sandor bearbeitet Anfragen innerhalb eines Werktags.",
    ], language="de")
    assert [(name.split()[0], role) for name, role in parties] == [("Sandor", "supplier")]


def test_document_kind_in_the_title_is_no_name() -> None:
    assert _parties([
        "Allgemeine Geschäftsbedingungen (AGB)",
        "Diese AGB gelten für alle Verträge über die Plattform.",
        "Larimo bietet eine Plattform zur Dokumentation an.",
        "Larimo wird Wartungen rechtzeitig ankündigen.",
    ], language="de") == [("Larimo", "supplier")]


def test_opening_sentence_is_no_title_naming_the_provider() -> None:
    assert _parties([
        "Brisk Labs offer two support plans for Quillon:",
        "Both plans cover Quillon in production and include upgrades.",
        "Critical issues receive a response within 4 hours.",
    ], headings=[]) == []


def test_ordinary_phrase_defined_in_brackets_is_no_party() -> None:
    assert _parties([
        "AGB",
        "Dies sind die Bedingungen für alle Leistungen zwischen Ihnen und dem UNTERNEHMEN.",
        "Alle Texte, Bilder und Verfahren der Website (\"geistiges Eigentum\") gehören dem UNTERNEHMEN.",
        "Rechnungen sind sofort fällig.",
    ], language="de") == []


def test_thanks_for_choosing_the_provider() -> None:
    assert _parties([
        "Support Plans",
        "Thank you for choosing Halyard Networks Ltd for your hosting.",
        "Priority tickets receive a response within 2 hours.",
    ]) == [("Halyard Networks Ltd", "supplier")]


def test_german_offer_of_a_company() -> None:
    assert _parties([
        "Preisliste",
        "Nordlicht Hosting ist ein Angebot der Brenner Digital GmbH.",
        "Das Basispaket kostet 9,90 € pro Monat.",
    ], language="de") == [("Brenner Digital GmbH", "supplier")]


def test_committed_to_acts_as_the_provider() -> None:
    parties = _parties([
        "Support Policy",
        "Pellworm is committed to answering every request within one business day.",
        "Pellworm is committed to keeping customers informed about incidents.",
    ])
    assert [(name.split()[0], role) for name, role in parties] == [("Pellworm", "supplier")]


def test_german_thanks_for_choosing_the_provider() -> None:
    assert _parties([
        "Supportbedingungen",
        "Vielen Dank, dass Sie sich für Kormoran Systems GmbH entschieden haben.",
        "Anfragen werden innerhalb eines Werktags beantwortet.",
    ], language="de") == [("Kormoran Systems GmbH", "supplier")]


def test_role_words_and_sentence_words_are_no_parties_company_in_brackets_is_the_provider() -> None:
    assert _parties([
        "IT Support Service Level Agreement",
        "This agreement describes the service that YOUR BUSINESS (‘the Client’) receives from Harbourside IT "
        "Services (‘the Company’).",
        "It should be read alongside the support contract between the Client and the Company.",
        "The Client relies on hardware and software (together: ‘the IT estate’) that are maintained and supported by "
        "the Company.",
        "The Company guarantees a response within 4 hours.",
    ]) == [("Harbourside IT Services", "supplier")]


def test_brand_styled_in_lower_case_stays_a_preamble_party() -> None:
    parties = _parties([
        "Hostingvertrag",
        "zwischen",
        "kleinwerk IT Ltd., 1 Harbour Road, Dublin (im Folgenden „Dienstleister“ genannt) und dem Kunden (im Folgenden "
        "„Auftraggeber“ genannt).",
        "Der Dienstleister stellt eine Plattform bereit.",
    ], language="de", headings=["Hostingvertrag"])
    assert [name for name, _ in parties] == ["kleinwerk IT Ltd."]
