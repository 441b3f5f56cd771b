"""Amounts and counts written in words (EN and DE), and the Swiss "1'200.–" amount. Made-up sentences."""

from __future__ import annotations

from decimal import Decimal

import pytest

from docsvc.extract.extractors.pricing.items import extract_pricing
from docsvc.extract.normalize.numbers import find_money_words, number_from_words
from tests.fixtures.contexts import make_context


def _items(sentence: str, language: str) -> list[tuple[str, str | None, str | None, float | None]]:
    items = extract_pricing(make_context([sentence], [], language=language), {})["pricing"]["items"]
    return [(i["unit_price"], i["currency"], i["frequency"], i["quantity"]) for i in items]


@pytest.mark.parametrize(("sentence", "language", "expected"), [
    ("The monthly fee is twenty-five euros per user.", "en", ("25", "EUR", "monthly")),
    ("The hourly rate is one hundred and twenty pounds.", "en", ("120", "GBP", "hourly")),
    ("The licence fee is one thousand two hundred Swiss francs per year.", "en", ("1200", "CHF", "annual")),
    ("Die Pauschale beträgt fünfhundert Euro pro Monat.", "de", ("500", "EUR", "monthly")),
    ("Die Einrichtungsgebühr beträgt zweihundertfünfzig Euro.", "de", ("250", "EUR", "one_time")),
])
def test_amount_in_words(sentence: str, language: str, expected: tuple[str, str, str]) -> None:
    assert [i[:3] for i in _items(sentence, language)] == [expected]


@pytest.mark.parametrize(("sentence", "language"), [
    ("A fee of Seven Hundred Dollars ($700) is payable on signature.", "en"),
    ("The fee is EUR 700 (seven hundred euros) per month.", "en"),
])
def test_words_and_figure_count_once(sentence: str, language: str) -> None:
    assert [i[:2] for i in _items(sentence, language)] == [("700", "USD" if "$" in sentence else "EUR")]


def test_money_words_leave_articles_and_other_words_alone() -> None:
    assert find_money_words("Der Zuschlag von einem Euro entfällt; ein Euro ist ein Euro.", "de") == []
    assert find_money_words("one dollar sign", "en") == []
    found = find_money_words("a charge of Forty Euros", "en")
    assert [(m.amount, m.currency) for m in found] == [(Decimal(40), "EUR")]


@pytest.mark.parametrize(("words", "value"), [
    ("zwei", 2), ("eine", 1), ("twenty-five", 25), ("one hundred and five", 105), ("12", 12), ("zwölftausend", 12000),
])
def test_number_from_words(words: str, value: int) -> None:
    assert number_from_words(words) == Decimal(value)


@pytest.mark.parametrize(("sentence", "language", "quantity"), [
    ("Der Kunde erwirbt zwei Lizenzen zu je 400 € pro Jahr.", "de", 2.0),
    ("Der Kunde bestellt eine Lizenz zum Preis von 90 € pro Monat.", "de", 1.0),
    ("Customer purchases ten licences at $40 per licence per month.", "en", 10.0),
    ("Customer orders 25 seats at a unit price of £12.00 per month.", "en", 25.0),
    ("The term is 12 months at $500 per month.", "en", None),
])
def test_quantity_before_a_unit_price(sentence: str, language: str, quantity: float | None) -> None:
    assert [i[3] for i in _items(sentence, language)] == [quantity]


@pytest.mark.parametrize(("sentence", "amount"), [
    ("Die Monatsgebühr beträgt CHF 1'200.– pro Standort.", "1200"),
    ("Stundensatz: Fr. 180.–", "180"),
])
def test_swiss_amounts_with_dash_for_zero_cents(sentence: str, amount: str) -> None:
    items = _items(sentence, "de")
    assert [(Decimal(i[0]), i[1]) for i in items] == [(Decimal(amount), "CHF")]


@pytest.mark.parametrize(("sentence", "language"), [
    ("Once the customer has made payments of two hundred thousand dollars in subscription fees, support is free.",
     "en"),
    ("Once the customer has made payments of $200,000 in subscription fees, support is free.", "en"),
    ("Hat der Kunde Zahlungen von 200.000 € an Lizenzgebühren geleistet, entfällt die Supportpauschale.", "de"),
])
def test_sum_of_many_charges_is_no_price(sentence: str, language: str) -> None:
    assert _items(sentence, language) == []
