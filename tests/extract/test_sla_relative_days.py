"""Targets named by a day: "next/following/same business day", ordinals ("the third Working Day after"), EN and DE."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.extractors.sla.values import find_targets, prepare
from tests.fixtures.contexts import make_context


def _days(text: str, language: str) -> list[tuple[float, str]]:
    return [(t.value, t.unit) for t in find_targets(prepare(text, language), language)]


@pytest.mark.parametrize(
    ("text", "language", "days"),
    [
        ("no later than the fourth working day following the ticket", "en", 4.0),
        ("on the 2nd business day after notification", "en", 2.0),
        ("by close of the Support Day immediately following the day of the call", "en", 1.0),
        ("on the following work day", "en", 1.0),
        ("spätestens am zweiten Arbeitstag nach der Meldung", "de", 2.0),
        ("bis zum 3. Geschäftstag nach Zugang", "de", 3.0),
        ("am darauffolgenden Werktag", "de", 1.0),
    ],
)
def test_named_days_count_business_days(text: str, language: str, days: float) -> None:
    assert _days(text, language) == [(days, "business_days")]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("invoices are issued on the first business day of each month", "en"),
        ("Rechnungen werden am ersten Werktag des Monats gestellt", "de"),
    ],
)
def test_a_calendar_date_is_no_relative_target(text: str, language: str) -> None:
    assert _days(text, language) == []


def _sla(paragraphs: list[str], language: str = "en") -> set[tuple[str, float, str]]:
    entries: list[dict[str, Any]] = extract_sla(make_context(paragraphs, language=language), {}).get("sla", [])
    return {(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in entries}


def test_sentence_with_ordinal_business_day_en() -> None:
    found = _sla(["Support levels", "For Severity 2 incidents the vendor shall deliver a workaround or fix by the "
                  "start of business on the third Business Day after the incident is reported."])
    assert ("resolution_time", 3.0, "business_days") in found


def test_sentence_with_following_working_day_de() -> None:
    found = _sla(["Störungen der Priorität 3 werden am folgenden Werktag bearbeitet; die Reaktionszeit endet "
                  "spätestens am folgenden Werktag um 12 Uhr."], language="de")
    assert ("response_time", 1.0, "business_days") in found


def test_negated_floor_is_the_promise_en() -> None:
    found = _sla(["Service levels", "Uptime: the booking portal shall never fall below 99.4% in any calendar month."])
    assert ("availability", 99.4, "percent") in found


def test_negated_floor_is_the_promise_de() -> None:
    found = _sla(["Servicelevel", "Die Verfügbarkeit der Buchungsplattform darf nicht unter 99,4 % sinken."],
                 language="de")
    assert ("availability", 99.4, "percent") in found


def test_trigger_without_negation_stays_a_band() -> None:
    found = _sla(["Service levels", "If uptime drops below 99.4% in a month, the customer may claim a credit."])
    assert ("availability", 99.4, "percent") not in found
