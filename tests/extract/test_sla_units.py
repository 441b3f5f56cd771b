"""Duration units an SLA counts in business time, and number words in front of them (own wording)."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.normalize.durations import find_durations, words_to_digits
from tests.fixtures.contexts import make_context


@pytest.mark.parametrize(("text", "amount", "business"), [
    ("within two Support Days after the report", "2", True),
    ("no later than one service day", "1", True),
    ("within 3 calendar days", "3", False),
    ("innerhalb von zwei Werktagen", "2", True),
])
def test_contract_defined_days_are_business_days(text: str, amount: str, business: bool) -> None:
    language = "de" if "Werktag" in text else "en"
    found = find_durations(words_to_digits(text, language), language)
    assert [(str(d.amount), d.business) for d in found] == [(amount, business)]


def test_support_days_in_a_severity_sentence() -> None:
    ctx = make_context(["Severity 3 problems: diagnosis starts within two Support Days and the problem is resolved "
                        "within ten Support Days."])
    entries = extract_sla(ctx, {}).get("sla", [])
    assert (2.0, "business_days") in [(e["target"]["value"], e["target"]["unit"]) for e in entries]
    assert (10.0, "business_days") in [(e["target"]["value"], e["target"]["unit"]) for e in entries]


def _values(paragraphs: list[str], tables: list[list[list[str]]] | None = None, language: str = "en",
            headings: list[str] | None = None) -> list[tuple[str, float, str]]:
    ctx = make_context(paragraphs, tables or [], language=language, headings=headings or [])
    return sorted((e["metric"], e["target"]["value"], e["target"]["unit"])
                  for e in extract_sla(ctx, {}).get("sla", []))


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Die Hotline reagiert werktags binnen 3 Stunden auf jede Störungsmeldung.", "de",
     [("response_time", 3.0, "business_hours")]),
    ("Auf Störungsmeldungen reagieren wir innerhalb von 6 Stunden an Werktagen.", "de",
     [("response_time", 6.0, "business_hours")]),
    ("The help desk responds to incidents on working days within 5 hours.", "en",
     [("response_time", 5.0, "business_hours")]),
    ("Incidents reported on weekdays are responded to within 5 hours.", "en", [("response_time", 5.0, "hours")]),
])
def test_business_window_adverbs_in_sentences(text: str, language: str, expected: list[tuple[str, float, str]]) -> None:
    assert _values([text], language=language) == expected


def test_all_times_statement_over_a_table_with_business_units_de() -> None:
    values = _values(["Reaktion", "Sämtliche folgenden Reaktionszeiten laufen innerhalb der Geschäftszeiten."],
                     [[["Priorität", "Reaktionszeit"], ["Hoch", "3 Stunden"], ["Niedrig", "2 Werktage"]]],
                     language="de", headings=["Reaktion"])
    assert values == [("response_time", 2.0, "business_days"), ("response_time", 3.0, "business_hours")]


@pytest.mark.parametrize(("text", "amount"), [("less than three workdays", "3"), ("within 2 work days", "2"),
                                              ("innerhalb von 4 Arbeitstagen", "4")])
def test_workdays_are_business_days(text: str, amount: str) -> None:
    language = "de" if "Arbeitstag" in text else "en"
    found = find_durations(words_to_digits(text, language), language)
    assert [(str(d.amount), d.unit, d.business) for d in found] == [(amount, "day", True)]


def test_row_takes_the_value_that_fits_its_metric() -> None:
    values = _values([], [[
        ["Portal availability", "Mon-Fri", "Alarm raised within 10 minutes", "97.5% per month"],
        ["Mail availability", "24x7", "Alarm raised within 5 minutes", "99.2% per month"],
    ]])
    assert ("availability", 97.5, "percent") in values and ("availability", 99.2, "percent") in values


@pytest.mark.parametrize(("text", "seconds"), [("p99 under 250 ms", "0.25"), ("max. 40 Millisekunden", "0.04"),
                                               ("1500 milliseconds", "1.5")])
def test_milliseconds_read_as_seconds(text: str, seconds: str) -> None:
    language = "de" if "Milli" in text else "en"
    assert [(str(d.amount.normalize()), d.unit) for d in find_durations(text, language)] == [(seconds, "second")]


@pytest.mark.parametrize("text", ["10 MS-Teams licences", "Office 365 MS"])
def test_ms_in_capitals_is_no_unit(text: str) -> None:
    assert find_durations(text, "en") == []


@pytest.mark.parametrize(("paragraphs", "language", "expected"), [
    (["Performance", "Search API response time: < 300ms at the 95th percentile."], "en",
     [("other", 0.3, "seconds")]),
    (["Service Level", "Die Antwortzeit der Schnittstelle beträgt höchstens 80 ms."], "de",
     [("other", 0.08, "seconds")]),
    (["Service Levels", "Page rendering time must not be above 800ms for logged-in users."], "en",
     [("other", 0.8, "seconds")]),
])
def test_sub_second_targets_are_latency(paragraphs: list[str], language: str,
                                        expected: list[tuple[str, float, str]]) -> None:
    assert _values(paragraphs, language=language, headings=[paragraphs[0]]) == expected


def test_latency_row_in_an_sla_table() -> None:
    values = _values(["Service levels"], [[["Service level", "Target"], ["Checkout API response (p95)", "< 350 ms"],
                                           ["Incident response", "1 hour"]]], headings=["Service levels"])
    assert values == [("other", 0.35, "seconds"), ("response_time", 1.0, "hours")]


@pytest.mark.parametrize(("paragraphs", "expected"), [
    (["Team plan", "Reaction time: 6 hours"], [("response_time", 6.0, "hours")]),
    (["Gold plan", "Acknowledgement time: 3 business hours"], [("response_time", 3.0, "business_hours")]),
    (["Starter", "Time to first response: 45 minutes"], [("response_time", 45.0, "minutes")]),
])
def test_named_time_metrics_without_incident_words(paragraphs: list[str],
                                                    expected: list[tuple[str, float, str]]) -> None:
    assert _values(paragraphs, headings=[paragraphs[0]]) == expected


@pytest.mark.parametrize(("text", "language"), [
    ("Downtime: periods in which the error rate is at least 5% over a minute.", "en"),
    ("Ein Ausfall liegt vor, wenn die Fehlerquote mindestens 5 % beträgt.", "de"),
])
def test_values_in_a_definitions_section_are_no_targets(text: str, language: str) -> None:
    def run(heading: str) -> list[tuple[str, float, str]]:
        return _values(["Service Level Agreement", heading, text], language=language,
                       headings=["Service Level Agreement", heading])

    assert run("Service Levels") == [("other", 5.0, "percent")]  # a bound stated in an SLA part
    assert run("Definitions" if language == "en" else "2. Begriffsbestimmungen") == []


@pytest.mark.parametrize(("text", "language", "priorities"), [
    ("The response time for urgent requests is one hour, for low requests eight business hours.", "en",
     ["Urgent", "Low"]),
    ("Auf dringende Anfragen reagieren wir binnen zwei Stunden.", "de", ["Dringende"]),
])
def test_named_priority_of_requests(text: str, language: str, priorities: list[str]) -> None:
    entries = extract_sla(make_context([text], language=language), {}).get("sla", [])
    assert [e["priority"] for e in entries] == priorities


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Response time for Severity 2: half a business day.", "en", [("response_time", 0.5, "business_days")]),
    ("Störungen der Klasse 2: Reaktion innerhalb eines halben Werktages.", "de",
     [("response_time", 0.5, "business_days")]),
])
def test_half_a_business_day(text: str, language: str, expected: list[tuple[str, float, str]]) -> None:
    assert _values([text], language=language) == expected
