"""List items of one section that each state the same target for another component ("SLA 1 – Compute: 99,99 %",
"SLA 2 – Storage: 99,99 %") are separate commitments, even when a table elsewhere holds the same value; a single
sentence repeating a table value is still the same commitment."""

from __future__ import annotations

import dataclasses
from typing import Any

from docsvc.extract.context import analyse
from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.types import BlockKind
from tests.fixtures.contexts import make_doc


def _availability(paragraphs: list[str], items: set[int], table: list[list[str]], language: str) -> list[Any]:
    doc = make_doc(paragraphs, [table], headings=[paragraphs[0]])
    blocks = tuple(dataclasses.replace(b, kind=BlockKind.LIST_ITEM) if b.index in items else b for b in doc.blocks)
    ctx = analyse(dataclasses.replace(doc, blocks=blocks), language)
    return [e["target"]["value"] for e in extract_sla(ctx, {}).get("sla", []) if e["metric"] == "availability"]


_TABLE = [["Kennzahl", "Zusage", "Verfügbarkeitsziel"], ["K-1", "Verfügbarkeit der Objektspeicher-API", "99,95 %"]]


def test_list_of_component_commitments_with_the_table_value() -> None:
    paragraphs = ["Servicelevel", "Zusagen je Komponente:",
                  "SLA 1 – Rechenleistung: garantierte Verfügbarkeit von 99,95 %, gemessen pro Monat.",
                  "SLA 2 – Speicher: garantierte Verfügbarkeit von 99,95 %, gemessen pro Monat.",
                  "SLA 3 – Netzwerk: garantierte Verfügbarkeit von 99,95 %, gemessen pro Monat."]
    assert _availability(paragraphs, {2, 3, 4}, _TABLE, "de") == [99.95, 99.95, 99.95, 99.95]


def test_one_sentence_repeating_the_table_value_is_the_same_commitment() -> None:
    paragraphs = ["Servicelevel", "Die Objektspeicher-API ist mit einer Verfügbarkeit von 99,95 % pro Monat verfügbar."]
    assert _availability(paragraphs, {1}, _TABLE, "de") == [99.95]



def test_the_same_item_repeated_for_each_product_restates_the_table() -> None:
    paragraphs = ["Servicelevel", "Paket S", "Verfügbarkeitsgarantie: 99,95 %", "Paket M",
                  "Verfügbarkeitsgarantie: 99,95 %"]
    assert _availability(paragraphs, {2, 4}, _TABLE, "de") == [99.95]
