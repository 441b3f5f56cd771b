"""SLA targets written as sentences, in English and German, and the sentences that must not become targets."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = extract_sla(make_context(*args, **kwargs), {}).get("sla", [])
    return entries


def _keys(entries: list[dict[str, Any]]) -> list[tuple[str, str | None, float, str]]:
    return [(e["metric"], e["priority"], e["target"]["value"], e["target"]["unit"]) for e in entries]


def test_response_sentence_with_severity() -> None:
    entries = _sla(["The Supplier shall respond to Severity 1 incidents within thirty (30) minutes."])
    assert _keys(entries) == [("response_time", "Severity 1", 30.0, "minutes")]
    assert entries[0]["evidence"]["text"].startswith("The Supplier shall respond")


def test_response_and_resolution_in_one_sentence() -> None:
    entries = _sla(["For P2 incidents the Provider will respond within 2 hours and restore the service within "
                    "eight (8) hours."])
    assert _keys(entries) == [("response_time", "P2", 2.0, "hours"), ("resolution_time", "P2", 8.0, "hours")]


def test_availability_per_calendar_month_with_exclusions() -> None:
    entries = _sla([
        "The Provider shall ensure an Availability of 99.9% per calendar month.",
        "Availability does not include scheduled maintenance or events of force majeure.",
    ])
    assert _keys(entries) == [("availability", None, 99.9, "percent")]
    assert entries[0]["measurement_period"] == "monthly"
    assert entries[0]["exclusions"] == ["scheduled maintenance", "force majeure"]


def test_german_availability_and_response_in_service_window() -> None:
    entries = _sla(
        [
            "Der Anbieter sichert eine Verfügbarkeit der Plattform von 99,8 % im Monatsmittel zu.",
            "Störungsmeldungen werden während der Supportzeiten (Montag bis Freitag 08:00 bis 18:00 Uhr) "
            "innerhalb von vier (4) Stunden bearbeitet (Reaktionszeit).",
        ],
        language="de",
    )
    assert _keys(entries) == [("availability", None, 99.8, "percent"), ("response_time", None, 4.0, "business_hours")]
    assert entries[0]["measurement_period"] == "monthly"
    assert entries[1]["hours_of_cover"] == "Mon-Fri 08:00-18:00"


def test_german_restoration_with_priority_label() -> None:
    entries = _sla(["Störungen der Priorität 1 werden innerhalb von 4 Stunden behoben (Wiederherstellungszeit)."],
                   language="de", pdf=False)
    assert _keys(entries) == [("resolution_time", "Priorität 1", 4.0, "hours")]


def test_round_the_clock_is_not_a_target() -> None:
    entries = _sla(["We will provide an initial response to tickets of Urgent severity within 4 hours, "
                    "24 hours a day, 7 days a week."])
    assert _keys(entries) == [("response_time", "Urgent", 4.0, "hours")]
    assert entries[0]["hours_of_cover"] == "24x7"


def test_amendment_keeps_only_the_new_target() -> None:
    entries = _sla(["The monthly Availability target for Category L sites is increased from 99.90% to 99.95%."])
    assert _keys(entries) == [("availability", None, 99.95, "percent")]


def test_list_items_under_an_uptime_lead_in() -> None:
    entries = _sla([
        "We commit that the Monthly Uptime Percentage will be at least the following:",
        "- Compute Instances: 99.95%",
        "- Object Storage: 99.9%",
    ])
    assert _keys(entries) == [("availability", None, 99.95, "percent"), ("availability", None, 99.9, "percent")]
    assert [e["service"] for e in entries] == ["Compute Instances", "Object Storage"]


def test_unnamed_targets_count_only_inside_an_sla_part() -> None:
    sentence = "Replacement toner shall be delivered to the Site within two (2) Business Days of the alert."
    first_contact = "LDS will resolve at least 70% of tickets at first contact."
    inside = _sla(["Schedule 2 – Service Levels", sentence, first_contact], headings=["Schedule 2 – Service Levels"])
    assert _keys(inside) == [("other", None, 2.0, "business_days"), ("other", None, 70.0, "percent")]
    assert _sla(["Schedule 1 – Delivery", sentence], headings=["Schedule 1 – Delivery"]) == []


def test_legal_and_commercial_periods_are_not_slas() -> None:
    assert _sla([
        "The Customer shall pay each invoice within thirty (30) days of receipt.",
        "Licensee shall respond to any audit request within ten (10) business days.",
        "A party's failure to respond to material submitted for approval within three (3) days shall be deemed "
        "an approval.",
        "The Customer may terminate if the Availability is below 93% in three consecutive months.",
        "All functionality currently available will be one hundred percent (100%) compatible.",
        "Monthly Uptime Percentage means 100% minus the share of unavailable minutes.",
    ]) == []


def test_sentence_repeating_a_table_value_is_not_duplicated() -> None:
    entries = _sla(
        ["The Provider shall ensure an availability of 99.5% in each month."],
        [[["Service", "Availability"], ["Hosting platform", "99.5%"]]],
    )
    assert _keys(entries) == [("availability", None, 99.5, "percent")]
    assert entries[0]["service"] == "Hosting platform"


def test_priority_list_in_one_sentence_after_a_lead_in() -> None:
    entries = _sla(["Incident Response Times: Priority 1 (Critical): 1 hour; Priority 2 (High): 4 hours; "
                    "Priority 3 (Medium): 1 business day."])
    assert _keys(entries) == [("response_time", "Priority 1", 1.0, "hours"),
                              ("response_time", "Priority 2", 4.0, "hours"),
                              ("response_time", "Priority 3", 1.0, "business_days")]


def test_german_priority_values_without_preposition() -> None:
    entries = _sla(["Reaktionszeiten: Priorität A 2 Stunden, Priorität B 4 Stunden, Priorität C 1 Werktag."],
                    language="de")
    assert _keys(entries) == [("response_time", "Priorität A", 2.0, "hours"),
                              ("response_time", "Priorität B", 4.0, "hours"),
                              ("response_time", "Priorität C", 1.0, "business_days")]


def test_explicit_business_unit_does_not_make_other_values_business_time() -> None:
    entries = _sla(["Supplier will acknowledge Severity 1 Incidents within 15 minutes, provide a workaround within "
                    "4 hours and a permanent fix within 5 Business Days."])
    assert _keys(entries) == [("response_time", "Severity 1", 15.0, "minutes"),
                              ("resolution_time", "Severity 1", 4.0, "hours"),
                              ("resolution_time", "Severity 1", 5.0, "business_days")]


def test_window_scoped_to_each_priority() -> None:
    entries = _sla(["Severity Response Time: Severity 1 Every Two Hours (24x7) Severity 2 Every 8 Hours (9AM-5PM PST)"])
    assert _keys(entries) == [("response_time", "Severity 1", 2.0, "hours"),
                              ("response_time", "Severity 2", 8.0, "business_hours")]
    assert entries[1]["hours_of_cover"] == "09:00-17:00"


def test_remedy_wording_splits_commitment_from_credit_band() -> None:
    assert _keys(_sla(["Provider will maintain an availability of 99.9% per month, failing which service credits "
                       "apply."])) == [("availability", None, 99.9, "percent")]
    assert _sla(["Customer will receive a credit of 10% if availability is less than 99.95% in a month."]) == []
    assert _sla(["If Availability in a month is less than 99.95% but at least 99.5%, Customer will receive a "
                 "credit of 10% of the MRC."]) == []


def test_goods_warranty_turnaround_is_not_an_sla() -> None:
    assert _sla(["Supplier shall repair or replace defective goods within 30 days of notice.",
                 "Replacement or repaired units will be returned within 14 working days of receipt."]) == []


def test_values_listed_per_priority_and_update_intervals() -> None:
    entries = _sla(["Supplier shall provide a Response within 15 minutes for Priority 1 Incidents, 1 hour for "
                    "Priority 2 Incidents and 4 hours for Priority 3 Incidents."])
    assert _keys(entries) == [("response_time", "Priority 1", 15.0, "minutes"),
                              ("response_time", "Priority 2", 1.0, "hours"),
                              ("response_time", "Priority 3", 4.0, "hours")]
    updates = _sla(["The Supplier shall respond to incidents within 2 hours and keep the Customer informed every "
                    "4 hours."])
    assert _keys(updates) == [("response_time", None, 2.0, "hours")]


def test_german_verb_at_the_end_names_the_metric() -> None:
    entries = _sla(["Störungen der Klasse A werden innerhalb von 4 Stunden, Störungen der Klasse B innerhalb von "
                    "8 Stunden und Störungen der Klasse C innerhalb von 3 Werktagen behoben."], language="de")
    assert _keys(entries) == [("resolution_time", "Klasse A", 4.0, "hours"),
                              ("resolution_time", "Klasse B", 8.0, "hours"),
                              ("resolution_time", "Klasse C", 3.0, "business_days")]
