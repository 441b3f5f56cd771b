"""Golden tests of the deadline computation; every expected date is worked by hand in the comments.

Rules used by hand (docsvc/deadlines/compute.py): a term of N months/years from S ends the day before the
corresponding day, or on the month's last day when that day does not exist; the last notice day is the latest
day E with E + notice <= the term's last day; a notice day on a weekend/holiday moves back only when the clause
says "working days".
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from docsvc.deadlines.compute import Deadline, FieldValue, Terms, contract_deadlines
from docsvc.deadlines.workdays import WorkingCalendar

D = dt.date.fromisoformat
CONTRACT = uuid.UUID(int=7)


def terms(reviewed: bool = True, **values: Any) -> Terms:
    evidence = values.pop("evidence", {})
    return Terms(contract_id=CONTRACT, title="Managed print", values={
        name.replace("__", "."): FieldValue(value, evidence.get(name, {"text": f"{name} clause", "page": 3}),
                                            reviewed)
        for name, value in values.items()})


def dates(found: list[Deadline]) -> list[tuple[str, str]]:
    return [(d.kind, d.due.isoformat()) for d in found]


THREE_PLUS_ONE = {"effective_date": "2024-01-01", "initial_term": "P3Y", "auto_renewal": True,
                  "renewal_term": "P1Y", "renewal_notice_period": "P3M", "governing_law": "England and Wales"}


def test_three_years_then_annual_renewal_before_the_first_notice_date() -> None:
    # 2024-01-01 + 3 years = 2027-01-01, so the initial term ends 2026-12-31. Latest E with E + 3 months <=
    # 2026-12-31: 30 Sep + 3 months = 30 Dec (fits), 1 Oct + 3 months = 1 Jan (too late) -> 2026-09-30.
    # Renewal: the day after the term, 2027-01-01.
    found = contract_deadlines(terms(**THREE_PLUS_ONE), today=D("2026-06-01"))
    assert dates(found) == [("notice", "2026-09-30"), ("renewal", "2027-01-01")]
    assert found[0].term_start == D("2024-01-01") and found[0].term_end == D("2026-12-31")
    assert found[0].clause["field"] == "renewal_notice_period" and found[0].clause["value"] == "P3M"
    assert found[0].clause["evidence"] == {"text": "renewal_notice_period clause", "page": 3}
    assert found[0].reviewed and found[0].moved_from is None


def test_notice_is_re_armed_after_the_notice_date_passes() -> None:
    # 2026-10-01: the 2026-09-30 notice date has passed, so the contract renews on 2027-01-01 for
    # 2027-01-01..2027-12-31; that term's notice date is 2027-09-30 (same reasoning), renewal 2028-01-01.
    found = contract_deadlines(terms(**THREE_PLUS_ONE), today=D("2026-10-01"))
    assert dates(found) == [("renewal", "2027-01-01"), ("notice", "2027-09-30"), ("renewal", "2028-01-01")]
    assert found[1].term_start == D("2027-01-01") and found[1].term_end == D("2027-12-31")


@pytest.mark.parametrize("year", range(2027, 2036))
def test_every_renewed_year_has_its_own_notice_date(year: int) -> None:
    # In March of year Y the current annual term is Y-01-01..Y-12-31 (renewals every 1 January):
    # notice by Y-09-30, renewal (Y+1)-01-01.
    found = contract_deadlines(terms(**THREE_PLUS_ONE), today=dt.date(year, 3, 15))
    assert dates(found) == [("notice", f"{year}-09-30"), ("renewal", f"{year + 1}-01-01")]
    assert found[0].term_start == dt.date(year, 1, 1)


def test_a_window_lists_every_date_in_it_across_renewals() -> None:
    # 2026-06-01 + 800 days = 2028-08-10: notices 2026-09-30 and 2027-09-30 and renewals 2027-01-01 and
    # 2028-01-01 fall in it; the 2028-09-30 notice does not.
    found = contract_deadlines(terms(**THREE_PLUS_ONE), today=D("2026-06-01"), within_days=800)
    assert dates(found) == [("notice", "2026-09-30"), ("renewal", "2027-01-01"), ("notice", "2027-09-30"),
                            ("renewal", "2028-01-01")]


def test_month_end_term_counts_notice_from_the_end_of_the_month() -> None:
    # 2024-03-01 + 3 years = 2027-03-01 -> the term ends 2027-02-28 (expiry, no renewal). Latest E with
    # E + 3 months <= 2027-02-28: 30 Nov 2026 + 3 months = "30 Feb" = 28 Feb (fits); 1 Dec + 3 months = 1 Mar
    # (too late) -> 2026-11-30, not the 2026-11-28 that subtracting 3 months from 28 Feb gives.
    found = contract_deadlines(terms(effective_date="2024-03-01", initial_term="P3Y", auto_renewal=False,
                                     renewal_notice_period="P3M"), today=D("2026-01-10"))
    assert dates(found) == [("notice", "2026-11-30"), ("expiry", "2027-02-28")]


def test_leap_day_start_and_leap_day_notice() -> None:
    # Effective 2024-02-29 for 1 year: 29 Feb 2025 does not exist, so the term ends on the month's last day,
    # 2025-02-28 (not 2025-02-27). Notice 1 month: 31 Jan 2025 + 1 month = 28 Feb (fits), 1 Feb + 1 month =
    # 1 Mar (too late) -> 2025-01-31. Renewal 2025-03-01 for 2025-03-01..2026-02-28, notice 2026-01-31.
    found = contract_deadlines(terms(effective_date="2024-02-29", initial_term="P1Y", auto_renewal=True,
                                     renewal_term="P1Y", renewal_notice_period="P1M"),
                               today=D("2024-06-01"), within_days=650)
    assert dates(found) == [("notice", "2025-01-31"), ("renewal", "2025-03-01"), ("notice", "2026-01-31"),
                            ("renewal", "2026-03-01")]
    assert found[0].term_end == D("2025-02-28")
    # Expiry 2028-03-30 with 1 month's notice: 29 Feb 2028 + 1 month = 29 Mar (fits), 1 Mar + 1 month = 1 Apr
    # (too late) -> the leap day itself.
    found = contract_deadlines(terms(expiration_date="2028-03-30", auto_renewal=False, renewal_notice_period="P1M"),
                               today=D("2028-01-01"))
    assert dates(found) == [("notice", "2028-02-29"), ("expiry", "2028-03-30")]


WORKING_DAYS = {"renewal_notice_period": {"text": "not less than three (3) months' notice; if that day is not a "
                                                  "Working Day, notice must be given on the preceding Working Day"}}


@pytest.mark.parametrize(("law", "evidence", "due", "moved_from"), [
    # Term ends 2026-11-30: 31 Aug + 3 months = "31 Nov" = 30 Nov (fits), 1 Sep + 3 months = 1 Dec -> Monday
    # 2026-08-31, the English summer bank holiday (last Monday of August): back over the weekend to Fri 28 Aug.
    ("England and Wales", WORKING_DAYS, "2026-08-28", "2026-08-31"),
    # The same clause under German law: 31 Aug is an ordinary Monday there.
    ("Germany", WORKING_DAYS, "2026-08-31", None),
    # English law, but the clause does not count in working days: the date stands.
    ("England and Wales", {}, "2026-08-31", None),
])
def test_notice_on_a_holiday_moves_back_only_for_working_days(law: str, evidence: dict[str, Any], due: str,
                                                              moved_from: str | None) -> None:
    found = contract_deadlines(terms(expiration_date="2026-11-30", auto_renewal=False, renewal_notice_period="P3M",
                                     governing_law=law, evidence=evidence), today=D("2026-01-01"))
    notice = found[0]
    assert (notice.kind, notice.due.isoformat()) == ("notice", due)
    assert notice.moved_from == (D(moved_from) if moved_from else None)
    assert found[1].due == D("2026-11-30")  # the expiry itself never moves


def test_christmas_day_notice_moves_to_christmas_eve() -> None:
    # Expiry 2027-03-25: 25 Dec 2026 + 3 months = 25 Mar (fits), 26 Dec + 3 months = 26 Mar -> Friday
    # 2026-12-25, a public holiday in England -> Thursday 2026-12-24.
    found = contract_deadlines(terms(expiration_date="2027-03-25", auto_renewal=False, renewal_notice_period="P3M",
                                     governing_law="the laws of England", evidence=WORKING_DAYS),
                               today=D("2026-01-01"))
    assert dates(found)[0] == ("notice", "2026-12-24") and found[0].moved_from == D("2026-12-25")


def test_a_contract_with_no_end_has_only_its_price_reviews() -> None:
    # No expiry and no initial term: no expiry, renewal or notice date. Reviews every year from 2024-01-01:
    # 2025-01-01, 2026-01-01, 2027-01-01 -> the next after 2026-06-01 is 2027-01-01. Clause notice 2 months:
    # 31 Oct 2026 + 2 months = 31 Dec (fits), 1 Nov + 2 months = 1 Jan (too late) -> 2026-10-31.
    found = contract_deadlines(terms(effective_date="2024-01-01", termination_notice_period="P3M",
                                     pricing__price_review={"index": "CPI", "frequency": "annual",
                                                            "notice_period": "P2M"}),
                               today=D("2026-06-01"))
    assert dates(found) == [("price_review_notice", "2026-10-31"), ("price_review", "2027-01-01")]
    assert found[1].clause["field"] == "pricing.price_review"


def test_quarterly_reviews_from_a_month_end_do_not_drift() -> None:
    # Effective 2025-01-31, quarterly: 30 Apr, 31 Jul, 31 Oct 2025, 31 Jan 2026 (each counted from the start,
    # so April's 30 does not pull the later ones to the 30th). Window 2025-05-01 + 200 days = 2025-11-17.
    found = contract_deadlines(terms(effective_date="2025-01-31",
                                     pricing__price_review={"index": "CPI", "frequency": "quarterly"}),
                               today=D("2025-05-01"), within_days=200)
    assert dates(found) == [("price_review", "2025-07-31"), ("price_review", "2025-10-31")]


def test_unreviewed_values_are_used_and_flagged() -> None:
    found = contract_deadlines(terms(reviewed=False, **THREE_PLUS_ONE), today=D("2026-06-01"))
    assert dates(found) == [("notice", "2026-09-30"), ("renewal", "2027-01-01")]
    assert not found[0].reviewed
    assert any(n.startswith("not reviewed: renewal_notice_period") for n in found[0].notes)


def test_renewal_term_without_auto_renewal_flag_is_taken_to_renew_and_says_so() -> None:
    # Expiry 2025-12-31, renews for 12 months: renewal 2026-01-01; the next term 2026-01-01..2026-12-31.
    found = contract_deadlines(terms(expiration_date="2025-12-31", renewal_term="P12M"), today=D("2025-12-31"))
    assert dates(found) == [("renewal", "2026-01-01")]
    assert any("auto_renewal not stated" in n for n in found[0].notes)


def test_working_calendar_knows_the_law() -> None:
    assert WorkingCalendar.for_law("Scots law").subdiv == "SCT"
    assert WorkingCalendar.for_law("deutsches Recht").country == "DE"
    assert WorkingCalendar.for_law("Laws of Atlantis").country is None
    # 2 January 2026 is a bank holiday in Scotland only.
    assert not WorkingCalendar("GB", "SCT").is_working_day(D("2026-01-02"))
    assert WorkingCalendar("GB", "ENG").is_working_day(D("2026-01-02"))


def test_the_end_of_the_calendar_stops_the_dates() -> None:
    # A (corrected) expiry of 9999-12-31 that renews: notice 9999-09-30 (30 Sep + 3 months = 30 Dec, fits;
    # 1 Oct + 3 months = 1 Jan 10000 does not); the renewal day 10000-01-01 does not exist, so the list ends.
    found = contract_deadlines(terms(expiration_date="9999-12-31", auto_renewal=True, renewal_term="P1Y",
                                     renewal_notice_period="P3M"), today=D("9999-06-01"), within_days=9999 * 7)
    assert dates(found) == [("notice", "9999-09-30")]
