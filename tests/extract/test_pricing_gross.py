"""A net price restated with sales tax is one price; a lone gross price, or two unrelated prices, stay."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors.pricing.items import extract_pricing
from tests.fixtures.contexts import make_context


def _prices(paragraphs: list[str], tables: list[list[list[str]]] | None = None,
            language: str = "de") -> list[tuple[str, str | None]]:
    ctx = make_context(paragraphs, tables or [], language=language, pdf=False)
    items: list[dict[str, Any]] = extract_pricing(ctx, {})["pricing"]["items"]
    return [(i["unit_price"], i["frequency"]) for i in items]


def test_net_and_gross_columns_give_the_net_price() -> None:
    prices = _prices([], [[
        ["Paket", "Preis netto", "Preis brutto"],
        ["Basic", "4,90 €", "5,83 €"],
        ["Pro", "9,90 €", "11,78 €"],
    ]])
    assert prices == [("4.90", None), ("9.90", None)]  # "Pro" is the plan's name, not "pro" (per unit)


def test_net_price_restated_incl_vat_in_a_sentence() -> None:
    assert _prices(["Die Einrichtung kostet einmalig 100 € netto (119 € inkl. MwSt.)."]) == [("100", "one_time")]
    assert [p for p, _ in _prices(["The setup fee is € 50.00 excl. VAT (€ 60.00 incl. VAT)."], language="en")] \
        == ["50.00"]


def test_a_lone_gross_price_and_unrelated_prices_stay() -> None:
    assert [p for p, _ in _prices(["Das Paket kostet 11,90 € inkl. MwSt. im Monat."])] == ["11.90"]
    # 25 € and 30 € are not a tax restatement (20 % would be, but nothing says gross)
    assert [p for p, _ in _prices(["Standard kostet 25 € im Monat, Premium kostet 30 € im Monat."])] == ["25", "30"]
    # the second amount says gross but is no tax rate away from the first
    assert [p for p, _ in _prices(["Basis 10,00 € netto, Premium 15,00 € brutto pro Monat."])] == ["10.00", "15.00"]


def test_sentences_are_not_cut_after_abbreviations() -> None:
    from docsvc.extract.nlp.pipeline import load_pipeline

    en = [s.text for s in load_pipeline("en")("Fee € 50 excl. VAT per mo. and approx. 5 hrs. of work. "
                                               "Response within 4 hrs. Resolution within 8 hrs.").sents]
    assert en == ["Fee € 50 excl. VAT per mo. and approx. 5 hrs. of work.", "Response within 4 hrs.",
                  "Resolution within 8 hrs."]
    de = [s.text for s in load_pipeline("de")("Antwort in ca. 5 Min. max. 3 Stunden. Danach folgt die Lösung.").sents]
    assert de == ["Antwort in ca. 5 Min. max. 3 Stunden.", "Danach folgt die Lösung."]
    # the German tokenizer keeps "MwSt." whole, so the sentencizer alone never ends a sentence on it
    text = "Der Satz beträgt 95 € zzgl. MwSt. Beispiel: 2 Stunden kosten 190 €."
    de = [s.text for s in load_pipeline("de")(text).sents]
    assert de == ["Der Satz beträgt 95 € zzgl. MwSt.", "Beispiel: 2 Stunden kosten 190 €."]


def test_a_worked_example_after_a_price_sentence_is_no_price() -> None:
    assert [p for p, _ in _prices(["Der Stundensatz beträgt 95,00 € zzgl. MwSt. Beispiel: Ein Einsatz von 2,5 "
                                   "Stunden wird mit 237,50 € berechnet."])] == ["95.00"]
