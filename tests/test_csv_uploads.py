"""Uploaded CSV with any line ending is read, and a file the reader cannot split is a refusal naming the line
(the API fuzzer found a bare carriage return ending as a 500)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from docsvc.billing.service import BillingCheckRefused, parse_csv
from docsvc.csv_rows import CsvUnreadable, csv_rows
from docsvc.errors import Unprocessable
from docsvc.price_reviews.service import parse_index_csv
from docsvc.sla_reports.csv_import import CsvInvalid, parse_incidents

HUGE_FIELD = '"' + "x" * 200_000


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_ending_gives_the_same_rows(newline: str) -> None:
    text = newline.join(["description,quantity,unit price", "Printer lease,2,10.00", "Toner,1,3.50"]) + newline
    assert list(csv_rows(text)) == [["description", "quantity", "unit price"], ["Printer lease", "2", "10.00"],
                                    ["Toner", "1", "3.50"]]
    lines = parse_csv(text)
    assert [(line.description, line.unit_price) for line in lines] == [("Printer lease", Decimal("10.00")),
                                                                       ("Toner", Decimal("3.50"))]


def test_a_field_past_the_reader_limit_names_its_line() -> None:
    with pytest.raises(CsvUnreadable, match="line 2"):
        list(csv_rows("a,b\n" + HUGE_FIELD))


@pytest.mark.parametrize("parse, header, refusal", [
    (parse_csv, "description,quantity,unit price", BillingCheckRefused),
    (parse_index_csv, "period,value", Unprocessable),
    (parse_incidents, "id,service,priority,opened", CsvInvalid)])
def test_unreadable_csv_is_a_typed_refusal_in_every_upload(parse, header, refusal) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(refusal, match="not readable as CSV"):
        parse(header + "\n" + HUGE_FIELD)
    with pytest.raises(refusal):  # a lone carriage return is a line end, not a crash
        parse("\r0")
