"""Table cells written as committing sentences ("Orbex will acknowledge 97% of severity A tickets each quarter,
within 25 minutes"): the time is the target of the row's priority; the share of tickets is no availability level."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(table: list[list[str]], language: str) -> list[tuple[Any, ...]]:
    ctx = make_context(["Service commitments"], [table], language=language, pdf=False,
                       headings=["Service commitments"])
    return [(e["metric"], e["target"]["value"], e["target"]["unit"], e["priority"])
            for e in extract_sla(ctx, {}).get("sla", [])]


def test_english_sentence_cells_give_the_response_time_not_the_share() -> None:
    found = _sla([["Class", "Commitment", "Meaning"],
                  ["Sev A", "Orbex will respond to 97% of severity A tickets each quarter, within 25 minutes",
                   "Production halted"],
                  ["Sev B", "Orbex will respond to 92% of severity B tickets each quarter, within 3 hours",
                   "Feature impaired"]], "en")
    assert [f[:3] for f in found] == [("response_time", 25.0, "minutes"), ("response_time", 3.0, "hours")]


def test_german_sentence_cells_give_the_response_time() -> None:
    found = _sla([["Stufe", "Zusage", "Beschreibung"],
                  ["Priorität 1", "Der Anbieter wird auf 90 % der Störungen je Quartal innerhalb von 45 Minuten "
                   "reagieren", "Totalausfall"],
                  ["Priorität 2", "Der Anbieter wird auf 85 % der Störungen je Quartal innerhalb von 6 Stunden "
                   "reagieren", "Teilausfall"]], "de")
    assert [f[:3] for f in found] == [("response_time", 45.0, "minutes"), ("response_time", 6.0, "hours")]
    assert all(f[3] for f in found)


def test_a_measured_clause_beside_a_committing_one_is_no_target() -> None:
    # Only the clause that commits is read: the first one reports a measurement.
    assert _sla([["Bereich", "Ziel"],
                 ["Wiederanlauf", "Wiederherstellung aus der Sicherung gemessen unter zehn Minuten; die Messung des "
                  "Gesamtsystems wird im nächsten Quartal nachgeholt"]], "de") == []
