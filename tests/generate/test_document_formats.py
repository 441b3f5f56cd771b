"""The organisation's date and number formats as the filters apply them (docsvc/generate/formats.py)."""

from __future__ import annotations

import pytest

from docsvc.generate.filters import Formatters
from docsvc.generate.formats import date_pattern_problem, formats_in_effect


def test_without_configured_formats_the_locale_decides() -> None:
    en, de = Formatters("en"), Formatters("de")
    assert (en.date("2026-12-06"), de.date("2026-12-06")) == ("6 December 2026", "6. Dezember 2026")
    assert (en.money("1234.5", "GBP"), de.money("1234.5", "EUR")) == ("£1,234.50", "1.234,50\u00a0€")


def test_configured_formats_apply_to_dates_numbers_money_and_percentages() -> None:
    en, de = Formatters("en"), Formatters("de")
    with formats_in_effect({"language": "de", "date_format": "dd.MM.yyyy", "number_format": "1 234,56"}):
        assert de.date("2026-12-06") == "06.12.2026"
        assert de.date("2026-12-06", "short") == "06.12.2026"  # an explicit style stays what it says
        assert de.money("1234567.5", "EUR") == "1\u00a0234\u00a0567,50\u00a0€"
        assert de.percent("3.5") == "3,5\u00a0%"
        assert de.target({"target_value": "99.95", "target_unit": "percent"}) == "99,95\u00a0%"
    with formats_in_effect({"language": "en", "date_format": "EEEE, d MMMM y", "number_format": "1.234,56"}):
        assert en.date("2026-12-06") == "Sunday, 6 December 2026"
        assert en.money("0.0045", "GBP") == "£0,0045" and en.number("1234567.891") == "1.234.567,891"
        assert en.percent("12.5") == "12,5%"
    assert en.number("1234.5") == "1,234.5"  # outside the render the defaults are back


def test_invalid_formats_in_a_context_fall_back_to_the_defaults() -> None:
    de = Formatters("de")
    with formats_in_effect({"language": "de", "date_format": "HH:mm", "number_format": "1_234"}):
        assert de.date("2026-12-06") == "6. Dezember 2026" and de.number("1234.5") == "1.234,5"


@pytest.mark.parametrize(("pattern", "ok"), [
    ("d MMMM y", True), ("dd.MM.yyyy", True), ("d. MMM y", True), ("yyyy-MM-dd", True), ("EEE d 'de' MMMM y", True),
    ("MMMM y", False), ("d MMMM", False), ("HH:mm d.M.y", False), ("", False), ("d" * 41, False),
    ("d M y zzzz", False),
])
def test_date_patterns_show_day_month_and_year_and_nothing_else(pattern: str, ok: bool) -> None:
    assert (date_pattern_problem(pattern) is None) is ok
