"""German SLA wording kept as data (nlp/patterns/de/sla_terms.json): "Eingreifzeit" and "erste Antwort" are response
times, "Serviceguthaben" is a service credit (in a table header and in a sentence)."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.credits import extract_credits
from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context

_HEAD = "Servicevereinbarung"


def _sla(paragraphs: list[str], tables: list[list[list[str]]] | None = None) -> set[tuple[Any, ...]]:
    ctx = make_context([_HEAD, *paragraphs], tables or [], headings=[_HEAD], language="de")
    return {(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in extract_sla(ctx, {}).get("sla", [])}


def _credits(paragraphs: list[str], tables: list[list[list[str]]] | None = None) -> list[float]:
    ctx = make_context([_HEAD, *paragraphs], tables or [], headings=[_HEAD], language="de")
    return [c["credit_percent"] for c in extract_credits(ctx, {}).get("service_credits", [])]


def test_intervention_time_column_is_a_response_time() -> None:
    table = [["Priorität", "Garantierte Eingreifzeit", "Kanal"], ["P1", "45 Min", "Telefon"],
             ["P2", "3 h", "E-Mail"]]
    assert {("response_time", 45.0, "minutes"), ("response_time", 3.0, "hours")} <= _sla([], [table])


def test_first_answer_within_a_business_day_is_a_response_time() -> None:
    assert _sla(["Der Support sagt eine erste Antwort innerhalb eines Geschäftstags zu."]) == {
        ("response_time", 1.0, "business_days")}
    assert _sla(["Anfragen werden innerhalb von zwei Werktagen beantwortet."]) == {
        ("response_time", 2.0, "business_days")}


def test_service_balance_column_holds_credit_tiers() -> None:
    table = [["Gemessene Verfügbarkeit im Monat", "Serviceguthaben"], ["Zwischen 99,0 % und 99,49 %", "5 %"],
             ["Unter 99,0 %", "20 %"]]
    assert _credits([], [table]) == [5.0, 20.0]


def test_service_balance_sentence_is_a_credit() -> None:
    text = ("Unterschreitet die Verfügbarkeit 99,5 %, erhält der Kunde ein Serviceguthaben in Höhe von 15 % "
            "des Monatsentgelts.")
    assert _credits([text]) == [15.0]


def test_prepaid_balance_is_no_credit() -> None:
    assert _credits(["Das Guthaben in Höhe von 15 % Bonus wird dem Prepaid-Konto gutgeschrieben."]) == []


def test_start_of_fault_clearance_is_the_response() -> None:
    assert _sla(["Bei Störungen der Stufe 2 beginnt der Betreiber spätestens nach drei Stunden mit der "
                 "Störungsbeseitigung."]) == {("response_time", 3.0, "hours")}
    assert _sla(["Der Beginn der Fehlerbehebung erfolgt binnen 90 Minuten; die Fehlerbehebung ist binnen "
                 "zwölf Stunden abgeschlossen."]) == {("response_time", 90.0, "minutes"), ("resolution_time", 12.0,
                                                                                         "hours")}


def test_service_window_between_verb_and_value() -> None:
    assert _sla(["Die Entstörzeit beträgt innerhalb der Betriebszeit sechs Stunden."]) == {
        ("resolution_time", 6.0, "business_hours")}


def test_credit_against_a_compound_fee_noun() -> None:
    text = ("Liegt die Verfügbarkeit unter 99,7 %, erhält der Kunde eine Gutschrift von 3 % der Monatsgrundgebühr; "
            "liegt sie unter 99,0 %, beträgt die Gutschrift 8 %.")
    assert _credits([text]) == [3.0, 8.0]
    assert _credits(["Bei Unterschreitung der Verfügbarkeit mindert sich das Entgelt um 4 % des Monatsentgelts."]) == [
        4.0]


def test_solution_column_is_the_resolution_time() -> None:
    table = [["Prio", "Reaktion", "Lösung"], ["Prio 1", "20 Min.", "5 Std."], ["Prio 2", "1 AT", "4 AT"]]
    assert _sla([], [table]) == {("response_time", 20.0, "minutes"), ("resolution_time", 5.0, "hours"),
                                 ("response_time", 1.0, "business_days"), ("resolution_time", 4.0, "business_days")}


def test_workaround_column_stays_other() -> None:
    table = [["Priorität", "Reaktion", "Umgehungslösung", "Lösung"], ["P1", "20 Min.", "2 Std.", "6 Std."]]
    assert ("other", 2.0, "hours") in _sla([], [table])


def test_on_site_time_is_an_other_target() -> None:
    assert _sla(["Ein Servicetechniker ist innerhalb von sechs Arbeitsstunden vor Ort."]) == {
        ("other", 6.0, "business_hours")}
