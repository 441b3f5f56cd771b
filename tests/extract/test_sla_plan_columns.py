"""Plan (service-class) columns told apart by the table's structure, not by a list of plan names: short column
labels over targets of the row's metric, a shared target word with a name of its own ("SLA „Wald“"), plan names
in one header row and the metric in another (read as one composed header per column)."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(paragraphs: list[str], tables: list[list[list[str]]], language: str = "en") -> list[tuple[Any, ...]]:
    ctx = make_context(paragraphs, tables, language=language, pdf=False)
    return [(e["metric"], e["target"]["value"], e["target"]["unit"], e["service"], e["priority"])
            for e in extract_sla(ctx, {}).get("sla", [])]


def test_plan_columns_sharing_a_target_word_keep_every_value_and_their_plan() -> None:
    found = _sla(["Leistungsbeschreibung Waldhaus"], [[
        ["Kennzahl", "SLA „Wald“", "SLA „Berg“", "SLA „Gipfel“"],
        ["Reaktionszeit", "60 min", "45 min", "15 min"],
        ["Entstörzeit Priorität 2", "24h", "12h", "6h"],
    ]], language="de")
    assert found == [("response_time", 60.0, "minutes", None, "SLA „Wald“"),
                     ("response_time", 45.0, "minutes", None, "SLA „Berg“"),
                     ("response_time", 15.0, "minutes", None, "SLA „Gipfel“"),
                     ("resolution_time", 24.0, "hours", "SLA „Wald“", "Priorität 2"),
                     ("resolution_time", 12.0, "hours", "SLA „Berg“", "Priorität 2"),
                     ("resolution_time", 6.0, "hours", "SLA „Gipfel“", "Priorität 2")]
    found = _sla(["Service description"], [[
        ["Objective", "Service Level Harbor", "Service Level Summit"],
        ["Restoration time Priority 1", "10 hours", "5 hours"],
    ]])
    assert found == [("resolution_time", 10.0, "hours", "Service Level Harbor", "Priority 1"),
                     ("resolution_time", 5.0, "hours", "Service Level Summit", "Priority 1")]


def test_priority_rows_under_a_severity_header_with_house_named_plans() -> None:
    found = _sla(["Support", "Targeted first response time per subscription:"], [[
        ["Severity", "Summary", "Harbor", "Summit", "Orbit"],
        ["Grade X", "Service down", "5h", "3h", "45 min"],
        ["Grade Y", "Service degraded", "2 days", "1 day", "8h"],
    ]])
    assert found == [("response_time", 5.0, "hours", "Harbor", "Grade X"),
                     ("response_time", 3.0, "hours", "Summit", "Grade X"),
                     ("response_time", 45.0, "minutes", "Orbit", "Grade X"),
                     ("response_time", 2.0, "days", "Harbor", "Grade Y"),
                     ("response_time", 1.0, "days", "Summit", "Grade Y"),
                     ("response_time", 8.0, "hours", "Orbit", "Grade Y")]
    found = _sla(["Service", "Die Reaktionszeiten je Paket:"], [[
        ["Schweregrad", "Start", "Profi", "Konzern"],
        ["Stufe Rot", "8 Stunden", "4 Stunden", "1 Stunde"],
        ["Stufe Gelb", "3 Tage", "2 Tage", "1 Tag"],
    ]], language="de")
    assert [f[3:] for f in found] == [("Start", "Stufe Rot"), ("Profi", "Stufe Rot"), ("Konzern", "Stufe Rot"),
                                      ("Start", "Stufe Gelb"), ("Profi", "Stufe Gelb"), ("Konzern", "Stufe Gelb")]
    assert [f[1] for f in found] == [8.0, 4.0, 1.0, 3.0, 2.0, 1.0]


def test_metric_rows_naming_priority_and_service_window_over_plan_columns() -> None:
    found = _sla(["Reaction times"], [[
        ["", "Lite Care", "Full Care"],
        ["Priority 2 Reaction Time (within Business Hours)", "2 days", "8 hours"],
    ]])
    assert found == [("response_time", 2.0, "business_days", "Lite Care", "Priority 2"),
                     ("response_time", 8.0, "business_hours", "Full Care", "Priority 2")]
    found = _sla(["Reaktionszeiten"], [[
        ["", "Basis-Service", "Komfort-Service"],
        ["Priorität 1 Reaktionszeit (innerhalb der Servicezeit)", "6 Stunden", "2 Stunden"],
    ]], language="de")
    assert found == [("response_time", 6.0, "business_hours", "Basis-Service", "Priorität 1"),
                     ("response_time", 2.0, "business_hours", "Komfort-Service", "Priorität 1")]


def test_group_header_over_plan_header_gives_metric_and_plan() -> None:
    # The spanning label as a DOCX reader gives it: repeated in every column it spans.
    found = _sla(["Entstörung"], [[
        ["", "Entstörzeit je Servicestufe", "Entstörzeit je Servicestufe"],
        ["Priorität", "Basis", "Komfort"],
        ["Kritisch", "12 Stunden", "4 Stunden"],
    ]], language="de")
    assert found == [("resolution_time", 12.0, "hours", "Basis", "Kritisch"),
                     ("resolution_time", 4.0, "hours", "Komfort", "Kritisch")]
    # ... and as merged cells left empty.
    found = _sla(["Targets"], [[
        ["", "Restore Time", "", ""],
        ["Severity", "Harbor", "Summit", "Orbit"],
        ["Sev 1", "9 hours", "5 hours", "2 hours"],
    ]])
    assert found == [("resolution_time", 9.0, "hours", "Harbor", "Sev 1"),
                     ("resolution_time", 5.0, "hours", "Summit", "Sev 1"),
                     ("resolution_time", 2.0, "hours", "Orbit", "Sev 1")]


def test_plans_in_the_first_header_row_and_the_metric_repeated_in_the_second() -> None:
    found = _sla(["Support Policy"], [[
        ["Tier", "Harbor Support (standard)", "Summit Support (add-on, billed per seat per year)"],
        ["Severity", "Initial Reply", "Initial Reply"],
        ["Sev 1", "< 3 Hours", "<30 minutes"],
        ["Sev 2", "2 Business Days", "1 Business Day"],
    ]])
    # "Reply" names a response in the data vocabulary; the plans come from the upper row, without their notes.
    assert found == [("response_time", 3.0, "hours", "Harbor Support", "Sev 1"),
                     ("response_time", 30.0, "minutes", "Summit Support", "Sev 1"),
                     ("response_time", 2.0, "business_days", "Harbor Support", "Sev 2"),
                     ("response_time", 1.0, "business_days", "Summit Support", "Sev 2")]
    found = _sla(["Supportpakete"], [[
        ["Paket", "Basis", "Komfort"],
        ["Priorität", "Reaktionszeit", "Reaktionszeit"],
        ["Priorität 1", "4 Stunden", "1 Stunde"],
    ]], language="de")
    assert found == [("response_time", 4.0, "hours", "Basis", "Priorität 1"),
                     ("response_time", 1.0, "hours", "Komfort", "Priorität 1")]
    # A row repeating a value, not a measure, under the plan names is a body row, not a second header.
    found = _sla(["Plans"], [[
        ["", "Harbor", "Summit"],
        ["Billing", "Annual contract", "Annual contract"],
        ["Response time on urgent issues", "Within 6 hours", "Within 2 hours"],
    ]])
    assert [f[:3] for f in found] == [("response_time", 6.0, "hours"), ("response_time", 2.0, "hours")]
