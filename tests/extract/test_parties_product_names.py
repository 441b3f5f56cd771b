"""Provider names against product names, confidentiality notices and roles standing where a name should.

Made-up documents (EN and DE)."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.parties.parties import extract_parties, role_words_only
from tests.fixtures.contexts import make_context


def _parties(paragraphs: list[str], **kw: Any) -> list[tuple[str, str]]:
    ctx = make_context(paragraphs, headings=paragraphs[:1], **kw)
    return [(p["name"], p["role"]) for p in extract_parties(ctx, {}).get("parties", [])]


def test_product_family_counted_per_item_is_not_the_provider_de() -> None:
    assert _parties([
        "Erfolgspläne im Überblick",
        "Kunden erhalten bis zu zehn benannte Kontakte pro KLX-Produkt (vier pro KLX-Produkt im Basisplan).",
        "Die Antwortzeiten gelten für keine anderen KLX-Produkte.",
        "Ihr Norvane-Team begleitet Sie durch das erste Jahr.",
        "Fragen beantwortet das Support-Team von Norvane im Portal.",
        "Über das von Norvane bereitgestellte Portal lassen sich Kontakte pflegen.",
    ], language="de") == [("Norvane", "supplier")]


def test_product_family_counted_per_item_is_not_the_provider_en() -> None:
    assert _parties([
        "Success plans overview",
        "Customers may name up to ten contacts per KLX product and four for any other KLX product.",
        "Norvane will answer Priority 1 tickets within one hour.",
        "Norvane provides a named technical account manager.",
    ]) == [("Norvane", "supplier")]


def test_defined_publisher_wins_a_tie_with_an_acting_product_name() -> None:
    assert _parties([
        "Product sheet",
        "FibreLink Pro delivers symmetric speeds with business-grade support.",
        "FibreLink Pro offers a 99.5% availability target.",
        "FibreLink Pro provides a static IP address on request.",
        "© 2025 Karoo Networks (Pty) Ltd. All rights reserved.",
    ]) == [("Karoo Networks (Pty) Ltd.", "supplier")]


@pytest.mark.parametrize(("notice", "language", "name"), [
    ("This document contains proprietary information of Tessaline Holdings Ltd.", "en", "Tessaline Holdings Ltd"),
    ("Dieses Dokument enthält vertrauliche Informationen der Brunnfeld Systeme GmbH.", "de", "Brunnfeld Systeme GmbH"),
])
def test_confidentiality_notice_names_the_publisher(notice: str, language: str, name: str) -> None:
    paragraphs = ["Service description", "Availability is measured monthly.", notice]
    assert _parties(paragraphs, language=language) == [(name, "supplier")]


@pytest.mark.parametrize(("name", "expected"), [
    ("VENDOR", True), ("Named Parties", True), ("the Provider", True), ("Kunden / der Firma des Kunden", True),
    ("der Auftragnehmer", True), ("Host Europe GmbH", False), ("Carrier Corporation", False), ("Norvane", False),
])
def test_role_words_only(name: str, expected: bool) -> None:
    assert role_words_only(name) is expected


def test_template_placeholder_is_no_provider() -> None:
    parties = _parties([
        "Service Level Agreement",
        'This VENDOR Service Level Agreement ("SLA") between VENDOR ("VENDOR", "us") and users of the VENDOR '
        'Services ("CUSTOMER", "you") governs the use of the service.',
        "VENDOR will respond to Priority 1 incidents within one hour.",
    ])
    assert all(name != "VENDOR" for name, _ in parties)
