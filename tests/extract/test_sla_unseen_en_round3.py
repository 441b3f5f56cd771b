"""English SLA wording of the third unseen-document round: bullets pasted from Word as a letter "o" under a
response lead-in, credit bands written as list items ("99.0% to 99.49% uptime: 10% credit"), response times in
seconds of a system (percentiles, APIs, queries), "onsite assistance", and customer claim windows. Texts are
written for these tests."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.bands import in_credit_band
from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.extractors.sla.vocab import is_system_response
from docsvc.extract.negative_context import NOT_SLA, excluded
from tests.fixtures.contexts import make_context


def _keys(paragraphs: list[str], headings: tuple[str, ...] = ()) -> list[tuple[str, float, str]]:
    ctx = make_context(paragraphs, headings=list(headings))
    entries: list[dict[str, Any]] = extract_sla(ctx, {}).get("sla", [])
    return [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in entries]


def test_letter_o_bullets_under_a_response_lead_in() -> None:
    keys = _keys([
        "The Supplier will respond to faults reported by the Client within the following periods:",
        "o Within 2 hours for faults classified as Priority A. o Within 3 working days for faults classified as "
        "Priority C.",
    ])
    assert keys == [("response_time", 2.0, "hours"), ("response_time", 3.0, "business_days")]


def test_letter_o_bullet_range_with_business_hours() -> None:
    keys = _keys([
        "The Supplier will respond to faults reported by the Client within the following periods:",
        "o 0-6 hours (during business hours) for faults classified as Priority A.",
    ])
    assert keys == [("response_time", 6.0, "business_hours")]


def test_a_word_starting_with_o_is_no_bullet() -> None:
    # "other" is a word, not a bullet: the sentence stays outside the lead-in's list, and "8 hours" has no
    # introducing word, so nothing is read from it.
    keys = _keys([
        "The Supplier will respond to faults reported by the Client within the following periods:",
        "Priority A faults are answered quickly.",
        "other matters 8 hours.",
    ])
    assert keys == []


def test_credit_band_items_are_not_availability_targets() -> None:
    keys = _keys([
        "The Supplier commits to 99.7% monthly uptime of the portal.",
        "98.5% to 99.69% uptime: 5% credit of the monthly charge",
        "97% - 98.49% uptime: 15% credit of the monthly charge",
    ])
    assert keys == [("availability", 99.7, "percent")]


def test_band_shape() -> None:
    text = "98.5% to 99.69% uptime: 5% credit of the monthly charge"
    assert in_credit_band(text, 0, 5)
    # One percentage and a remedy: a promise followed by its remedy, not a band.
    single = "We commit to 99.7% uptime, with a 5% credit for each hour of downtime"
    assert not in_credit_band(single, single.index("99.7"), single.index("99.7") + 5)


def test_system_response_times_in_seconds_are_other() -> None:
    keys = _keys([
        "Performance",
        "P90 Response Time: < 4 seconds for report endpoints",
        "Search Query Response Time: < 2 seconds",
    ], headings=("Performance",))
    assert keys == [("other", 4.0, "seconds"), ("other", 2.0, "seconds")]


def test_plain_mean_response_time_in_seconds_stays_response_time() -> None:
    keys = _keys(["The mean response time of the server shall not exceed 5 seconds during any one hour period."])
    assert keys == [("response_time", 5.0, "seconds")]


def test_system_response_vocabulary() -> None:
    assert is_system_response("P99 response time for API endpoints")
    assert is_system_response("query response time")
    assert not is_system_response("mean server response time")


def test_onsite_assistance_is_other() -> None:
    keys = _keys(["Service Levels", "Onsite assistance is guaranteed within 48 hours during the business week."],
                 headings=("Service Levels",))
    assert keys == [("other", 48.0, "hours")]


def test_customer_claim_windows_are_no_targets() -> None:
    for text in (
        "A ticket must be opened within 48 hours of the outage in order to be eligible for a service credit.",
        "You must have raised a ticket within 5 days of the incident.",
        "Credit requests must be submitted within 30 days of the end of the month to receive credits.",
    ):
        assert excluded(text, NOT_SLA), text
    assert not excluded("We respond to tickets within 4 hours of receipt.", NOT_SLA)
    keys = _keys(["Service Levels", "A ticket must be opened within 48 hours of the outage in order to be eligible "
                  "for a service credit."], headings=("Service Levels",))
    assert keys == []


def test_value_after_an_equals_sign() -> None:
    keys = _keys(["Service levels", "Request class A", "Response time = 2 days", "Time to resolution = 3 weeks"],
                 headings=("Service levels",))
    assert keys == [("response_time", 2.0, "days"), ("resolution_time", 21.0, "days")]


def test_equals_sign_in_a_percentage_formula_is_no_target() -> None:
    keys = _keys(["Service levels", "Availability = 100% x (total minutes - downtime) / total minutes"],
                 headings=("Service levels",))
    assert keys == []


def test_system_speed_commitments_in_contract_prose() -> None:
    keys = _keys(["The portal's latency, measured from receipt of a request to the first byte served, shall be less "
                  "than or equal to four seconds, and search shall be no greater than eight seconds."])
    assert keys == [("other", 4.0, "seconds"), ("other", 8.0, "seconds")]
    keys = _keys(["Processor will process card transactions in an average of 1.5 seconds (not to exceed five (5) "
                  "seconds for any transaction)."])
    assert keys == [("other", 1.5, "seconds"), ("other", 5.0, "seconds")]


def test_seconds_outside_a_system_promise_are_no_targets() -> None:
    assert _keys(["The session will expire after 40 seconds of inactivity."]) == []
    assert _keys(["Usage is billed per second; the minimum charge is 60 seconds."]) == []


def test_maximum_data_loss_is_a_recovery_objective() -> None:
    keys = _keys(["1. Restoration of the hosted service after a disruption event: 6 hours 2. Maximum Data Loss "
                  "(stated in hours) measured from the time of the disruption event: 12 hours"])
    assert keys == [("resolution_time", 6.0, "hours"), ("other", 12.0, "hours")]
