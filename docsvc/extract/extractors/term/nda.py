"""Confidentiality agreements (NDAs, Geheimhaltungs-/Vertraulichkeitsvereinbarungen) state their term in sentences
about confidential information: "The Agreement shall remain in effect for two years from the Effective Date, and
Confidential Information disclosed ...", "hat eine Laufzeit von zwölf Monaten, wobei die
Vertraulichkeitsverpflichtungen ... fortdauern". In other contracts a confidentiality sentence with a duration is
an obligation that outlives the contract; in an NDA it is where the term is. What outlives the NDA is still told
apart by the words right around the duration ("survive", "after termination", "nach Beendigung").
"""

from __future__ import annotations

import re

from docsvc.extract.context import DocContext

# The name of a confidentiality agreement, in its title or preamble.
NDA_NAME_RE = re.compile(r"(?:confidentiality|non-?disclosure|nondisclosure|secrecy)\s+agreement|\bM?NDA\b|"
                         r"(?:vertraulichkeits|geheimhaltungs)(?:vereinbarung|vertrag)", re.I)
_TITLE_SENTENCES = 8
# Words that make a duration outlast the agreement, read close to the duration only: the term and the survival of
# the obligations often share one sentence.
_OUTLIVES_RE = re.compile(r"surviv|fortgelt|nachvertraglich|darüber\s+hinaus|\bbeyond\b|(?:after|following|nach|post)"
                          r"\s+(?:the\s+|its\s+|any\s+|such\s+|der\s+|dem\s+|des\s+)?(?:termination|expir\w*|end\b|"
                          r"beendigung|ablauf(?!\s+von\b)|ende\b|vertragsende)", re.I)
_NEAR_BEFORE, _NEAR_AFTER = 80, 40
# "five (5) years from the date of disclosure", "15 Jahre ab dem Datum der letzten Offenlegung": counted from each
# disclosure, so the term gives no end date.
_FROM_DISCLOSURE_RE = re.compile(
    r"^\W*(?:\([^()]{1,40}\)\s*)?(?:\w+\W+){0,2}?(?:from|after|following|of|ab|nach|seit)\s+(?:\w+\s+){0,5}?"
    r"(?:disclos\w*|receipt|offenlegung|mitteilung|übermittlung|erhalt|empfang)\b", re.I)


def is_confidentiality_agreement(ctx: DocContext) -> bool:
    """Whether the document names itself an NDA in its first sentences (title, preamble)."""
    return any(NDA_NAME_RE.search(s.text) for s in ctx.sentences[:_TITLE_SENTENCES])


def outlives(text: str, start: int, end: int) -> bool:
    """Whether the duration at ``text[start:end]`` runs after the agreement ends (survival), not as its term."""
    return _OUTLIVES_RE.search(text, max(0, start - _NEAR_BEFORE), min(len(text), end + _NEAR_AFTER)) is not None


def counted_from_disclosure(after: str) -> bool:
    """Whether the text right after a duration counts it from a disclosure rather than from the start."""
    return _FROM_DISCLOSURE_RE.match(after) is not None
