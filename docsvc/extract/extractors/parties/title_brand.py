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

from docsvc.extract import vocabulary
from docsvc.extract.context import DocContext
from docsvc.extract.extractors.parties.names import LEGAL_FORM_ANYWHERE, clean_name
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
PRODUCT_ACRONYMS = frozenset("""
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
    """The name a first-person document's title opens with, as the supplier; None when it names none.

    A page that never says "we" (service terms in the third person: "KORVEX Fibre Link – Service Terms") still
    opens its title with its brand when the brand is written as only a name is: inner capitals, or capitals in a
    title that is not all capitals ("EXHIBIT C – SERVICE LEVEL AGREEMENT" names nobody). Then only the brand is
    taken: the words after it name its product."""
    text = "\n".join(b.text for b in ctx.doc.blocks)
    voice = _FIRST_PERSON.get(ctx.language, _FIRST_PERSON["en"])
    if not ctx.sentences:
        return None
    title = _title(ctx)
    if len(voice.findall(text)) < MIN_FIRST_PERSON:
        return _third_person_brand(ctx, title)
    for segment in _SEPARATOR.split(title):
        words = segment.strip(" .!?*#").split()
        while words and words[-1].lower().strip(",:") in _DOCUMENT_WORDS:
            words.pop()
        while words and words[0].lower() in _ARTICLES:
            words.pop(0)
        if not words or len(words) > MAX_NAME_WORDS or not _brand_word(words[0]):
            continue
        if words[0].lower() in _DOCUMENT_WORDS or words[0].lower() in PRODUCT_ACRONYMS:
            continue
        return PartyHit(" ".join(words), "supplier", None, ctx.sentences[0], CONFIDENCE)
    return None


def named_as_product(word: str, text: str, *, integrated: bool = False) -> bool:
    """The text puts a product noun before the word ("die Software ConvertX", "the add-on GridPilot"): a product,
    not its maker (``provider_cues.json``, 'product_before'). ``integrated``: also a noun after it that makes it a
    thing integrated ("B7X integration support"), a weaker sign kept for names known from a title alone."""
    cues = vocabulary.merged("provider_cues")
    before = vocabulary.alternation(cues.get("product_before", []))
    if before and re.search(rf"\b(?:{before})\s+{re.escape(word)}(?![\w-])", text):
        return True
    after = vocabulary.alternation(cues.get("product_after", []))
    pattern = rf"(?<![\w-]){re.escape(word)}[\s-]+(?:{after})\b"
    return integrated and bool(after) and re.search(pattern, text) is not None


def _not_a_brand(word: str) -> bool:
    generic = {w.lower() for w in vocabulary.merged("provider_cues").get("generic", [])}
    low = word.lower()
    return low in _DOCUMENT_WORDS or low in PRODUCT_ACRONYMS or low in generic


def _third_person_brand(ctx: DocContext, title: str) -> PartyHit | None:
    # The title must say what kind of document it is ("Service Terms", "Leistungsbeschreibung"): a title that is
    # only a name ("ConvertX") is as likely a product's as its maker's.
    if not title or title.upper() == title or not any(
            w.lower().strip(",:;()") in _DOCUMENT_WORDS for w in re.split(r"[\s–—|-]+", title)):
        return None
    words = _SEPARATOR.split(title)[0].strip(" .!?*#").split()
    while words and words[0].lower() in _ARTICLES:
        words.pop(0)
    brand: list[str] = []
    for word in words:
        if not re.fullmatch(r"[\w&.-]*[^\W\d_]{2}[\w&.-]*", word) or not _brand_word(word) or _not_a_brand(word):
            break
        brand.append(word)
    if not brand or len(brand) > 2:
        return None
    if named_as_product(brand[0], "\n".join(b.text for b in ctx.doc.blocks), integrated=True):
        return None
    return PartyHit(" ".join(brand), "supplier", None, ctx.sentences[0], CONFIDENCE)


# Words around a company in its document's title: "Leistungsbeschreibung der X GmbH", "X Ltd – Service Terms".
_TITLE_LINKS = frozenset("the of by from der des von – - | :".split())


def title_company(title: str) -> str | None:
    """The company with a legal form that a title names as the document's owner ("Ridgeway Telecom Pty Ltd Service
    Level Agreement"): every other word of the title a word for the kind of document or a link between them. A
    title "SLA for X Ltd" names the customer, so "for" is no link."""
    for m in LEGAL_FORM_ANYWHERE.finditer(title):
        tail = title[m.end():].split()
        if not all(w.lower().strip(",.:()") in _DOCUMENT_WORDS or w in _TITLE_LINKS for w in tail):
            continue
        head = title[:m.start()].split()
        start = len(head)
        while start and re.match(r"[A-ZÄÖÜ0-9&(]", head[start - 1]) and head[start - 1].lower() not in _DOCUMENT_WORDS:
            start -= 1
        if start == len(head) or not all(w.lower() in _DOCUMENT_WORDS or w.lower() in _TITLE_LINKS
                                         for w in head[:start]):
            continue
        return clean_name(" ".join(head[start:]) + " " + m.group(0))
    return None
