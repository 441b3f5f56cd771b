"""WordprocessingML read straight from the XML tree python-docx loaded.

python-docx's proxies miss text in tracked insertions, content controls and text boxes, and ``row.cells``
rebuilds the grid for every row (2.3x slower than reading cells directly, LIBRARY-NOTES). These helpers walk
the lxml elements once, in document order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, R = w("p"), w("tbl"), w("tr"), w("tc"), w("r")
SDT, SDT_CONTENT, CUSTOM_XML = w("sdt"), w("sdtContent"), w("customXml")
PPR, RPR, TCPR, TRPR = w("pPr"), w("rPr"), w("tcPr"), w("trPr")
VAL = w("val")
TXBX = w("txbxContent")
MC_FALLBACK = f"{{{_MC}}}Fallback"

_TEXT: dict[str, str | None] = {
    w("t"): None,
    w("tab"): "\t",
    w("ptab"): "\t",
    w("cr"): "\n",
    w("noBreakHyphen"): "-",
    w("softHyphen"): "\u00ad",
}
# Deleted text, field instructions, properties and the fallback copy of a text box carry no reading text.
_SKIP = {PPR, RPR, w("del"), w("moveFrom"), w("instrText"), w("delText"), w("sdtPr"), w("sdtEndPr"), MC_FALLBACK}
_WRAPPERS = {SDT, SDT_CONTENT, CUSTOM_XML}
_FALSE = {"0", "false", "off", "none"}
# Raised and lowered runs written with the Unicode characters a PDF's text layer gives for them: a footnote marker
# "1)" set in superscript after "28,00" would otherwise read "28,001)", a different number; "m" + "2" is "m²".
_SHIFTED = {
    "superscript": str.maketrans("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾"),
    "subscript": str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"),
}

Element = Any  # lxml elements (python-docx's CT_* classes); lxml ships no type information


@dataclass(slots=True)
class ParagraphText:
    """Text of one paragraph with its run formatting summary and any text boxes anchored in it."""

    text: str
    bold_chars: int = 0
    sizes: list[float] = field(default_factory=list)
    text_boxes: list[Element] = field(default_factory=list)

    @property
    def all_bold(self) -> bool:
        visible = _visible(self.text)
        return visible > 0 and self.bold_chars >= visible


def block_items(container: Element) -> Iterator[Element]:
    """Paragraphs and tables of a body, cell, header or text box, through content-control wrappers."""
    for child in container:
        tag = child.tag
        if tag == P or tag == TBL:
            yield child
        elif tag in _WRAPPERS:
            yield from block_items(child)


def children(element: Element, tag: str) -> Iterator[Element]:
    """Direct children with ``tag``, looking through content controls (rows and cells can be wrapped)."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from children(child, tag)


def read_paragraph(p: Element, *, style_bold: bool = False, style_size: float | None = None) -> ParagraphText:
    out: list[str] = []
    result = ParagraphText("")
    _walk(p, out, result, bold=style_bold, size=style_size)
    result.text = "".join(out)
    return result


def _walk(element: Element, out: list[str], result: ParagraphText, *, bold: bool, size: float | None) -> None:
    for child in element:
        tag = child.tag
        if tag in _TEXT:
            text = _TEXT[tag] or child.text or ""
            out.append(text)
            if bold:
                result.bold_chars += _visible(text)
            if size is not None and text.strip():
                result.sizes.append(size)
        elif tag == w("br"):
            out.append("\n")
        elif tag == TXBX:
            result.text_boxes.append(child)
        elif tag == R:
            rpr = child.find(RPR)
            run_bold, run_size = run_format(rpr, bold=bold, size=size)
            shift = _vertical_align(rpr)
            if shift is None:
                _walk(child, out, result, bold=run_bold, size=run_size)
                continue
            run: list[str] = []
            _walk(child, run, result, bold=run_bold, size=run_size)
            # Only a run glued to the text before it can merge with it ("28,00" + "1)"); after a space the
            # raised digits are already a group of their own (cents on a price card: "$ 4 " + "00").
            glued = bool(out) and bool(out[-1]) and not out[-1][-1].isspace()
            out.append(_shifted("".join(run), shift) if glued else "".join(run))
        elif tag not in _SKIP and isinstance(tag, str) and len(child):
            _walk(child, out, result, bold=bold, size=size)


def _vertical_align(rpr: Element | None) -> str | None:
    align = rpr.find(w("vertAlign")) if rpr is not None else None
    value = align.get(VAL) if align is not None else None
    return value if value in _SHIFTED else None


def _shifted(text: str, shift: str) -> str:
    """A raised or lowered run in Unicode super- or subscript characters when all of it has them (digits, signs,
    brackets); other runs ("st" of "1st", "*", "a") keep their letters."""
    mapped = text.translate(_SHIFTED[shift])
    return mapped if text.strip() and all(c != m or c.isspace() for c, m in zip(text, mapped, strict=True)) else text


def _visible(text: str) -> int:
    return sum(1 for c in text if not c.isspace())


def run_format(rpr: Element | None, *, bold: bool, size: float | None) -> tuple[bool, float | None]:
    """(bold, size in points) of a run or style, starting from the inherited values."""
    if rpr is None:
        return bold, size
    b = rpr.find(w("b"))
    if b is not None:
        bold = b.get(VAL, "true").lower() not in _FALSE
    sz = rpr.find(w("sz"))
    if sz is not None and (sz.get(VAL) or "").isdigit():
        size = int(sz.get(VAL)) / 2
    return bold, size


def table_rows(tbl: Element) -> list[list[str]]:
    """Rows of cell texts on the table grid: a cell spanning n columns is followed by n-1 empty cells, and a
    vertically merged cell is empty below its first row (pdfplumber's convention for merged cells)."""
    rows: list[list[str]] = []
    for tr in children(tbl, TR):
        cells = [""] * _int_prop(tr.find(TRPR), "gridBefore", 0)
        for tc in children(tr, TC):
            tcpr = tc.find(TCPR)
            vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
            continued = vmerge is not None and vmerge.get(VAL, "continue") != "restart"
            cells.append("" if continued else cell_text(tc))
            cells += [""] * (_int_prop(tcpr, "gridSpan", 1) - 1)
        rows.append(cells)
    return rows


def cell_text(container: Element) -> str:
    """Text of a cell: its paragraphs on separate lines, a nested table's rows as "a | b" lines."""
    lines: list[str] = []
    for item in block_items(container):
        if item.tag == P:
            para = read_paragraph(item)
            lines.append(para.text)
            lines += [cell_text(box) for box in para.text_boxes]
        else:
            lines += [" | ".join(c for c in row if c) for row in table_rows(item)]
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _int_prop(props: Element | None, name: str, default: int) -> int:
    el = props.find(w(name)) if props is not None else None
    value = el.get(VAL, "") if el is not None else ""
    return min(int(value), 64) if value.isdigit() else default  # 64 columns is more than Word allows
