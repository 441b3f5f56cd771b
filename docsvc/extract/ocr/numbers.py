"""Letters tesseract reads in place of digits inside number-like words: "1'18O.00" → "1'180.00", "99.9O%" → "99.90%".

Only words that are a number once the look-alikes are replaced, and that hold a real digit already, are changed:
"O2", "SLA", "Level 3" or "P1" never are, nor is any word with another letter in it.
"""

from __future__ import annotations

import re

# The pairs tesseract confuses in the fonts contracts use. Not "|" (a table border left over) nor "B"/"D".
_LOOK_ALIKES = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "S": "5"})
# An amount, percentage or count as contracts write them: currency sign, digits with thousands and decimal
# separators (1,180.00  1.180,00  1'180.00), a closing % or unit-free, and the punctuation after it.
_NUMBER = re.compile(r"^[(\-–+]?[£$€]?\d(?:[\d.,'’]*\d)?(?:[.,]-|,–)?%?[)]?[.,;:]?$")
_CANDIDATE = re.compile(r"^[(\-–+]?[£$€]?[\dOolIS.,'’]+%?[)]?[.,;:]?$")


def fix_number(word: str) -> str:
    """``word`` with look-alike letters turned into digits when that makes it a number, else unchanged."""
    if not any(c.isdigit() for c in word) or not _CANDIDATE.match(word):
        return word
    fixed = word.translate(_LOOK_ALIKES)
    if fixed == word or not _NUMBER.match(fixed):
        return word
    digits = sum(1 for c in word if c.isdigit())
    if word[0].isalpha() and digits < 3:  # "S1", "O2", "I5": codes and names, not numbers read badly
        return word
    # Mostly letters with a digit among them ("Sl1", "OIS5") is more likely a word read badly than a number.
    return fixed if digits >= sum(1 for a, b in zip(word, fixed, strict=True) if a != b) else word


# A number glued to the capitalised word after it ("4Business Hours"): tesseract drops narrow spaces after a
# digit. A capital with lower case after it starts a word; "4G", "10GB" or "2nd" are not split.
_GLUED = re.compile(r"^(\d+(?:[.,]\d+)?)([A-ZÄÖÜ][a-zäöüß]{2,}[.,;:]?)$")


def split_glued(word: str) -> str:
    """``word`` with a space between a leading number and a capitalised word glued to it."""
    return _GLUED.sub(r"\1 \2", word)
