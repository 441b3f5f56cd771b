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
