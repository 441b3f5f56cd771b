"""Tables whose targets sit under a recovery-objective column ("RTO", "RPO") or a bare level column ("SLO"):
the rows name tiers, business processes or components, never a metric."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = extract_sla(make_context(*args, **kwargs), {}).get("sla", [])
    return entries


def _keys(entries: list[dict[str, Any]]) -> set[tuple[str, str | None, str | None, float, str]]:
    return {(e["metric"], e["service"], e["priority"], e["target"]["value"], e["target"]["unit"]) for e in entries}


def test_recovery_tiers_under_an_rto_column_are_other_targets() -> None:
    entries = _sla(
        ["Recovery classes of our hosting platform:"],
        [[
            ["Recovery class", "RTO", "Approach"],
            ["Class A - Gold", "< 2 hours", "Active replica"],
            ["Class B - Silver", "< 12 hours", "Nightly image"],
        ]],
    )
    assert _keys(entries) == {
        ("other", None, "Class A", 2.0, "hours"),
        ("other", None, "Class B", 12.0, "hours"),
    }


def test_german_process_rows_with_rto_and_rpo_columns_and_a_money_impact_column() -> None:
    entries = _sla(
        ["Wiederanlaufziele der Geschäftsprozesse:"],
        [[
            ["Prozess", "Systeme", "RTO", "RPO", "Schaden-Impact je Stunde"],
            ["Fakturierung", "ERP", "6h", "30 Min", "8.000 €"],
            ["Lager", "WMS", "12h", "2h", "1.500 €"],
        ]],
        language="de",
    )
    # The impact column holds money: it names no priority, though "Impact" heads priority columns elsewhere.
    assert _keys(entries) == {
        ("other", "Fakturierung", None, 6.0, "hours"),
        ("other", "Fakturierung", None, 30.0, "minutes"),
        ("other", "Lager", None, 12.0, "hours"),
        ("other", "Lager", None, 2.0, "hours"),
    }


def test_component_rows_under_an_slo_column_are_availability() -> None:
    for language, head in (("en", ["Component", "SLO", "Measured by"]), ("de", ["Baustein", "SLO", "Messung"])):
        entries = _sla(
            ["Platform objectives"],
            [[head, ["Object store", "99.95%", "Probe"], ["Message queue", "99.9%", "Probe"]]],
            language=language,
        )
        assert _keys(entries) == {
            ("availability", "Object store", None, 99.95, "percent"),
            ("availability", "Message queue", None, 99.9, "percent"),
        }


def test_level_column_of_mixed_kpis_gives_no_availability() -> None:
    # Most rows are no uptime levels: an error rate or a satisfaction share is no availability target.
    entries = _sla(
        ["Quality figures"],
        [[
            ["Indicator", "Target", "Source"],
            ["Error rate", "< 0.1%", "APM"],
            ["Satisfaction", "90%", "Survey"],
            ["Platform", "99.9%", "Probe"],
        ]],
    )
    assert not [e for e in entries if e["metric"] == "availability"]


def test_storage_durability_is_no_availability_target() -> None:
    en = _sla(["Storage service levels"], [[
        ["Service", "SLA"],
        ["Object store", "99.9999999% durability per year"],
        ["Block storage", "99.95%"],
        ["File shares", "99.9%"],
    ]])
    de = _sla(["Speicher-Service-Level"], [[
        ["Dienst", "SLA"],
        ["Objektspeicher", "99,9999999 % Haltbarkeit pro Jahr"],
        ["Blockspeicher", "99,95 %"],
        ["Dateiablage", "99,9 %"],
    ]], language="de")
    for entries in (en, de):
        assert [(e["metric"], e["target"]["value"]) for e in entries] == [
            ("availability", 99.95), ("availability", 99.9)]


def test_durability_row_beside_an_availability_row_under_reference_codes() -> None:
    entries = _sla(["Storage"], [[
        ["Ref", "Commitment", "Availability target"],
        ["ST-1", "Durability of stored objects", "99.9999999%"],
        ["ST-2", "Availability of the storage API", "99.95%"],
    ]])
    assert [(e["metric"], e["target"]["value"]) for e in entries] == [("availability", 99.95)]


def test_durability_in_another_value_cell_keeps_the_availability() -> None:
    entries = _sla(["Storage"], [[
        ["Tier", "Availability", "Note"],
        ["Hot", "99.99%", "99.999999999% durability"],
    ]])
    assert [(e["metric"], e["target"]["value"]) for e in entries] == [("availability", 99.99)]
