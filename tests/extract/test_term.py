"""Initial term, renewal, notice periods and the expiration date computed from the term."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from docsvc.extract.context import analyse
from docsvc.extract.extractors.term.dates import extract_dates
from docsvc.extract.extractors.term.durations import add_duration, normalise, spans
from docsvc.extract.extractors.term.term import extract_term
from docsvc.extract.language import detect_language
from docsvc.extract.parsers import parse_file
from tests.corpus import CORPUS
from tests.fixtures.contexts import make_context


def _term(paragraphs: list[str], tables: list[list[list[str]]] | None = None, language: str = "en",
          found: dict[str, Any] | None = None) -> dict[str, Any]:
    ctx = make_context(paragraphs, tables or [], language=language)
    return {k: v["value"] for k, v in extract_term(ctx, found or {}).items()}


def test_english_initial_term_renewal_and_notice() -> None:
    out = _term([
        "2.1 This Agreement shall take effect on 1 April 2024 (the “Commencement Date”) and shall continue for an "
        "initial period of thirty-six (36) months (the “Initial Term”).",
        "2.2 On expiry of the Initial Term this Agreement shall automatically extend for successive periods of "
        "twelve (12) months, unless either party gives the other written notice of non-renewal at least ninety (90) "
        "days before the end of the Initial Term or of the then current Extension Period.",
        "14.3 The Customer may terminate this Agreement for convenience by giving the Supplier not less than six (6) "
        "months’ written notice.",
    ])
    assert out["initial_term"] == "P36M"
    assert out["renewal_term"] == "P12M"
    assert out["renewal_notice_period"] == "P90D"
    assert out["auto_renewal"] is True
    assert out["termination_notice_period"] == "P6M"


def test_german_renewal_clause() -> None:
    out = _term([
        "(1) Dieser Vertrag tritt am 01.07.2024 in Kraft. Er wird für eine feste Laufzeit von 24 Monaten geschlossen.",
        "(2) Der Vertrag verlängert sich danach automatisch um jeweils weitere 12 Monate, sofern er nicht von einem "
        "Vertragspartner mit einer Frist von drei (3) Monaten zum Ende der Mindestvertragslaufzeit gekündigt wird.",
    ], language="de")
    assert out == {"initial_term": "P24M", "renewal_term": "P12M", "renewal_notice_period": "P3M",
                   "auto_renewal": True}


@pytest.mark.parametrize(
    ("sentence", "renewal", "notice"),
    [
        ("Der Vertrag verlängert sich danach jeweils um ein weiteres Jahr, sofern er nicht unter Einhaltung einer "
         "Kündigungsfrist von sechs Wochen zum Ende der Vertragsdauer schriftlich gekündigt wird.", "P1Y", "P6W"),
        ("Danach verlängert sich die Laufzeit um jeweils ein (1) weiteres Jahr, wenn er nicht mit einer Frist von "
         "sechs (6) Monaten zum Ende der Laufzeit gekündigt wird.", "P1Y", "P6M"),
    ],
)
def test_german_renewal_wordings(sentence: str, renewal: str, notice: str) -> None:
    out = _term([sentence], language="de")
    assert (out["renewal_term"], out["renewal_notice_period"]) == (renewal, notice)


def test_year_to_year_renewal_with_notice_first() -> None:
    out = _term(["Unless either party gives written notice to terminate this Agreement at least six (6) months prior "
                 "to the end of said Initial Term, this Agreement shall continue on a year to year basis."])
    assert out["renewal_term"] == "P1Y"
    assert out["renewal_notice_period"] == "P6M"


def test_renewal_notice_in_the_next_sentence() -> None:
    out = _term([
        "This Agreement shall automatically be renewed for one (1) or more one (1) month periods unless either party "
        "gives notice to the other party of its intention not to renew the",
        "Agreement, which notice must be given not less than fifteen (15) days before the end of the renewal term.",
    ])
    assert out["renewal_term"] == "P1M"
    assert out["renewal_notice_period"] == "P15D"


def test_option_to_renew_is_not_automatic() -> None:
    out = _term(["You will have the right to renew this Agreement for two (2) additional successor terms of five (5) "
                 "years, upon written notice given not less than six (6) months before the term expires."])
    assert out["auto_renewal"] is False
    assert out["renewal_term"] == "P5Y"
    assert "renewal_notice_period" not in out


def test_renewal_row_and_minimum_term_row() -> None:
    rows = [
        ["Minimum Term", "24 months from the Service Start Date, ending 30-Sep-2026"],
        ["Renewal", "Renews automatically for successive 12-month periods unless either party gives at least two (2) "
                    "months’ written notice of non-renewal before the end of the Minimum Term"],
    ]
    out = _term(["Order Form"], [rows])
    assert out["initial_term"] == "P24M"
    assert out["renewal_term"] == "P12M"
    assert out["renewal_notice_period"] == "P2M"


def test_refused_renewal_and_german_key_value_rows() -> None:
    out = _term(["Die Mindestlaufzeit beträgt 24 Monate. Eine automatische Vertragsverlängerung findet nicht statt."],
                language="de")
    assert out == {"initial_term": "P24M", "auto_renewal": False}
    rows = [["Laufzeit", "12 Monate"], ["Verlängerung", "automatisch um jeweils 12 Monate"],
            ["Kündigungsfrist", "3 Monate zum Laufzeitende"]]
    out = _term(["Bestellschein"], [rows], language="de")
    assert out == {"initial_term": "P12M", "auto_renewal": True, "renewal_term": "P12M",
                   "renewal_notice_period": "P3M"}


def test_periods_that_are_not_the_term() -> None:
    out = _term([
        "Each party shall keep the information confidential during the term of this Agreement and for a period of "
        "five (5) years thereafter.",
        "During the term of this Agreement, the Customer shall submit a twelve (12) month rolling forecast.",
        "A reference to a statute is a reference to it as amended, extended or re-enacted from time to time.",
    ])
    assert out == {}


def test_expiration_computed_from_the_effective_date() -> None:
    sentence = ("The term of this Agreement shall begin on the Effective Date and continue in effect for a period of "
                "five (5) years (the “Initial Term”).")
    found = {"effective_date": {"value": "2011-01-11"}}
    assert _term([sentence], found=found)["expiration_date"] == "2016-01-11"
    event = "The Minimum Term is thirty-six (36) months from the date of provisioning of the service."
    assert "expiration_date" not in _term([event], found=found)
    written = {**found, "expiration_date": {"value": "2015-12-31"}}
    assert "expiration_date" not in _term([sentence], found=written)


def test_duration_helpers() -> None:
    text = normalise("successive one-year terms, unless notice is given at least sixty (60) days prior", "en")
    assert [(s.duration.iso, s.notice) for s in spans(text, "en")] == [("P1Y", False), ("P60D", True)]
    assert add_duration(date(2024, 1, 31), "P1M") == date(2024, 2, 29)
    assert add_duration(date(2010, 3, 18), "P5Y") == date(2015, 3, 18)
    assert add_duration(date(2025, 1, 1), "P6W") == date(2025, 2, 12)


_TERM_FIELDS = ("agreement_date", "effective_date", "expiration_date", "initial_term", "renewal_term",
                "renewal_notice_period")


def _months_days(iso: str | None) -> tuple[int, int] | None:
    """ "P1Y" and "P12M" are the same term; "P6W" is 42 days."""
    if iso is None:
        return None
    n, unit = int(iso[1:-1]), iso[-1]
    return {"Y": (12 * n, 0), "M": (n, 0), "W": (0, 7 * n), "D": (0, n)}[unit]


@pytest.mark.corpus
def test_synthetic_corpus_dates_and_terms() -> None:
    gold_file = CORPUS / "synthetic-dev" / "gold.jsonl"
    if not gold_file.exists():
        pytest.skip(f"no corpus at {CORPUS}")
    right = total = 0
    for line in gold_file.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if not entry["doc"].endswith(".docx"):
            continue  # the PDFs hold the same text; the DOCX keep the test fast
        doc = parse_file(CORPUS / "synthetic-dev" / entry["doc"], isolated=False)
        ctx = analyse(doc, detect_language(doc.text()).language)
        found: dict[str, Any] = dict(extract_dates(ctx, {}))
        found.update(extract_term(ctx, found))
        for field in _TERM_FIELDS:
            gold = entry["gold"][field]
            pred = found[field]["value"] if field in found else None
            same = _months_days(gold) == _months_days(pred) if field.endswith(("term", "period")) else gold == pred
            right += same
            total += 1
    assert right / total >= 0.9
