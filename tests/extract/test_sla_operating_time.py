"""'Betriebszeit' is a service window ("Betriebszeit | Mo–Fr 8–18 Uhr") unless a percentage follows it: then it is
the availability promised ("Die Betriebszeit beträgt im Jahresmittel 99,9 %"); 'Betriebsbereitschaft' is always
availability."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(paragraphs: list[str], tables: list[list[list[str]]] | None = None) -> list[tuple[Any, ...]]:
    ctx = make_context(paragraphs, tables or [], language="de", pdf=False)
    return [(e["metric"], e["target"]["value"], e["target"]["unit"], e["hours_of_cover"])
            for e in extract_sla(ctx, {}).get("sla", [])]


def test_operating_time_with_a_percentage_is_availability() -> None:
    assert _sla(["Service Level Agreement", "Die Betriebszeit der Plattform beträgt im Jahresmittel 99,9 %.",
                 "Die Betriebsbereitschaft des Netzes liegt bei 99,5 Prozent."]) == [
        ("availability", 99.9, "percent", None), ("availability", 99.5, "percent", None)]


def test_operating_time_without_a_percentage_stays_the_service_window() -> None:
    assert _sla(["Service Level Agreement"], [[
        ["Kennzahl", "Bronze", "Gold"],
        ["Betriebszeit", "Mo–Fr 8–18 Uhr", "24x7"],
        ["Reaktionszeit", "4 Stunden", "1 Stunde"],
    ], [
        ["Kennzahl", "Wert"],
        ["Betriebsbereitschaft", "99,7 %"],
    ]]) == [("response_time", 4.0, "business_hours", "Mon-Fri 08:00-18:00"),
            ("response_time", 1.0, "hours", "24x7"),
            ("availability", 99.7, "percent", None)]
