"""Credit tiers written as list items, each opened by its band ("99.5-99.9%: 10% monthly fee credit",
"< 99,0 %: 12 % Monatsentgelt-Gutschrift"), with no availability word in the items: the items are credit tiers, and
their band levels are no availability targets."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.sla.credits import extract_credits
from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _read(lead: list[str], items: list[str], language: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    ctx = make_context([*lead, *items], language=language, pdf=False, list_items=items, headings=[lead[0]])
    credits = [(c.get("credit_percent"), (c.get("threshold") or {}).get("upper"),
                (c.get("threshold") or {}).get("lower")) for c in extract_credits(ctx, {}).get("service_credits", [])]
    sla = [(e["metric"], e["target"]["value"]) for e in extract_sla(ctx, {}).get("sla", [])]
    return credits, sla


@pytest.mark.parametrize(("lead", "items", "language", "credits", "target"), [
    (["Hosting Terms", "Monthly uptime commitment: 99.9%.", "Credits (if the commitment is missed):"],
     ["98.5-99.9%: 10% monthly fee credit", "< 98.5%: 25% credit"], "en",
     [(10.0, 99.9, 98.5), (25.0, 98.5, None)], 99.9),
    (["Platform Terms", "We target 99.95% uptime each month.", "Remedies:"],
     ["99.0% - 99.95%: 7% subscription credit", "below 99.0%: 15% invoice credit"], "en",
     [(7.0, 99.95, 99.0), (15.0, 99.0, None)], 99.95),
    (["Leistungsbeschreibung", "Zugesagte Verfügbarkeit: 99,8 % im Monat.", "Gutschriften:"],
     ["99,0–99,8 %: 4 % Gutschrift auf die Monatsgebühr", "unter 99,0 %: 12 % Monatsentgelt-Gutschrift"], "de",
     [(4.0, 99.8, 99.0), (12.0, 99.0, None)], 99.8),
])
def test_listed_band_credit_items_are_tiers(lead: list[str], items: list[str], language: str,
                                            credits: list[tuple[Any, ...]], target: float) -> None:
    found_credits, sla = _read(lead, items, language)
    assert found_credits == credits
    assert sla == [("availability", target)]


def test_a_comparator_band_before_a_fee_credit_is_no_target_and_plain_shares_no_ladder() -> None:
    # The sentence reader alone: "< 97.5%: 30% service fee credit" under an uptime heading names a band.
    ctx = make_context(["Uptime", "Uptime target: 99.5% per month.", "< 97.5%: 30% service fee credit"],
                       pdf=False, headings=["Uptime"])
    assert [(e["metric"], e["target"]["value"]) for e in extract_sla(ctx, {}).get("sla", [])] == [
        ("availability", 99.5)]
    # A list of shares without a credit word is no ladder.
    found, _ = _read(["Capacity Plan", "Planned utilisation per region:"], ["85%: 10% reserve", "90%: 5% reserve"],
                     "en")
    assert found == []
