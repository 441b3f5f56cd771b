"""Price-review caps stated as provisos, EN and DE; money with spaces as thousands separators and a comma before
the cents; currency pairs in exchange-rate clauses are no items."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.pricing.items import extract_pricing
from docsvc.extract.extractors.pricing.review import extract_price_review
from tests.fixtures.contexts import make_context


def _review(text: str, language: str) -> dict[str, Any]:
    found = extract_price_review(make_context([text], language=language), {})
    value: dict[str, Any] = found["pricing"]["price_review"]["value"]
    return value


@pytest.mark.parametrize(("text", "language", "cap"), [
    ("The Supplier may adjust the Charges once per year, provided that no such increase shall exceed five percent "
     "(5%) of the Charges then in effect.", "en", 5.0),
    ("Supplier may increase prices annually, provided that no such increase shall exceed 3%.", "en", 3.0),
    ("Der Auftragnehmer ist berechtigt, die Preise jährlich anzupassen; die Erhöhung darf 3 % nicht übersteigen.",
     "de", 3.0),
    ("Der Auftragnehmer kann die Vergütung einmal jährlich angemessen erhöhen, höchstens jedoch um 4 %.", "de", 4.0),
])
def test_cap_provisos(text: str, language: str, cap: float) -> None:
    assert _review(text, language)["cap_percent"] == cap


def test_money_with_space_groups_and_comma_cents() -> None:
    text = "The Customer shall pay a one-time start-up fee of US$ 5 000 000,00 and a monthly fee of EUR 1 200,50."
    items = extract_pricing(make_context([text]), {})["pricing"]["items"]
    assert [(i["unit_price"], i["currency"], i["frequency"]) for i in items] == [
        ("5000000.00", "USD", "one_time"), ("1200.50", "EUR", "monthly")]


def test_exchange_rate_pair_is_no_item() -> None:
    text = ("Amounts in USD are converted into EUR at the EUR/USD reference rate of the ECB; the monthly fee is "
            "EUR 500.00.")
    items = extract_pricing(make_context([text]), {})["pricing"]["items"]
    assert [(i["unit_price"], i["currency"]) for i in items] == [("500.00", "EUR")]


def test_sub_cent_rate_in_german_text_keeps_its_decimals() -> None:
    from docsvc.extract.normalize.numbers import parse_number

    assert str(parse_number("0.008", "de")) == "0.008"
    assert str(parse_number("0,008", "de")) == "0.008"
    assert str(parse_number("1.000", "de")) == "1000"


def test_starting_price_on_a_label_line_and_same_list_line_under_two_plans() -> None:
    items = extract_pricing(make_context(["Mitarbeiterschulung ab 1.100€", "70€/h Support", "70€/h Support"],
                                         language="de"), {})["pricing"]["items"]
    assert [(i["unit_price"], i["currency"]) for i in items] == [("1100", "EUR"), ("70", "EUR"), ("70", "EUR")]
