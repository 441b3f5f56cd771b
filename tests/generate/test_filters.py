from __future__ import annotations

import datetime as dt

import pytest
from jinja2.exceptions import TemplateRuntimeError

from docsvc.generate.filters import SAFE_BUILTINS, Formatters, filters_for

NB = "\u00a0"  # babel's CLDR spacing in German amounts
EN, DE = Formatters("en"), Formatters("de")


@pytest.mark.parametrize(
    ("fmt", "value", "currency", "expected"),
    [
        (EN, "0.0045", "GBP", "£0.0045"),
        (EN, "12.5", "GBP", "£12.50"),
        (EN, "0.0390", "GBP", "£0.0390"),  # the stated trailing zero is precision the contract gives
        (EN, "1000", "JPY", "JP¥1,000"),  # no minor unit
        (DE, "0.0390", "GBP", f"0,0390{NB}£"),
        (EN, "1234.56", "EUR", "€1,234.56"),
        (EN, "-1234.5", "GBP", "-£1,234.50"),
        (DE, "1234.56", "EUR", f"1.234,56{NB}€"),
        (DE, "0.0045", "EUR", f"0,0045{NB}€"),
        (DE, "-12.5", "EUR", f"-12,50{NB}€"),
        (EN, "1234.5", None, "1,234.50"),
        (EN, "0.0045", None, "0.0045"),
        (EN, None, "GBP", ""),
        (DE, None, None, ""),
    ],
)
def test_money(fmt: Formatters, value: str | None, currency: str | None, expected: str) -> None:
    assert fmt.money(value, currency) == expected


def test_money_rejects_text() -> None:
    with pytest.raises(TemplateRuntimeError, match="money filter needs a number"):
        EN.money("twelve", "GBP")


def test_number_keeps_precision_and_groups() -> None:
    assert EN.number("1234.50") == "1,234.50"
    assert DE.number("1234567.0045") == "1.234.567,0045"
    assert EN.number("1234.5678", 2) == "1,234.57"


@pytest.mark.parametrize(
    ("fmt", "value", "expected"),
    [(EN, "5", "5%"), (EN, "2.5", "2.5%"), (DE, "5", f"5{NB}%"), (DE, "2.5", f"2,5{NB}%"), (EN, None, "")],
)
def test_percent(fmt: Formatters, value: str | None, expected: str) -> None:
    assert fmt.percent(value) == expected


def test_dates() -> None:
    assert EN.date("2025-07-01") == "1 July 2025"
    assert DE.date("2025-07-01") == "1. Juli 2025"
    assert EN.date("2025-07-01", "short") == "01/07/2025"
    assert DE.date(dt.date(2025, 7, 1), "short") == "01.07.2025"
    assert EN.date(None) == ""
    with pytest.raises(TemplateRuntimeError, match="ISO date"):
        EN.date("July 1st")


@pytest.mark.parametrize(
    ("value", "en", "de"),
    [("P3M", "3 months", "3 Monate"), ("P1Y", "1 year", "1 Jahr"), ("P30D", "30 days", "30 Tage"),
     ("PT4H", "4 hours", "4 Stunden"), ("4 hours", "4 hours", "4 hours")],
)
def test_duration(value: str, en: str, de: str) -> None:
    assert EN.duration(value) == en
    assert DE.duration(value) == de


def test_label() -> None:
    assert EN.label("response_time") == "Response time"
    assert DE.label("response_time") == "Reaktionszeit"
    assert DE.label("out_of_scope") == "Nicht im Leistungsumfang"
    assert EN.label("foo_bar") == "Foo bar"


@pytest.mark.parametrize(
    ("value", "unit", "en", "de"),
    [("99.9", "percent", "99.9%", f"99,9{NB}%"), ("4", "hours", "4 hours", "4 Stunden"),
     ("8", "business_hours", "8 business hours", "8 Geschäftsstunden"),
     ("1", "business_days", "1 business day", "1 Werktag")],
)
def test_target(value: str, unit: str, en: str, de: str) -> None:
    sla = {"target_value": value, "target_unit": unit}
    assert EN.target(sla) == en
    assert DE.target(sla) == de


def test_unsafe_builtins_are_not_available() -> None:
    available = filters_for("en")
    for name in ("attr", "format", "safe", "center", "indent", "xmlattr", "tojson"):
        assert name not in available
    assert set(SAFE_BUILTINS) <= set(available)
    assert {"money", "number", "percent", "date", "duration", "label", "target"} <= set(available)
