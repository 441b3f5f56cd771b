"""Parties read from the signature page, for contracts whose preamble names fewer than two of them.

Signature blocks repeat each party's legal name: "IN WITNESS WHEREOF ... ACME CORP. By: ____", "Signed for and
on behalf of Liffey Digital Services Limited", "Anthony Chan, Chief Executive Officer, American Champion
Media, Inc.". Only names carrying a legal form are taken from here, since the same lines also hold people's
names and titles.
"""

from __future__ import annotations

import re

from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.extractors.parties.names import clean_name, has_legal_form, role_for_term
from docsvc.extract.extractors.parties.preamble import PartyHit
from docsvc.extract.types import BlockKind

SIGNATURE_CUE = "SIGNATURE"
BLOCKS_AFTER = 16
BLOCKS_BEFORE = 6
# A line naming the side that signs below it: "Für den Auftraggeber:", "For the Supplier:". German signature pages
# often put it above the "Ort, Datum" line that marks the page.
_SIDE_HEADER = re.compile(r"^\s*(?:für|for)\s+(?:den|die|das|the)\s+(?P<term>[\wäöüß]+(?:\s[\wäöüß]+)?)\s*:?\s*$", re.I)
_ON_BEHALF = re.compile(
    r"\b(?:for\s+and\s+on\s+behalf\s+of|on\s+behalf\s+of|für\s+(?:die|den|das))\s+(?P<rest>.+)", re.I
)
_NOISE = re.compile(r"[)(]\s*$|/s/.*$|\bBy:.*$|_{2,}.*$", re.I)
# A capitalised run ending in a legal form at the end of a line: "Chief Executive Officer American Champion Media, Inc."
_TRAILING_NAME = re.compile(r"((?:(?:[A-Z][\w&.'’\-]*|&|and|of|de|du)\s*,?\s+){0,8}[A-Z][\w&.'’\-]*\.?)\s*$")


_TITLE_WORD = re.compile(r"\b(?:Officer|President|Director|Manager|Secretary|Partner|Chairman|Title|Name)\b")


def _name_in(text: str) -> str | None:
    text = _NOISE.sub("", " ".join(text.split())).strip(" )(")
    if m := _ON_BEHALF.search(text):
        name = clean_name(m.group("rest"))
        return name if name and has_legal_form(name) else None
    whole = clean_name(text)
    if whole and has_legal_form(whole) and len(whole) >= len(text.rstrip(" .,")) - 1 and not _TITLE_WORD.search(whole):
        return whole  # the line is the name: "DAIRY CREST LIMITED )"
    if m := _TRAILING_NAME.search(text):
        # Job titles come first on such lines; the name is the longest legal-form tail after the last title word.
        words = m.group(1).split()
        for i in range(len(words) - 1):
            name = clean_name(" ".join(words[i:]))
            if name and has_legal_form(name) and not _TITLE_WORD.search(name):
                return name
    return None


def signature_parties(ctx: DocContext) -> list[PartyHit]:
    cued = ctx.with_cue(SIGNATURE_CUE)
    if not cued:
        return []
    start: Sentence = cued[0]
    before = [b for b in ctx.doc.blocks if start.block.index - BLOCKS_BEFORE <= b.index < start.block.index]
    first = next((b.index for b in before if _side_term(b.text)), start.block.index)
    blocks = [b for b in ctx.doc.blocks if b.index >= first][:BLOCKS_AFTER]
    begin = next((s.position for s in ctx.sentences if s.block.index >= first), start.position)
    first_sentence: dict[int, Sentence] = {}
    for s in ctx.sentences[begin:]:
        if s.block.index > blocks[-1].index:
            break
        first_sentence.setdefault(s.block.index, s)
    hits: list[PartyHit] = []
    side: str | None = None
    for block in blocks:
        if block.kind in (BlockKind.HEADER, BlockKind.FOOTER) or block.index not in first_sentence:
            continue
        if term := _side_term(block.text):
            side = term
        elif name := _name_in(block.text):
            role = role_for_term(side) if side else "other"
            hits.append(PartyHit(name, role, side, first_sentence[block.index], 0.6))
            side = None
    return hits


def _side_term(text: str) -> str | None:
    """The role term of a side header ("Für den Auftraggeber:" gives "Auftraggeber"); None for other lines."""
    m = _SIDE_HEADER.match(text)
    return m.group("term") if m and role_for_term(m.group("term")) != "other" else None
