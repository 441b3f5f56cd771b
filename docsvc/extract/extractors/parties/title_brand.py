"""The provider of a price sheet or SLA page that names itself only in its title: "TotalCareIT Service Tiers",
"PASS Training & Compliance Big SLA", "Preise – DER SOLARWART".

A last resort, after the preamble, labels, signatures and the provider's own sentences found nobody: the document
speaks in the first person ("we", "our", "wir") and its title is a name followed by words for the kind of
document. Only a word written as nothing but a name opens it: inner capitals ("TotalCareIT"), all capitals
("PASS") or a digit; a title capitalises every word, so "Getting Support" or "Fibre Broadband Services" name
nobody.
"""

from __future__ import annotations

import re

from docsvc.extract.context import DocContext
from docsvc.extract.extractors.parties.preamble import PartyHit
from docsvc.extract.types import BlockKind

CONFIDENCE = 0.45
MIN_FIRST_PERSON = 3
MAX_NAME_WORDS = 5
# Words for the kind of document that follow the name in a title (lower case).
_DOCUMENT_WORDS = frozenset("""
    service services tier tiers sla slas level levels agreement agreements support policy policies pricing price
    prices list rates rate card terms conditions plans plan schedule overview description catalogue catalog
    preise preisliste leistungsbeschreibung tarife tarif tarifübersicht agb konditionen leistungen übersicht
    wartung wartungsvertrag supportvertrag servicevertrag vereinbarung bedingungen
""".split())
_ARTICLES = frozenset("the der die das".split())
# Capitals that name a kind of product, not a company ("VPS Hosting", "SaaS Terms", "VoIP Preise").
_PRODUCT_ACRONYMS = frozenset("""
    vps api apis dns ssl tls cdn saas paas iaas it sla voip sms vpn wan lan gpu cpu ssd hdd dsl fttp ftth fttc sip
    pbx erp crm cms ai ml msp noc soc s3 ddos faq gdpr dsgvo eu us uk nas san vm vms k8s sd-wan mpls isp
""".split())
_FIRST_PERSON = {
    "en": re.compile(r"\b(?:we|our|us|ours)\b", re.I),
    "de": re.compile(r"\b(?:wir|unser\w*|uns)\b", re.I),
}
_SEPARATOR = re.compile(r"\s+[–—|-]\s+|:\s+")
_NAME_ONLY = re.compile(r"[a-z][A-Z]|^[A-ZÄÖÜ0-9&]{3,}$|\d")


def _title(ctx: DocContext) -> str:
    for block in ctx.doc.blocks[:3]:
        if block.kind == BlockKind.HEADING or block.index == 0:
            return block.text.strip()
    return ""


def _brand_word(word: str) -> bool:
    # A capitalised word alone proves nothing in a title, which capitalises every word ("Getting Support").
    return bool(_NAME_ONLY.search(word))


def title_brand(ctx: DocContext) -> PartyHit | None:
    """The name a first-person document's title opens with, as the supplier; None when it names none."""
    text = "\n".join(b.text for b in ctx.doc.blocks)
    voice = _FIRST_PERSON.get(ctx.language, _FIRST_PERSON["en"])
    if len(voice.findall(text)) < MIN_FIRST_PERSON or not ctx.sentences:
        return None
    for segment in _SEPARATOR.split(_title(ctx)):
        words = segment.strip(" .!?*#").split()
        while words and words[-1].lower().strip(",:") in _DOCUMENT_WORDS:
            words.pop()
        while words and words[0].lower() in _ARTICLES:
            words.pop(0)
        if not words or len(words) > MAX_NAME_WORDS or not _brand_word(words[0]):
            continue
        if words[0].lower() in _DOCUMENT_WORDS or words[0].lower() in _PRODUCT_ACRONYMS:
            continue
        return PartyHit(" ".join(words), "supplier", None, ctx.sentences[0], CONFIDENCE)
    return None
