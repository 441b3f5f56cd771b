"""Credit ladders on one line: "band: credit" pairs joined by a colon, equals sign or arrow (EN, DE, config)."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.credit_ladders import credits_from_ladders
from docsvc.extract.extractors.sla.credits import extract_credits
from tests.fixtures.contexts import make_context


def _credits(paragraphs: list[str], language: str = "en") -> dict[str, Any]:
    return extract_credits(make_context(paragraphs, language=language), {})


def _tiers(found: dict[str, Any]) -> list[tuple[float, float | None, float | None]]:
    return [(e["credit_percent"], e["threshold"]["upper"], e["threshold"]["lower"])
            for e in found.get("service_credits", [])]


def test_colon_ladder_en() -> None:
    found = _credits(["Rebates for the hosting service: <99.95%: 5%; <99.8%: 15%; <99.0%: 40%."])
    assert _tiers(found) == [(5.0, 99.95, None), (15.0, 99.8, None), (40.0, 99.0, None)]


def test_equals_ladder_de_with_basis_and_cap() -> None:
    found = _credits(["Gutschrift bei Verfügbarkeit unter 99,7 % = 4 % der Monatsgebühr, unter 98 % = 12 % der "
                      "Monatsgebühr; insgesamt höchstens 30 %."], language="de")
    assert _tiers(found) == [(4.0, 99.7, None), (12.0, 98.0, None)]
    assert all(e["basis"] == "Monatsgebühr" and e["metric"] == "availability" for e in found["service_credits"])
    assert found["service_credit_cap"]["value"]["percent"] == 30.0


def test_arrow_ladder_with_bands() -> None:
    found = _credits(["Uptime credits: 98.5% – 99.5% → 8% of the invoice, 97% – 98.5% → 20% of the invoice"])
    assert _tiers(found) == [(8.0, 99.5, 98.5), (20.0, 98.5, 97.0)]


def test_pasted_config_with_credit_word_before() -> None:
    found = _credits(["The rebate schedule is configured as follows.",
                      'schedule = {"<99.8%": "7%", "<99.2%": "18%"}'])
    assert _tiers(found) == [(7.0, 99.8, None), (18.0, 99.2, None)]


def test_no_credit_word_no_ladder() -> None:
    assert _tiers(_credits(["Measured uptime: 99.95%: January; <99.5%: 2% of incidents; <99%: 1% of incidents."])) == []


def test_single_pair_is_no_ladder_de() -> None:
    ctx = make_context(["Gutschrift: Verfügbarkeit unter 99,5 %: 3 % der Monatsgebühr."], language="de")
    assert credits_from_ladders(ctx) == ([], set())
