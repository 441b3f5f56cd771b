"""Scope statements in wordings the dev corpora do not use."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from docsvc.extract.extractors.document.scope import extract_scope
from tests.fixtures.contexts import make_context


def _scope(paragraphs: list[str], language: str, headings: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    found = extract_scope(make_context(paragraphs, [], language=language, headings=headings), {})
    if not found:
        return [], []
    return ([e["text"] for e in found["scope"]["in_scope"]], [e["text"] for e in found["scope"]["out_of_scope"]])


@pytest.mark.parametrize(
    ("sentence", "language", "side"),
    [
        ("Der Leistungsumfang des Auftragnehmers umfasst die Wartung und Pflege der Software.", "de", "in"),
        ("The scope of the Services includes monitoring of all core switches.", "en", "in"),
        ("Out-of-scope services include data migration and end-user training.", "en", "out"),
        ("This SOW does not cover the decommissioning of legacy servers.", "en", "out"),
        ("The scope of this Agreement excludes any hardware procurement.", "en", "out"),
    ],
)
def test_scope_sentences(sentence: str, language: str, side: str) -> None:
    in_scope, out_scope = _scope([sentence], language)
    assert (in_scope, out_scope) == (([sentence], []) if side == "in" else ([], [sentence]))


def test_german_lead_in_with_genitive_opens_a_list() -> None:
    paragraphs = ["Die Leistungen des Anbieters umfassen folgende Bestandteile:",
                  "a) Hosting der Anwendung im Rechenzentrum Frankfurt;", "b) tägliche Datensicherung."]
    assert _scope(paragraphs, "de") == (["Hosting der Anwendung im Rechenzentrum Frankfurt", "tägliche Datensicherung"],
                                        [])


@pytest.mark.parametrize(
    ("sentence", "language"),
    [
        ("Prices in this order exclude VAT.", "en"),
        ("The Supplier's liability does not include indirect losses.", "en"),
        ("Die Preise verstehen sich ausschließlich Umsatzsteuer.", "de"),
    ],
)
def test_no_scope(sentence: str, language: str) -> None:
    assert _scope([sentence], language) == ([], [])
