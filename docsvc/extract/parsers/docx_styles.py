"""Paragraph styles resolved along their ``basedOn`` chain: heading level, list style, bold and size."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docsvc.extract.parsers.docx_xml import PPR, RPR, VAL, Element, run_format, w

DEFAULT_SIZE = 10.0  # points; WordprocessingML's size when neither defaults nor styles set one
_HEADING_NAME = re.compile(r"^(?:heading|überschrift|berschrift|titre|título|titolo|kop)\s*(\d)$", re.IGNORECASE)
_TITLE_NAME = re.compile(r"^(?:title|titel|titre|título|titolo)$", re.IGNORECASE)
_LIST_NAME = re.compile(r"list|aufzählung|liste", re.IGNORECASE)
_MAX_CHAIN = 20


@dataclass(frozen=True, slots=True)
class StyleInfo:
    heading_level: int | None = None
    is_list: bool = False
    bold: bool = False
    size: float | None = None


class Styles:
    def __init__(self, styles: Element | None) -> None:
        self._raw: dict[str, Element] = {}
        self.default_size = DEFAULT_SIZE
        self._cache: dict[str, StyleInfo] = {}
        if styles is None:
            return
        defaults = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{RPR}")
        self.default_size = run_format(defaults, bold=False, size=DEFAULT_SIZE)[1] or DEFAULT_SIZE
        for style in styles.iterfind(w("style")):
            if style.get(w("type")) == "paragraph" and style.get(w("styleId")):
                self._raw[style.get(w("styleId"))] = style

    def get(self, style_id: str | None) -> StyleInfo:
        """Resolved style; an id the document does not define is judged by the id alone ("Heading1")."""
        key = style_id or ""
        if key not in self._cache:
            self._cache[key] = self._resolve(key)
        return self._cache[key]

    def _resolve(self, style_id: str) -> StyleInfo:
        chain: list[Element] = []
        current: str | None = style_id
        while current and current in self._raw and len(chain) < _MAX_CHAIN:
            style = self._raw[current]
            chain.append(style)
            based = style.find(w("basedOn"))
            current = based.get(VAL) if based is not None else None
        names = [style_id] + [_name(s) for s in chain]
        level = next((lvl for lvl in map(_level_from_name, names) if lvl is not None), None)
        is_list = any(_LIST_NAME.search(n) for n in names)
        bold, size = False, self.default_size
        for style in reversed(chain):  # the base first, so derived styles override it
            ppr = style.find(PPR)
            if ppr is not None:
                outline = ppr.find(w("outlineLvl"))
                if outline is not None and (outline.get(VAL) or "").isdigit() and int(outline.get(VAL)) < 9:
                    level = int(outline.get(VAL)) + 1
                is_list = is_list or ppr.find(w("numPr")) is not None
            bold, size_or_none = run_format(style.find(RPR), bold=bold, size=size)
            size = size_or_none or size
        return StyleInfo(heading_level=level, is_list=is_list, bold=bold, size=size)


def _name(style: Element) -> str:
    name = style.find(w("name"))
    return str(name.get(VAL, "")) if name is not None else ""


def _level_from_name(name: str) -> int | None:
    compact = name.replace(" ", "")
    m = _HEADING_NAME.match(compact) or _HEADING_NAME.match(name)
    if m:
        return max(int(m.group(1)), 1)
    return 1 if _TITLE_NAME.match(name) else None
