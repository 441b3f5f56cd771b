"""Duration units an SLA counts in business time, and number words in front of them (own wording)."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.normalize.durations import find_durations, words_to_digits
from tests.fixtures.contexts import make_context


@pytest.mark.parametrize(("text", "amount", "business"), [
    ("within two Support Days after the report", "2", True),
    ("no later than one service day", "1", True),
    ("within 3 calendar days", "3", False),
    ("innerhalb von zwei Werktagen", "2", True),
])
def test_contract_defined_days_are_business_days(text: str, amount: str, business: bool) -> None:
    language = "de" if "Werktag" in text else "en"
    found = find_durations(words_to_digits(text, language), language)
    assert [(str(d.amount), d.business) for d in found] == [(amount, business)]


def test_support_days_in_a_severity_sentence() -> None:
    ctx = make_context(["Severity 3 problems: diagnosis starts within two Support Days and the problem is resolved "
                        "within ten Support Days."])
    entries = extract_sla(ctx, {}).get("sla", [])
    assert (2.0, "business_days") in [(e["target"]["value"], e["target"]["unit"]) for e in entries]
    assert (10.0, "business_days") in [(e["target"]["value"], e["target"]["unit"]) for e in entries]
