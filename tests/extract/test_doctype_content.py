"""Document type of documents without a contract title (SLA, support policy, price list, standard terms) and the
title of documents whose top lines are running headers, draft stamps or section headings (issue 11, class 10)."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.document.doctype import extract_doctype, find_title
from docsvc.extract.extractors.document.kinds import content_kind, heading_points
from tests.fixtures.contexts import make_context

_SLA = [{"metric": "response_time"}, {"metric": "resolution_time"}, {"metric": "availability"}]
_PRICES = {"items": [{"unit_price": "10"}, {"unit_price": "20"}, {"unit_price": "30"}]}


def _kind(paragraphs: list[str], headings: list[str], found: dict[str, Any], language: str = "en") -> str | None:
    ctx = make_context(paragraphs, language=language, headings=headings)
    return content_kind(ctx, found, None)


def test_support_policy_with_response_times_is_an_sla() -> None:
    paragraphs = ["Support Policy", "Response times", "Urgent tickets are answered within one hour.",
                  "Severity definitions", "Severity 1 means the service is down."]
    assert _kind(paragraphs, ["Support Policy", "Response times", "Severity definitions"], {"sla": _SLA}) == "sla"


def test_german_billing_page_is_a_price_list_recorded_as_other() -> None:
    paragraphs = ["Informationen zur Abrechnung für Speicher", "Preise", "Ein Gigabyte kostet 0,07 USD im Monat."]
    assert _kind(paragraphs, paragraphs[:2], {"pricing": _PRICES}, "de") == "other"


def test_prices_outweigh_a_single_sla_value_in_a_product_sheet() -> None:
    paragraphs = ["Business Fibre Product Portfolio", "Pricing", "Packages", "Uptime 99.5 %"]
    assert _kind(paragraphs, paragraphs[:3], {"sla": _SLA[:1], "pricing": _PRICES}) == "other"


def test_german_standard_terms_by_their_clause_headings() -> None:
    paragraphs = ["§ 1 Geltungsbereich", "Diese Bedingungen gelten für Hosting.", "§ 5 Haftung", "§ 6 Kündigung"]
    assert _kind(paragraphs, [paragraphs[0], paragraphs[2], paragraphs[3]], {"sla": _SLA[:1]}, "de") == (
        "terms_of_service")


def test_nothing_said_gives_no_kind() -> None:
    assert _kind(["Notes", "Some remarks about the project."], ["Notes"], {}) is None


def test_first_heading_counts_twice() -> None:
    points = heading_points(["Price list 2025", "Availability"])
    assert points["price"] == 2 and points["sla"] == 1


@pytest.mark.parametrize(("paragraphs", "language", "expected"), [
    (["GitHub-like Premium Support plans", "There are two plans.", "Urgent: 30 minutes response."], "en", "sla"),
    (["Preisliste Managed Print", "Ein Gerät kostet 49 EUR im Monat."], "de", "other"),
])
def test_extract_doctype_uses_content_without_contract_title(
        paragraphs: list[str], language: str, expected: str) -> None:
    ctx = make_context(paragraphs, language=language, headings=paragraphs[:1])
    found: dict[str, Any] = {"sla": _SLA} if expected == "sla" else {"pricing": _PRICES}
    out = extract_doctype(ctx, found)
    assert out["document_type"]["value"] == expected
    assert out["title"]["value"] == paragraphs[0]


def test_two_parties_keep_the_contract_default() -> None:
    ctx = make_context(["Notes", "Text."], headings=["Notes"])
    out = extract_doctype(ctx, {"parties": [{"name": "A Ltd"}, {"name": "B Ltd"}], "pricing": _PRICES})
    assert out["document_type"]["value"] == "contract"


def _title(paragraphs: list[str], headings: list[str] | None = None, language: str = "en") -> str | None:
    ctx = make_context(paragraphs, language=language, headings=headings if headings is not None else paragraphs[:1])
    found = find_title(ctx)
    return found[0] if found else None


@pytest.mark.parametrize(("paragraphs", "headings", "expected"), [
    # A draft stamp with date and revision above the title.
    (["DRAFT 12.03.2024 – Rev. 3 – Services Agreement", "MASTER SERVICES AGREEMENT", "This Agreement ..."],
     ["DRAFT 12.03.2024 – Rev. 3 – Services Agreement", "MASTER SERVICES AGREEMENT"], "MASTER SERVICES AGREEMENT"),
    (["Entwurf vom 3. April 2024, Fassung 2 – Rahmenvertrag", "Rahmenvertrag IT-Betrieb", "§ 1 Gegenstand"],
     ["Entwurf vom 3. April 2024, Fassung 2 – Rahmenvertrag", "Rahmenvertrag IT-Betrieb"], "Rahmenvertrag IT-Betrieb"),
    # A page header with a page number and a contract number.
    (["Contract No. 2024-117 Hosting Agreement Page 1 of 12", "HOSTING AGREEMENT",
      "This Agreement is made on 1 May 2024."],
     ["HOSTING AGREEMENT"], "HOSTING AGREEMENT"),
    (["Vertrag Nr. 88/2023 – Seite 2", "Wartungsvertrag", "§ 1 Gegenstand"], ["Wartungsvertrag"], "Wartungsvertrag"),
    # A section heading ("Präambel") is no title; the title line below it is.
    (["Präambel", "Der Anbieter erbringt Hosting.", "Allgemeine Geschäftsbedingungen"], ["Präambel"],
     "Allgemeine Geschäftsbedingungen"),
])
def test_title_skips_stamps_and_page_headers(paragraphs: list[str], headings: list[str], expected: str) -> None:
    assert _title(paragraphs, headings) == expected


def test_line_repeated_on_every_page_is_a_running_header() -> None:
    header = "Service Agreement ACME-4711"
    paragraphs = [header, "Uptime Service Levels", "Text one.", header, "Text two.", header, "Text three.", header]
    assert _title(paragraphs, [header, "Uptime Service Levels"]) == "Uptime Service Levels"


def test_section_heading_further_down_does_not_beat_the_top_heading() -> None:
    paragraphs = ["Canonical-like Support: overview", "Intro text.", "Knowledge Base", "More text.",
                  "Support contract options", "Your contract includes support."]
    assert _title(paragraphs, [paragraphs[0], paragraphs[2], paragraphs[4]]) == "Canonical-like Support: overview"
