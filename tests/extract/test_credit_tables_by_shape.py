"""Credit tables whose remedy column carries no credit word ("Rückzahlung", "Share of monthly balance") are told by
their cells: availability bands, one per row and ordered, next to percentages that grow as the bands fall. They
are credit tiers, never availability targets. A plain target table or an availability/downtime table keeps its
old reading."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.sla.credits import extract_credits
from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _read(table: list[list[str]], language: str, pdf: bool = False) -> tuple[list[float | None], list[float]]:
    ctx = make_context(["Servicevereinbarung" if language == "de" else "Service terms"], [table],
                       language=language, pdf=pdf)
    credits = [c.get("credit_percent") for c in extract_credits(ctx, {}).get("service_credits", [])]
    targets = [e["target"]["value"] for e in extract_sla(ctx, {}).get("sla", []) if e["metric"] == "availability"]
    return credits, targets


@pytest.mark.parametrize(("table", "language", "expected"), [
    ([["Monatliche Erreichbarkeit", "Rückzahlung"], ["100 % bis 99,8 %", "0 %"], ["99,7 % bis 99 %", "5 %"],
      ["98,9 % bis 97 %", "15 %"], ["96,9 % oder weniger", "40 %"]], "de", [5.0, 15.0, 40.0]),
    ([["Betriebszeit im Monat", "Anteil am Monatsguthaben"], ["99,6 - 99,8 %", "3 % (1 Tag)"],
      ["99,0 - 99,5 %", "12 % (4 Tage)"], ["unter 99,0 %", "30 % (9 Tage)"]], "de", [3.0, 12.0, 30.0]),
    ([["Measured uptime", "Share of monthly balance returned"], ["99.5% to 99.89%", "4%"],
      ["98.0% to 99.49%", "9%"], ["below 98.0%", "22%"]], "en", [4.0, 9.0, 22.0]),
    # bands listed from the worst up: the percentages fall as the bands rise
    ([["Uptime band", "Money back"], ["below 97%", "35%"], ["97% - 98.9%", "20%"], ["99% - 99.79%", "6%"]],
     "en", [35.0, 20.0, 6.0]),
])
def test_a_band_ladder_without_a_credit_word_gives_credit_tiers(table: list[list[str]], language: str,
                                                                expected: list[float]) -> None:
    credits, targets = _read(table, language)
    assert credits == expected
    assert targets == []  # the bands are no availability targets


def test_a_header_wrapped_onto_a_second_pdf_line_is_skipped() -> None:
    table = [["VERFÜGBARKEIT IM", "ANTEIL DES MONATLICHEN"], ["KALENDERMONAT", "ENTGELTS"],
             ["99,4 - 99,7 %", "8 %"], ["98,5 - 99,3 %", "18 %"], ["98,4 % und darunter", "45 %"]]
    assert _read(table, "de", pdf=True)[0] == [8.0, 18.0, 45.0]


@pytest.mark.parametrize("table", [
    # one target per plan: no bands
    [["Paket", "Verfügbarkeit", "Rabatt"], ["Basis", "99,0 %", "0 %"], ["Plus", "99,5 %", "5 %"],
     ["Pro", "99,9 %", "10 %"]],
    # availability against allowed downtime share: the second column names its metric
    [["Availability range", "Downtime share"], ["99.9% to 100%", "0.1%"], ["99% to 99.89%", "1%"],
     ["95% to 98.99%", "5%"]],
])
def test_tables_of_another_shape_give_no_credit(table: list[list[str]]) -> None:
    assert _read(table, "en")[0] == []
