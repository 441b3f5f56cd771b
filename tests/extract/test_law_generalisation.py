"""Governing-law wordings beyond the dev sets: cloud terms, G-Cloud call-offs, German AGB, Swiss and Austrian terms."""

from __future__ import annotations

import pytest

from docsvc.extract.extractors.law.law import extract_governing_law
from tests.fixtures.contexts import make_context


def _law(paragraphs: list[str], language: str = "en", tables: list[list[list[str]]] | None = None,
         **kwargs: object) -> str | None:
    ctx = make_context(paragraphs, tables or [], language=language, **kwargs)  # type: ignore[arg-type]
    found = extract_governing_law(ctx, {}).get("governing_law")
    return found["value"] if found else None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Call-Off Contract will be governed by the law of England and Wales.", "England and Wales"),
        ("Any dispute arising out of or in connection with this Agreement shall be governed by Irish law.", "Ireland"),
        ("The laws of the State of Washington, excluding its conflict of laws rules, govern this Agreement.",
         "Washington"),
        ("This Agreement, and any dispute arising from it, is governed by the laws of the Commonwealth of "
         "Massachusetts.", "Massachusetts"),
        ("These Terms are exclusively subject to the laws of the Grand Duchy of Luxembourg.", "Luxembourg"),
        ("This Contract is governed by Scots law.", "Scotland"),
        ("The Agreement shall be construed under the laws of the Province of Ontario and the federal laws of Canada "
         "applicable therein.", "Ontario"),
        ("Governing Law. New York law governs this Agreement.", "New York"),
        ("The validity, interpretation and performance of this Agreement shall be governed by the laws of Delaware.",
         "Delaware"),
        ("This Agreement will be governed by the laws of the State of California, without reference to conflict of "
         "laws principles; the UN Convention on Contracts for the International Sale of Goods does not apply.",
         "California"),
    ],
)
def test_english_wordings(sentence: str, expected: str) -> None:
    assert _law([sentence]) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Auf diesen Vertrag findet das Recht der Bundesrepublik Deutschland unter Ausschluss des UN-Kaufrechts "
         "Anwendung.", "Germany"),
        ("Für sämtliche Rechtsbeziehungen der Parteien gilt ausschließlich deutsches Recht.", "Germany"),
        ("Es gilt das Recht der Bundesrepublik Deutschland.", "Germany"),
        ("Dieser Vertrag unterliegt materiellem Schweizer Recht unter Ausschluss des Kollisionsrechts.",
         "Switzerland"),
        ("Diese AGB und alle Rechtsbeziehungen zwischen dem Anbieter und dem Kunden unterliegen österreichischem Recht "
         "unter Ausschluss der Verweisungsnormen.", "Austria"),
        ("Der Vertrag unterliegt dem Recht des Großherzogtums Luxemburg.", "Luxembourg"),
        ("Auf das Vertragsverhältnis ist ausschließlich das Recht der Bundesrepublik Deutschland anwendbar.",
         "Germany"),
        ("Es gilt deutsches Recht unter Ausschluss der Bestimmungen des UN-Kaufrechts (CISG).", "Germany"),
        ("Für diese Nutzungsbedingungen gilt das Recht der Republik Österreich.", "Austria"),
        ("Diese Vereinbarung ist nach englischem Recht auszulegen.", "England and Wales"),
    ],
)
def test_german_wordings(sentence: str, expected: str) -> None:
    assert _law([sentence], language="de") == expected


def test_heading_and_short_clause() -> None:
    assert _law(["Anwendbares Recht", "Es gilt deutsches Recht."], language="de",
                headings=["Anwendbares Recht"]) == "Germany"
    assert _law(["14. Governing Law", "English law applies."], headings=["14. Governing Law"]) == "England and Wales"


def test_key_value_row() -> None:
    assert _law([], tables=[[["Governing Law", "Laws of England and Wales"], ["Jurisdiction", "Courts of England"]]]) \
        == "England and Wales"
    assert _law([], language="de", tables=[[["Anwendbares Recht", "Deutsches Recht"],
                                            ["Gerichtsstand", "München"]]]) == "Germany"


def test_consumer_caveat_keeps_provider_choice() -> None:
    assert _law(["Es gilt das Recht der Bundesrepublik Deutschland. Bei Verbrauchern gilt diese Rechtswahl nur, "
                 "soweit nicht der gewährte Schutz durch zwingende Bestimmungen des Rechts des Staates, in dem der "
                 "Verbraucher seinen gewöhnlichen Aufenthalt hat, entzogen wird."], language="de") == "Germany"


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        # Law mentions that choose nothing.
        ("The Supplier shall comply with all applicable laws of the United Kingdom relating to anti-bribery.", "en"),
        ("Alpha Corp., a corporation organized under the laws of the State of Delaware, and Beta GmbH.", "en"),
        ("Der Kunde ist verpflichtet, die Vorschriften des deutschen Datenschutzrechts einzuhalten.", "de"),
        ("Die Anwendung des UN-Kaufrechts ist ausgeschlossen.", "de"),
        ("The Customer is responsible for compliance with export control laws of the United States.", "en"),
    ],
)
def test_law_mentions_that_are_no_choice(sentence: str, language: str) -> None:
    assert _law([sentence], language=language) is None
