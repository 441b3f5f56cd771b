"""Credit tiers written as prose: list items that open with a share of the fee and state their band in a condition,
ladders run into one sentence without joining signs, fractions of a fee paid per unit of downtime, the per-step
rule, worked examples and bracketed caps (EN and DE)."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.credits import extract_credits
from docsvc.extract.extractors.sla.targets import extract_sla
from docsvc.extract.extractors.sla.vocab import is_business_kpi, is_remedy
from tests.fixtures.contexts import make_context


def _run(paragraphs: list[str], language: str = "en", list_items: list[str] | None = None) -> tuple[
        list[tuple[Any, ...]], dict[str, Any]]:
    ctx = make_context(paragraphs, [], language=language, pdf=False, list_items=list_items or [])
    sla = [(e["metric"], e["target"]["value"]) for e in extract_sla(ctx, {}).get("sla", [])]
    return sla, extract_credits(ctx, {})


def _tiers(found: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(e["credit_percent"], (e["threshold"] or {}).get("upper"), (e["threshold"] or {}).get("lower"))
            for e in found.get("service_credits", [])]


def test_de_numbered_fee_share_items_are_tiers_not_targets() -> None:
    items = ["1. 4 % des Monatsentgelts, wenn die Verfügbarkeit unter 99,6 %, aber über 99,1 % liegt",
             "2. 9 % des Monatsentgelts, wenn die Verfügbarkeit bei oder unter 99,1 %, aber über 96,0 % liegt",
             "3. 22 % des Monatsentgelts bei einer Verfügbarkeit von 96,0 % oder weniger"]
    sla, credits = _run(["Für den Tarif Kontor sichern wir eine Verfügbarkeit von mindestens 99,6 % zu.",
                         "Wird dieser Wert verfehlt, erstatten wir:", *items], language="de", list_items=items)
    assert sla == [("availability", 99.6)]
    assert _tiers(credits) == [(4.0, 99.6, 99.1), (9.0, 99.1, 96.0), (22.0, 96.0, None)]
    assert {e["basis"] for e in credits["service_credits"]} == {"Monatsentgelts"}


def test_en_bulleted_fee_share_items_are_tiers_not_targets() -> None:
    items = ["15% of the monthly charge if uptime drops below 99.9% but stays at or above 99.2%",
             "35% of the monthly charge when uptime is less than 99.2%"]
    sla, credits = _run(["Harbourline commits to a monthly uptime of 99.9%.", "Should we miss it, you receive:",
                         *items], list_items=items)
    assert sla == [("availability", 99.9)]
    assert _tiers(credits) == [(15.0, 99.9, 99.2), (35.0, 99.2, None)]


def test_fee_share_without_a_level_condition_is_no_tier() -> None:
    # A share of a fee with no availability band is a price term, not a credit tier.
    _, credits = _run(["Customers pay 30% of the setup fee when the order is placed and the rest on delivery."])
    assert _tiers(credits) == []


def test_ladder_run_into_one_sentence_de_and_en() -> None:
    _, de = _run(["Die Verfügbarkeit beträgt 99,95 % pro Monat. Bei Unterschreitung werden folgende Gutschriften "
                  "auf die Monatspauschale gewährt: <99,95 % 3 %; <99,5 % 7 %; <99,0 % 18 %."], language="de")
    assert _tiers(de) == [(3.0, 99.95, None), (7.0, 99.5, None), (18.0, 99.0, None)]
    _, en = _run(["Service credits on the monthly charge: under 99.8% 6%, under 99.0% 14%, under 97.0% 25%."])
    assert _tiers(en) == [(6.0, 99.8, None), (14.0, 99.0, None), (25.0, 97.0, None)]


def test_fraction_of_fee_per_started_hour_de() -> None:
    _, credits = _run(["Die Verfügbarkeit beträgt 99,4 % im Jahresmittel. Bei Unterschreitung erhält der Kunde eine "
                       "Gutschrift von 1/30 des monatlichen Grundentgelts je angefangener Stunde Ausfall, maximal "
                       "20 % des Grundentgelts."], language="de")
    [tier] = credits["service_credits"]
    assert tier["credit_percent"] == 3.333
    assert tier["basis"] == "monatlichen Grundentgelts je angefangener Stunde Ausfall"
    assert credits["service_credit_cap"]["value"]["percent"] == 20.0


def test_fraction_of_annual_fee_en() -> None:
    _, credits = _run(["If availability falls below 99.5%, Customer receives a service credit of 1/360th of the "
                       "annual fee for each hour of downtime."])
    assert _tiers(credits) == [(0.278, 99.5, None)]
    assert credits["service_credits"][0]["basis"] == "annual fee for each hour of downtime"


def test_per_step_rule_and_worked_example_en() -> None:
    sla, credits = _run(["Premium Hosting - 99.95% uptime SLA",
                         "For every 0.05% of downtime beyond our SLA, we credit 4% of your monthly bill. In the "
                         "event we had 99.90% uptime in a month, we would credit you 4% of your bill; at 99.85% we "
                         "would credit you 8%."])
    assert sla == [("availability", 99.95)]
    [tier] = credits["service_credits"]
    assert tier["credit_percent"] == 4.0 and tier["threshold"]["text"] == "For every 0.05%"
    assert tier["threshold"]["upper"] is None


def test_worked_example_de() -> None:
    sla, credits = _run(["Die Verfügbarkeit beträgt 99,9 % im Monat. Für jede angefangenen 0,2 % Unterschreitung "
                         "erhält der Kunde eine Gutschrift von 6 % der Monatsgebühr. Läge die Verfügbarkeit in einem "
                         "Monat bei 99,5 %, erhielte der Kunde also eine Gutschrift von 12 %."], language="de")
    assert sla == [("availability", 99.9)]
    assert [e["credit_percent"] for e in credits["service_credits"]] == [6.0]


def test_bracketed_cap_not_exceeding_is_no_tier() -> None:
    _, credits = _run(["Oxleigh commits to 99.99% network availability. For every 30 minutes of downtime the "
                       "customer receives a credit of 3% of the monthly fee (up to, but not exceeding 40% of the "
                       "monthly fee)."])
    assert [e["credit_percent"] for e in credits["service_credits"]] == [3.0]
    assert credits["service_credit_cap"]["value"]["percent"] == 40.0


def test_de_items_with_band_after_mit() -> None:
    items = ["1. 6 % der Entgelte für jeden Monat mit einer Betriebszeit von über 98,5 %, aber unter 99,5 %",
             "2. 12 % der Entgelte für jeden Monat mit einer Betriebszeit von oder unter 98,5 %"]
    sla, credits = _run(["Im Tarif Kontor garantieren wir eine Betriebszeit von nicht weniger als 99,5 %.",
                         "Bei geringerer Betriebszeit gilt:", *items], language="de", list_items=items)
    assert sla == [("availability", 99.5)]
    assert _tiers(credits) == [(6.0, 99.5, 98.5), (12.0, 98.5, None)]


def test_flattened_ladder_without_separators() -> None:
    _, credits = _run(["Verfehlt der Anbieter den Service Level, erhält der Kunde Service-Gutschriften, höchstens "
                       "jedoch 8 % der Entgelte des Monats. <99,8% 1,5 % <99,3% 3,0% <98,5% 6%"], language="de")
    assert _tiers(credits) == [(1.5, 99.8, None), (3.0, 99.3, None), (6.0, 98.5, None)]
    assert credits["service_credit_cap"]["value"]["percent"] == 8.0


def test_fraction_joined_to_fee_by_hyphen() -> None:
    _, credits = _run(["Wird die Verfügbarkeit von 99,2 % unterschritten, gewährt der Anbieter eine Gutschrift in "
                       "Höhe einer Tagesmiete (1/30-Monatsmiete) je angefangene 15 Minuten Unterschreitung, jedoch "
                       "maximal 35 % der Monatsmiete."], language="de")
    [tier] = credits["service_credits"]
    assert tier["credit_percent"] == 3.333
    assert tier["basis"] == "Monatsmiete je angefangene 15 Minuten Unterschreitung"


def test_per_unit_after_what_the_fee_is_for() -> None:
    _, credits = _run(["We guarantee the platform will be available 100% of the time. If an outage occurs, we will "
                       "credit the customer 1/720th of the annual fee paid for the affected servers for every 15 "
                       "minutes of downtime."])
    [tier] = credits["service_credits"]
    assert tier["credit_percent"] == 0.139
    assert tier["basis"] == "annual fee paid for every 15 minutes of downtime"


def test_discount_and_non_compliance_rows_are_no_targets() -> None:
    # Row labels of plan tables: a commercial discount and the remedy for a missed level promise no service level.
    assert is_business_kpi("Discount on hourly support") and is_business_kpi("Rabatt auf Projektarbeit")
    assert is_remedy("Nichteinhaltung des Service Levels") and is_remedy("Non-compliance with the service level")
