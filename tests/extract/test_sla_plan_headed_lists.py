"""A metric lead-in whose list is split by plan headings ("Response times by plan:" › "Gold" › "P1: 1 hour"), or
whose metric is named only in an earlier sentence of the lead-in paragraph ("... first-response SLAs by plan. They
are:"): the priority-labelled items are targets of the plan they stand under; other numbers in lists are not."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(paragraphs: list[str], headings: list[str], items: list[str], language: str = "en") -> list[tuple[Any, ...]]:
    ctx = make_context(paragraphs, [], language=language, pdf=False, headings=headings, list_items=items)
    return [(e["metric"], e["target"]["value"], e["target"]["unit"], e["service"], e["priority"])
            for e in extract_sla(ctx, {}).get("sla", [])]


def test_plan_headings_split_the_list_of_a_lead_in_named_in_an_earlier_sentence() -> None:
    items = ["Urgent: 20 minutes", "Normal: 6 business hours", "Urgent: 3 hours", "Normal: 3 business days"]
    paragraphs = ["Helpdesk", "Quillbyte answers tickets with first-response SLAs per subscription and urgency. "
                  "These are as follows:", "Scale", items[0], items[1], "Starter", items[2], items[3]]
    assert _sla(paragraphs, ["Helpdesk", "Scale", "Starter"], items) == [
        ("response_time", 20.0, "minutes", "Scale", "Urgent"),
        ("response_time", 6.0, "business_hours", "Scale", "Normal"),
        ("response_time", 3.0, "hours", "Starter", "Urgent"),
        ("response_time", 3.0, "business_days", "Starter", "Normal")]


def test_german_lead_in_over_package_headings() -> None:
    items = ["Priorität 1: 90 Minuten", "Priorität 2: 8 Stunden", "Priorität 1: 30 Minuten"]
    paragraphs = ["Störungsbearbeitung", "Die Wiederherstellungszeiten je Paket:", "Kompakt", items[0], items[1],
                  "Exklusiv", items[2]]
    found = _sla(paragraphs, ["Störungsbearbeitung", "Kompakt", "Exklusiv"], items, language="de")
    assert found == [("resolution_time", 90.0, "minutes", "Kompakt", "Priorität 1"),
                     ("resolution_time", 8.0, "hours", "Kompakt", "Priorität 2"),
                     ("resolution_time", 30.0, "minutes", "Exklusiv", "Priorität 1")]


def test_a_far_lead_in_does_not_reach_unlabelled_list_numbers() -> None:
    items = ["Planned works of up to 6 hours a month", "Backups kept for 14 days"]
    paragraphs = ["Terms", "Response times run from the logging of a ticket. The following exceptions apply:",
                  items[0], "Records", items[1]]
    assert _sla(paragraphs, ["Terms", "Records"], items) == []
