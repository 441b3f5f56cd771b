"""Parties read from the signature page, for contracts whose preamble names fewer than two of them.

Signature blocks repeat each party's legal name: "IN WITNESS WHEREOF ... ACME CORP. By: ____", "Signed for and
on behalf of Liffey Digital Services Limited", "Anthony Chan, Chief Executive Officer, American Champion
Media, Inc.". Only names carrying a legal form are taken from here, since the same lines also hold people's
names and titles.
"""

from __future__ import annotations

import re

from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.extractors.party_names import clean_name, has_legal_form
from docsvc.extract.extractors.party_preamble import PartyHit
from docsvc.extract.types import BlockKind

SIGNATURE_CUE = "SIGNATURE"
BLOCKS_AFTER = 16
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
    blocks = [b for b in ctx.doc.blocks if b.index >= start.block.index][:BLOCKS_AFTER]
    first_sentence: dict[int, Sentence] = {}
    for s in ctx.sentences[start.position:]:
        if s.block.index > blocks[-1].index:
            break
        first_sentence.setdefault(s.block.index, s)
    hits: list[PartyHit] = []
    for block in blocks:
        if block.kind in (BlockKind.HEADER, BlockKind.FOOTER) or block.index not in first_sentence:
            continue
        if name := _name_in(block.text):
            hits.append(PartyHit(name, "other", None, first_sentence[block.index], 0.6))
    return hits
