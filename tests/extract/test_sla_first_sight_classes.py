"""SLA shapes a fresh dev batch (2026-12-07f) missed at first sight, written as made-up documents: a metric named
only in the corner cell, "Maximum ..." time columns, abbreviations defined in prose, "1WD", four-digit service
windows, "ein SLA von 99,95 Prozent", a heading leading its list, and the customer's own response deadlines."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(paragraphs: list[str], tables: list[list[list[str]]] | None = None, language: str = "en",
         headings: list[str] | None = None) -> list[tuple[Any, ...]]:
    ctx = make_context(paragraphs, tables or [], language=language, pdf=False, headings=headings or [])
    return [(e["metric"], e["target"]["value"], e["target"]["unit"], e["service"], e["priority"])
            for e in extract_sla(ctx, {}).get("sla", [])]


def test_metric_in_the_corner_cell_over_services_and_plan_columns() -> None:
    assert _sla(["Service Level Agreement"], [[
        ["Availability Type", "Non-Prod", "Prod"],
        ["Synthetic", "99.0%", "99.5%"],
        ["Router", "99.0%", "99.5%"],
    ]]) == [("availability", 99.0, "percent", "Synthetic", "Non-Prod"),
            ("availability", 99.5, "percent", "Synthetic", "Prod"),
            ("availability", 99.0, "percent", "Router", "Non-Prod"),
            ("availability", 99.5, "percent", "Router", "Prod")]
    assert _sla(["Support"], [[
        ["Reaktionszeit", "Basic", "Premium"],
        ["E-Mail", "8 Stunden", "4 Stunden"],
        ["Telefon", "4 Stunden", "1 Stunde"],
    ]], language="de") == [("response_time", 8.0, "hours", "E-Mail", "Basic"),
                           ("response_time", 4.0, "hours", "E-Mail", "Premium"),
                           ("response_time", 4.0, "hours", "Telefon", "Basic"),
                           ("response_time", 1.0, "hours", "Telefon", "Premium")]


def test_maximum_time_columns_abbreviations_working_days_and_hhmm_windows() -> None:
    found = _sla(["Initial Response Time (IRT) is the time until an engineer confirms the ticket."], [[
        ["Contract", "Service window", "Maximum IRT", "Maximum Resolution Time"],
        ["Micro", "0900 - 1700 GMT", "1WD", "5 WD"],
        ["Agency", "0830 - 1800 GMT", "2 Hours", "3WD"],
    ]])
    assert [f[:3] for f in found] == [
        ("response_time", 1.0, "business_days"), ("resolution_time", 5.0, "business_days"),
        ("response_time", 2.0, "business_hours"), ("resolution_time", 3.0, "business_days")]


def test_an_sla_of_a_percentage_is_availability() -> None:
    assert [f[:3] for f in _sla(["SLA", "Wir garantieren daher ein SLA von 99,95 Prozent."], language="de",
                                headings=["SLA"])] == [
        ("availability", 99.95, "percent")]
    found = _sla(["Service Level", "We offer a 99.9% SLA on all plans."], headings=["Service Level"])
    assert [f[:3] for f in found] == [("availability", 99.9, "percent")]


def test_a_heading_naming_a_target_leads_its_list_but_a_process_heading_does_not() -> None:
    ctx_paragraphs = ["Target Response", "Price", "• Within 2 hours 1500 $/month", "• Within 8 hours 1350 $/month"]
    assert [f[:3] for f in _sla(ctx_paragraphs, headings=["Target Response"])] == [
        ("response_time", 2.0, "hours"), ("response_time", 8.0, "hours")]
    assert _sla(["Incident Response", "• Detection: < 5 minutes for security incidents"],
                headings=["Incident Response"]) == []


def test_the_customers_own_response_deadline_is_no_target() -> None:
    assert _sla(["Support Service Levels", "A ticket is closed when you have not responded within 10 business days "
                 "after a workaround is provided.", "We respond to P1 incidents within 1 hour."],
                headings=["Support Service Levels"]) == [("response_time", 1.0, "hours", None, "P1")]
    closing = "Das Ticket wird geschlossen, wenn der Kunde nicht innerhalb von 14 Tagen antwortet."
    assert _sla(["Service Level", closing], language="de", headings=["Service Level"]) == []
