"""Feature matrices that put the target in the row name and mark the plans that have it ("✓", "ja"), and
metric columns named by words outside the three stems ("Technician Assigned" is the response, "Diagnosezeit" an
"other" service level): vocabulary kept as data in ``nlp/patterns/*``."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(paragraphs: list[str], tables: list[list[list[str]]], language: str = "en") -> list[tuple[Any, ...]]:
    ctx = make_context(paragraphs, tables, language=language, pdf=False)
    return [(e["metric"], e["target"]["value"], e["target"]["unit"], e["service"], e["priority"])
            for e in extract_sla(ctx, {}).get("sla", [])]


def test_marked_plans_each_get_the_target_their_row_names() -> None:
    found = _sla(["Wartungspakete Birkenhof"], [[
        ["Leistungsumfang", "Klein", "Mittel", "Groß"],
        ["Fernwartung per Telefon", "ja", "ja", "ja"],
        ["Vor-Ort-Service innerhalb von 5 Werktagen", "nein", "ja", "ja"],
        ["Vor-Ort-Service am folgenden Werktag", "nein", "nein", "ja"],
    ]], language="de")
    assert found == [("other", 5.0, "business_days", "Mittel", None),
                     ("other", 5.0, "business_days", "Groß", None),
                     ("other", 1.0, "business_days", "Groß", None)]
    found = _sla(["Care plans"], [[
        ["Included", "Harbor", "Summit", "Orbit"],
        ["Email support", "✔", "✔", "✔"],
        ["Response within 2 business hours", "✘", "✔", "✔"],
        ["On-site within 6 hours", "", "", "✔"],
    ]])
    assert found == [("response_time", 2.0, "business_hours", "Summit", None),
                     ("response_time", 2.0, "business_hours", "Orbit", None),
                     ("other", 6.0, "hours", "Orbit", None)]
    # A row with a value in a cell is no mark row: its "✔" names no target.
    found = _sla(["Care plans"], [[
        ["Feature", "Harbor", "Summit"],
        ["Response within 1 business day", "✔", "4 hours"],
    ]])
    assert ("response_time", 1.0, "business_days", "Harbor", None) not in found


def test_assigned_engineer_and_diagnosis_columns() -> None:
    found = _sla(["Ticket handling"], [[
        ["Severity", "Effect", "Technician Assigned", "Diagnosis Target", "Fix"],
        ["Sev 1", "Site down", "25 Min", "50 Min", "5 Hours"],
    ]])
    assert found == [("response_time", 25.0, "minutes", None, "Sev 1"),
                     ("other", 50.0, "minutes", None, "Sev 1"),
                     ("resolution_time", 5.0, "hours", None, "Sev 1")]
    # The same header as a narrow PDF cell broke it.
    found = _sla(["Ticket handling"], [[["Severity", "Diagnosi s Time"], ["Sev 2", "3 Hours"]]])
    assert found == [("other", 3.0, "hours", None, "Sev 2")]
    found = _sla(["Störungsbearbeitung"], [[
        ["Priorität", "Reaktionszeit", "Diagnosezeit", "Entstörzeit"],
        ["Priorität 1", "30 Minuten", "2 Stunden", "8 Stunden"],
    ]], language="de")
    assert [f[:3] for f in found] == [("response_time", 30.0, "minutes"), ("other", 2.0, "hours"),
                                      ("resolution_time", 8.0, "hours")]


def test_a_ballot_letter_x_marks_the_plans_that_have_the_row() -> None:
    # Matrices copied from wiki pages mark a plan with a plain letter "X" and leave the others empty or "-".
    found = _sla(["Servicepakete Lindenau"], [[
        ["Leistung", "Basis", "Erweitert", "Voll"],
        ["Telefonsupport", "X", "X", "X"],
        ["Erreichbarkeit: 99,7 % im Kalendermonat", "-", "X", "X"],
    ]], language="de")
    assert found == [("availability", 99.7, "percent", "Erweitert", None),
                     ("availability", 99.7, "percent", "Voll", None)]
    found = _sla(["Hosting tiers"], [[
        ["Feature", "Pebble", "Boulder"],
        ["First reply within 3 hours", "x", ""],
    ]])
    assert found == [("response_time", 3.0, "hours", "Pebble", None)]
