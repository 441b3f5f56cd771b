"""A discount note after a cell's price keeps the price; a percentage fee stays no amount."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.pricing.common import cell_amount
from docsvc.extract.extractors.pricing.items import extract_pricing
from tests.fixtures.contexts import make_context


@pytest.mark.parametrize(("cell", "expected"), [
    ("1,20 € / Million (−40%)", (1.2, "EUR")),
    ("19 € / Monat (-10 % Rabatt)", (19.0, "EUR")),
    ("$30/seat/month (save 25%)", (30.0, "USD")),
])
def test_price_with_a_discount_note(cell: str, expected: tuple[float, str]) -> None:
    found = cell_amount(cell, "de")
    assert found is not None and (float(found[0]), found[1]) == expected


@pytest.mark.parametrize("cell", ["3 % (min. 40 €)", "15%", "(-30%)", "2% of turnover"])
def test_percentages_stay_no_amount(cell: str) -> None:
    assert cell_amount(cell, "de") is None


def test_discounted_row_of_a_price_table_is_read() -> None:
    table = [["Nutzung", "Preis"], ["Standard-Abruf", "2,40 € / Million"], ["Nachtabruf", "1,20 € / Million (−50%)"]]
    ctx = make_context(["Preise"], [table], headings=["Preise"], language="de")
    items = extract_pricing(ctx, {})["pricing"]["items"]
    assert [(float(i["unit_price"]), i["currency"]) for i in items] == [(2.4, "EUR"), (1.2, "EUR")]
