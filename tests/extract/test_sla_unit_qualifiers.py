"""A word between a number and its time unit, and targets named by a day ("same business day")."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.sla.values import cell_target
from docsvc.extract.normalize.durations import parse_duration
from docsvc.extract.normalize.unit_qualifiers import drop_unit_qualifiers


@pytest.mark.parametrize(
    ("text", "language", "value", "unit"),
    [
        ("we answer within 3 full business days", "en", 3.0, "business_days"),
        ("no later than two complete working days", "en", 2.0, "business_days"),
        ("six Irish working hours after the call", "en", 6.0, "business_hours"),
        ("within 5 New Zealand business hours", "en", 5.0, "business_hours"),
        ("outages longer than 2 consecutive hours", "en", 2.0, "hours"),
        ("within eight (8) full Business Days", "en", 8.0, "business_days"),
        ("spätestens nach drei vollen Werktagen", "de", 3.0, "business_days"),
        ("binnen zwei ganzer Arbeitstage", "de", 2.0, "business_days"),
        ("innerhalb von 12 (zwölf) Stunden", "de", 12.0, "hours"),
        ("nach 4 aufeinanderfolgenden Stunden", "de", 4.0, "hours"),
    ],
)
def test_qualified_unit_is_read(text: str, language: str, value: float, unit: str) -> None:
    target = cell_target(text, language)
    assert target is not None and (target.value, target.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("4 Business Hours", "en"),  # a unit word is not a qualifier
        ("24 Stunden Werktags", "de"),
        ("3 additional days", "en"),  # changes the meaning: not in the vocabulary
        ("10 Mitarbeiter Stunden", "de"),  # a capitalised noun qualifies only a business-time unit
    ],
)
def test_unit_words_and_other_words_stay(text: str, language: str) -> None:
    assert drop_unit_qualifiers(text) == text


def test_capitalised_unit_words_keep_their_reading() -> None:
    target = cell_target("4 Business Hours", "en")
    assert target is not None and (target.value, target.unit) == (4.0, "business_hours")
    target = cell_target("24 Stunden Werktags", "de")
    assert target is not None and (target.value, target.unit) == (24.0, "hours")


def test_durations_outside_sla_read_qualified_units() -> None:
    d = parse_duration("payable within thirty full calendar days", "en")
    assert d is not None and d.iso == "P30D"
    d = parse_duration("Kündigung mit einer Frist von zwei vollen Wochen", "de")
    assert d is not None and d.iso == "P2W"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Same Business Day", "en"),
        ("resolved the same working day", "en"),
        ("Next Business Day", "en"),
        ("NBD", "en"),
        ("am selben Werktag", "de"),
        ("noch am gleichen Arbeitstag", "de"),
        ("am nächsten Geschäftstag", "de"),
    ],
)
def test_relative_day_targets_are_one_business_day(text: str, language: str) -> None:
    target = cell_target(text, language)
    assert target is not None and (target.value, target.unit) == (1.0, "business_days")


def test_a_business_unit_of_one_value_is_no_window_for_the_others() -> None:
    # "Severity 2: 1 business day" names its own unit; the cell's "Severity 1: 4 hours" stays calendar time. A
    # window written as such still counts.
    from docsvc.extract.extractors.sla.vocab import cover_in

    assert cover_in("Severity 1: 4 hours Severity 2: 1 business day Severity 3: 3 business days") is None
    assert cover_in("P1: 2 Stunden, P2: 3 Werktage") is None
    assert cover_in("8 Hours (9AM-5PM PST)") is not None
    assert cover_in("4 hours (business hours)") is not None
    assert cover_in("1 Werktag, Mo-Fr") is not None
