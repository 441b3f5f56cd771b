"""German SLA tables and lists (third German round): column roles from cell value types, list cues."""

from __future__ import annotations

import dataclasses
from typing import Any

from docsvc.extract.context import analyse
from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.types import BlockKind
from tests.fixtures.contexts import make_context, make_doc


def _keys(paragraphs: list[str], tables: Any = (), language: str = "de") -> set[tuple[str, str | None, float, str]]:
    entries = extract_sla(make_context(paragraphs, tables, language=language, pdf=False), {}).get("sla", [])
    return {(e["metric"], e["priority"], e["target"]["value"], e["target"]["unit"]) for e in entries}


def test_availability_header_over_service_windows_is_the_cover_column() -> None:
    # "Verfügbarkeit" names the support window here ("24/7", "Mo-Fr 07-19"), not an uptime level: the rows
    # with a weekday window are business hours.
    keys = _keys(["Supportzusagen"], [[
        ["Stufe", "Reaktion", "Behebung", "Verfügbarkeit"],
        ["S1 - Kritisch", "20 Minuten", "6 Stunden", "24/7"],
        ["S3 - Normal", "3 Stunden", "30 Stunden", "Mo-Fr 07-19"],
    ]])
    assert ("response_time", "S3", 3.0, "business_hours") in keys
    assert ("response_time", "S1", 20.0, "minutes") in keys
    assert not any(k[0] == "availability" for k in keys)


def test_availability_column_with_percentages_stays_availability() -> None:
    keys = _keys(["Dienste"], [[
        ["Dienst", "Verfügbarkeit", "Servicezeit"],
        ["Mailserver", "99,7 %", "Mo-Fr 07-19"],
        ["Webserver", "99,2 %", "24/7"],
    ]])
    assert any(k[0] == "availability" and k[2] == 99.7 for k in keys)



def test_solved_within_is_a_resolution_time() -> None:
    # "gelöst innerhalb" (solved within) is the resolution; before it, "Reaktion" is the response.
    keys = _keys(["Priorität mittel: Reaktion innerhalb 3 Stunden, gelöst innerhalb von 3 Tagen"])
    assert ("resolution_time", "Mittel", 3.0, "days") in keys
    assert ("response_time", "Mittel", 3.0, "hours") in keys


def test_attached_day_abbreviation_is_days() -> None:
    keys = _keys(["Priorität mittel: Reaktion innerhalb 3h, Behebung innerhalb 4d"])
    assert ("resolution_time", "Mittel", 4.0, "days") in keys


def test_downtime_budgets_and_mtbf_are_no_service_levels() -> None:
    keys = _keys(["Betriebs-SLA"], [[
        ["Kennzahl", "Zielwert", "Messung"],
        ["Verfügbarkeit", "99,7 %", "monatlich"],
        ["Ungeplante Ausfallzeit", "< 3h/Monat", "monatlich"],
        ["MTBF", "> 500h", "quartalsweise"],
        ["Wiederherstellung (MTTR)", "< 3h", "monatlich"],
    ]])
    assert ("availability", None, 99.7, "percent") in keys
    assert ("resolution_time", None, 3.0, "hours") in keys
    assert not any(k[0] == "other" for k in keys)


def _listed(paragraphs: list[str], items: set[int]) -> list[tuple[Any, ...]]:
    doc = make_doc(paragraphs, headings=[paragraphs[0]])
    blocks = tuple(dataclasses.replace(b, kind=BlockKind.LIST_ITEM) if b.index in items else b for b in doc.blocks)
    ctx = analyse(dataclasses.replace(doc, blocks=blocks), "de")
    return [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in extract_sla(ctx, {}).get("sla", [])]


def test_items_under_a_hedged_lead_in_are_no_targets() -> None:
    # "Typische Werte:" describes what is usual; the list under the binding lead-in after it still counts.
    paragraphs = ["Entstörung", "Typische Werte der Branche:", "Störung der Klasse A: Behebung in 6–9 Stunden",
                  "Störung der Klasse B: Behebung in 2–3 Werktagen", "Unsere Zusage:",
                  "Störung der Klasse A: Behebung innerhalb von 7 Stunden"]
    assert _listed(paragraphs, {2, 3, 5}) == [("resolution_time", 7.0, "hours")]


def test_header_word_broken_by_a_narrow_pdf_cell_still_names_its_metric() -> None:
    # LibreOffice breaks a long word in a narrow column without a hyphen: "Lösungszei t", "Reaktionsz eit".
    keys = _keys(["Dienstklassen"], [[
        ["Klasse", "Reaktionsz eit", "Lösungszei t"],
        ["Gold", "2 Stunden", "7 Stunden"],
        ["Silber", "6 Stunden", "30 Stunden"],
    ]])
    assert ("resolution_time", "Gold", 7.0, "hours") in keys
    assert ("response_time", "Silber", 6.0, "hours") in keys


def test_business_day_prefix_broken_by_a_narrow_pdf_cell_keeps_business_days() -> None:
    keys = _keys(["Reaktionszeiten"], [[
        ["Priorität", "Standard", "Premium"],
        ["Priorität 3", "Geschäftstag e/ 4 Tage", "Geschäftstag/ 2 Tage"],
    ]])
    assert any(k[2] == 4.0 and k[3] == "business_days" for k in keys)
    assert not any(k[2] == 4.0 and k[3] == "days" for k in keys)
