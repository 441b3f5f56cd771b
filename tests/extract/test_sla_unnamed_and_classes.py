"""SLA targets stated without the usual wording: durations in list items under a "Support:" lead-in, recovery
objectives (RPO / RTO), rows without a metric name beside rows with one, "turnaround time", and one cell that
lists a value per service class ("Premium: ... Advanced: ..."). Texts are written for these tests, EN and DE."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from docsvc.extract.context import analyse
from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.types import BlockKind, ParsedDocument
from tests.fixtures.contexts import make_context, make_doc


def _sla_doc(doc: ParsedDocument, language: str = "en") -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = extract_sla(analyse(doc, language), {}).get("sla", [])
    return entries


def _list_doc(lead: str, items: list[str], heading: str) -> ParsedDocument:
    """A heading, a lead-in line and list items below it."""
    doc = make_doc([heading, lead, *items], headings=[heading])
    blocks = tuple(replace(b, kind=BlockKind.LIST_ITEM) if b.index >= 2 else b for b in doc.blocks)
    return replace(doc, blocks=blocks)


def _keys(entries: list[dict[str, Any]]) -> list[tuple[str, float, str]]:
    return [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in entries]


def test_support_lead_in_makes_item_durations_response_times() -> None:
    doc = _list_doc(
        "Support:",
        ["Basic: email only, 3 business days", "Pro: email and chat, 1 business day", "Ultimate: phone, 2h for P1"],
        "Plans and support",
    )
    assert _keys(_sla_doc(doc)) == [
        ("response_time", 3.0, "business_days"),
        ("response_time", 1.0, "business_days"),
        ("response_time", 2.0, "hours"),
    ]


def test_support_lead_in_de() -> None:
    doc = _list_doc("Technischer Support:", ["Basis: per E-Mail, 2 Werktage", "Premium: Telefon, 4 Stunden"], "Pakete")
    assert _keys(_sla_doc(doc, "de")) == [("response_time", 2.0, "business_days"), ("response_time", 4.0, "hours")]


def test_items_after_the_list_ends_are_not_response_times() -> None:
    doc = _list_doc("Support:", ["Basic: email only, 3 business days"], "Plans and support")
    doc = make_doc([*(b.text for b in doc.blocks), "Invoices are sent within 5 days of the month end."],
                   headings=["Plans and support"])
    blocks = tuple(replace(b, kind=BlockKind.LIST_ITEM) if b.index == 2 else b for b in doc.blocks)
    assert _keys(_sla_doc(replace(doc, blocks=blocks))) == [("response_time", 3.0, "business_days")]


def test_recovery_objectives_are_other_targets() -> None:
    ctx = make_context(["Service levels", "Disaster recovery: RPO 8h for the standard tier and RTO 2 hours."],
                       headings=["Service levels"])
    assert _keys(extract_sla(ctx, {})["sla"]) == [("other", 8.0, "hours"), ("other", 2.0, "hours")]


def test_unnamed_rows_count_beside_named_metric_rows() -> None:
    ctx = make_context([], [[
        ["Item", "Standard", "Enterprise"],
        ["Support window", "8x5", "24x7"],
        ["Turnaround time", "8 hrs", "1 hr"],
        ["Status update interval", "Daily", "2 hrs"],
        ["Resolution time", "5 days", "24 hrs"],
    ]])
    assert _keys(extract_sla(ctx, {})["sla"]) == [
        ("response_time", 8.0, "hours"),
        ("response_time", 1.0, "hours"),
        ("other", 2.0, "hours"),
        ("resolution_time", 5.0, "days"),
        ("resolution_time", 24.0, "hours"),
    ]


def test_a_lone_unnamed_row_is_not_a_target() -> None:
    ctx = make_context([], [[
        ["Item", "Standard", "Enterprise"],
        ["Turnaround time", "8 hrs", "1 hr"],
        ["Onboarding call", "1 hr", "2 hrs"],
    ]])
    assert _keys(extract_sla(ctx, {})["sla"]) == [("response_time", 8.0, "hours"), ("response_time", 1.0, "hours")]


def test_one_cell_with_a_value_per_service_class() -> None:
    ctx = make_context([], [[
        ["Priorität", "Beschreibung", "Reaktionszeit"],
        ["Priorität 1", "Ausfall", "Gold: Innerhalb einer Stunde Silber: Innerhalb von 4 Stunden"],
        ["Priorität 2", "Störung", "Gold: Innerhalb von 2 Stunden Silber: Nicht enthalten"],
    ]], language="de")
    entries = extract_sla(ctx, {})["sla"]
    assert [(e["priority"], e["service"], e["target"]["value"], e["target"]["unit"]) for e in entries] == [
        ("Priorität 1", "Gold", 1.0, "hours"),
        ("Priorität 1", "Silber", 4.0, "hours"),
        ("Priorität 2", "Gold", 2.0, "hours"),
    ]


def test_a_column_of_service_windows_is_read_as_hours_of_cover_without_a_cover_header() -> None:
    ctx = make_context([], [[
        ["Package", "Hours", "Response time", "Channel"],
        ["Basic", "Business hours", "8 hours", "Email"],
        ["Premium", "24/7", "2 hours", "Phone"],
    ]])
    entries = extract_sla(ctx, {})["sla"]
    assert [(e["target"]["value"], e["target"]["unit"]) for e in entries] == [(8.0, "business_hours"), (2.0, "hours")]


def test_subtracting_from_100_percent_is_a_calculation_not_a_target() -> None:
    ctx = make_context([
        "Service Levels",
        "Monthly Uptime Percentage is calculated by subtracting from 100% the share of minutes of Unavailability.",
        "The Provider makes the Service available with a Monthly Uptime Percentage of at least 99.5%.",
    ], headings=["Service Levels"])
    assert _keys(extract_sla(ctx, {})["sla"]) == [("availability", 99.5, "percent")]


def test_a_sentence_explaining_a_stated_target_is_not_a_second_target() -> None:
    ctx = make_context([
        "Die Verfügbarkeit des Dienstes beträgt mindestens 99,5 % im Kalendermonat.",
        "Eine Verfügbarkeit von 99,5 % bedeutet, dass der Dienst höchstens 3,6 Stunden im Monat ausfallen darf.",
        "Für den Speicherdienst beträgt die Verfügbarkeit 99,9 % im Kalendermonat.",
    ], language="de")
    assert [e["target"]["value"] for e in extract_sla(ctx, {})["sla"] if e["metric"] == "availability"] == [99.5, 99.9]


def test_available_for_a_share_of_the_minutes_is_an_availability_target() -> None:
    ctx = make_context(["We state that the platform will be available for 99.8% of the total number of minutes in a "
                        "month.", "The portal is available for 95% of users."])
    assert _keys(extract_sla(ctx, {})["sla"]) == [("availability", 99.8, "percent")]


def test_a_description_column_mentioning_business_hours_is_not_a_window_column() -> None:
    ctx = make_context([], [[
        ["Severity", "Level of effort", "Initial response"],
        ["1", "Commercially reasonable efforts, during normal business hours.", "24 hours"],
        ["2", "Commercially reasonable efforts, during normal business hours.", "48 hours"],
    ]])
    units = [e["target"]["unit"] for e in extract_sla(ctx, {})["sla"]]
    assert units == ["hours", "hours"]
