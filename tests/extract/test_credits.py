"""Service credits (tables and sentences, EN and DE) and the service-credit cap."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.credits import extract_credits
from docsvc.extract.record import ContractRecord
from tests.fixtures.contexts import make_context


def _credits(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return extract_credits(make_context(*args, **kwargs), {})


def _values(out: dict[str, Any]) -> list[Any]:
    return [e.get("credit_percent") or (e.get("credit_amount"), e.get("currency")) for e in out["service_credits"]]


def test_credit_table_with_availability_bands() -> None:
    out = _credits(
        ["If the Availability in a Measurement Period is below the Service Level, the Supplier shall credit:"],
        [[
            ["Availability achieved in the Measurement Period", "Service Credit"],
            ["98.0% or higher", "Nil"],
            ["96.0% to 97.99%", "3% of the Monthly Service Charge"],
            ["Below 96.0%", "10% of the Monthly Service Charge"],
        ]],
    )
    assert _values(out) == [3.0, 10.0]
    first, second = out["service_credits"]
    assert first["metric"] == "availability" and first["basis"] == "Monthly Service Charge"
    assert first["threshold"] == {"upper": 97.99, "lower": 96.0, "unit": "percent", "text": "96.0% to 97.99%"}
    assert second["threshold"]["upper"] == 96.0 and second["threshold"]["lower"] is None
    assert first["confidence"] == 0.9 and first["evidence"]["text"].startswith("96.0% to 97.99%")


def test_german_credit_table_takes_basis_from_header() -> None:
    out = _credits(
        ["7. Gutschriften"],
        [[
            ["Erreichte Verfügbarkeit im Kalendermonat", "Gutschrift in % der monatlichen Pauschalvergütung"],
            ["99,8 % und höher", "keine"],
            ["unter 99,8 % bis 99,0 %", "5"],
            ["unter 99,0 %", "10"],
        ]],
        language="de",
    )
    assert _values(out) == [5.0, 10.0]
    assert out["service_credits"][0]["threshold"]["upper"] == 99.8
    assert out["service_credits"][0]["threshold"]["lower"] == 99.0
    assert out["service_credits"][0]["basis"] == "monatlichen Pauschalvergütung"


def test_transposed_rebate_table() -> None:
    out = _credits([], [[
        ["Availability", "99.5%", "99%", "98%"],
        ["Monthly Rebate % applied", "0%", "10%", "20%"],
    ]])
    assert _values(out) == [10.0, 20.0]
    assert out["service_credits"][0]["threshold"]["upper"] == 99.0


def test_tiers_written_in_one_sentence_with_cap() -> None:
    out = _credits([
        "If Managed Server Availability in a calendar month is less than 99.95% but at least 99.5%, Customer will "
        "receive a credit of ten percent (10%) of that server's MRC; if it is less than 99.5% but at least 99.0%, "
        "the credit is fifteen percent (15%); and if it is less than 99.0%, the credit is twenty-five percent (25%).",
        "The aggregate credits in any calendar month shall not exceed fifty percent (50%) of the total MRC.",
    ])
    assert _values(out) == [10.0, 15.0, 25.0]
    bands = [(e["threshold"]["upper"], e["threshold"]["lower"]) for e in out["service_credits"]]
    assert bands == [(99.95, 99.5), (99.5, 99.0), (99.0, None)]
    assert out["service_credits"][0]["basis"] == "server's MRC"
    assert out["service_credit_cap"]["value"] == {"percent": 50.0, "basis": "total MRC"}


def test_fixed_sum_credits_in_both_languages() -> None:
    en = _credits(["For each P1 Incident not Fixed within the Fix Time, the Supplier shall credit the Customer with "
                   "a fixed sum of £50.00."])
    assert _values(en) == [("50.00", "GBP")]
    assert en["service_credits"][0]["metric"] == "resolution_time"
    de = _credits(["Überschreitet der Anbieter die Entstörzeit, erhält der Kunde je angefangene Stunde eine "
                   "Gutschrift von 75,00 €."], language="de")
    assert _values(de) == [("75.00", "EUR")]


def test_german_credit_per_point_with_cap_in_one_sentence() -> None:
    out = _credits(["Unterschreitet die Verfügbarkeit den vereinbarten Wert, erhält der Kunde eine Gutschrift in "
                    "Höhe von 5 % des monatlichen Entgelts je angefangene 0,1 Prozentpunkte der Unterschreitung, "
                    "höchstens jedoch 30 % des monatlichen Entgelts."], language="de", pdf=False)
    assert _values(out) == [5.0]
    assert out["service_credits"][0]["metric"] == "availability"
    assert out["service_credit_cap"]["value"] == {"percent": 30.0, "basis": "monatlichen Entgelts"}
    assert out["service_credit_cap"]["evidence"]["paragraph"] == 0


def test_german_cap_written_as_begrenzt_applies_when_credits_are_granted() -> None:
    cap = "Die Summe der Gutschriften je Kalendermonat ist auf 25 % der monatlichen Pauschalvergütung begrenzt."
    credit = "Wird die Verfügbarkeit unterschritten, erhält der Kunde eine Gutschrift von 10 % des Entgelts."
    out = _credits([credit, cap], language="de")
    assert _values(out) == [10.0]
    assert out["service_credit_cap"]["value"] == {"percent": 25.0, "basis": "monatlichen Pauschalvergütung"}
    assert out["service_credit_cap"]["confidence"] == 0.7
    assert _credits([cap], language="de") == {}


def test_credits_unrelated_to_service_levels_are_ignored() -> None:
    assert _credits([
        "The Bank shall issue a letter of credit for 10% of the purchase price.",
        "Payments by credit card carry a surcharge of 3% of the invoice amount.",
        "Licensee shall receive a credit of 5% of the fees for early payment.",
    ]) == {}


def test_fragment_validates_against_the_record() -> None:
    out = _credits(
        ["Service credits shall not exceed 20% of the monthly fee.",
         "If Availability falls below 99.5%, Customer receives a service credit of 5% of the monthly fee."],
    )
    record = ContractRecord.model_validate({"source": {"name": "x"}, **out})
    assert record.service_credits[0].credit_percent == 5.0
    assert record.service_credits[0].threshold is not None and record.service_credits[0].threshold.upper == 99.5
    assert record.service_credit_cap is not None and record.service_credit_cap.value.percent == 20.0


def test_credit_tiers_written_as_text_rows() -> None:
    out = _credits(["SLA Rebate Table",
                    "% Of SLA Achieved 100% 95% 90% Monthly Rebate % applied 0% 10% 20%"])
    assert _values(out) == [10.0, 20.0]
    assert out["service_credits"][0]["threshold"]["lower"] == 95.0
    assert out["service_credits"][1]["threshold"] == {"upper": 95.0, "lower": 90.0, "unit": "percent", "text": "90%"}
    assert _credits(["Credit percentages 10% 20% 30%"]) == {}


def test_discount_columns_count_only_against_service_levels() -> None:
    sla = _credits([], [[["Monthly Availability", "Discount on monthly fee"], ["99.0% – < 99.9%", "5%"],
                         ["< 99.0%", "15%"]]])
    assert _values(sla) == [5.0, 15.0]
    assert sla["service_credits"][0]["threshold"]["lower"] == 99.0
    volume = _credits([], [[["Annual volume", "Discount"], ["1,000 – 4,999 units", "5%"], ["5,000+ units", "10%"]]])
    assert volume == {}
