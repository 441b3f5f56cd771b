"""Amounts on a line of their own below their label: web price cards and flattened table rows."""

from __future__ import annotations

from docsvc.extract.extractors.pricing.items import extract_pricing
from tests.fixtures.contexts import make_context


def _prices(lines: list[str], language: str = "en") -> list[tuple[float, str | None]]:
    ctx = make_context(lines, language=language)
    return [(float(i["unit_price"]), i["currency"]) for i in extract_pricing(ctx, {})["pricing"]["items"]]


def test_label_line_then_regular_and_offer_price_lines() -> None:
    lines = ["Unsere Scanpreise", "Standard", "Angebot",
             "Dias bis 6x6", "EUR 0,80", "EUR 0,60",
             "Negative", "EUR 0,40", "EUR 0,30",
             "Brennen auf CD", "EUR 2,00 pro CD", "EUR 1,50 pro CD"]
    assert _prices(lines, "de") == [(0.8, "EUR"), (0.6, "EUR"), (0.4, "EUR"), (0.3, "EUR"), (2.0, "EUR"), (1.5, "EUR")]


def test_plan_cards_with_features_between_the_prices() -> None:
    lines = ["Cloud Servers"]
    for name, price in (("Tiny-1", "$ 6 00 /mo"), ("Small-2", "$ 11 00 /mo"), ("Large-4", "$ 19 50 /mo")):
        lines += [name, price, "2 GB Memory", "20 GB Disk", "1 TB Traffic", "1 IPv4 Address", "Order now"]
    assert _prices(lines) == [(6.0, "USD"), (11.0, "USD"), (19.5, "USD")]


def test_split_cents_need_a_currency_sign() -> None:
    # "4 00" without a currency is no amount (a spec, a count, a postcode part).
    lines = ["Plans", "Basic", "4 00 /mo", "Extra", "8 00 /mo"]
    assert _prices(lines) == []


def test_a_single_detached_amount_is_not_a_price_list() -> None:
    assert _prices(["Coverage", "Aggregate Amount", "$2,000,000"]) == []
    assert _prices(["Our team", "Founded in Berlin", "$ 12 00"]) == []


def test_prose_above_an_amount_is_no_label() -> None:
    lines = ["The customer shall pay the following amount.", "$500.00",
             "The supplier will invoice the remaining balance.", "$250.00"]
    assert _prices(lines) == []


def test_detached_totals_and_limits_are_skipped() -> None:
    lines = ["Total", "$1,200.00", "Liability cap", "$5,000.00"]
    assert _prices(lines) == []


def test_card_line_opening_with_its_amount_prices_first_and_additional_items() -> None:
    assert _prices(["Mailbox setup", "$120 for the first mailbox, each additional mailbox $30"]) == [
        (120.0, "USD"), (30.0, "USD")]


def test_sentence_opening_with_an_amount_still_needs_a_price_word() -> None:
    assert _prices(["History", "$400 for the first prototype was raised by the founders in 2019."]) == []
