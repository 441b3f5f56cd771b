"""A price card that prints the amount alone and its charging label in the next block below it."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.pricing.items import extract_pricing
from tests.fixtures.contexts import make_context


def _items(lines: list[str], language: str = "en") -> list[dict[str, Any]]:
    ctx = make_context(lines, language=language)
    return list(extract_pricing(ctx, {})["pricing"]["items"])


def test_amount_then_one_time_label_block() -> None:
    items = _items(["Starter offer", "Our introductory package for small offices.", "€250",
                    "One-time setup for every workstation", "Ask us about the details."])
    assert [(i["unit_price"], i["currency"], i["frequency"]) for i in items] == [("250", "EUR", "one_time")]
    assert "setup" in items[0]["description"]


def test_amount_then_per_unit_period_label_block() -> None:
    items = _items(["Support plan", "$18", "Per seat / month, billed quarterly"])
    assert [(i["unit_price"], i["frequency"]) for i in items] == [("18", "monthly")]


def test_amount_then_unrelated_block_stays_unread() -> None:
    # The next block is no charging label: the lone amount is no price.
    assert _items(["Company facts", "$2,000,000", "Raised in our seed round"]) == []
