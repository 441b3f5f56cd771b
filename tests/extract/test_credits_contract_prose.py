"""Service credits in contract prose: refunds tied to a missed service level, tiers listed under a service-credit
heading without repeating the word "credit"."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.credits import extract_credits
from tests.fixtures.contexts import make_context


def _percents(*args: Any, **kwargs: Any) -> list[float | None]:
    out = extract_credits(make_context(*args, **kwargs), {})
    return [e.get("credit_percent") for e in out.get("service_credits", [])]


def test_refund_for_missed_uptime_is_a_credit() -> None:
    assert _percents([
        "Should the Uptime Commitment be missed in a month, Client is entitled to a refund of fifteen percent "
        "(15%) of the monthly platform fees.",
    ]) == [15.0]


def test_refund_without_service_level_is_no_credit() -> None:
    assert _percents(["On termination for convenience, Vendor shall refund 40% of the prepaid annual fees."]) == []


def test_tiers_under_a_service_credit_heading() -> None:
    assert _percents(
        ["7.2 Performance Credits", "Tier A miss: 4% of the Monthly Charges; Tier B miss: 8% of the Monthly Charges."],
        headings=["7.2 Performance Credits"],
    ) == [4.0, 8.0]


def test_fee_percentages_under_other_headings_are_no_credits() -> None:
    assert _percents(
        ["9. Invoicing", "Overdue amounts bear interest of 1.5% of the invoice amount per month."],
        headings=["9. Invoicing"],
    ) == []


def test_credit_tiers_listed_with_their_classes() -> None:
    assert _percents([
        "Missed monthly uptime target: service credit of 4% (Starter), 8% (Growth), 15% (Scale) of the monthly fee.",
        "Missed first response for P1 tickets: 3% credit for Growth, 6% for Scale.",
    ]) == [4.0, 8.0, 15.0, 3.0, 6.0]


def test_an_availability_band_after_a_credit_is_no_listed_tier() -> None:
    assert _percents(["A service credit of 10% of the monthly fee applies, capped at 30% per month."]) == [10.0]


def test_tiers_each_followed_by_its_band() -> None:
    out = extract_credits(make_context([
        "If the uptime commitment is missed, Customer receives a service credit of 5% of the monthly bill if uptime "
        "is below 99.9%, 15% if below 99.0% and 40% if below 97.0%.",
    ]), {})
    tiers = [(e["credit_percent"], (e["threshold"] or {}).get("upper")) for e in out["service_credits"]]
    assert tiers == [(5.0, 99.9), (15.0, 99.0), (40.0, 97.0)]
