"""Term and renewal wordings beyond the dev sets: SaaS order forms, hosting AGB, telecom and public-sector terms.

The sentences paraphrase how real contracts phrase term clauses (passive voice, notice first, units in table
headers, "Kalenderjahr", "then-current term") so the rules are checked on wordings they were not written for.
"""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.term.term import extract_term
from tests.fixtures.contexts import make_context


def _term(paragraphs: list[str], tables: list[list[list[str]]] | None = None, language: str = "en",
          found: dict[str, Any] | None = None) -> dict[str, Any]:
    ctx = make_context(paragraphs, tables or [], language=language)
    return {k: v["value"] for k, v in extract_term(ctx, found or {}).items()}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # SaaS subscription wording: the subscription term renews, notice given before it expires.
        ("Unless otherwise specified in an Order Form, each Subscription Term will automatically renew for "
         "additional twelve month periods unless either party gives the other written notice of termination at "
         "least thirty (30) days prior to expiration of the then-current Subscription Term.",
         {"auto_renewal": True, "renewal_term": "P12M", "renewal_notice_period": "P30D"}),
        ("Each Subscription Term will renew for successive 12-month periods unless either party gives the other "
         "party notice of non-renewal at least 90 days before the current Subscription Term ends.",
         {"auto_renewal": True, "renewal_term": "P12M", "renewal_notice_period": "P90D"}),
        # Passive voice, renewal term after "by".
        ("Upon expiry of the Initial Term, this Agreement shall be automatically extended by periods of one (1) "
         "year each, unless terminated by either Party giving not less than three (3) months' prior written "
         "notice before the end of the then current term.",
         {"auto_renewal": True, "renewal_term": "P1Y", "renewal_notice_period": "P3M"}),
        # Notice first, renewal verb at the end.
        ("If neither party notifies the other in writing of its intent not to renew at least sixty (60) days "
         "before the expiration of the then-current term, this Agreement shall automatically renew for an "
         "additional term of two (2) years.",
         {"auto_renewal": True, "renewal_term": "P2Y", "renewal_notice_period": "P60D"}),
    ],
)
def test_english_renewal_wordings(sentence: str, expected: dict[str, Any]) -> None:
    out = _term([sentence])
    assert {k: out.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Hosting AGB: the renewal comes as a consequence of a missed notice.
        ("Wird der Vertrag nicht fristgerecht zum Ende der Vertragslaufzeit gekündigt, verlängert er sich jeweils "
         "um ein weiteres Jahr.", {"auto_renewal": True, "renewal_term": "P1Y"}),
        ("Der Vertrag verlängert sich stillschweigend um jeweils zwölf (12) Monate, wenn er nicht spätestens drei "
         "Monate vor Ablauf der jeweiligen Laufzeit schriftlich gekündigt wird.",
         {"auto_renewal": True, "renewal_term": "P12M", "renewal_notice_period": "P3M"}),
        # "Kalenderjahr", notice written as an adjective ("einmonatigen").
        ("Erfolgt keine Kündigung unter Einhaltung einer Frist von 3 Monaten zum Ablauf der Mindestlaufzeit, "
         "verlängert sich der Vertrag automatisch um ein weiteres Kalenderjahr.",
         {"auto_renewal": True, "renewal_term": "P1Y", "renewal_notice_period": "P3M"}),
    ],
)
def test_german_renewal_wordings(sentence: str, expected: dict[str, Any]) -> None:
    out = _term([sentence], language="de")
    assert {k: out.get(k) for k in expected} == expected


def test_german_indefinite_renewal_is_automatic_without_term() -> None:
    out = _term(["Erfolgt eine Kündigung zum Ende der Mindestvertragslaufzeit nicht oder nicht rechtzeitig, verlängert "
                 "sich der Vertrag nach Ablauf der Mindestvertragslaufzeit stillschweigend auf unbestimmte Zeit."],
                language="de")
    assert out.get("auto_renewal") is True
    assert "renewal_term" not in out


@pytest.mark.parametrize(
    ("sentences", "language", "expected"),
    [
        (["The initial term of this Agreement is thirty-six (36) months from the Effective Date."], "en", "P36M"),
        (["This Agreement shall remain in force for a minimum period of 24 months from the Service Commencement "
          "Date (the “Minimum Term”)."], "en", "P24M"),
        (["The Contract Period shall be three (3) years, starting on the Commencement Date."], "en", "P3Y"),
        (["Die Mindestvertragslaufzeit beträgt 24 Monate ab Bereitstellung des Dienstes."], "de", "P24M"),
        (["Der Vertrag wird für die Dauer von drei Jahren fest abgeschlossen."], "de", "P3Y"),
        (["Verträge werden, vorbehaltlich einer anderweitigen Vereinbarung, für eine Mindestlaufzeit von einem Jahr "
          "geschlossen."], "de", "P1Y"),
    ],
)
def test_initial_term_wordings(sentences: list[str], language: str, expected: str) -> None:
    assert _term(sentences, language=language).get("initial_term") == expected


@pytest.mark.parametrize(
    ("rows", "language", "expected"),
    [
        ([["Term", "Value"], ["Initial Subscription Term", "36 months"], ["Renewal Term", "12 months"],
          ["Non-Renewal Notice", "60 days"]], "en",
         {"initial_term": "P36M", "renewal_term": "P12M", "renewal_notice_period": "P60D"}),
        ([["Laufzeit", "24 Monate"], ["Verlängerung", "jeweils 12 Monate"], ["Kündigungsfrist", "3 Monate zum "
          "Laufzeitende"]], "de",
         {"initial_term": "P24M", "renewal_term": "P12M", "renewal_notice_period": "P3M"}),
        # Units in the header column.
        ([["Minimum Term (months)", "24"], ["Renewal Period (months)", "12"]], "en",
         {"initial_term": "P24M", "renewal_term": "P12M"}),
        ([["Mindestvertragslaufzeit in Monaten", "36"]], "de", {"initial_term": "P36M"}),
    ],
)
def test_key_value_rows(rows: list[list[str]], language: str, expected: dict[str, Any]) -> None:
    out = _term([], [rows], language=language)
    assert {k: out.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("Either party may terminate this Agreement at any time without cause upon ninety (90) days' prior "
         "written notice to the other party.", "en", "P90D"),
        ("The Customer may terminate the Call-Off Contract for convenience by giving at least 30 days' written "
         "notice to the Supplier.", "en", "P30D"),
        ("Der Vertrag kann von beiden Parteien mit einer Frist von drei Monaten zum Monatsende ordentlich gekündigt "
         "werden.", "de", "P3M"),
        ("Nach Ablauf der Mindestlaufzeit kann der Vertrag jederzeit mit einer Frist von einem Monat gekündigt "
         "werden.", "de", "P1M"),
        ("Die ordentliche Kündigungsfrist beträgt sechs Wochen zum Quartalsende.", "de", "P6W"),
    ],
)
def test_termination_notice_wordings(sentence: str, language: str, expected: str) -> None:
    assert _term([sentence], language=language).get("termination_notice_period") == expected


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        # Option renewals are not automatic.
        ("The Customer may, at its option, extend this Agreement for one additional period of twelve (12) months by "
         "giving written notice no later than 90 days before expiry.", "en"),
        ("Eine Verlängerung des Vertrages bedarf einer schriftlichen Vereinbarung der Parteien.", "de"),
    ],
)
def test_option_renewals_are_not_automatic(sentence: str, language: str) -> None:
    out = _term([sentence], language=language)
    assert out.get("auto_renewal") is not True
    assert "renewal_notice_period" not in out


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        # Periods that are no term: warranty, payment, SLA measurement, data retention, cure periods.
        ("The warranty period shall be twelve (12) months from acceptance and may be extended by a further six "
         "months.", "en"),
        ("Invoices are payable within thirty (30) days; the payment period may be extended by agreement.", "en"),
        ("Availability is measured over a calendar month; the measurement period shall not be extended.", "en"),
        ("Der Auftragnehmer speichert die Daten für die Dauer von sechs Monaten nach Vertragsende.", "de"),
        ("Die Gewährleistungsfrist beträgt zwölf Monate und verlängert sich um die Dauer der Nachbesserung.", "de"),
    ],
)
def test_other_periods_are_not_terms(sentence: str, language: str) -> None:
    out = _term([sentence], language=language)
    assert not {"initial_term", "renewal_term", "auto_renewal", "renewal_notice_period"} & out.keys()


def test_breach_notice_is_not_a_convenience_notice() -> None:
    out = _term(["Either party may terminate this Agreement if the other party commits a material breach and fails "
                 "to remedy it within thirty (30) days of written notice."])
    assert "termination_notice_period" not in out


def test_survival_period_is_not_the_initial_term() -> None:
    out = _term(["The obligations of confidentiality shall survive the term of this Agreement for a period of five "
                 "(5) years."])
    assert "initial_term" not in out


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Der Vertrag wird nicht automatisch verlängert.", "de"),
        ("This Agreement is not subject to automatic renewal.", "en"),
        ("This Agreement will not automatically renew.", "en"),
    ],
)
def test_refused_renewal(sentence: str, language: str) -> None:
    assert _term([sentence], language=language).get("auto_renewal") is False


def test_renewal_without_notice_and_notice_in_same_sentence() -> None:
    out = _term(["Die Kündigungsfrist beträgt drei Monate zum Ende eines Vertragsjahres; ohne Kündigung verlängert "
                 "sich der Vertrag jeweils um ein Jahr."], language="de")
    assert out == {"auto_renewal": True, "renewal_term": "P1Y", "renewal_notice_period": "P3M"}


def test_term_then_notice_after_semicolon() -> None:
    out = _term(["Die Mindestvertragslaufzeit beträgt zwei Jahre; danach ist der Vertrag mit einer Frist von einem "
                 "Monat kündbar."], language="de")
    assert out["initial_term"] == "P2Y"
    assert out["termination_notice_period"] == "P1M"


def test_defined_term_in_quotes_between_subject_and_duration() -> None:
    out = _term(["(a) This Agreement shall commence on the “Effective Date” and shall continue for ten (10) Contract "
                 "Years, unless terminated in accordance with Section 6 (the “Term”)."])
    assert out["initial_term"] == "P10Y"


def test_anniversary_end_sentence_without_term_cue_phrase() -> None:
    found = {"effective_date": {"value": "2024-02-01"}}
    out = _term(['This Agreement will commence on the Effective Date, and will terminate on the third anniversary of '
                 'the Effective Date (the "Term"), unless earlier terminated.'], found=found)
    assert out["expiration_date"] == "2027-02-01"


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        # Conditions that look like an automatic renewal but extend some other period.
        ("Wird die zugesagte Verfügbarkeit nicht erreicht, verlängert sich die Zahlungsfrist um 14 Tage.", "de"),
        ("Erfolgt die Abnahme nicht innerhalb von 10 Tagen, verlängert sich die Frist um weitere 5 Tage.", "de"),
        ("If no notice is given, the cure period shall be extended by 30 days.", "en"),
        ("Absent written notice, the warranty period shall be extended by six months.", "en"),
    ],
)
def test_conditional_extensions_of_other_periods(sentence: str, language: str) -> None:
    assert _term([sentence], language=language) == {}
