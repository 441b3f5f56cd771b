"""Document title and type (contract, sla, terms_of_service, order_form, amendment, novation, other).

The title is the first short block near the top that names a kind of document ("MASTER SERVICES
AGREEMENT", "Vertragsübernahmevereinbarung", "Terms of Use"), skipping filing banners such as "Exhibit 10.1".
The type follows from the title's vocabulary, checked from the most specific kind to the most general; a
novation found by the novation extractor wins, and consumer terms without a recognisable title are told
apart from contracts by how often they speak of "these Terms" and address the reader as "you" / "Sie".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from docsvc.extract.context import DocContext, Sentence, value
from docsvc.extract.extractors import extractor
from docsvc.extract.extractors.document.kinds import content_kind
from docsvc.extract.types import Block, BlockKind

TITLE_BLOCKS = 40
HEADING_TITLE_BLOCKS = 3
TITLE_MAX_CHARS = 140
PREAMBLE_TITLE_SENTENCES = 40
TOS_SCAN_SENTENCES = 300
TOS_MIN_HITS = 3

# Most specific first: "Amendment No. 2 to the Master Services Agreement" is an amendment, not a contract.
TYPE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("novation", re.compile(
        r"novation|vertragsübernahme|übernahmevereinbarung|vertragsübertragung|assignment\s+and\s+assumption|"
        r"assignment,\s+assumption|überleitungsvereinbarung", re.I)),
    ("amendment", re.compile(
        r"^\W*(?:(?:first|second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)?)\s+)?(?:amendment|addendum|"
        r"variation\s+agreement|change\s+note)\b|\bamendment\s+(?:no\b|number|agreement|\d)|deed\s+of\s+variation|"
        r"\bchange\s+(?:order|note|request|control\s+note)\b|supplement(?:al)?\s+(?:agreement|deed)|"
        r"\bsupplement\s+(?:no\b|number|\d)|\b(?:ergänzung|änderung)\s+(?:nr\.?\s*\d+\s+)?zu[mr]\b|"
        r"nachtrag|änderungsvereinbarung|ergänzungsvereinbarung|änderungsvertrag|zusatzvereinbarung", re.I)),
    ("order_form", re.compile(
        r"order\s+form|statement\s+of\s+work|\bSOW\b|purchase\s+order|service\s+order|order\s+schedule|"
        r"bestellformular|bestellschein|auftragsformular|einzelauftrag|bestellung\b|leistungsschein|"
        r"auftragsbestätigung|order\s+confirmation|work\s+order|task\s+order|einzelvertrag|abrufauftrag", re.I)),
    ("sla", re.compile(
        r"service[\s-]+level[\s-]+(?:agreement|schedule|vereinbarung|terms|commitments?|objectives?|"
        r"specification|beschreibung)|^\W*service[\s-]+levels?\W*$|\bSLAs?\b|dienstgütevereinbarung|"
        r"servicevereinbarung|service[\s-]*level[\s-]*vereinbarung", re.I)),
    ("terms_of_service", re.compile(
        r"terms\s+(?:of|and\s+conditions\s+of)\s+(?:service|use|sale|business)|terms\s*(?:&|and)\s*conditions|"
        r"conditions\s+of\s+(?:use|sale|carriage)|acceptable\s+use\s+policy|end[\s-]+user\s+licen[cs]e|\bEULA\b|"
        r"\bT&Cs?\b|nutzungsbedingungen|geschäftsbedingungen|\bAGB\b|verkaufsbedingungen|beförderungsbedingungen|"
        r"servicebedingungen|\bTOS\b|\b(?:general|standard)\s+(?:terms|conditions)\b|\bterms\s+of\s+(?:supply|purchase)|"
        r"allgemeine\s+[\wäöüß]*bedingungen|lieferbedingungen|einkaufsbedingungen", re.I)),
    ("other", re.compile(
        r"privacy\s+(?:policy|notice)|cookie\s+policy|datenschutzerklärung|datenschutzhinweise", re.I)),
)
# A service description is an SLA when what it describes are service levels (the SLA extractor found several).
_SERVICE_DESCRIPTION = re.compile(
    r"leistungsbeschreibung|servicebeschreibung|service\s+(?:description|specification|schedule)", re.I)
SLA_DESCRIPTION_MIN = 2
# Click-through agreements are terms of service when nobody but the provider is named in them.
_CONSUMER_AGREEMENT = re.compile(r"\b(?:user|customer|subscriber|member|subscription)\s+agreement", re.I)
# Words that make a short line a document title.
TITLE_WORDS = re.compile(
    r"agreement|contract|terms|conditions|amendment|addendum|deed|order\s+form|statement\s+of\s+work|"
    r"service\s+level|vertrag|vereinbarung|bedingungen|\bAGB\b|leistungsbeschreibung|leistungsschein|nachtrag|"
    r"bestellformular|bestellschein|bestellung|einzelauftrag|auftragsformular|novation|T&Cs?|change\s+(?:order|note|"
    r"request)|service\s+order|purchase\s+order|policy|datenschutzerklärung|datenschutzhinweise|\bEULA\b|"
    r"order\s+confirmation|auftragsbestätigung|work\s+order|task\s+order|(?:ergänzung|änderung)\s+(?:nr|zu)|"
    r"supplement(?:al)?\s+(?:agreement|deed|no\b|\d)|servicebeschreibung|service\s+(?:description|specification|"
    r"schedule)",
    re.I,
)
_BANNER = re.compile(
    r"^\s*(?:exhibit|ex-|annex|schedule|appendix|anlage|attachment)\s*[\w.()-]*\s*$|confidential\s+treatment|"
    r"^\W*(?:strictly\s+)?confidential\W*$|redacted|omitted|"
    r"source:|https?://|www\.|page\s+\d|seite\s+\d|table\s+of\s+contents|inhaltsverzeichnis|execution\s+(?:version|copy)",
    re.I,
)
# A draft stamp: a draft / revision word with a date ("DRAFT 12.03.2024 – Rev. 3", "Entwurf vom 3. April 2024").
_STAMP_WORD = re.compile(r"\b(?:draft|entwurf|revision|rev\.?\s*\d|fassung|stand|version|v\d)", re.I)
_DATE = re.compile(
    r"\b\d{1,2}[./]\s?\d{1,2}[./]\s?\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.?\s+[A-ZÄÖÜa-zäöü]{3,9}\.?\s+\d{4}\b|"
    r"\b[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}\b")
# A page number, as running headers and footers print it: "Page 3 of 12", "Seite 2/9", "- 4 -", "3 | Contract".
_PAGE_MARK = re.compile(
    r"\b(?:page|seite|p\.)\s*\d+|^\s*-\s*\d+\s*-\s*$|\b\d+\s*(?:of|von|/)\s*\d+\s*$|^\s*\d{1,3}\s*\|", re.I)
# Headings of a section, never of a document: "Präambel", "Introduction", "Info".
_SECTION_ONLY = re.compile(
    r"^\W*(?:preamble|präambel|introduction|einleitung|einführung|background|recitals?|info|information|overview|"
    r"übersicht|contents|inhalt|summary|zusammenfassung|definitions?|definitionen|scope|geltungsbereich|zielgruppe)\W*$",
    re.I)
# "Contract: Month-to-month", "Title: Webhosting-Vertrag": a label and its value, not a title.
_LABEL_VALUE = re.compile(r"^[\w-]+\s*:\s+\S")
RUNNING_MIN_REPEATS = 2
# The title named in the preamble: "This Master Hosting Services Agreement (this "Agreement")".
_PREAMBLE_TITLE = re.compile(
    r"\b(?:This|THIS|Diese[rs]?)\s+((?:[A-Z][\w&\-]*\s+){0,8}?(?:Agreement|AGREEMENT|Contract|CONTRACT|"
    r"[A-ZÄÖÜ][\wäöüß-]*(?:vertrag|vereinbarung)))\b"
)
# A clause heading or table-of-contents line ("7. Service Levels", "Schedule 2 – Service Levels ..... 31").
_TOC_LINE = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\.?|§\s*\d+)\s+(?!(?:Nachtrag|Änderungs|Ergänzungs|Zusatz)\w*\s+zu)\S"
    r"|(?:\.{3,}|…|\t)\s*\d+\s*$"
)
_EXHIBIT_PREFIX = re.compile(r"^(?:exhibit|ex\.|annex|anlage)\s+[\w.()-]+\s+(?=\S)", re.I)
_TRAILING_LINK = re.compile(r"\s+(?:between|among|by\s+and\s+between|for|and|of|to|zwischen|über)\s*$", re.I)
_CONTINUATION = re.compile(r"^(?:to|for|of|between|zum|zur|über|für|zwischen)\b", re.I)
# A title naming an agreement rules out the body-text guess ("Franchise Agreement" also says "you" a lot).
_CONTRACT_TITLE = re.compile(r"agreement|contract|deed|vertrag|vereinbarung", re.I)
TOS_CUE = "TOS_TERMS"
YOU_CUE = "READER_ADDRESS"


def _title_blocks(ctx: DocContext) -> list[Block]:
    return [b for b in ctx.doc.blocks[:TITLE_BLOCKS] if b.kind not in (BlockKind.HEADER, BlockKind.FOOTER)]


def _block_source(ctx: DocContext, block: Block) -> Sentence | None:
    """The whole title block as one evidence span (the sentencizer cuts "AMENDMENT No. 2" after "No.")."""
    first = next((s for s in ctx.sentences if s.block.index == block.index), None)
    if first is None:
        return None
    return Sentence(text=block.text, block=block, start=0, end=len(block.text), position=first.position)


def _running_lines(ctx: DocContext) -> set[str]:
    """Lines printed on many pages (digits masked, so "Page 3 of 12" and "Page 4 of 12" are one line): running
    headers the parser did not mark as such, e.g. "Contract No. 2024-117 | Page 3"."""
    seen: dict[str, int] = {}
    for block in ctx.doc.blocks:
        if len(block.text) <= TITLE_MAX_CHARS:
            key = _mask(block.text)
            seen[key] = seen.get(key, 0) + 1
    return {k for k, n in seen.items() if n > RUNNING_MIN_REPEATS}


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()).lower())


def not_a_title(text: str, running: set[str]) -> bool:
    """A banner, page header, draft stamp or running header, never the title."""
    stamp = _STAMP_WORD.search(text) and _DATE.search(text)
    return bool(_BANNER.search(text) or _PAGE_MARK.search(text) or _SECTION_ONLY.match(text) or stamp
                or _mask(text) in running)


def find_title(ctx: DocContext) -> tuple[str, Sentence] | None:
    blocks = _title_blocks(ctx)
    running = _running_lines(ctx)
    top = _top_heading(ctx, blocks, running)
    for i, block in enumerate(blocks):
        text = " ".join(block.text.split())
        if len(text) > TITLE_MAX_CHARS or not TITLE_WORDS.search(text) or not_a_title(text, running):
            continue
        if _LABEL_VALUE.match(text):
            continue
        if top is not None and i >= HEADING_TITLE_BLOCKS:
            return top  # a section heading further down ("Support contract options"), below the document's own
        if len(text.split()) > 16 or text.endswith((".", ";", ",", ":")) and (
                len(text.split()) > 8 or _PREAMBLE_TITLE.match(text)):
            continue  # a sentence that mentions an agreement ("This Agreement is dated ..."), not a title
        if _TOC_LINE.search(text):
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is not None and _CONTINUATION.match(nxt.text) and len(nxt.text) < TITLE_MAX_CHARS:
            text = f"{text} {' '.join(nxt.text.split())}"  # "AMENDMENT No. 2" / "to the Managed WAN Services ..."
        source = _block_source(ctx, block)
        if source is not None:
            return _TRAILING_LINK.sub("", _EXHIBIT_PREFIX.sub("", text)).strip(" :"), source
    for s in ctx.sentences[:PREAMBLE_TITLE_SENTENCES]:
        if m := _PREAMBLE_TITLE.search(s.text):
            return m.group(1), s
    return top


def _top_heading(ctx: DocContext, blocks: list[Block], running: set[str]) -> tuple[str, Sentence] | None:
    """The first heading at the top ("GitHub Premium Support plans", "Preisliste Managed Print 2024") unless it is
    a stamp, banner or running header: the title of a document whose title names no kind of document."""
    for block in blocks[:HEADING_TITLE_BLOCKS]:
        text = " ".join(block.text.split())
        if block.kind == BlockKind.HEADING and len(text) <= TITLE_MAX_CHARS and not _TOC_LINE.search(text) and not (
                not_a_title(text, running) or _LABEL_VALUE.match(text)) and (
                source := _block_source(ctx, block)) is not None:
            return text.strip(" :"), source
    return None


def classify(text: str) -> str | None:
    for doc_type, pattern in TYPE_RULES:
        if pattern.search(text):
            return doc_type
    return None


def _reads_like_terms(ctx: DocContext) -> Sentence | None:
    """Consumer terms: repeated talk of "these Terms" and of "you"/"Sie", and no two contracting companies."""
    tos = [s for s in ctx.with_cue(TOS_CUE) if s.position < TOS_SCAN_SENTENCES]
    you = [s for s in ctx.with_cue(YOU_CUE) if s.position < TOS_SCAN_SENTENCES]
    if len(tos) >= TOS_MIN_HITS and len(you) >= TOS_MIN_HITS:
        return tos[0]
    return None


def _terms_cues(ctx: DocContext) -> int:
    return sum(1 for s in ctx.with_cue(TOS_CUE) if s.position < TOS_SCAN_SENTENCES)


@extractor("doctype", order=90)
def extract_doctype(ctx: DocContext, found: Mapping[str, Any]) -> dict[str, Any]:
    if not ctx.sentences:
        return {}
    out: dict[str, Any] = {}
    title = find_title(ctx)
    if title:
        out["title"] = value(title[0], 0.8, title[1])
    parties = found.get("parties") or []
    if found.get("novation"):
        novation = found["novation"]
        out["document_type"] = {**value("novation", 0.9, ctx.sentences[0]), "evidence": novation["evidence"]}
        return out
    if len(parties) == 1 and title and _CONTRACT_TITLE.search(title[0]) and parties[0].get("defined_as"):
        # "Webhosting-Vertrag zwischen X Ltd. (Dienstleister) und dem Kunden": a contract whose other side is left
        # unnamed (the parties list only has names) still has two sides.
        parties = [*parties, {"name": None}]
    doc_type = classify(title[0]) if title else None
    if doc_type == "novation" and not parties:
        doc_type = None  # a title naming a novation without any parties is more likely a reference to one
    if doc_type is None and title and len(parties) < 2 and _CONSUMER_AGREEMENT.search(title[0]):
        doc_type = "terms_of_service"
    if doc_type is None and title and _SERVICE_DESCRIPTION.search(title[0]) and len(
            found.get("sla") or []) >= SLA_DESCRIPTION_MIN:
        doc_type = "sla"
    if doc_type and title:
        out["document_type"] = value(doc_type, 0.85, title[1])
    elif len(parties) < 2 and not (title and _CONTRACT_TITLE.search(title[0])) and (source := _reads_like_terms(ctx)):
        out["document_type"] = value("terms_of_service", 0.65, source)
    elif len(parties) < 2 and (kind := content_kind(
            ctx, found, title[0] if title else None, terms_cues=_terms_cues(ctx))):
        # No contract between two named parties: a provider's own SLA, support policy, price list or terms.
        out["document_type"] = value(kind, 0.6, title[1] if title else ctx.sentences[0])
    else:
        out["document_type"] = value("contract", 0.6 if title else 0.4, title[1] if title else ctx.sentences[0])
    return out
