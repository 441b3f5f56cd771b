"""Heading recognition from text and emphasis, shared by the PDF and DOCX parsers.

PDFs carry no structure and many DOCX files use no heading styles, so a heading is recognised from how it is
written: a clause number with a short title ("12. GOVERNING LAW", "4.2 Fees"), a keyword with a number
("Schedule 2", "Anlage 1", "Article IV", "§ 5 Laufzeit"), a short ALL-CAPS line, or a short bold or larger line.
The rules are the same for every language; only the keyword list knows English and German words.
"""

from __future__ import annotations

import re

MAX_HEADING_CHARS = 150
MAX_TITLE_WORDS = 12
EMPHASIS_SIZE_RATIO = 1.15  # a line this much larger than body text reads as a heading
_MAX_LEVEL = 6

_KEYWORD = re.compile(
    r"^(?:article|artikel|section|clause|schedule|annex|anlage|anhang|appendix|exhibit|attachment|part|teil"
    r"|chapter|kapitel|abschnitt|ziffer)\s+(?P<num>\d{1,3}(?:\.\d{1,3})*|[A-Z]|[IVXLC]{1,6})\b",
    re.IGNORECASE,
)
_SECTION_SIGN = re.compile(r"^§\s*(?P<num>\d{1,3}[a-z]?(?:\.\d{1,3})*)\b")
# A clause number needs a dot ("12." or "4.2") unless the line is emphasised: "12 months" is not a heading.
_DOTTED_NUMBER = re.compile(r"^(?P<num>\d{1,3}\.(?:\d{1,3}\.?)*)\s+(?P<title>\S.*)$")
_BARE_NUMBER = re.compile(r"^(?P<num>\d{1,3})\s+(?P<title>\S.*)$")
_LETTER_NUMBER = re.compile(r"^(?P<num>[A-Z]|[IVXLC]{1,6})\.\s+(?P<title>\S.*)$")
_SENTENCE_END = (".", ";", ",")
_FUNCTION_WORDS = frozenset(
    "a an and as by for in of on or the to with und oder der die das des dem den von vom zur zum für mit im am".split()
)


def heading_level(text: str, *, emphasis: bool = False, size_ratio: float = 1.0) -> int | None:
    """Heading level (1 = top) if ``text`` reads as a heading, else None.

    ``emphasis`` means the whole text is bold; ``size_ratio`` is its font size over the body text size.
    """
    t = " ".join(text.split())
    if not t or len(t) > MAX_HEADING_CHARS or t.endswith((",", ";")):
        return None
    emphasis = emphasis or size_ratio >= EMPHASIS_SIZE_RATIO or _is_all_caps(t)
    for pattern in (_KEYWORD, _SECTION_SIGN):
        m = pattern.match(t)
        if m:
            # "Schedule 2 – Charges" is a heading; "Clause 14 of this Agreement applies." is a sentence.
            rest = t[m.end() :].strip(" .:-–—")
            return _depth(m.group("num")) if not rest or _is_title(rest, emphasis=emphasis) else None
    for pattern in (_DOTTED_NUMBER, _LETTER_NUMBER, _BARE_NUMBER):
        m = pattern.match(t)
        if m and (pattern is not _BARE_NUMBER or emphasis):
            if not _is_title(m.group("title"), emphasis=emphasis):
                return None
            return 1 if pattern is _LETTER_NUMBER else _depth(m.group("num"))
    if len(t.split()) > MAX_TITLE_WORDS or not emphasis or t.endswith(_SENTENCE_END) or not t[0].isupper():
        return None
    return 1 if size_ratio >= 1.3 or _is_all_caps(t) else 2


def _is_title(title: str, *, emphasis: bool) -> bool:
    words = title.split()
    if not title[0].isupper() or len(words) > MAX_TITLE_WORDS:
        return False
    if emphasis or not title.endswith(_SENTENCE_END + (":",)):
        return True
    # "14.2 Payment is due in 30 days." is a numbered sentence; "1.1 Provision of Services." a run-in heading:
    # every word capitalised but for a few function words (a sentence has a verb, mostly in lower case).
    return len(words) <= 6 and all(w[0].isupper() or w.lower() in _FUNCTION_WORDS for w in words)


def _is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _depth(number: str) -> int:
    parts = [p for p in number.split(".") if p]
    return min(max(len(parts), 1), _MAX_LEVEL)
