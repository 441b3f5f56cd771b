"""Service attribution (table caption, section heading, row label), hours of cover, measurement period, rows in
document order, and priority × service-class matrices whose metric the caption names."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.sla.services import service_of
from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(paragraphs: list[str], tables: Any = (), language: str = "en",
         headings: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    ctx = make_context(paragraphs, tables, language=language, headings=headings)
    entries: list[dict[str, Any]] = extract_sla(ctx, {}).get("sla", [])
    return entries


@pytest.mark.parametrize(("heading", "service"), [
    ("Service Level: Managed Firewall", "Managed Firewall"),
    ("SLA für Cloud Backup", "Cloud Backup"),
    ("3.2 Managed LAN – Verfügbarkeit", "Managed LAN"),
    ("Anlage 2 Service Level Agreement Managed WAN", "Managed WAN"),
    ("Service Levels", None),
    ("Reaktionszeiten", None),
    ("Schedule 3 – Support", None),
    ("Priority Definitions", None),
])
def test_service_names_from_headings(heading: str, service: str | None) -> None:
    assert service_of(heading) == service


def test_service_from_section_heading_in_prose() -> None:
    headings = ("Service Level: Managed Firewall", "Service Level: Cloud Backup")
    entries = _sla([headings[0], "The availability of the firewall shall be at least 99.9% per calendar month.",
                    headings[1], "Availability: 99.5% per calendar month, 24x7."], headings=headings)
    assert [(e["service"], e["target"]["value"], e["measurement_period"]) for e in entries] == [
        ("Managed Firewall", 99.9, "monthly"), ("Cloud Backup", 99.5, "monthly")]
    assert entries[1]["hours_of_cover"] == "24x7"


def test_service_from_table_section_and_row_label() -> None:
    rows = [["Service", "Availability"], ["Internet Access", "99.9 %"], ["Managed Router", "99.5 %"]]
    entries = _sla(["SLA für Standortvernetzung"], [rows], language="de",
                   headings=("SLA für Standortvernetzung",))
    assert [(e["service"], e["target"]["value"]) for e in entries] == [
        ("Internet Access", 99.9), ("Managed Router", 99.5)]


def test_german_monthly_average_and_business_cover() -> None:
    entries = _sla(["Die Verfügbarkeit des Dienstes beträgt 99,8 % im monatlichen Durchschnitt.",
                    "Störungen der Priorität 1 werden Mo–Fr 8–18 Uhr innerhalb von vier Stunden behoben."],
                   language="de")
    assert entries[0]["measurement_period"] == "monthly"
    assert (entries[1]["target"]["value"], entries[1]["hours_of_cover"]) == (4.0, "Mon-Fri 08:00-18:00")


def test_rows_in_document_order() -> None:
    rows = [["Priority", "Response"], ["P1", "1 hour"]]
    entries = _sla(["The service availability is 99.9% per month.", "Support"], [rows])
    # The sentence (block 0) comes before the table (after both paragraphs).
    assert [e["metric"] for e in entries] == ["availability", "response_time"]


def test_priority_by_plan_matrix_takes_metric_from_caption() -> None:
    rows = [["Priority", "Starter", "Pro", "Enterprise"],
            ["Urgent", "24h", "4h", "1h"], ["Low", "5 business days", "48h", "24h"]]
    entries = _sla(["Response Time SLAs"], [rows], headings=("Response Time SLAs",))
    assert [(e["metric"], e["target"]["value"], e["target"]["unit"], e["priority"], e["service"])
            for e in entries] == [
        ("response_time", 24.0, "hours", "Urgent", "Starter"), ("response_time", 4.0, "hours", "Urgent", "Pro"),
        ("response_time", 1.0, "hours", "Urgent", "Enterprise"),
        ("response_time", 5.0, "business_days", "Low", "Starter"), ("response_time", 48.0, "hours", "Low", "Pro"),
        ("response_time", 24.0, "hours", "Low", "Enterprise"),
    ]


def test_matrix_with_cover_in_cells_german() -> None:
    rows = [["Priorität", "Basis", "Premium"],
            ["PRIORITÄT 1 Produktion steht", "24x7/ 1 Stunde", "24x7/ 15 Minuten"],
            ["PRIORITÄT 2 Funktion beeinträchtigt", "Geschäftszeiten/ 4 Stunden", "24x5/ 1 Stunde"]]
    entries = _sla(["Service-Level-Ziele: Reaktionszeiten"], [rows], language="de",
                   headings=("Service-Level-Ziele: Reaktionszeiten",))
    assert [(e["target"]["value"], e["target"]["unit"]) for e in entries] == [
        (1.0, "hours"), (15.0, "minutes"), (4.0, "business_hours"), (1.0, "hours")]


def test_matrix_without_metric_is_not_read() -> None:
    rows = [["Priority", "Starter", "Pro"], ["Urgent", "24h", "4h"]]
    assert _sla(["Plans"], [rows]) == []


def test_priority_item_then_target_sentence() -> None:
    headings = ("Support Policies & SLAs",)
    entries = _sla([headings[0],
                    "P1 (Urgent): Service down, login blocked. First response within 1 hour; fix or workaround within "
                    "4 hours.",
                    "P3 (Normal): General queries. First response within 1 business day."], headings=headings)
    assert [(e["metric"], e["target"]["value"], e["target"]["unit"], e["priority"]) for e in entries] == [
        ("response_time", 1.0, "hours", "P1"), ("resolution_time", 4.0, "hours", "P1"),
        ("response_time", 1.0, "business_days", "P3")]
    assert {e["service"] for e in entries} == {None}
