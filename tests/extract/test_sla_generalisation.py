"""SLA targets in real-world wording the dev sets do not contain: cloud and hosting SLAs, support-desk severity
tables, German telecom "Entstörfrist" clauses and hosting AGB. Excerpts are short paraphrases of public material,
plus negatives that share the wording of SLA targets without being one."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(*args: Any, **kwargs: Any) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = extract_sla(make_context(*args, **kwargs), {}).get("sla", [])
    return entries


def _keys(entries: list[dict[str, Any]]) -> list[tuple[str, float, str]]:
    return [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in entries]


# --- sentences, English ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected", "period"), [
    ("We commit to maintaining a service availability of 99.9% during any calendar month.", 99.9, "monthly"),
    ("We commit to 99.999% uptime (monthly) for the following services:", 99.999, "monthly"),
    ("AWS will use commercially reasonable efforts to make the Compute Service available with a Monthly Uptime "
     "Percentage of at least 99.99%, in each case during any monthly billing cycle.", 99.99, "monthly"),
    ("The Hosted Service will be available at least 99.5% of the time in any calendar quarter.", 99.5, "quarterly"),
    ("Network Availability: 99.95% (measured quarterly).", 99.95, "quarterly"),
    ("Provider guarantees an uptime of not less than ninety-nine and one half percent (99.5%) per year.", 99.5,
     "annual"),
])
def test_availability_sentences_en(text: str, expected: float, period: str) -> None:
    entries = _sla([text])
    assert _keys(entries) == [("availability", expected, "percent")]
    assert entries[0]["measurement_period"] == period


def test_response_list_under_lead_in() -> None:
    entries = _sla([
        "We commit to the following response times for support requests:",
        "- Critical issues: 1 hour",
        "- High priority: 4 hours",
        "- Medium priority: 24 hours",
        "- Low priority: 48 hours",
    ])
    assert _keys(entries) == [("response_time", v, "hours") for v in (1.0, 4.0, 24.0, 48.0)]


@pytest.mark.parametrize(("text", "expected"), [
    ("1-hour response time for critical issues", [("response_time", 1.0, "hours")]),
    ("15-minute response for critical issues", [("response_time", 15.0, "minutes")]),
    ("Severity 1 incidents will be acknowledged within 15 minutes, 24x7.", [("response_time", 15.0, "minutes")]),
    ("Priority 2 tickets shall be responded to within two (2) Business Hours.",
     [("response_time", 2.0, "business_hours")]),
    ("Mean Time to Repair (MTTR) for Priority 1 faults: 4 hours.", [("resolution_time", 4.0, "hours")]),
    ("The target time to restore service for a P1 fault is five (5) hours.", [("resolution_time", 5.0, "hours")]),
    ("The Response Time for P1 incidents is < 30 min.", [("response_time", 30.0, "minutes")]),
    ("Service requests will be fulfilled within five (5) Business Days.", []),
])
def test_time_sentences_en(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert _keys(_sla([text])) == expected


# --- sentences, German -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected", "period"), [
    ("IT-DW sichert für Managed Services eine Verfügbarkeit von 99,9% im Monatsmittel zu.", 99.9, "monthly"),
    ("Der Anbieter gewährleistet eine Verfügbarkeit der Server von 99 % im Jahresmittel, ausgenommen geplante "
     "Wartungszeiten.", 99.0, "annual"),
    ("Serviceverfügbarkeit ≥ 99,5 % pro Kalendermonat", 99.5, "monthly"),
    ("Die Services müssen mit einer Verfügbarkeit von mindestens 98 % bereitgestellt werden (monatlich gemessen, "
     "ohne planmäßige Wartungsarbeiten).", 98.0, "monthly"),
    ("Die mittlere Verfügbarkeit des Anschlusses beträgt 99,5 % im Jahresdurchschnitt.", 99.5, "annual"),
])
def test_availability_sentences_de(text: str, expected: float, period: str) -> None:
    entries = _sla([text], language="de")
    assert _keys(entries) == [("availability", expected, "percent")]
    assert entries[0]["measurement_period"] == period


@pytest.mark.parametrize(("text", "expected"), [
    ("Die Entstörfrist beträgt 8 Stunden.", [("resolution_time", 8.0, "hours")]),
    ("Störungen in Form eines vollständigen Leistungsausfalls werden in der Regel innerhalb der Entstörfrist von "
     "12h behoben.", [("resolution_time", 12.0, "hours")]),
    ("Die Reaktionszeit beträgt maximal 4 Stunden innerhalb der Servicezeit.",
     [("response_time", 4.0, "business_hours")]),
    ("Reaktionszeit P1: ≤ 4 Stunden", [("response_time", 4.0, "hours")]),
    ("Der Anbieter beseitigt Störungen der Priorität 1 binnen sechs Stunden.", [("resolution_time", 6.0, "hours")]),
    ("Diese Mitteilung erfolgt in der Regel innerhalb von längstens 8 Stunden (Reaktionszeit) ab der "
     "Störungsmeldung.", [("response_time", 8.0, "hours")]),
    ("Die Störung wird spätestens am nächsten Werktag behoben.", [("resolution_time", 1.0, "business_days")]),
])
def test_time_sentences_de(text: str, expected: list[tuple[str, float, str]]) -> None:
    assert _keys(_sla([text], language="de")) == expected


# --- tables ------------------------------------------------------------------------------------------------------

def test_severity_table_with_description_and_abbreviated_hours() -> None:
    entries = _sla([], [[
        ["Severity", "Description of Severity Level", "Target Time to Response", "Target Time to Resolution"],
        ["Severity 1 (S1)", "Complete Loss of Service", "2hrs", "4hrs"],
        ["Severity 2 (S2)", "Major Loss of Functionality", "4hrs", "24hrs"],
    ]])
    assert [(e["metric"], e["priority"], e["target"]["value"], e["target"]["unit"]) for e in entries] == [
        ("response_time", "Severity 1", 2.0, "hours"), ("resolution_time", "Severity 1", 4.0, "hours"),
        ("response_time", "Severity 2", 4.0, "hours"), ("resolution_time", "Severity 2", 24.0, "hours"),
    ]


def test_priority_table_with_release_cells_and_support_hours() -> None:
    entries = _sla([], [[
        ["Priority Code", "Priority Definition", "Target Response Times", "Target Resolution Times", "Support Hours"],
        ["P1 – Urgent (Severity 1)", "A critical failure of the Services.", "1 hours", "4 hours", "7.5/5"],
        ["P3 – Medium (Severity 3)", "The Error limits the functionality.", "8 hours", "Next Release", "7.5/5"],
    ]])
    assert [(e["metric"], e["priority"], e["target"]["value"]) for e in entries] == [
        ("response_time", "P1", 1.0), ("resolution_time", "P1", 4.0), ("response_time", "P3", 8.0),
    ]


def test_incident_type_rows_with_business_units() -> None:
    entries = _sla([], [[
        ["Severity", "Response", "Resolution"],
        ["Emergency Incident", "1 business hour", "3 business hours"],
        ["Work Stoppage Incident", "2 business hours", "1 business day"],
        ["Inconvenience Incident", "2 business days", "5 business days"],
    ]])
    assert _keys(entries) == [
        ("response_time", 1.0, "business_hours"), ("resolution_time", 3.0, "business_hours"),
        ("response_time", 2.0, "business_hours"), ("resolution_time", 1.0, "business_days"),
        ("response_time", 2.0, "business_days"), ("resolution_time", 5.0, "business_days"),
    ]
    assert entries[0]["priority"] == "Emergency"  # the level word, as for "medium during working hours"


def test_status_table_with_named_levels() -> None:
    entries = _sla([], [[
        ["Status", "Description", "Response", "Resolution"],
        ["Critical", "20 or more users unable to use a critical system.", "30 minutes", "2 hours"],
        ["Medium", "A problem that affects a user's ability to use a service.", "4 hours", "2 business days"],
    ]])
    assert [(e["metric"], e["priority"], e["target"]["value"], e["target"]["unit"]) for e in entries] == [
        ("response_time", "Critical", 30.0, "minutes"), ("resolution_time", "Critical", 2.0, "hours"),
        ("response_time", "Medium", 4.0, "hours"), ("resolution_time", "Medium", 2.0, "business_days"),
    ]


def test_units_in_headers() -> None:
    entries = _sla([], [[
        ["Priority", "Response (hrs)", "Resolution (hrs)"],
        ["P1", "1", "4"],
        ["P2", "2", "8"],
    ]])
    assert _keys(entries) == [("response_time", 1.0, "hours"), ("resolution_time", 4.0, "hours"),
                              ("response_time", 2.0, "hours"), ("resolution_time", 8.0, "hours")]


def test_availability_per_service_table() -> None:
    entries = _sla([], [[
        ["Service", "Monthly Uptime Commitment"],
        ["Compute", "99.99%"],
        ["Object Storage", "99.9%"],
    ]])
    assert [(e["service"], e["metric"], e["target"]["value"]) for e in entries] == [
        ("Compute", "availability", 99.99), ("Object Storage", "availability", 99.9)]


def test_german_priority_table_with_bounds() -> None:
    entries = _sla([], [[
        ["Priorität", "Beschreibung", "Reaktionszeit"],
        ["P1 – Kritisch", "Kompletter Ausfall", "≤ 4 Stunden"],
        ["P2 – Hoch", "Wichtige Funktionen gestört", "≤ 8 Stunden"],
        ["P4 – Niedrig", "Allgemeine Anfragen", "≤ 48 Stunden"],
    ]], language="de")
    assert [(e["priority"], e["target"]["value"]) for e in entries] == [("P1", 4.0), ("P2", 8.0), ("P4", 48.0)]
    assert {e["metric"] for e in entries} == {"response_time"}


def test_german_fehlerklasse_table_with_abbreviations() -> None:
    entries = _sla([], [[
        ["Fehlerklasse", "Reaktionszeit", "Wiederherstellungszeit"],
        ["1 (betriebsverhindernd)", "2 Std.", "8 Std."],
        ["2 (betriebsbehindernd)", "4 Std.", "2 AT"],
    ]], language="de")
    assert _keys(entries) == [("response_time", 2.0, "hours"), ("resolution_time", 8.0, "hours"),
                              ("response_time", 4.0, "hours"), ("resolution_time", 2.0, "business_days")]


def test_german_transposed_service_classes() -> None:
    entries = _sla([], [[
        ["Leistungsmerkmal", "Start", "Plus", "Premium"],
        ["Reaktionszeit", "6 Stunden", "4 Stunden", "2 Stunden"],
        ["Verfügbarkeit", "99,5 %", "99,7 %", "99,9 %"],
    ]], language="de")
    assert _keys(entries) == [
        ("response_time", 6.0, "hours"), ("response_time", 4.0, "hours"), ("response_time", 2.0, "hours"),
        ("availability", 99.5, "percent"), ("availability", 99.7, "percent"), ("availability", 99.9, "percent"),
    ]
    assert [e["priority"] for e in entries[:3]] == ["Start", "Plus", "Premium"]


# --- negatives ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "language"), [
    ("Customer shall pay all invoices within 30 days of receipt.", "en"),
    ("Either party may terminate this Agreement upon ninety (90) days' written notice.", "en"),
    ("Credit requests must be submitted within 30 days of the incident; we will verify and respond within 15 "
     "business days.", "en"),
    ("Scheduled maintenance will be announced at least 48 hours in advance.", "en"),
    ("Customer must notify the Company in writing within 24 hours of the downtime to receive a credit.", "en"),
    ("Uptime % = (Total Minutes − Downtime Minutes) / Total Minutes × 100", "en"),
    ("Downtime occurs when services are unavailable for 5 or more consecutive minutes.", "en"),
    ("If the Services are available for less than 99.5% of the time in a month, the provider will subtract 5% from "
     "the fees.", "en"),
    ("Backups are retained for 30 days and can be restored on request.", "en"),
    ("Licensee shall correct any inaccuracy in the reports within ten (10) days after notice.", "en"),
    ("Sie haben das Recht, binnen vierzehn Tagen ohne Angabe von Gründen diesen Vertrag zu widerrufen.", "de"),
    ("Die Kosten des Verfahrens tragen die Beschwerdeführerin zu 77 % und die Behörde zu 23 %.", "de"),
    ("Mängel der Lieferung sind innerhalb von 8 Tagen nach Erhalt schriftlich anzuzeigen.", "de"),
])
def test_not_sla_targets(text: str, language: str) -> None:
    assert _sla([text], language=language) == []


# --- more drafting variants --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Provider shall restore the Service within four (4) hours of notification of a Priority 1 Incident.", "en",
     [("resolution_time", 4.0, "hours")]),

    ("All Severity 1 Incidents shall be Resolved within 4 hours of being reported.", "en",
     [("resolution_time", 4.0, "hours")]),
    ("The Supplier shall meet an Availability Service Level of 99.8% measured monthly.", "en",
     [("availability", 99.8, "percent")]),
    ("The monthly availability of the Network shall be at least 99.95%.", "en", [("availability", 99.95, "percent")]),
    ("We guarantee 100% network uptime.", "en", [("availability", 100.0, "percent")]),
    ("Response Times: Priority 1 – 30 minutes; Priority 2 – 2 hours; Priority 3 – 8 hours.", "en",
     [("response_time", 30.0, "minutes"), ("response_time", 2.0, "hours"), ("response_time", 8.0, "hours")]),
    ("The Service Level for Incident Response (Priority 1) is 15 minutes.", "en", [("response_time", 15.0, "minutes")]),
    ("Störungen der Störungsklasse 1 werden innerhalb von 4 Stunden nach Eingang der Störungsmeldung beseitigt.", "de",
     [("resolution_time", 4.0, "hours")]),
    ("Der Auftragnehmer reagiert auf Meldungen der Priorität „hoch“ innerhalb von 2 Stunden.", "de",
     [("response_time", 2.0, "hours")]),
    ("Die Verfügbarkeit des Rechenzentrums beträgt 99,98 % bezogen auf das Kalenderjahr.", "de",
     [("availability", 99.98, "percent")]),
    ("Die Netzverfügbarkeit liegt bei mindestens 99,7 % im Jahresdurchschnitt.", "de",
     [("availability", 99.7, "percent")]),
])
def test_drafting_variants(text: str, language: str, expected: list[tuple[str, float, str]]) -> None:
    assert _keys(_sla([text], language=language)) == expected


def test_german_schweregrad_table() -> None:
    entries = _sla([], [[
        ["Schweregrad", "Reaktionszeit", "Lösungszeit"],
        ["Blocker", "30 Minuten", "4 Stunden"],
        ["Kritisch", "1 Stunde", "8 Stunden"],
    ]], language="de")
    assert [(e["metric"], e["priority"], e["target"]["value"], e["target"]["unit"]) for e in entries] == [
        ("response_time", "Blocker", 30.0, "minutes"), ("resolution_time", "Blocker", 4.0, "hours"),
        ("response_time", "Kritisch", 1.0, "hours"), ("resolution_time", "Kritisch", 8.0, "hours"),
    ]


def test_cover_column_decides_business_units() -> None:
    entries = _sla([], [[
        ["Severity", "Initial Response", "Update Frequency", "Support Hours"],
        ["Severity 1", "1 hour", "Every 2 hours", "24x7"],
        ["Severity 3", "8 hours", "Daily", "Business Hours"],
    ]])
    # The update cadence is an "other" service level (label convention: status-update cadence is "other").
    assert _keys(entries) == [("response_time", 1.0, "hours"), ("other", 2.0, "hours"),
                              ("response_time", 8.0, "business_hours")]
    assert [e["hours_of_cover"] for e in entries] == ["24x7", "24x7", None]


def test_derived_downtime_column_is_no_target() -> None:
    entries = _sla([], [[
        ["Service Class", "Availability", "Max. downtime per month"],
        ["Gold", "99.95%", "22 min"],
        ["Silver", "99.5%", "3.6 h"],
    ]])
    assert [(e["priority"], e["metric"], e["target"]["value"]) for e in entries] == [
        ("Gold", "availability", 99.95), ("Silver", "availability", 99.5)]


@pytest.mark.parametrize(("text", "language"), [
    ("The Licensee shall pay royalties of 5% of Net Sales within 45 days after the end of each quarter.", "en"),
    ("Provider will respond to any notice of breach within ten (10) Business Days.", "en"),
    ("Equipment shall be available for delivery within 6 weeks of order.", "en"),
    ("Interest on late payments accrues at 1.5% per month.", "en"),
    ("The product has been available in 45% of retail stores since 2019.", "en"),
    ("Der Kunde hat Mängel innerhalb von 5 Werktagen schriftlich zu rügen.", "de"),
    ("Die Rechnung ist innerhalb von 14 Tagen ohne Abzug zahlbar.", "de"),
    ("Die Ware ist innerhalb von 3 Wochen nach Bestellung lieferbar und verfügbar.", "de"),
])
def test_more_non_targets(text: str, language: str) -> None:
    assert _sla([text], language=language) == []


def test_text_table_with_one_time_column_and_descriptions() -> None:
    entries = _sla([
        "Reaktionszeiten",
        "Priorität Beschreibung Reaktionszeit",
        "P1 – Kritisch Kompletter Ausfall ≤ 4 Stunden",
        "P2 – Hoch Wichtige Funktionen gestört ≤ 8 Stunden",
        "P3 – Mittel Teilstörungen ≤ 24 Stunden",
    ], language="de")
    assert [(e["metric"], e["priority"], e["target"]["value"]) for e in entries] == [
        ("response_time", "P1", 4.0), ("response_time", "P2", 8.0), ("response_time", "P3", 24.0)]
