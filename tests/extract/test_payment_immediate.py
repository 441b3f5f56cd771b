"""Payment due at once is a payment term of zero days (EN/DE); late-payment rules are not. Own wording."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.pricing.terms import payment_terms
from tests.fixtures.contexts import make_context


def _days(sentences: list[str], language: str) -> object:
    found = payment_terms(make_context(["Zahlungsbedingungen" if language == "de" else "Payment", *sentences],
                                       language=language))
    return found["value"] if found else None


@pytest.mark.parametrize(("sentence", "language"), [
    ("Die Entgelte sind sofort nach Erhalt der Rechnung ohne Abzug zur Zahlung fällig.", "de"),
    ("Der Anbieter stellt die Vergütung monatlich im Voraus mit sofortiger Fälligkeit in Rechnung.", "de"),
    ("Rechnungen sind mit Zugang beim Kunden fällig.", "de"),
    ("All invoices are due upon receipt.", "en"),
    ("Fees are invoiced monthly and are due and payable immediately.", "en"),
])
def test_payment_due_at_once_is_zero_days(sentence: str, language: str) -> None:
    assert _days([sentence], language) == 0


def test_a_stated_period_still_wins_and_late_payment_rules_are_no_term() -> None:
    assert _days(["Invoices are payable within thirty (30) days of the invoice date."], "en") == 30
    assert _days(["If an invoice is not paid when due, interest accrues immediately upon receipt of a reminder."],
                 "en") is None
    assert _days(["Payment is due upon receipt and payable as specified in the invoice."], "en") is None
