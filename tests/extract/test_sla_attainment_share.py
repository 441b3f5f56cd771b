"""A percentage next to a time target in a line under an availability heading is the share of tickets handled in
time (a flattened "Serviceanfrage | 4 h | 90%" row), not an availability level."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(heading: str, lines: list[str]) -> list[tuple[Any, ...]]:
    ctx = make_context([heading, *lines], headings=[heading], language="de")
    return [(e["metric"], e["target"]["value"]) for e in extract_sla(ctx, {}).get("sla", [])]


def test_share_next_to_a_time_target_is_no_availability() -> None:
    found = _sla("5.3. Verfügbarkeitsverpflichtung des Kundendienstes", [
        "SLA 4: Hier sind die Leistungszusagen des Kundendienstes für Standardanfragen:", "Standardanfrage 6 h 92%"])
    assert ("availability", 92.0) not in found


def test_availability_under_its_heading_still_counts() -> None:
    assert _sla("Verfügbarkeit", ["Die Plattform ist zu 99,6 % im Kalendermonat erreichbar."]) == [
        ("availability", 99.6)]
