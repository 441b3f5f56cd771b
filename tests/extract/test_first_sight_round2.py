"""Shapes the fresh dev batches 2026-12-07g/h missed at first sight, as made-up documents: duration ranges,
business minutes, a section's hours of cover as a label, credit caps in tables and prose, reductions that are no
credits, conditions that a target is missed, amounts that are no party, and a heading teasing a price."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.parties.parties import extract_parties
from docsvc.extract.extractors.pricing.items import extract_pricing
from docsvc.extract.extractors.sla.credits import extract_credits
from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(paragraphs: list[str], tables: list[list[list[str]]] | None = None, language: str = "en",
         headings: list[str] | None = None) -> list[tuple[Any, ...]]:
    ctx = make_context(paragraphs, tables or [], language=language, pdf=False, headings=headings or [])
    return [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in extract_sla(ctx, {}).get("sla", [])]


def test_a_duration_range_commits_to_its_upper_bound_but_a_priority_keeps_its_number() -> None:
    heading = ["Service Level Agreement"]
    assert _sla(heading + ["Level 3 (Normal): Response time: Within 24 to 48 business hours."], headings=heading) \
        == [("response_time", 48.0, "business_hours")]
    assert _sla(heading + ["Antwort innerhalb von 2-4 Stunden."], language="de", headings=heading) == [
        ("response_time", 4.0, "hours")]
    assert _sla(heading, [[["Priority", "Response time"], ["Severity 1 - 4 hours", ""], ["Severity 2", "8 hours"]]],
                headings=heading) == [("response_time", 8.0, "hours")]


def test_business_minutes_are_minutes() -> None:
    heading = ["Service Level Agreement"]
    assert _sla(heading + ["Critical: initial response within 30 business minutes of becoming aware of it."],
                headings=heading) == [("response_time", 30.0, "minutes")]


def test_the_sections_hours_of_support_label_puts_its_table_in_business_hours() -> None:
    found = _sla(["Gold Support", "Hours of Support: Business Hours"],
                 [[["Severity", "Response Time"], ["Severity 1", "4 Hours"], ["Severity 2", "12 Hours"]]],
                 headings=["Gold Support"])
    assert found == [("response_time", 4.0, "business_hours"), ("response_time", 12.0, "business_hours")]
    # further up the plan's feature list, and beside a cell in business days of its own
    found = _sla(["Gold Support", "Hours of Support: Business Hours", "Unlimited Support Tickets",
                  "3 Named Company Support Specialists", "Phone and email", "Response Times:"],
                 [[["Severity", "Response Time"], ["Severity 1", "4 Hours"], ["Severity 3", "Next Business Day"]]],
                 headings=["Gold Support"])
    assert found == [("response_time", 4.0, "business_hours"), ("response_time", 1.0, "business_days")]


def test_a_condition_that_a_target_is_missed_is_no_target() -> None:
    heading = ["Service Level Agreement"]
    assert _sla(heading + ["If an incident is not fixed within 4 hours, it is escalated to the duty manager. "
                           "Critical incidents are resolved within 8 hours."], headings=heading) == [
        ("resolution_time", 8.0, "hours")]
    assert _sla(heading + ["Falls die Störung nicht innerhalb von 6 Stunden behoben ist, informieren wir den "
                           "Kunden."], language="de", headings=heading) == []


def _credits(paragraphs: list[str], tables: list[list[list[str]]] | None = None) -> list[float | None]:
    ctx = make_context(["Service Credits", *paragraphs], tables or [], headings=["Service Credits"], pdf=False)
    return [c.get("credit_percent") for c in extract_credits(ctx, {}).get("service_credits", [])]


def test_credit_caps_in_cells_rows_and_prose_are_no_tiers() -> None:
    assert _credits([], [[["Penalty", "Non-Prod", "Prod"],
                          ["The maximum amount of penalty per month for violating the SLA",
                           "No more than 10% of the monthly cost of service",
                           "No more than 20% of the monthly cost of service"]]]) == []
    ctx = make_context(["Service Credits", "Customer shall be entitled to a Service Credit not to exceed in any "
                        "particular Calendar Month 10% of the monthly fees paid for the Service."],
                       headings=["Service Credits"], pdf=False)
    found = extract_credits(ctx, {})
    assert found.get("service_credits", []) == []
    assert found["service_credit_cap"]["value"]["percent"] == 10.0


def test_reducing_something_other_than_a_fee_is_no_credit() -> None:
    assert _credits(["Our monitoring reduces incidents by 60% after an outage in the first six months."]) == []
    assert _credits(["After an outage the monthly fee is reduced by 10%."]) == [10.0]


def test_an_amount_is_nobodys_name_and_a_teaser_heading_is_one_price() -> None:
    ctx = make_context(["Was kostet eine Website?", "Bei mir ab 1.500 Euro!",
                        "Mein Einstiegspreis von 1.500 Euro bezieht sich auf die Einrichtung Deiner Website."],
                       headings=["Was kostet eine Website?", "Bei mir ab 1.500 Euro!"], language="de", pdf=False)
    assert extract_parties(ctx, {}).get("parties", []) == []
    assert [i["unit_price"] for i in extract_pricing(ctx, {})["pricing"]["items"]] == ["1500"]


def test_a_price_kept_by_a_price_protection_clause_counts_once() -> None:
    ctx = make_context(["Fees", "Standard Per-User Rate: $22.99 USD per user per month.",
                        "Price Protection: Standard rate ($22.99/user/month) locked for duration of initial term."],
                       headings=["Fees"], pdf=False)
    assert [i["unit_price"] for i in extract_pricing(ctx, {})["pricing"]["items"]] == ["22.99"]


def test_a_provider_named_in_the_closing_acceptance_block() -> None:
    paragraphs = ["Exhibit B – Service Level Agreement", *[f"Clause {n} applies as agreed." for n in range(130)],
                  "ACCEPTANCE", "Customer: _______________ Date: _______________",
                  "Provider: Meshwork Analytics, Inc. Date: _______________"]
    ctx = make_context(paragraphs, headings=["Exhibit B – Service Level Agreement", "ACCEPTANCE"], pdf=False)
    assert [(p["name"], p["role"]) for p in extract_parties(ctx, {}).get("parties", [])] == [
        ("Meshwork Analytics, Inc.", "supplier")]


def test_api_seconds_turnaround_tables_and_update_cadences_are_other_objectives() -> None:
    heading = ["Data Processing SLAs"]
    found = _sla(heading, [
        [["Metric", "Target", "Measurement"], ["API Response Time (p99)", "< 2000ms", "Monthly average"],
         ["AI Query Response", "< 30 seconds", "95th percentile"]],
        [["Operation", "Completion Target"], ["Data Export Request", "48 hours"], ["Data Deletion Request", "30 days"]],
    ], headings=heading)
    assert found == [("other", 2.0, "seconds"), ("other", 30.0, "seconds"), ("other", 48.0, "hours"),
                     ("other", 30.0, "days")]
    assert _sla(["Service Level Agreement", "4.2 Emergency Maintenance",
                 "• Communication: Status page updates every 30 minutes"],
                headings=["Service Level Agreement", "4.2 Emergency Maintenance"]) == [("other", 30.0, "minutes")]


def test_a_definition_line_naming_a_workaround_is_no_table_header() -> None:
    # "workaround" and "available" are column words of a text table's header line ("Severity  Response  Workaround"),
    # but "Definition: ..., workaround available" is a field and its value (it made the list below it resolution
    # times); a header line still reads as one.
    from docsvc.extract.extractors.sla.text_tables import _header_columns

    assert _header_columns("Definition: Minor feature issue, workaround available", "en") == []
    assert _header_columns("Severity   Response   Workaround", "en") == ["response_time", "resolution_time"]


def test_response_promises_in_other_words() -> None:
    # "Rückmeldung", "melde mich ... zurück", "Support innerhalb von": a first-person offer's response time
    assert _sla(["Webentwicklung im Abo", "Enthalten sind:", "• persönlicher Support innerhalb von 24 Stunden."],
                language="de", headings=["Webentwicklung im Abo"]) == [("response_time", 24.0, "hours")]
    assert _sla(["Support", "Support within 24 hours is included in every plan."], headings=["Support"]) == [
        ("response_time", 24.0, "hours")]


def test_a_metric_column_counted_in_support_hours_and_a_lead_in_naming_the_window() -> None:
    heading = ["Premium Support"]
    table = [["Priority", "Response time during support hours"], ["P1", "1 hour"], ["P2", "4 hours"]]
    assert _sla(heading, [table], headings=heading) == [
        ("response_time", 1.0, "business_hours"), ("response_time", 4.0, "business_hours")]
    lead = "Between normal hours of operation please see below for the maximum expected response time:"
    items = ["Urgent - 1 hour", "High - 2 hours"]
    ctx = make_context(["Severity levels", lead, *items], headings=["Severity levels"], list_items=items, pdf=False)
    found = [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in extract_sla(ctx, {})["sla"]]
    assert found == [("response_time", 1.0, "business_hours"), ("response_time", 2.0, "business_hours")]


def test_values_paired_with_named_priorities_in_brackets() -> None:
    item = "Priority response times (30 min for critical, 2 hours for high)"
    ctx = make_context(["Service Level Agreement", item], headings=["Service Level Agreement"], list_items=[item],
                       pdf=False)
    found = [(e["metric"], e["priority"], e["target"]["value"], e["target"]["unit"])
             for e in extract_sla(ctx, {})["sla"]]
    assert found == [("response_time", "Critical", 30.0, "minutes"), ("response_time", "High", 2.0, "hours")]


def test_label_free_probe_classes() -> None:
    # Found by benchmarks/sla_recall_probe.py and a reading of the records on unlabelled fresh pages.
    heading = ["Service Level Agreement"]
    # a two-column table of labels and uptime levels whose first pair the converter made the header
    assert _sla(heading, [[["Service Level", "99.95%"], ["DB Cluster, read", "99.99%"], ["Ice Storage", "99.98%"]]],
                headings=heading) == [("availability", 99.95, "percent"), ("availability", 99.99, "percent"),
                                      ("availability", 99.98, "percent")]
    # a worked example, a ticket closed for the customer's silence, and "replies"
    assert _sla(heading + ["For clarity, twenty-two (22) minutes of downtime in a 30-day month would result in "
                           "an availability of 99.94%.", "After 30 days of non-response by you, we will "
                           "automatically close the ticket.", "Please allow up to 24 hours for replies to support "
                           "tickets."], headings=heading) == [("response_time", 24.0, "hours")]
    # "Compensation, % of Service Fee" heads a credit column: its percentages are credits, not availability
    table = [["Monthly Uptime Percentage", "Compensation, % of Service Fee"], ["99.0% – 99.95%", "10%"],
             ["< 95.0%", "30%"]]
    assert _sla(heading, [table], headings=heading) == []
    assert _credits([], [table]) == [10.0, 30.0]


def test_plans_not_offering_every_priority_and_channels_under_a_lead_in_metric() -> None:
    heading = ["Support"]
    lead = "Initial response times by severity and plan:"
    table = [["Severity Level", "Trial", "Scale"], ["Severity 1", "Not available", "1 hour"],
             ["Severity 2", "Not available", "2 hours"], ["Severity 3", "1 business day", "1 business day"]]
    assert _sla(heading + [lead], [table], headings=heading) == [
        ("response_time", 1.0, "hours"), ("response_time", 2.0, "hours"), ("response_time", 1.0, "business_days"),
        ("response_time", 1.0, "business_days")]
    lead = "The expected support specialist response time is shown in the table below."
    table = [["Channel", "Standard", "Premium"], ["Chat", "15 minutes", "5 minutes"], ["Phone", "-", "10 minutes"]]
    assert _sla(heading + [lead], [table], headings=heading) == [
        ("response_time", 15.0, "minutes"), ("response_time", 5.0, "minutes"), ("response_time", 10.0, "minutes")]


def test_a_percentage_sla_or_level_is_availability() -> None:
    heading = ["Service Level"]
    found = _sla(heading + ["Enterprise: 99,99 %-Level für Produktionsumgebungen."], language="de",
                 headings=heading)
    assert found == [("availability", 99.99, "percent")]
