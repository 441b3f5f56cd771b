"""Credit bands written as list items: "99.0% to 99.49% uptime: 10% credit of the monthly fee".

The percentages before the remedy are the band's bounds, not the availability promised; the promise is stated
elsewhere ("Provider commits to a 99.5% monthly uptime"). A band is recognised by its shape, not its wording:
a range of two percentages, then a separator, then a percentage that names the remedy.
"""

from __future__ import annotations

import re

# A separator, then the remedy as a percentage ("…: 10% credit", "→ 25 % Gutschrift", "= 5% refund").
# The fee a credit is taken from may stand before the credit word: "10% monthly fee credit", "5% subscription credit".
REMEDY_NOUN = (r"(?:(?:monthly|annual|yearly|quarterly|subscription|service|usage|fees?|invoice|charges?|bill)[\s-]+)"
               r"{0,3}(?:credits?|refunds?|rebates?|discounts?|gutschrift|minderung|erstattung|rabatt)\b")
_REMEDY_PERCENT_RE = re.compile(
    rf"(?::|→|=>|->|=|\s[–—-]\s)\s*(?:an?\s+)?\d+(?:[.,]\d+)?\s*%\s*{REMEDY_NOUN}",
    re.I,
)
# A band opened by a comparator is a band even without its other end: "< 99.5%: 25% credit".
_COMPARATOR_BEFORE_RE = re.compile(r"(?:<=?|≤|\b(?:below|under|less\s+than|lower\s+than|unter(?:halb)?))\s*$", re.I)
_PERCENT_RE = re.compile(r"\d+(?:[.,]\d+)?\s*%")
_SENTENCE_END_RE = re.compile(r"[.;!?](?:\s|$)")


def in_credit_band(text: str, start: int, end: int) -> bool:
    """Whether the percentage at ``text[start:end]`` bounds a credit band: a second percentage forms a range with
    it, and the remedy percentage follows after a separator within the same item."""
    remedy = _REMEDY_PERCENT_RE.search(text, end)
    if remedy is None or remedy.start() - end > 60 or _SENTENCE_END_RE.search(text, end, remedy.start()):
        return False
    head = text[max(0, start - 40):remedy.start()]
    return len(_PERCENT_RE.findall(head)) >= 2 or bool(_COMPARATOR_BEFORE_RE.search(text, 0, start))


# A share of a fee named as the remedy: "5% der Monatsgebühr", "10% of the monthly fee", "1/30 der Monatsmiete".
# German fee nouns are matched as the end of a compound ("Monatsgebühr", "Grundentgelts", "Monatspauschale").
FEE_NOUN = (r"(?:fees?|charges?|bills?|invoice\w*|rent\w*|subscription|price|payments?|mrc|"
            r"\w*(?:entgelt|vergütung|gebühr|preis|(?<!be)rechnung|pauschale|miete|betrag)\w*)")
FEE_SHARE_RE = re.compile(
    r"(?<![\d.,/])(?P<share>\d{1,3}(?:[.,]\d+)?\s*(?:%|percent|per\s?cent|prozent)|\d{1,2}\s*/\s*\d{1,3}(?:st|nd|rd|th)?)"
    # "1/30-Monatsmiete": a fraction joined to its fee noun by a hyphen.
    r"(?:\s*(?:of|der|des|vom|von)\s+(?:the\s+|your\s+|its\s+|that\s+|this\s+|dem\s+|den\s+|einer?\s+)?"
    rf"(?:[\w'’-]+\s+){{0,3}}?|(?<=\d)-)(?P<fee>{FEE_NOUN})\b",
    re.I,
)
# What makes a fee share a remedy for a missed level: a condition after it ("…, wenn die Betriebszeit unter …",
# "… if uptime falls below …", "… bei einer Betriebszeit von 95 % oder weniger").
# "5% der Gebühren für jeden Monat mit einer Betriebszeit von über 99,0%": "with"/"mit" introduces the band too.
CONDITION_RE = re.compile(r"\b(?:if|when|whenever|where|should|in\s+case|with|wenn|falls|sofern|soweit|sobald|bei|"
                          r"mit)\b", re.I)


def after_fee_remedy(text: str, start: int) -> bool:
    """Whether the value at ``start`` is the condition of a fee share named before it in the same sentence ("5 %
    der Monatsgebühr, wenn die Betriebszeit unter 99,8 %, aber über 99,0 % liegt"): a band of the credit, not a
    promised level."""
    for m in FEE_SHARE_RE.finditer(text, 0, start):
        if CONDITION_RE.search(text, m.end(), start):
            return True
    return False
