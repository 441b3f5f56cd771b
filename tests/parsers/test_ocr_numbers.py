"""Letters read in place of digits inside OCR'd numbers are put back; words that are not numbers are left alone."""

from __future__ import annotations

import pytest

from docsvc.extract.ocr.numbers import fix_number, split_glued


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("1'18O.00", "1'180.00"),  # Swiss thousands separator
        ("1,18O.OO", "1,180.00"),
        ("99.9O%", "99.90%"),
        ("£O.0049", "£0.0049"),
        ("3O", "30"),
        ("2O24", "2024"),
        ("4.5O,", "4.50,"),  # the comma after it stays
        ("1l0", "110"),
        ("(1S)", "(15)"),
    ],
)
def test_look_alike_letters_in_a_number_become_digits(read: str, meant: str) -> None:
    assert fix_number(read) == meant


@pytest.mark.parametrize(
    "word",
    ["S1", "O2", "P1", "I5", "SLA", "Sl1", "OIS5", "S-1", "Hours.", "385.00", "(2)", "1.", "lO", "Level"],
)
def test_codes_words_and_correct_numbers_are_left_alone(word: str) -> None:
    assert fix_number(word) == word


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("4Business", "4 Business"),
        ("16Stunden", "16 Stunden"),
        ("2,5Werktage.", "2,5 Werktage."),
        ("4G", "4G"),
        ("10GB", "10GB"),
        ("2nd", "2nd"),
        ("P1", "P1"),
        ("Business", "Business"),
    ],
)
def test_a_number_glued_to_the_next_word_is_split_only_before_a_capitalised_word(read: str, meant: str) -> None:
    assert split_glued(read) == meant
