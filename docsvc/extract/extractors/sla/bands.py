"""Credit bands written as list items: "99.0% to 99.49% uptime: 10% credit of the monthly fee".

The percentages before the remedy are the band's bounds, not the availability promised; the promise is stated
elsewhere ("Provider commits to a 99.5% monthly uptime"). A band is recognised by its shape, not its wording:
a range of two percentages, then a separator, then a percentage that names the remedy.
"""

from __future__ import annotations

import re

# A separator, then the remedy as a percentage ("…: 10% credit", "→ 25 % Gutschrift", "= 5% refund").
_REMEDY_PERCENT_RE = re.compile(
    r"(?::|→|=>|->|=|\s[–—-]\s)\s*(?:an?\s+)?\d+(?:[.,]\d+)?\s*%\s*(?:service\s+)?(?:credits?|refunds?|rebates?|"
    r"discounts?|gutschrift|minderung|erstattung)\b",
    re.I,
)
_PERCENT_RE = re.compile(r"\d+(?:[.,]\d+)?\s*%")
_SENTENCE_END_RE = re.compile(r"[.;!?](?:\s|$)")


def in_credit_band(text: str, start: int, end: int) -> bool:
    """Whether the percentage at ``text[start:end]`` bounds a credit band: a second percentage forms a range with
    it, and the remedy percentage follows after a separator within the same item."""
    remedy = _REMEDY_PERCENT_RE.search(text, end)
    if remedy is None or remedy.start() - end > 60 or _SENTENCE_END_RE.search(text, end, remedy.start()):
        return False
    head = text[max(0, start - 40):remedy.start()]
    return len(_PERCENT_RE.findall(head)) >= 2
