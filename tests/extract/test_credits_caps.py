"""A negated comparator states the cap on credits, not a tier (own wording, EN and DE)."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.sla.credits import extract_credits
from tests.fixtures.contexts import make_context


@pytest.mark.parametrize(("paragraphs", "language", "cap"), [
    (["If monthly uptime falls below 99.5%, the customer receives a service credit of 5% of the monthly fee.",
      "Credits will never add up within one contract year to an amount greater than 12% of the annual fees."],
     "en", 12.0),
    (["Unterschreitet die Verfügbarkeit 99,5 %, erhält der Kunde eine Gutschrift von 5 % des Monatsentgelts.",
      "Gutschriften dürfen im Vertragsjahr nicht in Summe mehr als 15 % des Jahresentgelts betragen."],
     "de", 15.0),
])
def test_negated_comparator_is_the_cap(paragraphs: list[str], language: str, cap: float) -> None:
    out: dict[str, Any] = extract_credits(make_context(paragraphs, language=language), {})
    assert [e.get("credit_percent") for e in out.get("service_credits", [])] == [5.0]
    assert out["service_credit_cap"]["value"]["percent"] == cap
