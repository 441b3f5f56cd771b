"""Negative context as data: examples, calculations, surcharges, working-hour limits, caps and liability are
never SLA targets or prices; a fee per started interval is a price, not a resolution time; identical rows once."""

from __future__ import annotations

from typing import Any

import pytest

from docsvc.extract.extractors import deep_merge, registered
from docsvc.extract.extractors.pricing.common import classify_frequency, started_interval
from docsvc.extract.negative_context import (
    NOT_CREDIT,
    NOT_PRICE,
    NOT_SLA,
    excluded,
    excluded_caption,
    negative_kinds,
)
from tests.fixtures.contexts import make_context


def _run(paragraphs: list[str], tables: Any = (), language: str = "en",
         headings: tuple[str, ...] = ()) -> dict[str, Any]:
    ctx = make_context(paragraphs, tables, language=language, headings=headings)
    data: dict[str, Any] = {}
    for spec in registered():
        deep_merge(data, spec.fn(ctx, data))
    return data


@pytest.mark.parametrize(("text", "language"), [
    ("For example, if availability is 98% in a month, the customer receives a credit of 10%.", "en"),
    ("Beispiel: Bei einer Verfügbarkeit von 99,0 % beträgt die Gutschrift 5 %.", "de"),
    ("Zum Beispiel: wird eine Störung der Priorität 1 erst nach 6 Stunden behoben, ...", "de"),
    ("Work outside business hours is charged with a surcharge of 100 % of the hourly rate of EUR 95.00.", "en"),
    ("Für Einsätze außerhalb der Servicezeit wird ein Aufschlag von 100 % berechnet.", "de"),
    ("Availability = (Total Minutes - Downtime Minutes) / Total Minutes x 100 %.", "en"),
    ("Der Auftragnehmer setzt seine Mitarbeiter maximal 10 Stunden pro Tag ein.", "de"),
])
def test_no_targets_credits_or_prices_from_negative_context(text: str, language: str) -> None:
    data = _run([text], language=language)
    assert data.get("sla", []) == []
    assert data.get("pricing", {}).get("items", []) == []
    if "Beispiel" in text or "example" in text:
        assert data.get("service_credits", []) == []


def test_eg_naming_incident_kind_keeps_target() -> None:
    data = _run(["Severity 1 incidents (e.g. complete outage) shall be responded to within 30 minutes."])
    assert [(e["metric"], e["target"]["value"]) for e in data["sla"]] == [("response_time", 30.0)]


def test_example_table_is_skipped() -> None:
    rows = [["Priority", "Response", "Resolution"], ["P1", "1 hour", "4 hours"]]
    data = _run(["Example calculation", "The following table shows a case."], [rows], headings=("Example calculation",))
    assert data.get("sla", []) == []


@pytest.mark.parametrize(("caption", "skipped"), [
    ("Annex 2: Services and Liabilities", False),
    ("Anlage 3 – Leistungen und Haftung", False),
    ("Limitation of Liability", True),
    ("Haftung", True),
    ("Example: Service Levels", True),  # an example stays an example, services named or not
])
def test_a_caption_naming_services_beside_liabilities_keeps_its_table(caption: str, skipped: bool) -> None:
    assert excluded_caption(caption, NOT_SLA) is skipped


@pytest.mark.parametrize(("text", "unit", "frequency"), [
    ("Support is charged at EUR 120.00 per started 30 minutes.", "per 30 minutes", "per_unit"),
    ("On-site work: EUR 140.00 per started hour.", "per hour", "hourly"),
    ("Die Vergütung beträgt 65,00 EUR je angefangene 15 Minuten.", "per 15 minutes", "per_unit"),
])
def test_fee_per_started_interval(text: str, unit: str, frequency: str) -> None:
    data = _run([text], language="de" if "EUR je" in text else "en")
    assert data.get("sla", []) == []
    items = data["pricing"]["items"]
    assert [(i["unit"], i["frequency"]) for i in items] == [(unit, frequency)]


def test_started_interval_in_table_is_not_hourly() -> None:
    assert classify_frequency("je angefangene 30 Minuten") == "per_unit"
    assert classify_frequency("je angefangene Stunde") == "hourly"
    assert started_interval("per started 60 minutes") == ("per hour", "hourly")


def test_identical_rows_count_once() -> None:
    rows = [["Priority", "Response"], ["P1", "1 hour"], ["P1", "1 hour"]]
    data = _run(["Service levels"], [rows])
    assert [(e["priority"], e["target"]["value"]) for e in data["sla"]] == [("P1", 1.0)]


def test_kinds_are_data() -> None:
    assert negative_kinds("The Supplier's liability is capped at EUR 50,000.") >= {"liability", "cap"}
    assert excluded("E.g. the response time is 4 hours.", NOT_SLA)
    assert not excluded("The service credit is calculated as follows: 5% of the monthly fee.", NOT_CREDIT)
    assert excluded("Surcharge for weekend work: 50%.", NOT_PRICE)
