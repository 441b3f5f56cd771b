"""German sentence structure: coordinated parts end in their own verb ("reagiert innerhalb von 30 Minuten und
stellt den Betrieb innerhalb von 4 Stunden wieder her"), and a relative day target ("nächster Werktag") is no
service window for the other values of the sentence."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.sla.targets import extract_sla
from tests.fixtures.contexts import make_context


def _sla(text: str, language: str = "de") -> list[tuple[Any, ...]]:
    ctx = make_context(["Servicelevel", text], headings=["Servicelevel"], language=language)
    return [(e["metric"], e["target"]["value"], e["target"]["unit"]) for e in extract_sla(ctx, {}).get("sla", [])]


def test_each_coordinated_part_takes_its_own_verb() -> None:
    assert _sla("Bei Totalausfall reagiert der Betreiber innerhalb von 45 Minuten und stellt den Dienst innerhalb "
                "von 6 Stunden wieder her.") == [("response_time", 45.0, "minutes"), ("resolution_time", 6.0, "hours")]
    assert _sla("Meldungen der Klasse B werden innerhalb von 3 Stunden bearbeitet und innerhalb von 30 Stunden "
                "behoben.") == [("response_time", 3.0, "hours"), ("resolution_time", 30.0, "hours")]


def test_metric_named_before_the_value_still_wins() -> None:
    assert _sla("Die Reaktionszeit beträgt 3 Stunden und die Entstörzeit 12 Stunden.") == [
        ("response_time", 3.0, "hours"), ("resolution_time", 12.0, "hours")]


def test_relative_day_target_is_no_window_for_the_other_value() -> None:
    assert _sla("Stufe 2: Reaktion binnen 3 Stunden; Wiederherstellung bis zum Ende des folgenden Werktags.") == [
        ("response_time", 3.0, "hours"), ("resolution_time", 1.0, "business_days")]
    assert _sla("Severity 2: respond within 3 hours; restore service by the next business day.", "en") == [
        ("response_time", 3.0, "hours"), ("resolution_time", 1.0, "business_days")]


def test_genitive_number_words() -> None:
    assert _sla("Störungsmeldungen werden binnen zweier Werktage beantwortet.") == [
        ("response_time", 2.0, "business_days")]
    assert _sla("Die Entstörung erfolgt innerhalb dreier Stunden.") == [("resolution_time", 3.0, "hours")]
