"""Customer and supplier from what the parties do, when their defined terms do not say it.

Most contracts define the parties by short names ("Accuray", "Siemens", "the Company") that carry no role, and
both stay ``other``. The text does say who is who: the supplier provides, delivers, licenses or is paid; the
customer pays, purchases or is appointed distributor. Each sentence where a party's name (or defined term) is the
subject of such a verb, or the one paid, counts for one side (wording as data: ``party_conduct.json``). Only a
two-party contract is decided, and only when the text shows one party on the supplier side and the other on the
customer side: a joint venture where both pay and deliver, or a party never shown acting, stays ``other``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from docsvc.extract import vocabulary
from docsvc.extract.context import DocContext
from docsvc.extract.extractors.parties.names import LEGAL_FORM_ANYWHERE
from docsvc.extract.extractors.parties.preamble import PartyHit

SCAN_SENTENCES = 600
MIN_LEAD = 2  # supplier-side acts minus customer-side acts, between the two parties
# One party shown supplying at least this often, beside one never shown supplying or shown so several times less
# often (``DOMINANT_RATIO``): in a two-party deal the other is the customer ("Adnet will provide ...", "amounts
# payable to Adnet" beside an Interlincx that only approves; a licensor granting, supporting and maintaining 20 times
# beside a licensee-host shown providing once).
ONE_SIDED_LEAD = 3
DOMINANT_RATIO = 4
# "X shall", "X will", "X agrees to", "X hereby", "X undertakes to", "X verpflichtet sich, ... zu".
_NOT_FILLER = r"(?:not|no|never|have|has|be|been|receive|obtain|get|nicht|kein\w*|nie)"
_MODAL = (r"(?:shall|will|agrees?\s+to|must|hereby|undertakes?\s+to|is\s+obligated\s+to|(?:is|are)\s+to|"
          r"verpflichtet\s+sich(?:\s*,)?(?:\s+zur?)?|wird|muss|hat)")


@dataclass(frozen=True)
class _Wording:
    supplies: str
    pays: str
    paid_to: str
    appointed_customer: str
    appointed_supplier: str


@lru_cache(maxsize=1)
def _wording() -> _Wording:
    return _Wording(**{key: vocabulary.alternation(patterns)
                       for key, patterns in vocabulary.merged("party_conduct").items()})


def _aliases(hit: PartyHit) -> list[str]:
    """The defined term, the name, and the name without its legal form ("Cardlytics, Inc." acts as "Cardlytics")."""
    short = LEGAL_FORM_ANYWHERE.sub("", hit.name).strip(" ,.")
    names = [hit.defined_as or "", hit.name, short]
    return [n for n in dict.fromkeys(n.strip() for n in names) if len(n) >= 3]


@dataclass(frozen=True)
class _Patterns:
    """Compiled once, whatever the parties are called: each is tried right after (``*_after``) or right before
    (``*_before``) a place where a party's name stands, so no pattern is built per document."""

    supplies_after: re.Pattern[str]  # "<X> shall provide", "<X> als Dienstleister", "<X> appoints ... as agent"
    pays_after: re.Pattern[str]  # "<X> shall pay", "<X> als Händler", "<X> appoints ... as its distributor"
    paid_before: re.Pattern[str]  # "pay to <X>", "purchase ... from <X>"
    appointed_supplier_after: re.Pattern[str]  # "appoints <X> as its sales agent" (with appoints_before)
    appointed_customer_after: re.Pattern[str]
    appoints_before: re.Pattern[str]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    w = _wording()
    # Up to three words between the modal and the verb ("shall at its expense deliver"), but none that negates
    # it or makes the verb a noun ("shall not sell", "will have all license rights").
    acting = rf"\s+(?:\([^)]{{0,40}}\)\s+)?{_MODAL}\s+(?:(?!{_NOT_FILLER}\b)[\w,]+\s+){{0,3}}?"
    named_as = r"\s+(?:\w+\s+){0,2}?als\s+(?:\w+\s+){0,2}?"
    appoints = r"\s+(?:hereby\s+)?appoints?\s+(?:\w+\s+){1,4}?as\s+(?:\w+\s+){0,3}?"
    return _Patterns(
        supplies_after=re.compile(rf"{acting}(?:{w.supplies})\b|{named_as}(?:{w.appointed_supplier})\b"
                                  rf"|{appoints}(?:{w.appointed_customer})\b", re.I),
        pays_after=re.compile(rf"{acting}(?:{w.pays})\b|{named_as}(?:{w.appointed_customer})\b"
                              rf"|{appoints}(?:{w.appointed_supplier})\b", re.I),
        paid_before=re.compile(rf"(?:{w.paid_to})(?:the\s+|der\s+|die\s+|das\s+)?$", re.I),
        appointed_supplier_after=re.compile(rf"\s+as\s+(?:\w+\s+){{0,3}}?(?:{w.appointed_supplier})\b", re.I),
        appointed_customer_after=re.compile(rf"\s+as\s+(?:\w+\s+){{0,3}}?(?:{w.appointed_customer})\b", re.I),
        appoints_before=re.compile(r"\bappoints?\s+(?:the\s+)?$", re.I),
    )


def _places(text: str, lowered: str, alias: str) -> list[tuple[int, int]]:
    """Where ``alias`` stands in ``text`` as a whole word (``lowered`` is ``text.lower()``)."""
    out, key, start = [], alias.lower(), 0
    while (at := lowered.find(key, start)) >= 0:
        end = at + len(key)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            out.append((at, end))
        start = at + 1
    return out


def _sides(text: str, aliases: Sequence[str]) -> tuple[bool, bool]:
    """(shown on the supplier side, shown on the customer side) in one sentence."""
    p = _patterns()
    lowered = text.lower()
    supplier = customer = False
    for alias in aliases:
        for start, end in _places(text, lowered, alias):
            after, before = text[end:end + 200], text[max(0, start - 80):start]
            appointed = bool(p.appoints_before.search(before))
            supplier = supplier or bool(p.supplies_after.match(after) or p.paid_before.search(before)
                                        or (appointed and p.appointed_supplier_after.match(after)))
            customer = customer or bool(p.pays_after.match(after)
                                        or (appointed and p.appointed_customer_after.match(after)))
    return supplier, customer


def _lead(ctx: DocContext, hit: PartyHit) -> int:
    """Sentences showing the party on the supplier side minus those showing it on the customer side."""
    score = 0
    aliases = _aliases(hit)
    lowered = [alias.lower() for alias in aliases]
    for sent in ctx.sentences[:SCAN_SENTENCES]:
        text_lower = sent.text.lower()
        if not any(alias in text_lower for alias in lowered):
            continue
        supplier, customer = _sides(sent.text, aliases)
        score += supplier
        score -= customer
    return score


def roles_from_conduct(ctx: DocContext, kept: Sequence[PartyHit]) -> None:
    """Two parties both still ``other``: when the text shows one on the supplier side and the other on the
    customer side (each by its own acts, a clear difference between them), they get those roles. A party the
    text never shows acting decides nothing (it may act under a role word: "the above-named Supplier"), unless
    the other is shown supplying again and again (``ONE_SIDED_LEAD``)."""
    if len(kept) != 2 or any(hit.role != "other" for hit in kept):
        return
    first, second = (_lead(ctx, hit) for hit in kept)
    high, low = max(first, second), min(first, second)
    one_sided = high >= ONE_SIDED_LEAD and (low <= 0 or high >= DOMINANT_RATIO * low)
    if abs(first - second) < MIN_LEAD or (first * second >= 0 and not one_sided):
        return
    supplier, customer = (kept[0], kept[1]) if first > second else (kept[1], kept[0])
    supplier.role, customer.role = "supplier", "customer"
