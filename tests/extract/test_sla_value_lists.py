"""Several values in one cell or clause ("24h / 12h / 4h"), number words read before the digit test, reporting
KPIs and credit percentages kept out of the SLA, and per-service attribution of equal targets. Own wording."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from docsvc.extract.context import analyse
from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.extractors.sla.value_lists import is_option_list, listed_names, listed_values
from docsvc.extract.normalize.durations import find_durations
from tests.fixtures.contexts import make_context, make_doc


def _sla(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = extract_sla(make_context(*args, **kwargs), {}).get("sla", [])
    return entries


def _rows(entries: list[dict[str, Any]]) -> list[tuple[str, str | None, str | None, float, str]]:
    return sorted((e["metric"], e["priority"], e["service"], e["target"]["value"], e["target"]["unit"])
                  for e in entries)


def _values(entries: list[dict[str, Any]]) -> list[tuple[str, float, str]]:
    return sorted((e["metric"], e["target"]["value"], e["target"]["unit"]) for e in entries)


# --- reading a list -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "count"), [
    ("24h / 12h / 4h", 3),
    ("4h/8h/NBD", 3),
    ("99,5 % | 99,9 %", 2),
    ("within 2 hours / 1 hour", 2),
    ("8 Stunden / 4 Stunden / 2 Stunden", 3),
    ("24h (Bronze) / 8h (Silber)", 2),
])
def test_slash_lists_are_read_value_by_value(cell: str, count: int) -> None:
    assert len(listed_values(cell, "de" if "Stunden" in cell or "Silber" in cell else "en")) == count


@pytest.mark.parametrize("cell", ["4 hours", "Werktag/ 4 Stunden", "24x7/ 1 Stunde", "4 hours or less / see note",
                                  "30 minutes for Urgent / 4 hours for High"])
def test_single_values_and_labelled_parts_are_no_slash_list(cell: str) -> None:
    assert listed_values(cell, "en") == []


def test_names_from_header_or_label() -> None:
    assert listed_names("Reaction time (Bronze / Silver / Gold)", 3) == ["Bronze", "Silver", "Gold"]
    assert listed_names("Reaktion / Entstörung", 2) == ["Reaktion", "Entstörung"]
    assert listed_names("Reaction time (Bronze / Silver / Gold)", 2) == []
    assert is_option_list("[98.5% / 99.0%]") and not is_option_list("98.5% / 99.0%")


def test_slash_between_values_is_no_fraction() -> None:
    assert [str(d.amount) for d in find_durations("4h/1h", "en")] == ["4", "1"]
    assert [str(d.amount) for d in find_durations("1/2 hour", "en")] == []


# --- tables ---------------------------------------------------------------------------------------------------

def test_header_lists_the_plans_of_each_cell_en() -> None:
    entries = _sla([], [[
        ["Incident class", "Reaction time (Bronze / Silver / Gold)"],
        ["Class 1", "12h / 6h / 2h"],
        ["Class 2", "2 days / 1 day / 8h"],
    ]])
    assert _rows(entries) == sorted([
        ("response_time", "Class 1", "Bronze", 12.0, "hours"),
        ("response_time", "Class 1", "Silver", 6.0, "hours"),
        ("response_time", "Class 1", "Gold", 2.0, "hours"),
        ("response_time", "Class 2", "Bronze", 2.0, "days"),
        ("response_time", "Class 2", "Silver", 1.0, "days"),
        ("response_time", "Class 2", "Gold", 8.0, "hours"),
    ])


def test_header_lists_the_metrics_of_each_cell_de() -> None:
    entries = _sla([], [[
        ["Störungsklasse", "Reaktion / Wiederherstellung"],
        ["Klasse A", "30 Min. / 4 Std."],
        ["Klasse B", "2 Std. / NBD"],
    ]], language="de")
    assert _values(entries) == sorted([
        ("response_time", 30.0, "minutes"), ("resolution_time", 4.0, "hours"),
        ("response_time", 2.0, "hours"), ("resolution_time", 1.0, "business_days"),
    ])


def test_merged_cell_spanning_plan_columns() -> None:
    entries = _sla([], [[
        ["Measure", "Starter", "Business", "Corporate"],
        ["Restore time", "48h / 24h / 6h", "", ""],
        ["Uptime", "99.0%", "99.5%", "99.95%"],
    ]])
    assert _rows(entries) == sorted([
        ("resolution_time", "Starter", None, 48.0, "hours"),
        ("resolution_time", "Business", None, 24.0, "hours"),
        ("resolution_time", "Corporate", None, 6.0, "hours"),
        ("availability", "Starter", None, 99.0, "percent"),
        ("availability", "Business", None, 99.5, "percent"),
        ("availability", "Corporate", None, 99.95, "percent"),
    ])


def test_unnamed_list_still_gives_every_value() -> None:
    entries = _sla([], [[["Priorität", "Reaktionszeit"], ["Prio 1", "1 Stunde / 30 Minuten"]]], language="de")
    assert _values(entries) == [("response_time", 1.0, "hours"), ("response_time", 30.0, "minutes")]


def test_bracketed_option_list_is_no_target() -> None:
    entries = _sla([], [[["Service level", "Target"], ["Monthly availability", "[98.5% / 99.0%]"],
                         ["Response time", "2 hours"]]])
    assert _values(entries) == [("response_time", 2.0, "hours")]


# --- sentences ------------------------------------------------------------------------------------------------

def test_slash_list_in_a_sentence_and_equal_values_of_two_objectives() -> None:
    entries = _sla(["Recovery objectives", "Backups: RPO 12h (Small), 6h (Medium), 1h (Large); RTO 12h/6h/1h."],
                   headings=["Recovery objectives"])
    assert _values(entries) == [("other", 1.0, "hours")] * 2 + [("other", 6.0, "hours")] * 2 + \
        [("other", 12.0, "hours")] * 2


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Störungen der Kategorie A werden binnen sechsunddreißig Stunden beseitigt.", "de",
     [("resolution_time", 36.0, "hours")]),
    ("Der Dienstleister reagiert auf jede Meldung innerhalb eines Werktages.", "de",
     [("response_time", 1.0, "business_days")]),
    ("Die Erreichbarkeit des Portals liegt bei neunundneunzig Prozent im Jahresmittel.", "de",
     [("availability", 99.0, "percent")]),
    ("Our engineers respond to outage tickets within an hour.", "en", [("response_time", 1.0, "hours")]),
    ("Outage tickets are resolved within seventy-two hours.", "en", [("resolution_time", 72.0, "hours")]),
])
def test_number_words_without_any_digit(text: str, language: str, expected: list[tuple[str, float, str]]) -> None:
    assert _values(_sla([text], language=language)) == expected


# --- reporting KPIs and credits -------------------------------------------------------------------------------

def test_reporting_kpis_in_an_sla_table_en() -> None:
    entries = _sla(["Service levels and reporting"], [[
        ["Service level", "Target"],
        ["User satisfaction (annual survey)", "≥ 85%"],
        ["Ticket volume handled", "< 5%"],
        ["Portal availability", "99.8%"],
        ["Callback for urgent faults", "within 2 hours"],
    ]])
    assert _values(entries) == [("availability", 99.8, "percent"), ("response_time", 2.0, "hours")]


def test_reporting_kpis_in_an_sla_table_de() -> None:
    entries = _sla(["Service Level"], [[
        ["Kennzahl", "Zielwert"],
        ["Kundenzufriedenheit", "mindestens 80 %"],
        ["Kündigungsquote", "< 3 %"],
        ["Verfügbarkeit des Netzes", "99,7 %"],
    ]], language="de")
    assert _values(entries) == [("availability", 99.7, "percent")]


def test_reporting_kpi_sentence_is_no_target() -> None:
    entries = _sla(["Service Levels", "The Supplier shall keep a satisfaction score of at least 80% in each quarter.",
                    "The Supplier shall keep at least 90% of calls answered at first contact."],
                   headings=["Service Levels"])
    assert _values(entries) == [("other", 90.0, "percent")]


@pytest.mark.parametrize(("text", "language"), [
    ("Monthly availability 98.0-99.0%: 15% credit of the monthly fee.", "en"),
    ("Verfügbarkeit zwischen 98 % und 99 %: 20 % Gutschrift auf die Monatsgebühr.", "de"),
])
def test_percentage_named_as_credit_is_no_sla(text: str, language: str) -> None:
    assert all(e["target"]["value"] not in (15.0, 20.0) for e in _sla([text], language=language))


# --- per-service attribution ----------------------------------------------------------------------------------

def _sla_sections(tables: list[list[list[str]]], sections: list[str], language: str = "en") -> list[dict[str, Any]]:
    doc = make_doc(sections, tables, headings=sections)
    doc = replace(doc, tables=tuple(replace(t, section=s) for t, s in zip(doc.tables, sections, strict=True)))
    entries: list[dict[str, Any]] = extract_sla(analyse(doc, language), {}).get("sla", [])
    return entries


def test_equal_targets_of_two_services_both_count_en() -> None:
    table = [["Service level", "Target"], ["Availability", "99.9%"], ["Response time", "4 hours"]]
    entries = _sla_sections([table, table], ["Hosted Firewall", "Hosted Mail"])
    assert sorted((e["service"], e["metric"]) for e in entries) == [
        ("Hosted Firewall", "availability"), ("Hosted Firewall", "response_time"),
        ("Hosted Mail", "availability"), ("Hosted Mail", "response_time")]


def test_equal_targets_of_two_services_both_count_de() -> None:
    table = [["Service Level", "Zielwert"], ["Verfügbarkeit", "99,5 %"]]
    entries = _sla_sections([table, table], ["Managed Router", "Managed Switch"], language="de")
    assert sorted(e["service"] for e in entries) == ["Managed Router", "Managed Switch"]


# --- hedged wording and drafting options in sentences ---------------------------------------------------------

@pytest.mark.parametrize(("text", "language"), [
    ("Our team typically answers support tickets within an hour during office hours.", "en"),
    ("In most cases we respond to incidents within 30 minutes.", "en"),
    ("Erfahrungsgemäß reagiert der Support auf Störungsmeldungen innerhalb von zwei Stunden.", "de"),
    ("Üblicherweise werden Störungen binnen eines Tages behoben.", "de"),
])
def test_hedged_statements_are_no_targets(text: str, language: str) -> None:
    assert _sla([text], language=language) == []


def test_bracketed_options_in_a_sentence_are_no_targets() -> None:
    entries = _sla(["Service Levels", "Monthly uptime target: [99.0% / 99.9%] for the hosted platform."],
                   headings=["Service Levels"])
    assert entries == []


# --- which text around a table sets its clock ------------------------------------------------------------------

def _sla_table_in_sections(paragraphs: list[tuple[str, str]], table: list[list[str]], section: str,
                           language: str = "en") -> list[dict[str, Any]]:
    """Paragraphs as (section, text) in order, then the table in ``section``, with the headings given."""
    headings = [s for s, _ in paragraphs if s]
    texts = [t for _, t in paragraphs]
    doc = make_doc(texts, [table], headings=[t for (s, t) in paragraphs if s == t])
    blocks = tuple(replace(b, section=paragraphs[b.index][0] or None) for b in doc.blocks)
    doc = replace(doc, blocks=blocks, tables=(replace(doc.tables[0], section=section, caption=section),))
    assert headings
    entries: list[dict[str, Any]] = extract_sla(analyse(doc, language), {}).get("sla", [])
    return entries


def test_footnote_of_the_previous_section_does_not_set_the_clock() -> None:
    table = [["Priority", "Response time"], ["Urgent", "3 hours"], ["Normal", "2 business days"]]
    entries = _sla_table_in_sections([
        ("Contact channels", "Contact channels"),
        ("Contact channels", "Phone and chat times apply on business days only."),
        ("Reaction times", "Reaction times"),
    ], table, "Reaction times")
    assert _values(entries) == [("response_time", 2.0, "business_days"), ("response_time", 3.0, "hours")]


def test_only_far_from_the_window_leaves_plain_hours_calendar_time() -> None:
    table = [["Priorität", "Reaktionszeit"], ["Hoch", "2 Stunden"], ["Niedrig", "3 Werktage"]]
    entries = _sla_table_in_sections([
        ("Reaktionszeiten", "Reaktionszeiten"),
        ("Reaktionszeiten", "Nur für Kunden mit Supportvertrag. Die Geschäftszeiten sind Montag bis Freitag von "
                            "9 bis 17 Uhr, für Reaktionszeiten maßgeblich ist der Eingang der Meldung."),
    ], table, "Reaktionszeiten", language="de")
    assert ("response_time", 2.0, "hours") in _values(entries)


def test_statement_measuring_all_times_in_business_hours() -> None:
    table = [["Priority", "Response time"], ["Urgent", "3 hours"], ["Normal", "2 business days"]]
    entries = _sla_table_in_sections([
        ("Reaction times", "Reaction times"),
        ("Reaction times", "All response times are measured in business hours only."),
    ], table, "Reaction times")
    assert ("response_time", 3.0, "business_hours") in _values(entries)


@pytest.mark.parametrize(("cell", "language", "expected"), [
    ("36 / 18 / 6 h", "en", ["36 h", "18 h", "6 h"]),
    ("99,0 / 99,7 %", "de", ["99,0 %", "99,7 %"]),
    ("12/8/2 Stunden", "de", ["12 Stunden", "8 Stunden", "2 Stunden"]),
    ("48h, 24h, 8h", "en", ["48h", "24h", "8h"]),
    ("1/2 hour", "en", []),
    ("3 hours, 24x7", "en", []),
])
def test_unit_written_once_and_comma_lists(cell: str, language: str, expected: list[str]) -> None:
    assert [v.text for v in listed_values(cell, language)] == expected


def test_comma_listed_plans_in_the_header() -> None:
    entries = _sla([], [[
        ["Severity", "Time to restore (Lite, Plus and Ultra)"],
        ["Sev 1", "36 / 18 / 6 h"],
    ]])
    assert _rows(entries) == sorted([
        ("resolution_time", "Sev 1", "Lite", 36.0, "hours"),
        ("resolution_time", "Sev 1", "Plus", 18.0, "hours"),
        ("resolution_time", "Sev 1", "Ultra", 6.0, "hours"),
    ])


def _table_then_sentence(table_section: str, paragraphs: list[str], headings: list[str],
                         table: list[list[str]], language: str = "en") -> list[dict[str, Any]]:
    doc = make_doc(paragraphs, [table], headings=headings)
    doc = replace(doc, tables=(replace(doc.tables[0], section=table_section),))
    entries: list[dict[str, Any]] = extract_sla(analyse(doc, language), {}).get("sla", [])
    return entries


def test_adjective_available_with_each_month() -> None:
    entries = _sla(["The Hosted Firewall is available 99.9% of each month."])
    assert _values(entries) == [("availability", 99.9, "percent")]


def test_sentence_restating_the_table_of_its_own_service_counts_once_de() -> None:
    entries = _table_then_sentence(
        "Cloud-Speicher", ["Cloud-Speicher", "Die Verfügbarkeit beträgt 99,8 % im Monatsmittel."], ["Cloud-Speicher"],
        [["Kennzahl", "Zielwert"], ["Verfügbarkeit", "99,8 %"]], language="de")
    assert [(e["service"], e["target"]["value"]) for e in entries] == [("Cloud-Speicher", 99.8)]


def test_window_after_a_slash_list_applies_to_every_value() -> None:
    entries = _sla([], [[
        ["Priority", "Response (Standard / Premium)"],
        ["P1", "6h / 2h (Mon-Fri 8-18)"],
        ["P2", "12h / 4h (24x7)"],
    ]])
    assert _rows(entries) == sorted([
        ("response_time", "P1", "Standard", 6.0, "business_hours"),
        ("response_time", "P1", "Premium", 2.0, "business_hours"),
        ("response_time", "P2", "Standard", 12.0, "hours"),
        ("response_time", "P2", "Premium", 4.0, "hours"),
    ])
