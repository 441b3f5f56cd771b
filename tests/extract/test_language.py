import pytest

from docsvc.extract.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This Agreement is made between the Supplier and the Customer and shall be governed by the laws of "
         "England and Wales.", "en"),
        ("Dieser Vertrag wird zwischen dem Auftragnehmer und dem Auftraggeber geschlossen und unterliegt dem "
         "Recht der Bundesrepublik Deutschland.", "de"),
        # German contract quoting English defined terms keeps its language
        ("Der Service Level Agreement (SLA) gilt für alle Incidents; die Response Time beträgt vier Stunden "
         "während der Servicezeit und wird monatlich gemessen.", "de"),
    ],
)
def test_detects_english_and_german(text: str, expected: str) -> None:
    guess = detect_language(text)
    assert guess.language == expected
    assert guess.confidence >= 0.5


def test_no_words_gives_a_weak_guess() -> None:
    guess = detect_language("1234 5678 — §§ 99,5 %")
    assert guess.confidence <= 0.3
