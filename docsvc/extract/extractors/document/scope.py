"""Scope: what the services include and exclude, from scope lists and from scope sentences.

Contracts list their scope under a heading ("Services in scope", "A.2 Excluded Services", "Leistungsumfang",
"Nicht im Leistungsumfang enthalten"), one list item per service element; each item becomes a scope entry.
Outside such lists, a sentence that says what the Services include or exclude is taken whole. Headings are
recognised by the parser's block kind or, because many documents style headings as plain paragraphs, as a
short line without a full stop that names the scope.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.extractors import extractor
from docsvc.extract.types import Block, BlockKind

MAX_ITEMS = 30
MAX_HEADING_CHARS = 90
MAX_LEAD_IN_CHARS = 200
_OUT_HEADING_RE = re.compile(
    r"out\s+of\s+scope|not\s+in\s+scope|excluded\s+services|services\s+excluded|exclusions\s+from\s+(?:the\s+)?"
    r"(?:scope|services)|scope\s+exclusions|not\s+included|nicht\s+enthalten|nicht\s+im\s+leistungsumfang|"
    r"leistungsausschlüsse|ausgeschlossene\s+leistungen|nicht\s+umfasst|nicht\s+geschuldet",
    re.I,
)
_IN_HEADING_RE = re.compile(
    r"\bin\s+scope|included\s+services|services\s+included|scope\s+of\s+(?:the\s+)?(?:services|work|supply)|"
    r"services\s+in\s+scope|leistungsumfang|umfang\s+der\s+leistungen?|enthaltene\s+leistungen|leistungsgegenstand",
    re.I,
)
_NUMBER_RE = re.compile(r"^\s*(?:§\s*)?(\d+(?:\.\d+)*)\.?\s+")
# A bullet or enumeration marker at the start of a paragraph that the parser did not mark as a list item.
_LIST_MARK_RE = re.compile(r"^\s*(?:[-•–·▪◦*]|\(?[a-z]\)|\(?[ivx]+\)|\d{1,2}[.)])\s+", re.I)
# The subject that has a scope: the services, the scope itself, or the scope document (SOW, order, agreement).
_SCOPE_SUBJECT = r"(?:services?|scope(?:\s+of\s+(?:the\s+)?(?:services|work))?|sow|statement\s+of\s+work)"
_OUT_SENTENCE_RE = re.compile(
    rf"\b(?:the\s+|this\s+)?{_SCOPE_SUBJECT}\b[^.;,]{{0,40}}?\b(?:do(?:es)?\s+not\s+(?:include|cover|comprise)|"
    r"shall\s+not\s+(?:include|cover)|exclude[sd]?)\b|\bexcluded\s+from\s+(?:the\s+)?(?:services|scope)|"
    r"\boutside\s+(?:of\s+)?the\s+scope\s+of\s+(?:the\s+)?(?:services|work|this\s+(?:agreement|sow|statement|order))|"
    r"\bout[\s-]of[\s-]scope\s+(?:services|items|activities|work)\s+(?:include|are|comprise)|"
    r"\bnicht\s+(?:im|zum)\s+leistungsumfang|\bnicht\s+bestandteil\s+der\s+leistung",
    re.I,
)
# Sentences about liability, warranties or confidentiality limit those duties, not the scope of the services.
_NOT_SCOPE_RE = re.compile(r"liabil|liable|warrant|indemn|confidential|damages|haftung|haftet|gewährleist|vertraulich",
                           re.I)
# German may put a genitive between subject and verb ("Der Leistungsumfang des Auftragnehmers umfasst").
_IN_SENTENCE_RE = re.compile(
    r"\bthe\s+(?:services|scope\s+of\s+(?:the\s+)?(?:services|work))\s+(?:to\s+be\s+provided\s+(?:\w+\s+){0,3})?"
    r"(?:shall\s+|will\s+)?(?:include|comprise|consist\s+of|cover)s?\b|"
    r"\bder\s+leistungsumfang\s+(?:(?:des|der)\s+\w+\s+)?(?:umfasst|beinhaltet)\b|"
    r"\bdie\s+leistungen\s+(?:(?:des|der)\s+\w+\s+)?(?:umfassen|beinhalten)\b",
    re.I,
)
_SITES_RE = re.compile(
    r"\b(?:at|in)\s+(?:the\s+|its\s+|our\s+)?(?P<en>(?:[A-Z][\w-]+(?:,\s+|\s+and\s+|\s+))+?)"
    r"(?:sites?|offices?|premises|locations?|facilit(?:y|ies)|data\s+cent(?:er|re)s?)\b"
    r"|\b(?:an\s+den\s+Standorten|am\s+Standort|an\s+dem\s+Standort)\s+(?P<de>[A-ZÄÖÜ][\w-]+"
    r"(?:(?:\s+an\s+der\s+|\s+am\s+|\s+im\s+)[A-ZÄÖÜ][\w-]+)?(?:(?:,\s+|\s+und\s+)[A-ZÄÖÜ][\w-]+"
    r"(?:(?:\s+an\s+der\s+|\s+am\s+|\s+im\s+)[A-ZÄÖÜ][\w-]+)?)*)",
)


def _heading_like(block: Block) -> bool:
    if block.kind == BlockKind.HEADING:
        return True
    text = block.text.strip()
    return (block.kind == BlockKind.PARAGRAPH and len(text) <= MAX_HEADING_CHARS and not text.endswith((".", ";", ":"))
            and bool(re.search(r"[A-Za-zÄÖÜäöü]{3}", text)))


def _heading_scope(block: Block) -> str | None:
    """"in"/"out" for a scope heading, or a lead-in sentence ending in a colon ("The Services do not include:")."""
    text = block.text.strip()
    if text.endswith(":") and len(text) <= MAX_LEAD_IN_CHARS and not _NOT_SCOPE_RE.search(text):
        if _OUT_SENTENCE_RE.search(text) or _OUT_HEADING_RE.search(text):
            return "out"
        if _IN_SENTENCE_RE.search(text) or _IN_HEADING_RE.search(text):
            return "in"
    if not _heading_like(block):
        return None
    if _OUT_HEADING_RE.search(block.text):
        return "out"
    if _IN_HEADING_RE.search(block.text):
        return "in"
    return None


def sites_in(text: str) -> list[str]:
    out: list[str] = []
    for m in _SITES_RE.finditer(text):
        names = m.group("en") or m.group("de") or ""
        for name in re.split(r",\s+|\s+and\s+|\s+und\s+", names.strip()):
            name = name.strip()
            if name and name not in out and name.lower() not in ("the", "its", "our"):
                out.append(name)
    return out


def _item_text(text: str) -> str:
    text = _LIST_MARK_RE.sub("", text.strip())
    return re.sub(r"(?:;|,)?\s*(?:and|or|und|oder)?\s*$", "", text).rstrip(" ;,.")


def _entry(text: str, source: Sentence, confidence: float) -> dict[str, Any]:
    return {"text": text, "service": None, "sites": sites_in(text), "confidence": confidence,
            "evidence": source.evidence()}


def _whole(block: Block) -> Sentence:
    return Sentence(text=block.text, block=block, start=0, end=len(block.text))


def _number(text: str) -> str | None:
    m = _NUMBER_RE.match(text)
    return m.group(1) if m else None


def _list_items(ctx: DocContext) -> tuple[list[dict[str, Any]], list[dict[str, Any]], set[int]]:
    """Entries from lists and numbered sub-sections under scope headings, and the block indexes they used."""
    found: dict[str, list[dict[str, Any]]] = {"in": [], "out": []}
    used: set[int] = set()
    current: str | None = None
    number: str | None = None  # the scope heading's clause number, e.g. "2"
    in_subsection = False
    for block in ctx.doc.blocks:
        if block.kind in (BlockKind.HEADER, BlockKind.FOOTER) or not block.text.strip():
            continue
        scope = _heading_scope(block)
        if scope is not None:
            current, number, in_subsection = scope, _number(block.text), False
            used.add(block.index)  # a lead-in sentence is not itself an entry
            continue
        if current is None:
            continue
        if block.kind == BlockKind.HEADING or (_heading_like(block) and not _LIST_MARK_RE.match(block.text)):
            sub = _number(block.text)
            if number and sub and sub.startswith(number + ".") and len(found[current]) < MAX_ITEMS:
                # "2.1 Standortanschlüsse" under "2 Leistungsumfang": each sub-section is one scope element.
                title = _NUMBER_RE.sub("", block.text).strip()
                found[current].append({**_entry(title, _whole(block), 0.65), "service": title})
                used.add(block.index)
                in_subsection = True
                continue
            current = None
            continue
        if block.kind == BlockKind.LIST_ITEM or _LIST_MARK_RE.match(block.text):
            text = _item_text(block.text)
            if text and len(found[current]) < MAX_ITEMS:
                found[current].append(_entry(text, _whole(block), 0.8))
                used.add(block.index)
        elif found[current] and not in_subsection:
            current = None  # prose after the list items ends the list
    return found["in"], found["out"], used


@extractor("scope", order=70)
def extract_scope(ctx: DocContext, found: Mapping[str, Any]) -> dict[str, Any]:
    in_scope, out_scope, used = _list_items(ctx)
    for sent in ctx.with_cue("SCOPE_IN", "SCOPE_OUT"):
        if sent.block.index in used or sent.block.kind == BlockKind.HEADING or _NOT_SCOPE_RE.search(sent.text):
            continue
        if _OUT_SENTENCE_RE.search(sent.text):
            if len(out_scope) < MAX_ITEMS:
                out_scope.append(_entry(sent.text, sent, 0.55))
        elif _IN_SENTENCE_RE.search(sent.text) and len(in_scope) < MAX_ITEMS:
            in_scope.append(_entry(sent.text, sent, 0.55))
    if not in_scope and not out_scope:
        return {}
    return {"scope": {"in_scope": in_scope, "out_of_scope": out_scope}}
