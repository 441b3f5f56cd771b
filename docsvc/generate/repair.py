"""Repairs of what Word does to Jinja tags: splitting them across runs and curling their quotes.

Word splits ``{{ contract.title }}`` into several ``<w:r>`` runs whenever spell-checking, an edit or a
formatting change touches part of it, and AutoCorrect turns ``"`` into ``“ ”`` (or ``„ “`` in German).
docxtpl's ``patch_xml`` strips XML between ``{{`` and ``}}`` at render time and straightens the English
curly quotes, but not German low quotes, and it gives the author no report. Here each paragraph's text runs
are re-joined per tag (the whole tag moves into its first ``<w:t>``, so it takes that run's formatting) and
the fix is reported, so the stored template is clean and the author sees what was changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_P, W_T = f"{{{W}}}p", f"{{{W}}}t"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPENERS = re.compile(r"\{\{|\{%")
_CURLY = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'"})
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass
class ParagraphInfo:
    number: int  # 1-based, in document order within the part (table cells included)
    text: str


@dataclass
class PartRepair:
    paragraphs: list[ParagraphInfo] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    unclosed: list[ParagraphInfo] = field(default_factory=list)  # a tag opened but not closed in its paragraph
    changed: bool = False


def _texts(paragraph: etree._Element) -> list[etree._Element]:
    """The paragraph's own ``<w:t>`` elements (not those of a text box's nested paragraphs)."""
    return [t for t in paragraph.iter(W_T) if next(t.iterancestors(W_P), None) is paragraph]


def repair_part(root: etree._Element, where: str) -> PartRepair:
    """Re-join split tags and straighten quotes inside tags in every paragraph of one part, in place."""
    result = PartRepair()
    for number, paragraph in enumerate(root.iter(W_P), 1):
        texts = _texts(paragraph)
        full = "".join(t.text or "" for t in texts)
        result.paragraphs.append(ParagraphInfo(number, full))
        if "{" not in full:
            continue
        bounds = []  # (start, end) offset of each <w:t> in the paragraph text
        offset = 0
        for t in texts:
            bounds.append((offset, offset + len(t.text or "")))
            offset += len(t.text or "")
        for match in reversed(list(TAG.finditer(full))):  # from the end, so earlier offsets stay valid
            _repair_tag(texts, bounds, match, number, where, result)
        tail = full[max((m.end() for m in TAG.finditer(full)), default=0):]
        if _OPENERS.search(tail):
            result.unclosed.append(ParagraphInfo(number, full))
    return result


def _repair_tag(texts: list[etree._Element], bounds: list[tuple[int, int]], match: re.Match[str], number: int,
                where: str, result: PartRepair) -> None:
    start, end = match.span()
    tag = match.group(0)
    fixed = tag.translate(_CURLY)
    covering = [i for i, (a, b) in enumerate(bounds) if a < end and b > start]
    if len(covering) <= 1 and fixed == tag:
        return
    place = f"paragraph {number}" + ("" if where == "document" else f" of {where}")
    if fixed != tag:
        result.repairs.append(f"replaced curly quotes in tag `{_short(fixed)}` in {place}")
    if len(covering) > 1:
        result.repairs.append(f"re-joined tag `{_short(fixed)}` split across {len(covering)} Word runs in {place}")
    first = covering[0]
    for i in covering:
        a, _ = bounds[i]
        text = texts[i].text or ""
        local_start, local_end = max(start - a, 0), min(end - a, len(text))
        keep_before, keep_after = text[:local_start], text[local_end:]
        texts[i].text = keep_before + (fixed if i == first else "") + keep_after
        texts[i].set(_XML_SPACE, "preserve")  # the text around a tag keeps its spaces
    result.changed = True


def _short(tag: str) -> str:
    return tag if len(tag) <= 80 else tag[:77] + "…"
