"""Whole amounts written with a dash for the cents: German "250,- Euro", "1.250,– €" (as Swiss "60.-")."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.pricing.items import extract_pricing
from tests.fixtures.contexts import make_context


def _prices(sentence: str) -> list[tuple[float, str | None, str | None]]:
    ctx = make_context(["Preise", sentence], headings=["Preise"], language="de")
    return [(float(i["unit_price"]), i["currency"], i["frequency"])
            for i in extract_pricing(ctx, {})["pricing"]["items"]]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Die Wartungspauschale beträgt monatlich 180,- Euro zzgl. MwSt.", (180.0, "EUR", "monthly")),
    ("Servicevertrag Gold: 2.400,– € pro Jahr", (2400.0, "EUR", "annual")),
    ("Die einmalige Einrichtungsgebühr beträgt 75,-- EUR.", (75.0, "EUR", "one_time")),
])
def test_dash_cents(sentence: str, expected: tuple[float, str, str]) -> None:
    assert _prices(sentence) == [expected]


def test_a_dash_before_a_figure_is_a_range_not_cents() -> None:
    assert [p[0] for p in _prices("Druckkosten 5,-10,- € je Auftrag")] == [10.0]


def test_one_price_in_two_currencies_gives_both_amounts() -> None:
    # The corpus convention (README): a fee quoted in two currencies is listed in each; a reader bills in one.
    table = [["Leistung", "Preis"], ["Zusatzaufwand je angefangene Viertelstunde", "CHF 40,- / 37,- €"]]
    ctx = make_context(["Preise"], [table], headings=["Preise"], language="de")
    items = extract_pricing(ctx, {})["pricing"]["items"]
    assert [(float(i["unit_price"]), i["currency"]) for i in items] == [(40.0, "CHF"), (37.0, "EUR")]
