"""Golden tests of the billing check and the description matching; figures worked by hand in the comments."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from docsvc.billing import matching
from docsvc.billing.check import Commitment, ContractItem, InvoiceLine, Review, check_invoice, money, period_of

D = Decimal
COLOUR, MONO, MAINTENANCE, CALLOUT = (uuid.UUID(int=n) for n in range(1, 5))
ITEMS = [
    ContractItem(COLOUR, "Colour pages (A4)", D("0.0410"), "GBP", "per page", evidence={"page": 7, "text": "Colour "
                 "A4 page £0.0410"}, reviewed=True),
    ContractItem(MONO, "Mono pages (A4)", D("0.0045"), "GBP", "per page", reviewed=True),
    ContractItem(MAINTENANCE, "Printer maintenance", D("25.00"), "GBP", "per device", quantity=D("40"),
                 frequency="monthly", evidence={"page": 8, "text": "Maintenance of 40 devices, £25.00 per month"}),
    ContractItem(CALLOUT, "On-site engineer call-out", D("95.00"), "GBP", frequency="one_time", reviewed=True),
]
# A CPI review applied from 2026-07-01: 0.0410 x 1.025 = 0.042025 -> 0.0420; 0.0045 x 1.025 = 0.0046125 -> 0.0046.
REVIEW = Review("review-1", dt.date(2026, 7, 1), {"Colour pages (A4)": (D("0.0420"), "0.0410 x 1.025"),
                                                   "Mono pages (A4)": (D("0.0046"), "0.0045 x 1.025")})
COMMITMENT = Commitment(D("1700.00"), "GBP", "monthly", {"page": 9, "text": "minimum monthly charge £1,700"}, True)


def run(lines: list[InvoiceLine], **overrides: object) -> dict[str, object]:
    args: dict[str, object] = {"items": ITEMS, "lines": lines, "contract_currency": "GBP", "currency_reviewed": True,
                               "commitment": COMMITMENT, "reviews": [REVIEW], "remembered": {},
                               "today": dt.date(2026, 11, 5)}
    return check_invoice(**(args | overrides))  # type: ignore[arg-type]


def test_an_october_invoice_in_german_wording() -> None:
    result = run([
        # Matches "Colour pages (A4)"; October is after the review: expected 0.0420 = invoiced. 12,000 x 0.0420
        # = 504.00.
        InvoiceLine("Farbseiten A4", D("12000"), D("0.0420"), "GBP", "2026-10"),
        # Mono: expected 0.0046, invoiced 0.0050: +0.0004 per page, x 40,000 = 16.00 too much; total 200.00.
        InvoiceLine("S/W-Seiten A4", D("40000"), D("0.0050"), "GBP", "2026-10"),
        # Maintenance: 36 devices x 25.00 = 900.00, but the contract commits to 40 devices: 36 - 40 = -4.
        InvoiceLine("Wartung Drucker monatlich", D("36"), D("25.00"), "GBP", "2026-10"),
        # Nothing contracted is about toner delivery.
        InvoiceLine("Toner delivery", D("1"), D("30.00"), "GBP", "2026-10"),
        # June is before the review: expected 0.0410, invoiced 0.0420: +0.0010 x 1,000 = 1.00; total 42.00.
        InvoiceLine("Colour pages A4", D("1000"), D("0.0420"), "GBP", "2026-06"),
    ])
    lines = result["lines"]
    assert isinstance(lines, list)
    assert [line["match"]["price_item_id"] if line["match"] else None for line in lines] == [
        str(COLOUR), str(MONO), str(MAINTENANCE), None, str(COLOUR)]
    assert [line["expected_unit_price"] for line in lines] == ["0.0420", "0.0046", "25.00", None, "0.0410"]
    assert [line["status"] for line in lines] == ["ok", "mismatch", "mismatch", "unknown", "mismatch"]
    assert lines[2]["reviewed"] is False  # the maintenance item was never reviewed
    mismatches = result["mismatches"]
    assert isinstance(mismatches, list)
    assert [(m["line"], m["kind"], m["expected"], m["invoiced"], m["difference"]) for m in mismatches] == [
        (2, "price", "0.0046", "0.0050", "0.0004"),
        (3, "quantity_below_commitment", "40", "36", "-4"),
        (4, "unknown_item", None, "30.00", "30.00"),
        (5, "price", "0.0410", "0.0420", "0.0010"),
        # Matched lines by period: June 42.00 and October 504.00 + 200.00 + 900.00 = 1,604.00, both under the
        # monthly minimum of 1,700.00: -1,658.00 and -96.00.
        (None, "minimum_commitment", "1700.00", "42.00", "-1658.00"),
        (None, "minimum_commitment", "1700.00", "1604.00", "-96.00"),
    ]
    assert mismatches[0]["evidence"]["total_difference"] == "16.00"
    assert mismatches[0]["evidence"]["price_review"]["id"] == "review-1"
    assert "price_review" not in mismatches[3]["evidence"]  # June: the contract's own price and evidence
    assert mismatches[3]["evidence"]["page"] == 7 and mismatches[3]["evidence"]["total_difference"] == "1.00"
    assert mismatches[1]["reviewed"] is False and mismatches[0]["reviewed"] is True
    summary = result["summary"]
    assert isinstance(summary, dict)
    # 16.00 + 1.00 overcharged on prices.
    assert summary["price_difference"] == "17.00" and summary["unreviewed_kinds"] == ["quantity_below_commitment"]
    assert (summary["lines"], summary["matched"], summary["mismatches"]) == (5, 4, 6)


def test_currency_frequency_and_price_of_one_line() -> None:
    # Billed quarterly in EUR at 75.00 for 40 devices; the contract: monthly, GBP, 25.00. Price: +50.00 per
    # unit, x 40 = 2,000.00. No minimum commitment here.
    result = run([InvoiceLine("Printer maintenance", D("40"), D("75.00"), "EUR", "2026-10-01/2026-12-31")],
                 commitment=None)
    mismatches = result["mismatches"]
    assert isinstance(mismatches, list)
    assert [(m["kind"], m["expected"], m["invoiced"], m["difference"]) for m in mismatches] == [
        ("price", "25.00", "75.00", "50.00"), ("currency", "GBP", "EUR", None), ("frequency", "monthly", "quarterly",
                                                                                 None)]
    assert mismatches[0]["evidence"]["total_difference"] == "2000.00"


def test_ambiguous_wording_until_a_person_confirms_it() -> None:
    items = [ContractItem(uuid.UUID(int=10), "Colour pages A4", D("0.04"), "GBP"),
             ContractItem(uuid.UUID(int=11), "Colour pages A3", D("0.08"), "GBP")]
    line = InvoiceLine("Colour pages", D("100"), D("0.04"), "GBP", "2026-10")
    # {colour, page} against {colour, page, a4} and {colour, page, a3}: 2x2/5 = 0.8 both -> ambiguous.
    result = run([line], items=items, commitment=None, reviews=[])
    mismatches = result["mismatches"]
    assert isinstance(mismatches, list) and [m["kind"] for m in mismatches] == ["ambiguous_item"]
    assert [c["score"] for c in mismatches[0]["evidence"]["candidates"]] == [0.8, 0.8]
    result = run([line], items=items, commitment=None, reviews=[],
                 remembered={matching.key("colour  PAGES"): uuid.UUID(int=10)})
    lines = result["lines"]
    assert isinstance(lines, list) and lines[0]["match"]["how"] == "confirmed" and result["mismatches"] == []


@pytest.mark.parametrize(("invoice", "contract", "matches"), [
    ("Farbseiten A4", "Colour pages (A4)", True),
    ("Monthly maintenance fee per printer", "Printer maintenance", True),
    ("Schwarzweißseiten", "Black and white pages", True),
    ("Lizenzen pro Nutzer", "User licences", True),
    ("Colour pages A3", "Colour pages (A4)", False),  # a different size is a different item
    ("Toner delivery", "Printer maintenance", False),
])
def test_wording_differences(invoice: str, contract: str, matches: bool) -> None:
    chosen, _ = matching.best(invoice, [contract])
    assert (chosen is not None) == matches


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-10", (dt.date(2026, 10, 1), "monthly")),
    ("2026-Q4", (dt.date(2026, 10, 1), "quarterly")),
    ("2026", (dt.date(2026, 1, 1), "annual")),
    ("2026-10-01/2026-12-31", (dt.date(2026, 10, 1), "quarterly")),
    ("2024-02-01/2024-02-29", (dt.date(2024, 2, 1), "monthly")),
    ("2026-10-05/2026-10-20", (dt.date(2026, 10, 5), None)),
    ("October", (None, None)),
    ("2026-13", (None, None)),
])
def test_periods(text: str, expected: tuple[dt.date | None, str | None]) -> None:
    assert period_of(text) == expected


def test_money_text() -> None:
    assert [money(D(v)) for v in ("45.0000", "0.0090", "-96", "1.5")] == ["45.00", "0.009", "-96.00", "1.50"]
