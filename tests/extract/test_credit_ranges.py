"""Credits stated as the range of their tiers ("Credits: 5–25% monthly fee"), EN and DE; availability bands written
as ranges stay thresholds."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.sla.credits import extract_credits
from tests.fixtures.contexts import make_context


def _credits(text: str, language: str) -> list[float | None]:
    ctx = make_context(["Service Level Agreement", text], headings=["Service Level Agreement"], language=language)
    return [c.get("credit_percent") for c in extract_credits(ctx, {}).get("service_credits", [])]


@pytest.mark.parametrize(("text", "language"), [
    ("Credits: 5–25% monthly fee based on the downtime bracket.", "en"),
    ("Service credits range from 5% to 25% of the monthly fee, depending on the downtime.", "en"),
    ("Gutschrift: 5–25 % der Monatsgebühr, je nach Ausfallzeit.", "de"),
])
def test_a_range_of_credit_percentages_gives_both_tiers(text: str, language: str) -> None:
    assert _credits(text, language) == [5.0, 25.0]


def test_an_availability_band_written_as_a_range_is_no_credit() -> None:
    assert _credits("Where availability is 99.0–99.5% in a month, a credit of 10% of the monthly fee applies.",
                    "en") == [10.0]


def test_english_threshold_columns_are_bands_not_availability_targets() -> None:
    # "Availability below | Availability at or above | Credit": both bound columns hold thresholds; the commitment is
    # the sentence above the table. Before, "at or above" was no bound word and its column read as targets.
    from docsvc.extract.extractors.sla.credits import extract_credits
    from docsvc.extract.extractors.sla.targets import extract_sla
    from tests.fixtures.contexts import make_context

    table = [["Availability below", "Availability at or above", "Credit (% of monthly invoice)"],
             ["99.95 %", "99.90 %", "5 %"], ["99.90 %", "99.50 %", "10 %"], ["99.50 %", "–", "20 %"]]
    ctx = make_context(["The Provider guarantees a monthly network availability of 99.95 %."], [table],
                       headings=["Network SLA"])
    found = extract_sla(ctx, {})
    assert [(e["metric"], e["target"]["value"]) for e in found.get("sla", [])] == [("availability", 99.95)]
    credits = extract_credits(ctx, found).get("service_credits", [])
    assert [c["credit_percent"] for c in credits] == [5.0, 10.0, 20.0]
