"""Term, renewal and notice wordings of service, hosting and rental contracts (issue 11, third term round).

Written for this round: quarterly renewals ("um jeweils ein weiteres Kalender-Quartal"), a termination right
given as a lead-in with a list of ways out, a notice period offered beside termination for cause in one
sentence, and cover-page label/value pairs run together into one paragraph.
"""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.term.dates import extract_dates
from docsvc.extract.extractors.term.durations import normalise, spans
from docsvc.extract.extractors.term.term import extract_term
from tests.fixtures.contexts import make_context


def _term(paragraphs: list[str], language: str = "en", found: dict[str, Any] | None = None) -> dict[str, Any]:
    ctx = make_context(paragraphs, [], language=language)
    return {k: v["value"] for k, v in extract_term(ctx, found or {}).items()}


@pytest.mark.parametrize(("sentence", "language", "renewal"), [
    ("Ohne Kündigung verlängert sich das Abonnement um jeweils ein weiteres Kalender-Quartal.", "de", "P3M"),
    ("Andernfalls verlängert sich der Vertrag um ein Quartal.", "de", "P3M"),
    ("The subscription renews automatically for one additional calendar quarter unless cancelled.", "en", "P3M"),
    ("The plan renews automatically for successive calendar quarters unless the customer cancels it.", "en", "P3M"),
])
def test_quarterly_renewal(sentence: str, language: str, renewal: str) -> None:
    out = _term([sentence], language)
    assert out["renewal_term"] == renewal
    assert out["auto_renewal"] is True


def test_end_of_a_quarter_is_no_period() -> None:
    text = normalise("Der Vertrag kann ohne Frist zum Ende eines Kalender-Quartals gekündigt werden.", "de")
    assert spans(text, "de") == []


def test_termination_lead_in_with_list() -> None:
    out = _term(["Either party may cancel this Agreement:",
                 "(i) by giving forty-five (45) days' prior written notice; (ii) upon completion of all orders."])
    assert out["termination_notice_period"] == "P45D"


def test_notice_beside_termination_for_cause() -> None:
    out = _term(["Cancellation", "120 days written notice, or immediate cancellation for a material data breach."])
    assert out["termination_notice_period"] == "P120D"


def test_notice_for_cause_only_stays_out() -> None:
    out = _term(["Either party may terminate this Agreement upon 30 days' written notice if the other party "
                 "materially breaches it."])
    assert "termination_notice_period" not in out


def test_cover_page_pairs_in_one_paragraph() -> None:
    out = _term(["Managed Backup Agreement Reference No: MB-19 Start Date: 2024-04-01 Term: 24 months"],
                found={"effective_date": {"value": "2024-04-01"}})
    assert out["initial_term"] == "P24M"
    assert out["expiration_date"] == "2026-04-01"


def test_notice_period_pair_is_no_term() -> None:
    out = _term(["Order Reference: X-1 Notice Period: 3 months Billing: monthly"])
    assert "initial_term" not in out


def _dates(paragraphs: list[str], tables: list[list[list[str]]] | None = None,
           language: str = "en") -> dict[str, Any]:
    ctx = make_context(paragraphs, tables or [], language=language)
    return {k: v["value"] for k, v in extract_dates(ctx, {}).items()}


def test_iso_date_broken_after_its_hyphen() -> None:
    out = _dates(["Storage Services Agreement", "Start Date: 2024- 04-01", "The parties agree as follows."])
    assert out["effective_date"] == "2024-04-01"


def test_place_date_label_in_signature_table() -> None:
    out = _dates(["Dieser Vertrag regelt die Pflege der Software.", "Unterschriften"],
                 [[["Ort, Datum: Leipzig, 15.03.2025", "Ort, Datum: Köln, 17.03.2025"],
                   ["Unterschrift: ____", "Unterschrift: ____"]]], language="de")
    assert out["agreement_date"] == "2025-03-17"


@pytest.mark.parametrize(("sentence", "term", "end"), [
    ("The secrecy undertakings of this letter shall lapse on the second anniversary of the date hereof.",
     "P2Y", "2022-03-01"),
    ("Save as stated otherwise, this agreement shall terminate on the date that is three years after the date hereof.",
     "P3Y", "2023-03-01"),
])
def test_letter_agreement_end_wordings(sentence: str, term: str, end: str) -> None:
    out = _term(["CONFIDENTIALITY LETTER", "The parties will exchange confidential information.", sentence],
                found={"effective_date": {"value": "2020-03-01"}})
    assert (out["initial_term"], out["expiration_date"]) == (term, end)
