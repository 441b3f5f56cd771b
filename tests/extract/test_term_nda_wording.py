"""NDA and short-agreement term wordings (issue 11): alternatives in "the earlier of", German "nach Ablauf von",
terms stated in sentences about confidential information, terms counted from each disclosure, label lines, and
the start and end dates written next to a term. Sentences written for this test."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.term.dates import extract_dates
from docsvc.extract.extractors.term.term import extract_term
from tests.fixtures.contexts import make_context

_OPENING = {
    "en": 'This Non-Disclosure Agreement is made as of 1 March 2024 (the "Effective Date") between Alpha Inc. and '
          "Beta LLC.",
    "de": "Diese Geheimhaltungsvereinbarung wird am 1. März 2024 zwischen der Alpha GmbH und der Beta AG geschlossen.",
}


def _fields(paragraphs: list[str], language: str = "en", opening: bool = True) -> dict[str, Any]:
    ctx = make_context(([_OPENING[language]] if opening else []) + paragraphs, language=language)
    dates = extract_dates(ctx, {})
    out = {**dates, **extract_term(ctx, dates)}
    return {k: v["value"] for k, v in out.items() if isinstance(v, dict) and "value" in v}


@pytest.mark.parametrize(("text", "language", "term", "end"), [
    # one alternative of "the earlier of" is the term counted from the start
    ("The obligations of the parties under this Agreement shall terminate on the earlier of (i) two years from the "
     "date hereof or (ii) the closing of the Transaction.", "en", "P2Y", "2026-03-01"),
    ("This Agreement shall terminate on the earlier of the signing of a definitive agreement or three years after "
     "the date hereof.", "en", "P3Y", "2027-03-01"),
    ("This Agreement shall be effective as of the date first written above and shall continue for a period of five "
     "years.", "en", "P5Y", "2029-03-01"),
    ("Diese Vereinbarung endet nach Ablauf von drei Jahren ab Unterzeichnung.", "de", "P3Y", "2027-03-01"),
    ("The Recipient's obligations under this Agreement shall survive for a period of four (4) years from the date "
     "of this Agreement.", "en", "P4Y", "2028-03-01"),
    ("This Agreement shall be in effect until the expiration of two years from the date hereof.", "en", "P2Y",
     "2026-03-01"),
    ('As used herein, "Term" means the period of three (3) years commencing on the Effective Date.', "en", "P3Y",
     "2027-03-01"),
    ("Die Vereinbarung ist auf 36 Monate befristet.", "de", "P36M", "2027-03-01"),
    ("This Agreement shall remain in effect for two (2) years from the date of the last signature below.", "en", "P2Y",
     "2026-03-01"),
    ("Die Vereinbarung endet mit Ablauf von 24 Monaten nach ihrem Inkrafttreten.", "de", "P24M", "2026-03-01"),
    ("Diese Vereinbarung und die Pflicht zur Geheimhaltung enden zwei Jahre nach Zustandekommen der Vereinbarung.",
     "de", "P2Y", "2026-03-01"),
    # an NDA states its term next to confidential information; what outlives it sits further away
    ("Diese Vereinbarung wird mit Unterzeichnung wirksam und hat eine Laufzeit von zwölf Monaten, wobei die "
     "Vertraulichkeitspflichten für Informationen, die während der Laufzeit übermittelt wurden, bis drei Jahre nach "
     "Ende der Laufzeit fortdauern.", "de", "P12M", "2025-03-01"),
])
def test_term_and_end_date(text: str, language: str, term: str, end: str) -> None:
    fields = _fields([text], language)
    assert fields.get("initial_term") == term
    assert fields.get("expiration_date") == end


@pytest.mark.parametrize(("text", "language", "term"), [
    ("The nondisclosure obligations set forth herein shall remain in effect for a period of four (4) years from the "
     "date of each disclosure.", "en", "P4Y"),
    ("Die Laufzeit dieser Vereinbarung beträgt 10 Jahre („Schutzfrist“) ab dem Datum der letzten Offenlegung "
     "Vertraulicher Informationen.", "de", "P10Y"),
])
def test_a_term_counted_from_disclosure_has_no_end_date(text: str, language: str, term: str) -> None:
    fields = _fields([text], language)
    assert fields.get("initial_term") == term
    assert "expiration_date" not in fields


@pytest.mark.parametrize(("text", "language"), [
    ("Die Pflicht zur Vertraulichkeit gilt für einen Zeitraum von vier Jahren nach Beendigung der Zusammenarbeit.",
     "de"),
    ("The Recipient's obligations shall survive for two (2) years following the termination of this Agreement.",
     "en"),
    # counted from an event that is not the start
    ("The obligations hereunder shall continue for three (3) years after the date of such notice.", "en"),
])
def test_what_outlives_an_nda_is_not_its_term(text: str, language: str) -> None:
    assert "initial_term" not in _fields([text], language)


def test_a_label_line_states_the_term() -> None:
    fields = _fields(["Definitions", '"Agreement Term": 2 years', '"Confidentiality Period": 3 years from the '
                      "Effective Date"])
    assert fields.get("initial_term") == "P2Y"


def test_guidance_in_a_template_is_no_term() -> None:
    fields = _fields(["Hinweise zur Verwendung", "Laufzeit: 5 Jahre ist üblich, kann aber angepasst werden"], "de")
    assert "initial_term" not in fields


def test_an_end_date_after_gilt_bis() -> None:
    fields = _fields(["Die Vereinbarung gilt bis zum 30. Juni 2027."], "de")
    assert fields.get("expiration_date") == "2027-06-30"
    assert fields.get("effective_date") != "2027-06-30"


def test_the_start_written_next_to_the_term() -> None:
    fields = _fields(["DIENSTLEISTUNGSVERTRAG", "Datum: 01.04.2024", "Laufzeit: 24 Monate (ab 01.05.2024)"], "de",
                     opening=False)
    assert fields.get("effective_date") == "2024-05-01"
    assert fields.get("initial_term") == "P24M"
    assert fields.get("expiration_date") == "2026-05-01"


def test_executed_as_of_the_date_first_written_above() -> None:
    fields = _fields(["NON-DISCLOSURE AGREEMENT", "Effective Date: January 15, 2026",
                      "Disclosing Party: Acme Corporation", "The parties agree as follows.",
                      "IN WITNESS WHEREOF, the parties have executed this Agreement as of the date first written "
                      "above."], opening=False)
    assert fields.get("agreement_date") == "2026-01-15"


def test_no_end_date_for_a_term_from_an_event() -> None:
    fields = _fields(["This Hosting Agreement is dated as of 9 August 1999 between Alpha Inc. and Beta Inc.",
                      'This Agreement shall be effective as of the date (the "Effective Date") the Site becomes fully '
                      "operational and shall continue for a period of one (1) year from the Effective Date."],
                     opening=False)
    assert fields.get("initial_term") == "P1Y"
    assert "expiration_date" not in fields


@pytest.mark.parametrize(("text", "language", "end"), [
    ('The initial term of this Agreement begins on the Effective Date and ends at midnight on March 31, 2027 (the '
     '"Initial Term").', "en", "2027-03-31"),
    ("Die Vereinbarung wird bis zum 31.12.2026 geschlossen.", "de", "2026-12-31"),
    ("Diese Vereinbarung tritt mit Unterzeichnung in Kraft und läuft bis zum 30.06.2027.", "de", "2027-06-30"),
])
def test_an_end_date_inside_the_term_sentence(text: str, language: str, end: str) -> None:
    assert _fields([text], language).get("expiration_date") == end


def test_a_term_from_the_last_signature_date() -> None:
    fields = _fields(["Unless agreed otherwise, this agreement lasts for one year from the last signature date below."])
    assert fields.get("initial_term") == "P1Y"
