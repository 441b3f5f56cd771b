"""SLA tables: priority rows, transposed priority / service-class columns, one row per service level."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = extract_sla(make_context(*args, **kwargs), {}).get("sla", [])
    return entries


def _keys(entries: list[dict[str, Any]]) -> set[tuple[str, str | None, float, str]]:
    return {(e["metric"], e["priority"], e["target"]["value"], e["target"]["unit"]) for e in entries}


def test_priority_rows_with_business_hours_statement() -> None:
    entries = _sla(
        ["Response Time and Fix Time are both measured during Business Hours only."],
        [[
            ["Priority", "Definition", "On-site Response Time", "Fix Time"],
            ["P1 – Critical", "A critical device is inoperable.", "4 hours", "8 hours"],
            ["P2 – High", "A device is inoperable.", "8 Business Hours", "16 Business Hours"],
            ["P3 – Normal", "Degraded performance.", "2 Business Days", "4 days"],
        ]],
    )
    assert _keys(entries) == {
        ("response_time", "P1", 4.0, "business_hours"),
        ("resolution_time", "P1", 8.0, "business_hours"),
        ("response_time", "P2", 8.0, "business_hours"),
        ("resolution_time", "P2", 16.0, "business_hours"),
        ("response_time", "P3", 2.0, "business_days"),
        ("resolution_time", "P3", 4.0, "business_days"),
    }
    assert all(e["confidence"] >= 0.85 for e in entries)
    assert entries[0]["evidence"]["page"] == 1 and entries[0]["evidence"]["bbox"] is not None


def test_german_service_classes_as_columns_with_service_window_row() -> None:
    entries = _sla(
        ["Reaktions- und Entstörzeiten laufen nur während der Servicezeit der jeweiligen Serviceklasse."],
        [[
            ["Kennzahl", "Bronze", "Silber", "Gold"],
            ["Servicezeit", "Mo–Fr 08:00–18:00 Uhr", "24/7", "24/7"],
            ["Verfügbarkeit je Kalendermonat", "99,5 %", "99,8 %", "99,95 %"],
            ["Reaktionszeit", "4 Stunden", "2 Stunden", "30 Minuten"],
            ["Entstörzeit", "12 Stunden", "8 Stunden", "4 Stunden"],
        ]],
        language="de",
    )
    assert _keys(entries) == {
        ("availability", "Bronze", 99.5, "percent"),
        ("availability", "Silber", 99.8, "percent"),
        ("availability", "Gold", 99.95, "percent"),
        ("response_time", "Bronze", 4.0, "business_hours"),
        ("response_time", "Silber", 2.0, "hours"),
        ("response_time", "Gold", 30.0, "minutes"),
        ("resolution_time", "Bronze", 12.0, "business_hours"),
        ("resolution_time", "Silber", 8.0, "hours"),
        ("resolution_time", "Gold", 4.0, "hours"),
    }
    by_class = {(e["metric"], e["priority"]): e for e in entries}
    assert by_class[("availability", "Gold")]["measurement_period"] == "monthly"
    assert by_class[("response_time", "Bronze")]["hours_of_cover"] == "Mon-Fri 08:00-18:00"
    assert by_class[("response_time", "Gold")]["hours_of_cover"] == "24x7"


def test_transposed_priority_columns_with_coverage_row() -> None:
    entries = _sla(
        ["Response means an engineer has started work; Resolution means service is restored."],
        [[
            ["Measure", "P1 – Critical", "P2 – High", "P3 – Medium"],
            ["Typical example", "Site-wide outage", "A department cannot work", "Single user impaired"],
            ["Response", "30 minutes", "1 hour", "4 hours"],
            ["Resolution", "4 hours", "8 hours", "3 days"],
            ["Coverage", "24x7", "24x7", "Business Hours"],
        ]],
        pdf=False,
    )
    assert _keys(entries) == {
        ("response_time", "P1", 30.0, "minutes"),
        ("response_time", "P2", 1.0, "hours"),
        ("response_time", "P3", 4.0, "business_hours"),
        ("resolution_time", "P1", 4.0, "hours"),
        ("resolution_time", "P2", 8.0, "hours"),
        ("resolution_time", "P3", 3.0, "business_days"),
    }
    # DOCX evidence: no page, the table's reading-order index instead.
    assert entries[0]["evidence"]["page"] is None and entries[0]["evidence"]["paragraph"] == 1


def test_one_row_per_service_level() -> None:
    entries = _sla(
        ["B.2 Service Level Targets"],
        [[
            ["Service Level", "Target", "Measurement", "Credit"],
            ["Network Availability", "99.99%", "Calendar month, measured at the border routers", "Section B.4(a)"],
            ["Severity 1 Response", "15 minutes (24x7x365)", "Per ticket", "Section B.4(d)"],
            ["Severity 3 Response", "1 Business Day", "Per ticket", "–"],
            ["Hardware Replacement", "2 hours from fault diagnosis", "Per event", "–"],
        ]],
    )
    assert _keys(entries) == {
        ("availability", None, 99.99, "percent"),
        ("response_time", "Severity 1", 15.0, "minutes"),
        ("response_time", "Severity 3", 1.0, "business_days"),
        ("other", None, 2.0, "hours"),
    }
    availability = next(e for e in entries if e["metric"] == "availability")
    assert availability["service"] == "Network Availability"
    assert availability["measurement_period"] == "monthly"
    assert next(e for e in entries if e["priority"] == "Severity 1")["hours_of_cover"] == "24x7"


def test_bare_numbers_take_the_unit_from_the_header() -> None:
    entries = _sla(
        ["Support response times"],
        [[
            ["Severity", "Response (hours)", "Resolution (hours)"],
            ["1", "1", "4"],
            ["2", "2", "24"],
            ["S3", "Next Business Day", "5 business days"],
        ]],
    )
    assert _keys(entries) == {
        ("response_time", "Severity 1", 1.0, "hours"),
        ("resolution_time", "Severity 1", 4.0, "hours"),
        ("response_time", "Severity 2", 2.0, "hours"),
        ("resolution_time", "Severity 2", 24.0, "hours"),
        ("response_time", "S3", 1.0, "business_days"),
        ("resolution_time", "S3", 5.0, "business_days"),
    }


def test_credit_and_price_tables_are_not_sla_targets() -> None:
    entries = _sla(
        ["If Availability is below the Service Level, the Supplier shall credit the following:"],
        [
            [
                ["Availability achieved in the month", "Service Credit"],
                ["98.0% or higher", "Nil"],
                ["96.0% to 97.99%", "3% of the Monthly Charge"],
                ["Below 96.0%", "10% of the Monthly Charge"],
            ],
            [
                ["Item", "Unit", "Price"],
                ["Engineer attendance", "per hour", "£78.00"],
                ["Relocation within 2 days", "per move", "£95.00"],
            ],
            [
                ["Availability", "99.5%", "99%", "98%"],
                ["Monthly Rebate %", "0%", "10%", "20%"],
            ],
        ],
    )
    assert entries == []


def test_text_table_rows_under_a_header_line() -> None:
    entries = _sla([
        "Wildform shall correct Program Errors within the response times set forth below.",
        "Program Error Response Correction",
        "Serious Within 1 business day Within 8 business days",
        "Page 7",
        "Minor Within 4 business days Within 15 business days",
    ])
    assert _keys(entries) == {
        ("response_time", "Serious", 1.0, "business_days"),
        ("resolution_time", "Serious", 8.0, "business_days"),
        ("response_time", "Minor", 4.0, "business_days"),
        ("resolution_time", "Minor", 15.0, "business_days"),
    }


def test_text_table_rows_run_together_split_at_priority_labels() -> None:
    entries = _sla([
        "Severity Level Time to Respond Escalation Time Comments",
        "1 15 minutes 1 hour 2 30 minutes 2 hours",
    ])
    assert _keys(entries) == {
        ("response_time", "Severity 1", 15.0, "minutes"),
        ("other", "Severity 1", 1.0, "hours"),
        ("response_time", "Severity 2", 30.0, "minutes"),
        ("other", "Severity 2", 2.0, "hours"),
    }


def test_ascii_table_skips_the_coverage_column() -> None:
    entries = _sla([
        "---------- Priority Availability Response Time ---------- emergency 24 hours, 7 days a week 4 hours "
        "---------- medium during working hours next working day ----------",
    ])
    assert _keys(entries) == {("response_time", "emergency", 4.0, "hours"),
                              ("response_time", "medium", 1.0, "business_days")}


def test_prose_after_a_header_line_is_not_a_row() -> None:
    assert _sla([
        "Response and Resolution",
        "The parties will meet within 10 days to agree the response plan and the resolution process.",
    ]) == []


def test_german_incident_categories_under_a_priority_header() -> None:
    entries = _sla([], [[
        ["Störungskategorie", "Reaktionszeit", "Wiederherstellungszeit"],
        ["betriebsverhindernde Störung", "2 Stunden", "8 Stunden"],
        ["leichte Störung", "1 AT", "5 Arbeitstage"],
    ]], language="de")
    assert _keys(entries) == {
        ("response_time", "betriebsverhindernde Störung", 2.0, "hours"),
        ("resolution_time", "betriebsverhindernde Störung", 8.0, "hours"),
        ("response_time", "leichte Störung", 1.0, "business_days"),
        ("resolution_time", "leichte Störung", 5.0, "business_days"),
    }


def test_service_rows_are_services_not_priorities() -> None:
    entries = _sla([], [[["Service Level", "Availability"], ["Hosting", "99.9% per month"], ["Backup", "99.5%"]]])
    assert {(e["service"], e["priority"], e["target"]["value"]) for e in entries} == {
        ("Hosting", None, 99.9), ("Backup", None, 99.5)}
    assert next(e for e in entries if e["service"] == "Hosting")["measurement_period"] == "monthly"


def test_header_labels_wrapped_onto_a_second_row() -> None:
    # A PDF reader may put the second line of each wrapped label in a row of its own ("Response" over "Time"); the
    # upper labels span nothing, so the escalation column stays an escalation column, not a second resolution time.
    rows = [
        ["", "Response", "Resolution", "", ""],
        ["Priority", "Time", "Time", "Availability", "Escalation"],
        ["P1 - Critical", "15 minutes", "4 hours", "24/7", "Immediately to the CIO"],
        ["P2 - High", "1 hour", "8 hours", "24/7", "After 4h to the operations manager"],
    ]
    assert _keys(_sla(["Support levels"], [rows])) == {
        ("response_time", "P1", 15.0, "minutes"), ("resolution_time", "P1", 4.0, "hours"),
        ("response_time", "P2", 1.0, "hours"), ("resolution_time", "P2", 8.0, "hours"),
    }
