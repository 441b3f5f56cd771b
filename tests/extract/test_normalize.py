from datetime import date
from decimal import Decimal

import pytest

from docsvc.extract.normalize.dates import find_dates, parse_date
from docsvc.extract.normalize.durations import find_durations, parse_duration, words_to_digits
from docsvc.extract.normalize.numbers import find_money, find_percentages, parse_number


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("1.234,56", "de", "1234.56"),
        ("1,234.56", "en", "1234.56"),
        ("1'180.00", "de", "1180.00"),
        ("1’180.00", "en", "1180.00"),
        ("99,5", "de", "99.5"),
        ("99.95", "en", "99.95"),
        ("0.0049", "en", "0.0049"),
        ("12.000", "de", "12000"),
        ("2,500", "en", "2500"),
    ],
)
def test_parse_number_follows_the_written_format(text: str, lang: str, expected: str) -> None:
    assert parse_number(text, lang) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "lang", "amount", "currency"),
    [
        ("Preis: 1.234,56 € netto", "de", "1234.56", "EUR"),
        ("a fee of €1,234.56", "en", "1234.56", "EUR"),
        ("mono click charge £0.0049 per page", "en", "0.0049", "GBP"),
        ("CHF 1'180.00 pro Monat", "de", "1180.00", "CHF"),
        ("USD 7.50 per note", "en", "7.50", "USD"),
        ("18,90 EUR monatlich", "de", "18.90", "EUR"),
        ("$2,500 minimum", "en", "2500", "USD"),
    ],
)
def test_find_money_reads_amount_and_currency(text: str, lang: str, amount: str, currency: str) -> None:
    [money] = find_money(text, lang)
    assert (money.amount_str, money.currency) == (amount, currency)


def test_find_money_keeps_written_precision() -> None:
    assert [m.amount_str for m in find_money("£42.50 and £0.0410", "en")] == ["42.50", "0.0410"]


def test_percentages_in_both_languages() -> None:
    found = [v for v, _, _ in find_percentages("99,8 % im Monat, 99.95% uptime, 5 per cent, 3 Prozent", "de")]
    assert found == [Decimal("99.8"), Decimal("99.95"), Decimal("5"), Decimal("3")]


@pytest.mark.parametrize(
    ("text", "lang", "iso", "business"),
    [
        ("thirty (30) days", "en", "P30D", False),
        ("one (1) year", "en", "P1Y", False),
        ("a period of twelve months", "en", "P12M", False),
        ("ninety days' notice", "en", "P90D", False),
        ("4 Business Hours", "en", "PT4H", True),
        ("two business days", "en", "P2D", True),
        ("sechs Wochen zum Monatsende", "de", "P6W", False),
        ("drei Monate", "de", "P3M", False),
        ("innerhalb von 2 Werktagen", "de", "P2D", True),
        ("30 Minuten", "de", "PT30M", False),
    ],
)
def test_durations(text: str, lang: str, iso: str, business: bool) -> None:
    found = parse_duration(text, lang)
    assert found is not None
    assert (found.iso, found.business) == (iso, business)


def test_words_to_digits_leaves_other_text_alone() -> None:
    assert words_to_digits("one of the parties may give ninety days notice", "en") == (
        "one of the parties may give 90 days notice"
    )
    assert find_durations("Section 12 applies", "en") == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("made on 14 March 2024", "en", date(2024, 3, 14)),
        ("this 14th day of March, 2024", "en", date(2024, 3, 14)),
        ("dated as of March 14, 2024", "en", date(2024, 3, 14)),
        ("dated 03/04/2024", "en", date(2024, 3, 4)),
        ("vom 31.12.2025", "de", date(2025, 12, 31)),
        ("gilt ab 1. März 2025", "de", date(2025, 3, 1)),
        ("2024-04-01", "en", date(2024, 4, 1)),
    ],
)
def test_dates(text: str, lang: str, expected: date) -> None:
    assert parse_date(text, lang) == expected


def test_month_year_is_marked_imprecise_and_invalid_dates_are_skipped() -> None:
    [found] = find_dates("im Mai 2025", "de")
    assert (found.value, found.precise) == (date(2025, 5, 1), False)
    assert find_dates("on 31.02.2025", "de") == []


_SHAPES = [
    # (text, language, slashed order)
    *[(f"{m} {d}, {y}", "en", "DMY") for m in ("January", "Feb.", "Sept.", "December", "Mar") for d in (1, 9, 28)
      for y in (1999, 2026)],
    *[(f"{d}{o} day of {m}, {y}", "en", "DMY") for d, o in ((1, "st"), (22, "nd"), (3, "rd"), (14, "th"))
      for m in ("April", "Aug") for y in (2024,)],
    *[(f"{d}. {m} {y}", "de", "DMY") for d in (1, 31) for m in ("Januar", "Jänner", "März", "Mai", "Dezember")
      for y in (2025,)],
    *[(f"{d}-{m}-{y}", "en", "DMY") for d in (5, 30) for m in ("Jun", "October") for y in (2019,)],
    *[(f"{m} {y}", lang, "DMY") for m, lang in (("May", "en"), ("Oktober", "de"), ("Nov.", "en")) for y in (2030,)],
    *[(f"{a}.{b}.{y}", "de", "DMY") for a, b in ((1, 2), (31, 12), (9, 10)) for y in ("2025", "25", "99")],
    *[(f"{a}/{b}/{y}", lang, "MDY" if lang == "en" else "DMY") for a, b in ((3, 4), (12, 1), (7, 30))
      for y in ("2024", "24") for lang in ("en", "de")],
]


@pytest.mark.parametrize(("text", "lang", "order"), _SHAPES)
def test_the_direct_reading_agrees_with_dateparser_on_every_shape(text: str, lang: str, order: str) -> None:
    """Dates the regex finds are read without dateparser (start-up time); both readings must agree."""
    from docsvc.extract.normalize.dates import DATE_RE, _dateparser, read_shape

    match = DATE_RE.fullmatch(text)
    assert match is not None and match.lastgroup is not None, text
    direct = read_shape(text, match.lastgroup, order)
    assert direct is not None
    assert direct == _dateparser(text, lang, order)
