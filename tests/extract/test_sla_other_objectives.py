"""Columns of "other" service levels in a priority × metric table: status-update cadence, workaround targets."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.extractors.sla.vocab import other_objective
from tests.fixtures.contexts import make_context


def _keys(tables: list[list[list[str]]], language: str = "en") -> list[tuple[str, str | None, float, str]]:
    entries: list[dict[str, Any]] = extract_sla(make_context([], tables, language=language), {}).get("sla", [])
    return [(e["metric"], e["priority"], e["target"]["value"], e["target"]["unit"]) for e in entries]


def test_workaround_column_beside_resolution_column_en() -> None:
    keys = _keys([[
        ["Priority", "Acknowledgement", "Temporary Fix", "Permanent Resolution"],
        ["P1", "20 minutes", "3 hours", "2 business days"],
        ["P2", "2 hours", "1 business day", "6 business days"],
    ]])
    assert keys == [
        ("response_time", "P1", 20.0, "minutes"), ("other", "P1", 3.0, "hours"),
        ("resolution_time", "P1", 2.0, "business_days"),
        ("response_time", "P2", 2.0, "hours"), ("other", "P2", 1.0, "business_days"),
        ("resolution_time", "P2", 6.0, "business_days"),
    ]


def test_workaround_column_alone_stays_resolution() -> None:
    keys = _keys([[["Priority", "Response", "Workaround"], ["P1", "30 minutes", "6 hours"]]])
    assert keys == [("response_time", "P1", 30.0, "minutes"), ("resolution_time", "P1", 6.0, "hours")]


def test_status_update_column_de() -> None:
    keys = _keys([[
        ["Priorität", "Reaktionszeit", "Zwischenbericht", "Umgehungslösung", "Behebungszeit"],
        ["Priorität 1", "1 Stunde", "alle 3 Stunden", "6 Stunden", "2 Werktage"],
    ]], language="de")
    assert keys == [
        ("response_time", "Priorität 1", 1.0, "hours"), ("other", "Priorität 1", 3.0, "hours"),
        ("other", "Priorität 1", 6.0, "hours"), ("resolution_time", "Priorität 1", 2.0, "business_days"),
    ]


def test_vocabulary() -> None:
    assert other_objective("Progress reports") == "status_update"
    assert other_objective("Statusmeldung an den Kunden") == "status_update"
    assert other_objective("Interim fix") == "interim"
    assert other_objective("Resolution target") is None


def test_escalation_column_is_other_en() -> None:
    keys = _keys([[["Severity", "Time to Respond", "Escalation Time"], ["Severity 1", "10 minutes", "45 minutes"]]])
    assert keys == [("response_time", "Severity 1", 10.0, "minutes"), ("other", "Severity 1", 45.0, "minutes")]


def test_escalation_column_is_other_de() -> None:
    keys = _keys([[["Störungsklasse", "Reaktionszeit", "Eskalationszeit"], ["Klasse 1", "20 Minuten", "3 Stunden"]]],
                 language="de")
    assert keys == [("response_time", "Klasse 1", 20.0, "minutes"), ("other", "Klasse 1", 3.0, "hours")]


def test_value_column_is_the_one_holding_targets_en() -> None:
    keys = _keys([[
        ["Feature", "Specification", "Customer Value"],
        ["Line speed", "500 Mbps", "Quick transfers"],
        ["Uptime SLA", "99.6%", "Credits if missed"],
    ]])
    assert keys == [("availability", None, 99.6, "percent")]


def test_value_column_is_the_one_holding_targets_de() -> None:
    keys = _keys([[
        ["Merkmal", "Ausprägung", "Kundennutzen (Wert)"],
        ["Bandbreite", "500 Mbit/s", "schnelle Übertragung"],
        ["Verfügbarkeit", "99,6 %", "planbarer Betrieb"],
    ]], language="de")
    assert keys == [("availability", None, 99.6, "percent")]
