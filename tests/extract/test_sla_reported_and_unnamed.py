"""Supplier SLA summaries and short SLA sheets: a service-level table whose rows name services, not metrics
("Hosted PBX | 99.95%"), a table of reported results ("Uptime Achieved", "Credits Received") beside the
commitments, an item opened by a support label ("Support: email within 1 business day (Basic), ..."), and a
latency quantile ("95% of requests < 200 ms"). Texts are written for these tests, EN and DE."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from docsvc.extract.context import analyse
from docsvc.extract.extractors.sla.credits import extract_credits
from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.types import BlockKind
from tests.fixtures.contexts import make_context, make_doc


def _keys(entries: list[dict[str, Any]]) -> list[tuple[str, float, str]]:
    return [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in entries]


def _sla(paragraphs: list[str], tables: list[list[list[str]]] | None = None, *, language: str = "en",
         headings: list[str] | None = None) -> list[dict[str, Any]]:
    ctx = make_context(paragraphs, tables or [], language=language, headings=headings or [])
    return list(extract_sla(ctx, {}).get("sla", []))


_SUPPLIER_TABLE = [
    ["Metric", "Target", "Credit"],
    ["Hosted PBX", "99.95%", "Service credits"],
    ["Voice trunks", "99.9%", "Pro-rated"],
    ["Fault repair (P1)", "5 hours", "Credits after 8 hours"],
]


def test_service_rows_with_high_percentages_are_availability() -> None:
    found = _sla(["Carrier service levels", "The carrier commits to the following levels."], [_SUPPLIER_TABLE],
                 headings=["Carrier service levels"])
    assert _keys(found) == [("availability", 99.95, "percent"), ("availability", 99.9, "percent"),
                            ("resolution_time", 5.0, "hours")]


def test_round_shares_stay_unnamed() -> None:
    """A help desk promises shares ("Calls answered in 20 s | 80%"); a round 80% or 95% is no uptime."""
    from docsvc.extract.extractors.sla.values import uptime_level

    assert uptime_level(99.5) and uptime_level(99.0) and uptime_level(97.5)
    assert not uptime_level(95.0) and not uptime_level(80.0) and not uptime_level(100.0)
    table = [["Service level", "Target"], ["Calls answered within 20 seconds", "80%"]]
    found = _sla(["Service desk levels"], [table], headings=["Service desk levels"])
    assert ("availability", 80.0, "percent") not in _keys(found)


def test_reported_results_are_no_targets() -> None:
    report = [["Supplier", "Uptime Achieved", "SLA Met", "Credits Received"],
              ["Carrier A", "99.97%", "yes", "$0"],
              ["Carrier B", "99.91%", "no", "$4,000"]]
    ctx = make_context(["Supplier performance 2025", "Results of the last year."], [report],
                       headings=["Supplier performance 2025"])
    assert extract_sla(ctx, {}).get("sla", []) == []
    assert extract_credits(ctx, {}).get("service_credits", []) == []


def test_reported_results_de() -> None:
    report = [["Dienst", "Tatsächliche Verfügbarkeit", "Erhaltene Gutschrift"], ["Telefonie", "99,93 %", "250 €"]]
    ctx = make_context(["Leistungsbericht"], [report], language="de", headings=["Leistungsbericht"])
    assert extract_sla(ctx, {}).get("sla", []) == []
    assert extract_credits(ctx, {}).get("service_credits", []) == []


def test_target_column_beside_a_reported_one_is_kept() -> None:
    table = [["Service", "Availability target", "Availability achieved"], ["Portal", "99.9%", "99.95%"]]
    found = _sla(["Service review"], [table], headings=["Service review"])
    assert _keys(found) == [("availability", 99.9, "percent")]


def test_item_opened_by_support_label_gives_response_times() -> None:
    heading = "Service commitments"
    doc = make_doc([heading, "Uptime: 99.9% per month.",
                    "Support: email within 1 business day (Basic), 8h (Plus), 2h (Premium)."], headings=[heading])
    doc = replace(doc, blocks=tuple(replace(b, kind=BlockKind.LIST_ITEM) if b.index >= 1 else b
                                    for b in doc.blocks))
    found = extract_sla(analyse(doc, "en"), {}).get("sla", [])
    assert _keys(found) == [("availability", 99.9, "percent"), ("response_time", 1.0, "business_days"),
                            ("response_time", 8.0, "hours"), ("response_time", 2.0, "hours")]


def test_support_label_leaves_named_metrics_alone() -> None:
    found = _sla(["Service commitments", "Support: resolution within 3 business days for all tickets."],
                 headings=["Service commitments"])
    assert _keys(found) == [("resolution_time", 3.0, "business_days")]


def test_latency_quantile_is_no_target() -> None:
    found = _sla(["Service levels", "Availability: 99.95% per month.", "Latency: 95% of requests < 200ms."],
                 headings=["Service levels"])
    assert _keys(found) == [("availability", 99.95, "percent"), ("other", 0.2, "seconds")]


def test_share_without_time_bound_still_counts() -> None:
    """Only a share followed by a time bound is a quantile; "at least 90% of requests answered" is not one."""
    found = _sla(["Service levels", "First contact resolution: at least 70% of all tickets."],
                 headings=["Service levels"])
    assert ("other", 70.0, "percent") in _keys(found)


def _with_levels(paragraphs: list[str], levels: dict[str, int]) -> list[dict[str, Any]]:
    doc = make_doc(paragraphs, headings=list(levels))
    blocks = tuple(replace(b, heading_level=levels[b.text]) if b.text in levels else b for b in doc.blocks)
    return list(extract_sla(analyse(replace(doc, blocks=blocks), "en"), {}).get("sla", []))


def test_level_restated_in_a_subsection_counts_once() -> None:
    found = _with_levels(["Network service level agreement", "Target uptime: 99.9%, measured monthly.",
                          "Metrics", "Availability: 99.9% uptime per month."],
                         {"Network service level agreement": 1, "Metrics": 2})
    assert _keys(found) == [("availability", 99.9, "percent")]


def test_same_level_in_sibling_sections_counts_per_section() -> None:
    found = _with_levels(["Plan Basic", "Uptime guarantee: 99.9% per month.", "Plan Plus",
                          "Uptime guarantee: 99.9% per month."], {"Plan Basic": 2, "Plan Plus": 2})
    assert _keys(found) == [("availability", 99.9, "percent"), ("availability", 99.9, "percent")]


def test_latency_quantile_de() -> None:
    found = _sla(["Servicelevel", "Latenz: 95 % der Anfragen unter 200 ms."], language="de", headings=["Servicelevel"])
    assert ("other", 95.0, "percent") not in _keys(found)
