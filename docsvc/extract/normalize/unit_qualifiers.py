"""Words between a number and its time unit that do not change the unit: "4 full business days", "zwei volle
Werktage", "2 consecutive hours", "two UK working hours".

The duration reader expects the unit right after the number; these words are dropped first so that
"4 full business days" reads like "4 business days". Two kinds are dropped:

* qualifiers from the data files ``nlp/patterns/*/duration_qualifiers.json`` ("full", "volle", "clock"), before
  any time unit;
* capitalised words (a place or calendar: "Irish", "UK", "Swiss") before a business-time unit only, since a
  business day is always some place's business day. Capitalised unit words themselves ("4 Business Hours",
  "24 Stunden Werktags") are never dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docsvc.extract import vocabulary

# What may stand before the dropped words: a figure, "(2)", or a number word (still a word at this stage).
_NUMBER = (
    r"\d|\)|\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|eine?[nmrs]?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|"
    r"elf|zwölf|\w+zehn|\w+zig|\w+ßig|hundert)"
)
_BUSINESS_UNIT = (
    r"(?:business|working|work|support|service)[\s-]*(?:hours?|days?)\b|"
    r"(?:werk|arbeits|geschäfts|bankarbeits)(?:tag|stunde)|(?:geschäfts|service|betriebs)stunde"
)
_ANY_UNIT = (
    _BUSINESS_UNIT + r"|(?:calendar\s+)?(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?)\b|"
    r"(?:kalender)?(?:jahr|monat|woche|tag|stunde|minute|sekunde)"
)
_IS_UNIT_RE = re.compile(rf"^(?:{_ANY_UNIT}|business|working|calendar|support|service)", re.I)


@lru_cache(maxsize=1)
def _qualifier_words() -> str:
    return "|".join(vocabulary.merged("duration_qualifiers")["qualifiers"])


@lru_cache(maxsize=1)
def _qualified_re() -> re.Pattern[str]:
    word = rf"(?:{_qualifier_words()}|(?-i:[A-ZÄÖÜ][A-Za-zäöüß]+))"
    return re.compile(
        rf"(?P<number>{_NUMBER})(?P<words>(?:\s+{word}){{1,3}}?)(?=[\s-]+(?P<unit>{_ANY_UNIT}))",
        re.I,
    )


@lru_cache(maxsize=1)
def _vocab_re() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_qualifier_words()})$", re.I)


def drop_unit_qualifiers(text: str) -> str:
    """``text`` without the qualifiers between numbers and time units ("4 full business days" -> "4 business days")."""
    if not re.search(r"\s[A-Za-zÄÖÜäöü]+\s", text):
        return text
    return _qualified_re().sub(_drop, text)


def _drop(m: re.Match[str]) -> str:
    words = m.group("words").split()
    if any(_IS_UNIT_RE.match(w) for w in words):
        return m.group(0)  # "4 Business Hours", "24 Stunden Werktags": the words are units, not qualifiers
    vocab = _vocab_re()
    if not all(vocab.match(w) for w in words) and not re.match(_BUSINESS_UNIT, m.group("unit"), re.I):
        return m.group(0)  # a capitalised word qualifies only a business-time unit ("Irish working days")
    return m.group("number")
