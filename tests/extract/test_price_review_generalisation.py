"""Price review clauses in wordings the dev corpora do not use (SaaS renewals, UK public-sector indexation,
German Preisanpassungs- and Wertsicherungsklauseln), and look-alikes that are no price review."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.pricing.review import extract_price_review
from tests.fixtures.contexts import make_context


def _review(sentence: str, language: str) -> tuple[str, float | None, float | None] | None:
    found = extract_price_review(make_context([sentence], [], language=language), {})
    if not found:
        return None
    review = found["pricing"]["price_review"]["value"]
    return review["index"], review["cap_percent"], review["fixed_percent"]


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("Pricing shall increase annually by the lesser of (a) 3%, or (b) the U.S. Consumer Price Index (CPI) increase "
         "for the prior 12 months.", "en", ("CPI", 3.0, None)),
        ("Fees will be adjusted each year in line with CPI or 4%, whichever is lower.", "en", ("CPI", 4.0, None)),
        ("The Supplier may increase the Charges once per Contract Year by no more than the percentage increase in "
         "CPIH.", "en", ("CPI", None, None)),
        ("Each year the Charges shall be uplifted by RPI plus 1%.", "en", ("RPI", None, None)),
        ("Fees increase by 3% on each anniversary of the Subscription Start Date.", "en", ("fixed_percent", None, 3.0)),
        ("Rates shall escalate at three percent (3%) per annum commencing on the first anniversary of the Effective "
         "Date.", "en", ("fixed_percent", None, 3.0)),
        ("Upon each renewal, the subscription fees may increase by up to 7% over the fees for the prior term.", "en",
         ("other", 7.0, None)),
        ("Vendor may modify the fees for any renewal term upon written notice to Customer.", "en",
         ("other", None, None)),
        ("Die monatliche Pauschale ist an den Verbraucherpreisindex für Österreich (VPI 2020) gebunden.", "de",
         ("VPI", None, None)),
        ("Die Stundensätze erhöhen sich jeweils zum 1. Januar eines jeden Jahres um 2,5 %.", "de",
         ("fixed_percent", None, 2.5)),
        ("Eine Preiserhöhung ist frühestens nach Ablauf von 12 Monaten zulässig und auf 5 % pro Jahr begrenzt.", "de",
         ("other", 5.0, None)),
        ("Der Anbieter kann die Vergütung mit einer schriftlichen Ankündigung von mindestens zwei (2) Monaten zum Ende "
         "eines Kalendermonats angemessen erhöhen.", "de", ("other", None, None)),
        ("Die Entgelte werden jährlich zum 1. Januar entsprechend der Entwicklung des Harmonisierten "
         "Verbraucherpreisindex (HVPI) angepasst, höchstens jedoch um 4 %.", "de", ("HICP", 4.0, None)),
    ],
)
def test_review_clauses(sentence: str, language: str, expected: tuple[str, float | None, float | None]) -> None:
    assert _review(sentence, language) == expected


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("The Supplier may not increase the Charges for the duration of the Initial Term.", "en"),
        ("If the number of Users increases by more than 10% in any Contract Year, the Charges will be recalculated.",
         "en"),
        ("Usage fees will be adjusted annually to reflect actual consumption.", "en"),
        ("Discounts shall increase by 2% each year of the term.", "en"),
        ("Any increase in the Charges as a result of a Change shall be agreed in accordance with the Change Control "
         "Procedure.", "en"),
        ("Die Preise verstehen sich zuzüglich der gesetzlichen Umsatzsteuer.", "de"),
        ("Die Preise sind Festpreise für die gesamte Vertragslaufzeit.", "de"),
    ],
)
def test_no_review(sentence: str, language: str) -> None:
    assert _review(sentence, language) is None


@pytest.mark.parametrize(
    ("row", "language", "expected"),
    [
        (["Price adjustment", "Annually in line with CPI, capped at 3%"], "en", ("CPI", 3.0, None)),
        (["Preisanpassung", "jährlich gemäß VPI, max. 3 %"], "de", ("VPI", 3.0, None)),
        (["Price review", "Annually, on 90 days' notice"], "en", ("other", None, None)),
        (["Indexation", "None - fixed prices"], "en", None),
        (["Wertsicherung", "keine"], "de", None),
    ],
)
def test_review_rows(row: list[str], language: str, expected: tuple[str, float | None, float | None] | None) -> None:
    found = extract_price_review(make_context([], [[row]], language=language), {})
    review = found["pricing"]["price_review"]["value"] if found else None
    assert ((review["index"], review["cap_percent"], review["fixed_percent"]) if review else None) == expected
