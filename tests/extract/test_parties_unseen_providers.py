"""Providers that name themselves only in passing (issue 11, parties on unseen provider documents): a brand defined
by the pronouns standing for it, the provider as the one the customer must inform, sentence-case words that are no
names, German articles before a company name, role words where a name should be, and the unnamed customer beside
the one named party."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.parties.parties import extract_parties
from tests.fixtures.contexts import make_context


def _parties(paragraphs: list[str], **kw: Any) -> list[tuple[str, str]]:
    ctx = make_context(paragraphs, headings=paragraphs[:1], **kw)
    return [(p["name"], p["role"]) for p in extract_parties(ctx, {}).get("parties", [])]


def test_lower_case_brand_defined_by_its_pronouns() -> None:
    assert _parties([
        "Service Level Agreement",
        'This SLA applies to the use of nimbuscache ("nimbuscache", "us" or "we"). The service is offered under '
        "our Terms of Service.",
        "We will provide a Monthly Uptime Percentage of at least 99.9%.",
    ]) == [("nimbuscache", "supplier")]


def test_domain_brand_defined_by_its_pronouns() -> None:
    assert _parties([
        "Business Service Level Agreement",
        'This SLA describes the availability commitment for pagewisp.io ("Service", "we", "us", "our") to its '
        'business customers ("you").',
        "We commit to 99.9% availability in any calendar month.",
    ]) == [("pagewisp.io", "supplier")]


def test_company_defined_with_commas_inside_the_quotes() -> None:
    assert _parties([
        "Support Terms",
        'These terms govern the support services provided by Quarry Lane ("Provider," "we," "us," or "our") to '
        'customers ("Customer," "you").',
        "Severity 1 requests are answered within one hour.",
    ]) == [("Quarry Lane", "supplier")]


def test_provider_as_the_one_the_customer_must_inform() -> None:
    assert _parties([
        "Cloud Service Support Policy",
        "Support is only available in English.",
        "Customer agrees to provide Larkspur with reasonable detail of the Error and to provide Larkspur with "
        "reasonable access to the environment.",
        "Gold subscriptions receive an initial response within 30 minutes.",
    ]) == [("Larkspur", "supplier")]


def test_words_capitalised_only_at_sentence_starts_are_no_names() -> None:
    assert _parties([
        "SLA and Support",
        "SLA Credits: Automatic credits for downtime.",
        "Automatic credits are issued for downtime below the monthly target.",
        "Response within 4 hours for critical incidents.",
    ]) == []


def test_german_article_before_a_company_name_of_two_words() -> None:
    parties = _parties([
        "Leistungsbeschreibung",
        "Die Kestrel Cloud stellt dem Kunden eine Tool-Umgebung bereit.",
        "Die Kestrel Cloud wird den Kunden über Änderungen per E-Mail informieren.",
        "Der Katalog wird durch die Kestrel Cloud regelmässig angepasst.",
    ], language="de")
    assert [(name.split()[0], role) for name, role in parties] == [("Kestrel", "supplier")]


def test_role_placeholder_in_capitals_names_nobody() -> None:
    assert _parties([
        "Service Level Agreement",
        'This SLA between VENDOR ("VENDOR", "us", "our", or "we") and users of the VENDOR Services ("CUSTOMER") '
        "governs the use of the SERVICE.",
        "All issues must be received by the VENDOR help desk.",
        "VENDOR will use commercially reasonable efforts to keep the SERVICE available 98% of each month.",
        "VENDOR will provide CUSTOMER with the following support methods.",
    ]) == []


def test_unnamed_customer_of_a_form_contract_is_no_party() -> None:
    assert _parties([
        "Webhosting-Vertrag",
        "zwischen",
        "Nordlicht IT Ltd.",
        '(im Folgenden "Dienstleister" genannt) und',
        "dem Kunden / der Firma des Kunden",
        '(im Folgenden "Auftraggeber" genannt).',
        "1. Gegenstand",
    ], language="de") == [("Nordlicht IT Ltd.", "supplier")]


def test_terms_between_the_customer_and_a_company_with_a_bare_short_name() -> None:
    assert _parties([
        "Allgemeine Geschäftsbedingungen",
        "Diese AGB gelten für alle Geschäftsbeziehungen zwischen dem Kunden und der Falkenstein Hosting AG "
        "(Falkenstein). Abweichende Bedingungen des Kunden gelten nicht.",
        "Falkenstein bestätigt den Zugang der Bestellung des Kunden.",
    ], language="de") == [("Falkenstein Hosting AG", "supplier")]


def test_contract_with_an_unnamed_side_stays_a_contract() -> None:
    from docsvc.extract.extractors.document.doctype import extract_doctype

    ctx = make_context([
        "Webhosting-Vertrag",
        "zwischen",
        "Nordlicht IT Ltd.",
        '(im Folgenden "Dienstleister" genannt) und',
        "dem Kunden / der Firma des Kunden",
        '(im Folgenden "Auftraggeber" genannt).',
        "1. Gegenstand",
        "Der Dienstleister stellt dem Auftraggeber eine Webhosting-Plattform bereit.",
    ], headings=["Webhosting-Vertrag"], language="de")
    found = extract_parties(ctx, {})
    assert extract_doctype(ctx, found)["document_type"]["value"] == "contract"


def test_party_without_a_term_beside_a_defined_customer_is_the_supplier() -> None:
    assert _parties([
        "e-Business Hosting Agreement",
        'This Agreement is made between Fernbrook Retail, Inc. ("Customer") and Halvard Systems Corporation, a New '
        "York corporation.",
        "1. Services",
    ]) == [("Fernbrook Retail, Inc.", "customer"), ("Halvard Systems Corporation", "supplier")]


def test_one_party_beside_several_suppliers_is_the_customer() -> None:
    assert _parties([
        "Servicing Agreement",
        'This Agreement is entered into by and among Orchard Fund Management LLC ("Orchard"), Larch Life Insurance '
        'Company and Larch Securities, Inc. (each a "Servicing Agent").',
        "1. Services",
    ]) == [("Orchard Fund Management LLC", "customer"), ("Larch Life Insurance Company", "supplier"),
           ("Larch Securities, Inc.", "supplier")]


def test_lower_case_brand_inside_sentences_confirmed_by_its_domain() -> None:
    assert _parties([
        "Support policy",
        "Technical support is available through the web based client system on all larchpine web properties.",
        "The larchpine platform is monitored 24/7 by automated systems, and larchpine staff answer tickets.",
        "Incidents are posted on status.larchpine.com.",
    ]) == [("larchpine", "supplier")]


def test_sentence_saying_who_provides_the_support() -> None:
    assert _parties([
        "Support Policy",
        "Support is provided by Brackwater Hosting GmbH.",
        "Priority 1 incidents are answered within one hour.",
    ]) == [("Brackwater Hosting GmbH", "supplier")]
    assert _parties([
        "Supportrichtlinie",
        "Der Support wird von der Brackwasser Hosting GmbH erbracht.",
        "Priorität 1: Reaktion innerhalb von einer Stunde.",
    ], language="de") == [("Brackwasser Hosting GmbH", "supplier")]


def test_imprint_line_of_a_price_list() -> None:
    assert _parties([
        "Preisliste",
        "Alle Preise verstehen sich zzgl. MwSt.",
        "Webhosting S: 4,90 EUR pro Monat",
        "Impressum: Kranich Netzwerke GmbH, Hafenstraße 3, 20457 Hamburg",
    ], language="de") == [("Kranich Netzwerke GmbH", "supplier")]


def test_domain_in_a_contract_title_is_the_site_not_the_provider() -> None:
    assert _parties([
        "Supportvertrag – Wetterblick.ch Frontend",
        "Dieser Vertrag regelt Wartung und Support für das Frontend der Webseite Wetterblick.ch.",
        "Stundensatz: CHF 150.– pro Stunde.",
    ], language="de") == []


def test_the_customers_contract_with_the_provider_and_its_representatives_name_it() -> None:
    assert _parties([
        "Service Level and Terms for Support Contracts",
        "Your support contract is the Ongoing Support component of your contract with Larkspur Web Limited.",
        "Out-of-hours work must be agreed via email by a representative of Larkspur Web Limited.",
    ]) == [("Larkspur Web Limited", "supplier")]
    assert _parties([
        "Supportbedingungen",
        "Diese Bedingungen gelten für Ihren Wartungsvertrag mit der Kranich Systemhaus GmbH.",
        "Einsätze außerhalb der Servicezeit stimmt ein Mitarbeiter der Kranich Systemhaus GmbH vorher ab.",
    ], language="de") == [("Kranich Systemhaus GmbH", "supplier")]


def test_a_two_word_name_in_the_title_is_one_provider() -> None:
    assert _parties([
        "Heronfield Telco - Business Connectivity Solutions",
        "Heronfield Telco provides fibre broadband for UK businesses of all sizes.",
    ]) == [("Heronfield", "supplier")]


def test_a_first_person_page_named_after_its_provider_in_the_title() -> None:
    voice = "We answer every ticket within four hours. Our engineers monitor your systems, and we report monthly."
    assert _parties(["QuillcrestIT Service Tiers", voice]) == [("QuillcrestIT", "supplier")]
    assert _parties(["Preise – DER HAFENWART", "Wir warten Ihre Anlage. Unsere Techniker kommen zu Ihnen. "
                     "Wir melden uns innerhalb eines Tages."], language="de") == [("HAFENWART", "supplier")]
    # a product or a kind of document in the title names nobody
    assert _parties(["VPS Plans", voice]) == []
    assert _parties(["Fibre Broadband Services", voice + " Our fibre reaches every office."]) == []
