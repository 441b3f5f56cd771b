"""Governing law: law expressions in EN/DE sentences and tables, mapped to English jurisdiction names."""

from __future__ import annotations

import json

import pytest

from docsvc.extract.context import analyse
from docsvc.extract.extractors.law.law import extract_governing_law, places
from docsvc.extract.extractors.law.places import adjective_place, place_name
from docsvc.extract.language import detect_language
from docsvc.extract.parsers import parse_file
from tests.corpus import CORPUS
from tests.fixtures.contexts import make_context


def _law(paragraphs: list[str], language: str = "en", **kwargs: object) -> str | None:
    ctx = make_context(paragraphs, language=language, **kwargs)  # type: ignore[arg-type]
    found = extract_governing_law(ctx, {}).get("governing_law")
    return found["value"] if found else None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("This Agreement shall be governed by and construed in accordance with the laws of the State of New York, "
         "without regard to its conflict of laws principles.", "New York"),
        ("This deed shall be governed by and construed in accordance with the law of England and Wales.",
         "England and Wales"),
        ("This Amendment is governed by the substantive laws of Switzerland, excluding the United Nations "
         "Convention on Contracts for the International Sale of Goods.", "Switzerland"),
        ("These Terms are governed by English law.", "England and Wales"),
        ("This Agreement shall be governed by the internal laws, and not by the laws regarding conflicts of laws, "
         "of the State of North Carolina.", "North Carolina"),
        ("This Agreement shall be governed by the laws of the United States and the State of Florida.", "Florida"),
        ("This Agreement shall be governed by, and construed in accordance with, the laws of the People’s "
         "Republic of China.", "China"),
        ("These T&Cs are subject exclusively to Austrian law, with the exception of its reference provisions.",
         "Austria"),
    ],
)
def test_english_choice_of_law(sentence: str, expected: str) -> None:
    assert _law([sentence]) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Es gilt das Recht der Bundesrepublik Deutschland unter Ausschluss des UN-Kaufrechts (CISG).", "Germany"),
        ("Diese Vereinbarung unterliegt dem Recht der Bundesrepublik Deutschland.", "Germany"),
        ("Es gilt österreichisches Recht unter Ausschluss der Verweisungsnormen des internationalen Privatrechts.",
         "Austria"),
        ("Dieser Vertrag unterliegt Schweizer Recht.", "Switzerland"),
        ("Es gilt luxemburgisches Recht unter Ausschluss des UN-Kaufrechts.", "Luxembourg"),
        ("Diese Bedingungen unterliegen den Gesetzen des Bundesstaates Kalifornien, USA, ausschließlich der "
         "kollisionsrechtlichen Bestimmungen.", "California"),
        ("Diese Bedingungen werden von den Gesetzen Englands und von Wales geregelt.", "England and Wales"),
        ("Auf diesen Vertrag ist deutsches Recht anwendbar.", "Germany"),
    ],
)
def test_german_choice_of_law(sentence: str, expected: str) -> None:
    assert _law([sentence], language="de") == expected


def test_party_descriptions_and_other_laws_are_not_a_choice() -> None:
    assert _law([
        "Acme Inc., a corporation organized and existing under the laws of the State of Delaware, and Beta Ltd.",
        "Each party shall comply with the export control laws of the United States.",
        "Die Beta GmbH, eine nach deutschem Recht gegründete Gesellschaft, erbringt die Leistungen.",
    ]) is None


def test_heading_and_choice_beat_a_mere_mention() -> None:
    text = [
        "Supplier shall comply with all laws of Ireland applicable to data protection.",
        "Governing law",
        "This Agreement is governed by the laws of England and Wales.",
    ]
    assert _law(text, headings=["Governing law"]) == "England and Wales"


def test_consumer_caveat_does_not_replace_the_default_choice() -> None:
    text = [
        "These Terms are governed by the laws of Ireland.",
        "If you are a consumer resident in Germany, German law applies to mandatory consumer protections.",
    ]
    assert _law(text) == "Ireland"


def test_clause_for_users_outside_the_us_wins_over_the_us_clause() -> None:
    text = [
        "If you reside in the United States, these Terms are governed by the laws of the State of California.",
        "If you reside outside of the United States, these Terms shall be governed by the laws of Switzerland.",
    ]
    assert _law(text) == "Switzerland"


def test_law_of_that_jurisdiction_takes_the_courts_place() -> None:
    sentence = ("Each party submits to the exclusive jurisdiction of the Courts of the Republic of Ireland and to "
                "the application of the law in that jurisdiction.")
    assert _law([sentence]) == "Ireland"


def test_key_value_table_row() -> None:
    ctx = make_context(["Order form"], [[["Customer", "Osprey Ltd"], ["Governing law", "Ireland"]]], pdf=False)
    found = extract_governing_law(ctx, {})["governing_law"]
    assert found["value"] == "Ireland"
    assert found["evidence"]["paragraph"] == 1
    assert found["evidence"]["text"] == "Governing law | Ireland"


def test_choice_of_law_column_takes_the_most_common_law() -> None:
    rows = [
        ["Country", "Choice of Law", "Jurisdiction"],
        ["Poland, Italy", "Laws of Sweden", "Courts of Local Country"],
        ["Brazil", "Laws of Brazil", "Courts of São Paulo"],
        ["All remaining countries", "Laws of Sweden", "Courts of Sweden"],
    ]
    assert extract_governing_law(make_context([], [rows]), {})["governing_law"]["value"] == "Sweden"


def test_evidence_points_at_the_sentence() -> None:
    ctx = make_context(["Definitions.", "This Agreement is governed by the laws of the State of Texas."])
    found = extract_governing_law(ctx, {})["governing_law"]
    assert found["evidence"]["page"] == 1
    assert found["evidence"]["text"].startswith("This Agreement is governed")
    assert 0.5 <= found["confidence"] <= 1


def test_vocabulary_helpers() -> None:
    assert place_name("Bundesrepublik Deutschland") == "Germany"
    assert place_name("Kalifornien") == "California"
    assert adjective_place("österreichischem") == "Austria"
    assert adjective_place("deutschen") == "Germany"
    assert places("the laws of the Commonwealth of Massachusetts")[0][0] == "Massachusetts"




@pytest.mark.corpus
def test_german_terms_of_service_and_synthetic_contracts() -> None:
    """German wording ("Es gilt deutsches Recht", "unterliegen den Gesetzen des Staates Kalifornien") in real ToS."""
    if not (CORPUS / "tos-dev" / "gold.jsonl").exists():
        pytest.skip(f"no corpus at {CORPUS}")
    right = total = 0
    for folder, suffix in (("tos-dev", ".de.docx"), ("synthetic-dev", ".docx")):
        for line in (CORPUS / folder / "gold.jsonl").read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if not entry["doc"].endswith(suffix):
                continue
            doc = parse_file(CORPUS / folder / entry["doc"], isolated=False)
            found = extract_governing_law(analyse(doc, detect_language(doc.text()).language), {})
            pred = found["governing_law"]["value"] if found else None
            right += pred == entry["gold"]["governing_law"]
            total += 1
    assert right / total >= 0.9
