"""Document title and type."""

from __future__ import annotations

import json
from typing import Any

import pytest

from docsvc.extract.extractors.document.doctype import classify, extract_doctype
from tests.corpus import CORPUS
from tests.fixtures.contexts import make_context


def _doctype(paragraphs: list[str], found: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    return extract_doctype(make_context(paragraphs, **kw), found or {})


@pytest.mark.parametrize(("title", "expected"), [
    ("MASTER SERVICES AGREEMENT", None),
    ("AMENDED AND RESTATED MASTER SERVICES AGREEMENT", None),
    ("AMENDMENT No. 2 to the Managed WAN Services Agreement dated 12 January 2022", "amendment"),
    ("First Amendment to Distributor Agreement", "amendment"),
    ("Nachtrag Nr. 1 zum Rahmenvertrag", "amendment"),
    ("DEED OF NOVATION", "novation"),
    ("Vertragsübernahmevereinbarung", "novation"),
    ("ORDER FORM AND STATEMENT OF WORK", "order_form"),
    ("Bestellschein Managed Services", "order_form"),
    ("Leistungsbeschreibung und Service Level Agreement", "sla"),
    ("Service-Level-Vereinbarung", "sla"),
    ("Skyloft Cloud Terms of Service", "terms_of_service"),
    ("Conditions of Use & Sale", "terms_of_service"),
    ("Allgemeine Geschäftsbedingungen der Wolkenhafen Cloud GmbH", "terms_of_service"),
    ("NUTZUNGSBEDINGUNGEN", "terms_of_service"),
])
def test_classify_titles(title: str, expected: str | None) -> None:
    assert classify(title) == expected


def test_title_skips_filing_banners_and_continues_onto_the_next_line() -> None:
    out = _doctype([
        "Exhibit 10.1",
        "CERTAIN CONFIDENTIAL INFORMATION HAS BEEN OMITTED AND REPLACED WITH [***].",
        "AMENDMENT No. 2",
        "to the Managed WAN Services Agreement dated 12 January 2022",
        "This Amendment No. 2 is made on 18 November 2024 between Alpenlink Networks AG and Rheintal AG.",
    ])
    assert out["title"]["value"] == "AMENDMENT No. 2 to the Managed WAN Services Agreement dated 12 January 2022"
    assert out["document_type"]["value"] == "amendment"
    assert out["document_type"]["evidence"]["text"] == "AMENDMENT No. 2"


def test_title_ignores_table_of_contents_and_exhibit_prefix() -> None:
    out = _doctype(["Exhibit 10.16 CONSULTING AGREEMENT", "1. Service Level Agreement 4", "2. Fees 5"])
    assert out["title"]["value"] == "CONSULTING AGREEMENT"
    assert out["document_type"]["value"] == "contract"


def test_german_sla_annex() -> None:
    out = _doctype([
        "Leistungsbeschreibung und Service Level Agreement",
        "NetzKontor Managed WAN (MPLS / SD-WAN)",
        "1.1 Diese Leistungsbeschreibung regelt die Leistungen der NetzKontor GmbH.",
    ], language="de", pdf=False)
    assert out["document_type"]["value"] == "sla"
    assert out["document_type"]["evidence"]["paragraph"] == 0


def test_terms_of_service_without_a_title_by_how_they_speak() -> None:
    out = _doctype([
        "Effective Date: August 28, 2017",
        "Welcome! These Terms govern your use of our websites.",
        "By using the service you agree to these Terms.",
        "You may not use the service if you do not accept these Terms.",
        "We may change these Terms at any time and will tell you when we do.",
    ])
    assert out["document_type"]["value"] == "terms_of_service"
    assert out["document_type"]["confidence"] < 0.8


def test_german_terms_without_a_title() -> None:
    out = _doctype([
        "Tag des Inkrafttretens: 28. August 2017",
        "Willkommen! Diese Nutzungsbedingungen gelten für Ihre Nutzung unserer Dienste.",
        "Wenn Sie unsere Dienste nutzen, stimmen Sie diesen Nutzungsbedingungen zu.",
        "Wir können diese Nutzungsbedingungen ändern; wir informieren Sie darüber.",
        "Sie können Ihr Konto jederzeit löschen, wenn Sie die Nutzungsbedingungen nicht akzeptieren.",
    ], language="de")
    assert out["document_type"]["value"] == "terms_of_service"


def test_franchise_agreement_speaking_to_you_stays_a_contract() -> None:
    out = _doctype([
        "FRANCHISE AGREEMENT",
        "You agree to these terms and conditions. You may operate the franchise under these terms.",
        "You must pay the royalty. These terms bind you. Your obligations continue.",
        "You shall follow the manual and these terms and conditions at all times.",
    ])
    assert out["document_type"]["value"] == "contract"


def test_found_novation_decides_the_type() -> None:
    found = {"novation": {"value": {"transferor": "A Ltd"}, "confidence": 0.9,
                          "evidence": {"page": 1, "bbox": None, "paragraph": None, "text": "Novation Date"}}}
    out = _doctype(["AGREEMENT", "This agreement is made between A Ltd and B Ltd."], found)
    assert out["document_type"]["value"] == "novation"
    assert out["document_type"]["evidence"]["text"] == "Novation Date"


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "tos-dev" / "gold.jsonl").exists(), reason="shared corpus not available")
@pytest.mark.parametrize("gold_set", ["tos-dev", "synthetic-dev"])
def test_document_types_on_dev_corpus(gold_set: str) -> None:
    from docsvc.extract.context import analyse
    from docsvc.extract.extractors.parties.novation import extract_novation
    from docsvc.extract.extractors.parties.parties import extract_parties
    from docsvc.extract.language import detect_language
    from docsvc.extract.parsers import parse_file

    right = total = 0
    for line in (CORPUS / gold_set / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if not item["doc"].endswith(".docx"):
            continue  # the PDFs of synthetic-dev repeat the DOCX; parsing them is slow
        parsed = parse_file(CORPUS / gold_set / item["doc"], isolated=False)
        ctx = analyse(parsed, detect_language(parsed.text()).language)
        found = extract_parties(ctx, {})
        found |= extract_novation(ctx, found)
        total += 1
        right += extract_doctype(ctx, found)["document_type"]["value"] == item["gold"]["document_type"]
    assert right / total >= 0.9
