"""SLA values written in shorthand: support codes "hours x days x response" ("8x5x4", "24x7x2", "9x5xNBD"),
minutes as "m" ("~90m"), "1/2 hour"; a title-like lead-in over a priority list; a one-row "Service Level | 99.9 %"
table."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(paragraphs: list[str], tables: list[list[list[str]]] | None = None, language: str = "en",
         list_items: list[str] | None = None) -> list[tuple[Any, ...]]:
    ctx = make_context(paragraphs, tables or [], language=language, pdf=False, list_items=list_items or [])
    return [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in extract_sla(ctx, {}).get("sla", [])]


def test_support_codes_state_their_response_time() -> None:
    assert _sla(["Support", "Wir bieten die Servicestufen Basis (9x5x8) und Komfort (24x7x4) an."],
                language="de") == [("response_time", 8.0, "hours"), ("response_time", 4.0, "hours")]
    assert _sla(["Hardware support"], [[
        ["Option", "Coverage"],
        ["Foundation Care", "9x5xNBD"],
        ["Proactive Care", "24x7x6"],
    ]]) == [("response_time", 1.0, "business_days"), ("response_time", 6.0, "hours")]


def test_windows_and_sizes_are_no_support_codes() -> None:
    assert _sla(["Service Level Agreement", "Support is available 24x7x365 for all customers.",
                 "The appliance measures 12x5x3 cm."]) == []


def test_minutes_as_m_and_half_an_hour() -> None:
    assert _sla(["Response times"], [[
        ["Severity", "Standard", "Premium"],
        ["Sev 1", "~60m", "~20m"],
        ["Sev 2", "4h", "1/2 hour"],
    ]]) == [("response_time", 60.0, "minutes"), ("response_time", 20.0, "minutes"),
            ("response_time", 4.0, "hours"), ("response_time", 0.5, "hours")]


def test_a_title_like_lead_in_names_the_metric_of_its_list() -> None:
    items = ["Severity A: 15 minutes", "Severity B: 3 hours"]
    assert _sla(["Support", "Initial response targets (all regions)", *items], list_items=items) == [
        ("response_time", 15.0, "minutes"), ("response_time", 3.0, "hours")]


def test_a_one_row_service_level_table() -> None:
    assert _sla(["Hosting"], [[["Service Level", "99.95%"]]]) == [("availability", 99.95, "percent")]
    assert _sla(["Hosting"], [[["Storage", "95%"]]]) == []


def test_a_list_item_naming_a_time_is_no_lead_in() -> None:
    items = ["The report must contain: ticket number, expected vs actual response time",
             "We communicate the outcome within 10 business days"]
    assert _sla(["Credit procedure", *items], list_items=items) == []


def test_one_working_hour_in_the_singular() -> None:
    assert _sla(["Service Level", "Die Reaktionszeit beträgt eine Arbeitsstunde.",
                 "Störungen der Priorität 2: Reaktion innerhalb 1 Geschäftsstunde."], language="de") == [
        ("response_time", 1.0, "business_hours"), ("response_time", 1.0, "business_hours")]
