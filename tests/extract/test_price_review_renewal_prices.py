"""Price reviews without an index (issue 11, third term round): renewals billed at the provider's prices of that
time, German reflexive change wording ("Die Höhe der Miete kann sich ... ändern") and caps stated as "no such
increase will be greater than N%"."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.pricing.review import extract_price_review
from tests.fixtures.contexts import make_context


def _review(text: str, language: str) -> dict[str, Any] | None:
    found = extract_price_review(make_context([text], language=language), {})
    if not found:
        return None
    value: dict[str, Any] = found["pricing"]["price_review"]["value"]
    return value


@pytest.mark.parametrize(("text", "language"), [
    ("Each renewal period will be billed at the Vendor's then-current standard rates.", "en"),
    ("Subscriptions renew for another year at the then current list price.", "en"),
    ("Der Vertrag verlängert sich um ein Jahr zu den dann gültigen Preisen des Anbieters.", "de"),
    ("Die Höhe der Vergütung kann sich mit jeder neuen Produktversion ändern.", "de"),
])
def test_unilateral_review_other(text: str, language: str) -> None:
    review = _review(text, language)
    assert review is not None and review["index"] == "other"


@pytest.mark.parametrize(("text", "language"), [
    ("Transition assistance is provided at the Vendor's then-current rates.", "en"),  # no renewal: no review
    ("Die Höhe der Vergütung ergibt sich aus Anlage 2.", "de"),
])
def test_no_review(text: str, language: str) -> None:
    assert _review(text, language) is None


@pytest.mark.parametrize(("text", "language", "cap"), [
    ("The Licensor may raise the support fee each year, but no such increase will be greater than 4% of the prior "
     "year's fee.", "en", 4.0),
    ("The Provider may adjust its rates annually; any adjustment shall not be higher than 2.5%.", "en", 2.5),
    ("Der Anbieter kann die Preise jährlich anpassen; die Erhöhung darf nicht höher als 3 % sein.", "de", 3.0),
])
def test_cap_wordings(text: str, language: str, cap: float) -> None:
    review = _review(text, language)
    assert review is not None and review["cap_percent"] == cap


def test_sentence_cut_by_a_line_break() -> None:
    found = extract_price_review(make_context(["4. Die Höhe der Vergütung kann sich mit dem Erscheinen einer",
                                               "neuen Hauptversion ändern."], language="de"), {})
    assert found["pricing"]["price_review"]["value"]["index"] == "other"


@pytest.mark.parametrize(("text", "language", "cap"), [
    ("The Contractor may revise its rates once a year on written notice; provided that no revision shall result in an "
     "increase of more than 6%.", "en", 6.0),
    ("Eine Erhöhung der Gebühren darf 4 % pro Kalenderjahr nicht überschreiten; sie ist vorher anzukündigen.", "de",
     4.0),
])
def test_more_cap_wordings(text: str, language: str, cap: float) -> None:
    review = _review(text, language)
    assert review is not None and review["cap_percent"] == cap


def test_change_right_with_a_date_inside() -> None:
    review = _review("Der Anbieter ist berechtigt, die Entgelte jeweils zum 1. Juli eines Jahres nach billigem "
                     "Ermessen zu erhöhen.", "de")
    assert review is not None and review["index"] == "other"
