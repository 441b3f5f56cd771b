"""Table cells that name what they measure ("Reaktion: 4 Std.; Entstörung: 1 Werktag", "Response: 1 hour /
Resolution: 4 hours"), under a column that names no metric: each labelled part is its own service level, with the
metric its label names and the service window of its row."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(tables: list[list[list[str]]], language: str = "en") -> list[tuple[Any, ...]]:
    ctx = make_context(["Service Level"], tables, language=language, pdf=False)
    return [(e["metric"], e["target"]["value"], e["target"]["unit"], e["service"], e["priority"])
            for e in extract_sla(ctx, {}).get("sla", [])]


def test_labelled_parts_under_a_column_naming_no_metric() -> None:
    assert _sla([[
        ["Service", "Servicelevel"],
        ["Managed Firewall", "Response: 1 hour / Resolution: 4 hours"],
        ["Managed Backup", "Response: 4 hours / Resolution: 1 business day"],
    ]]) == [("response_time", 1.0, "hours", "Managed Firewall", None),
            ("resolution_time", 4.0, "hours", "Managed Firewall", None),
            ("response_time", 4.0, "hours", "Managed Backup", None),
            ("resolution_time", 1.0, "business_days", "Managed Backup", None)]


def test_labelled_parts_take_the_business_window_of_their_row() -> None:
    found = _sla([[
        ["Paket", "Servicezeit", "Leistung"],
        ["S1", "Mo–Fr 8–17 Uhr", "Reaktion: 4 Std.; Entstörung: 1 Werktag"],
        ["S2", "24x7", "Reaktion: 1 Std.; Entstörung: 6 Std."],
    ]], language="de")
    assert [f[:3] for f in found] == [("response_time", 4.0, "business_hours"),
                                      ("resolution_time", 1.0, "business_days"),
                                      ("response_time", 1.0, "hours"),
                                      ("resolution_time", 6.0, "hours")]


def test_a_label_naming_a_metric_overrides_the_column_metric() -> None:
    found = _sla([[
        ["Paket", "Reaktionszeit"],
        ["Basis", "Reaktionszeit: 4 Stunden, Entstörzeit: 2 Werktage"],
        ["Premium", "Reaktionszeit: 1 Stunde, Entstörzeit: 8 Stunden"],
    ]], language="de")
    assert [f[:3] for f in found] == [("response_time", 4.0, "hours"), ("resolution_time", 2.0, "business_days"),
                                      ("response_time", 1.0, "hours"), ("resolution_time", 8.0, "hours")]


def test_prose_cells_and_unlabelled_values_are_not_read_as_labelled_parts() -> None:
    assert _sla([[
        ["Service", "Description"],
        ["Hosting", "Note: the platform is monitored around the clock"],
        ["Backup", "Retention: 30 days"],
    ]]) == []
