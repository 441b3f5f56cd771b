"""A service window written as its own item of a package's feature list ("Mo–Fr, 8–18 Uhr") puts the list's time
target into business hours; a round-the-clock item, or a window in another list, does not."""

from __future__ import annotations

import dataclasses
from typing import Any

from docsvc.extract.context import analyse
from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.types import BlockKind
from tests.fixtures.contexts import make_doc


def _targets(paragraphs: list[str], items: set[int], language: str = "de") -> list[tuple[Any, ...]]:
    doc = make_doc(paragraphs, headings=[paragraphs[0]])
    blocks = tuple(dataclasses.replace(b, kind=BlockKind.LIST_ITEM) if b.index in items else b for b in doc.blocks)
    ctx = analyse(dataclasses.replace(doc, blocks=blocks), language)
    return [(e["target"]["value"], e["target"]["unit"]) for e in extract_sla(ctx, {}).get("sla", [])]


def test_window_item_in_the_same_list_gives_business_hours() -> None:
    paragraphs = ["Supportpakete", "Paket Komfort", "E-Mail-Support", "3 h Reaktionszeit bei Störungen",
                  "Mo–Fr, 8:00 - 18:00 Uhr", "Preis auf Anfrage"]
    assert _targets(paragraphs, {2, 3, 4}) == [(3.0, "business_hours")]


def test_round_the_clock_item_keeps_clock_hours() -> None:
    paragraphs = ["Supportpakete", "Paket Premium", "30 Minuten Reaktionszeit bei Störungen",
                  "Rund um die Uhr, 24 h / 7 Tage", "Telefon"]
    assert _targets(paragraphs, {2, 3, 4}) == [(30.0, "minutes")]


def test_window_in_another_list_does_not_qualify() -> None:
    paragraphs = ["Supportpakete", "Paket Basis", "3 h Reaktionszeit bei Störungen", "Ticket-System", "Paket Plus",
                  "Mo–Fr, 8:00 - 18:00 Uhr", "Chat"]
    assert _targets(paragraphs, {2, 3, 5, 6}) == [(3.0, "hours")]


def test_english_feature_list() -> None:
    paragraphs = ["Support plans", "Standard", "Response time: 4 hours for critical issues",
                  "Mon–Fri, 9:00 - 17:00", "Email and chat"]
    assert _targets(paragraphs, {2, 3, 4}, "en") == [(4.0, "business_hours")]


def test_channel_with_its_own_hours_is_not_a_window_item() -> None:
    paragraphs = ["Supportpakete", "Enthalten:", "Telefon-Hotline während der Bürozeiten (8-16 Uhr, Wochentage)",
                  "72 Stunden Antwortzeit für Anfragen"]
    assert _targets(paragraphs, {2, 3}) == [(72.0, "hours")]
