"""A value written right after its metric as a label ("Wiederherstellung 4 Stunden") is a target, also when it is
the last of a prose line per priority ("Priorität 1 – Kritisch: Reaktionszeit 30 Minuten, Wiederherstellung
4 Stunden")."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(paragraphs: list[str], language: str = "de") -> list[tuple[Any, ...]]:
    ctx = make_context(["Servicelevel", *paragraphs], headings=["Servicelevel"], language=language)
    return [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in extract_sla(ctx, {}).get("sla", [])]


def test_prose_line_per_priority_gives_both_metrics() -> None:
    lines = ["Stufe 1 – Notfall: Reaktionszeit 20 Minuten, Entstörung 6 Stunden.",
             "Stufe 2 – Dringend: Reaktionszeit 3 Stunden, Lösungszeit nächster Werktag."]
    assert _sla(lines) == [("response_time", 20.0, "minutes"), ("resolution_time", 6.0, "hours"),
                           ("response_time", 3.0, "hours"), ("resolution_time", 1.0, "business_days")]


def test_label_with_colon() -> None:
    assert _sla(["Bei Störungen gilt – Wiederherstellung: 12 Stunden."]) == [("resolution_time", 12.0, "hours")]


def test_notice_period_after_a_non_metric_word_stays_out() -> None:
    assert _sla(["Kündigungsfrist 3 Monate, Zahlungsziel 14 Tage."]) == []


def _plain(paragraphs: list[str], headings: list[str], language: str = "en") -> list[tuple[Any, ...]]:
    # Under headings that name no SLA part ("Support Policy" › "Critical"): only the label names the metric.
    ctx = make_context(paragraphs, headings=headings, language=language)
    return [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in extract_sla(ctx, {}).get("sla", [])]


def test_a_bare_metric_label_with_a_colon_names_the_metric() -> None:
    # Definition blocks per priority: "Response: 1 hour. Resolution target: 6 hours." name no incident and no
    # "response time"; the label opening the sentence is the metric.
    text = "Production system down. Response: 1 hour. Resolution target: 6 hours."
    keys = _plain([text], ["Support Policy", "Critical"])
    assert keys == [("response_time", 1.0, "hours"), ("resolution_time", 6.0, "hours")]
    assert _plain(["Initial response: within 4 hours"], ["Severity 2"]) == [("response_time", 4.0, "hours")]
    assert _plain(["Reaktion: 2 Stunden"], ["Priorität B"], "de") == [("response_time", 2.0, "hours")]


def test_a_metric_word_inside_a_sentence_without_incident_context_stays_a_deadline() -> None:
    # Not a label: "response" in running text about a letter is a legal deadline, as before.
    assert _plain(["The Customer shall send its response within 10 days."], ["General"]) == []
    assert _plain(["Response to the audit report: 30 days."], ["Audits"]) == []


def test_a_remedy_row_of_a_summary_table_is_no_target() -> None:
    # Key/value summary tables list the credit beside the levels; its percentage is owed, not promised.
    table = [["Item", "Commitment"], ["Network availability", "99.95 % per calendar month"],
             ["Fault restoration time", "8 hours"], ["Jitter", "below 5 ms"],
             ["Service credit", "5 % of the monthly fee per 0.1 % below target"]]
    ctx = make_context(["Service Level Summary"], [table], headings=["Service Level Summary"])
    keys = [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in extract_sla(ctx, {}).get("sla", [])]
    assert ("other", 5.0, "percent") not in keys
    assert ("availability", 99.95, "percent") in keys and ("resolution_time", 8.0, "hours") in keys
