"""DOCX parser: python-docx opens the package (after the ZIP/XML safety check), the XML is read directly.

Reading order: running headers, then the body (paragraphs, tables, content controls and text boxes in
document order), then footnotes, then running footers. DOCX has no pages: ``page`` and ``bbox`` are None and
``index`` locates a block.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import parse_xml

from docsvc.extract.errors import CorruptDocument
from docsvc.extract.parsers.assemble import ReadingOrder, join_lines
from docsvc.extract.parsers.base import ParseLimits, source_info
from docsvc.extract.parsers.docx_styles import StyleInfo, Styles
from docsvc.extract.parsers.docx_xml import (
    MC_FALLBACK,
    PPR,
    TC,
    TR,
    VAL,
    Element,
    P,
    ParagraphText,
    block_items,
    children,
    read_paragraph,
    table_rows,
    w,
)
from docsvc.extract.parsers.headings import EMPHASIS_SIZE_RATIO, heading_level
from docsvc.extract.parsers.layout import LIST_ITEM_START
from docsvc.extract.parsers.zipsafety import check_docx
from docsvc.extract.sniff import DOCX
from docsvc.extract.types import BlockKind, Cell, ParsedDocument

_FOOTNOTE_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}
_CORE_FIELDS = ("title", "author", "subject", "keywords", "category", "last_modified_by", "created", "modified")


@dataclass(slots=True)
class _Paragraph:
    text: ParagraphText
    style: StyleInfo
    numbered: bool
    bulleted: bool = False  # numbered by a list level Word draws as a bullet ("•"), not as a number


class DocxParser:
    media_types = frozenset({DOCX})

    def parse(self, path: Path, limits: ParseLimits) -> ParsedDocument:
        check_docx(path, max_pages=limits.max_pages)
        try:
            document = docx.Document(str(path))
        except MemoryError:
            raise  # the limit, not damage: reported as such, and the worker is replaced
        except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors on broken packages
            if "Memory allocation failed" in str(exc):  # libxml2 out of memory under RLIMIT_AS
                raise MemoryError(str(exc)) from exc
            raise CorruptDocument(f"{path.name} is not a readable Word document ({type(exc).__name__}: {exc})") from exc
        styles = Styles(_styles_element(document))
        body = document.element.body
        order = ReadingOrder()
        for part in _parts(document, body, "headerReference"):
            _add_running(order, part, BlockKind.HEADER)
        items = list(_body_items(body, styles, _bullet_levels(document)))
        _add_body(order, items, styles)
        for note in _footnotes(document):
            _add_running(order, note, BlockKind.PARAGRAPH)
        for part in _parts(document, body, "footerReference"):
            _add_running(order, part, BlockKind.FOOTER)
        metadata = _metadata(document)
        return order.build(source_info(path, DOCX), title=metadata.get("title"), metadata=metadata)


def _styles_element(document: docx.document.Document) -> Element | None:
    try:
        return document.styles.element
    except (KeyError, ValueError):
        return None


def _body_items(container: Element, styles: Styles,
                bullets: frozenset[tuple[str, str]] = frozenset()) -> Iterator[_Paragraph | list[list[str]]]:
    """Paragraphs and tables in reading order; text boxes follow their anchor paragraph, and tables used
    only for layout (one filled cell per row, e.g. a whole contract inside a frame) are unwrapped."""
    for item in block_items(container):
        if item.tag == P:
            ppr = item.find(PPR)
            style = styles.get(_style_id(ppr))
            text = read_paragraph(item, style_bold=style.bold, style_size=style.size)
            level = _list_level(ppr)
            numbered = level is not None and level[0] not in ("", "0")  # numId 0 takes a style's numbering away
            yield _Paragraph(text, style, numbered=numbered, bulleted=level in bullets)
            for box in text.text_boxes:
                yield from _body_items(box, styles, bullets)
            continue
        rows = table_rows(item)
        if rows and max(sum(1 for c in row if c) for row in rows) <= 1:
            for tr in children(item, TR):
                for tc in children(tr, TC):
                    yield from _body_items(tc, styles, bullets)
        else:
            yield rows


def _style_id(ppr: Element | None) -> str | None:
    style = ppr.find(w("pStyle")) if ppr is not None else None
    return style.get(VAL) if style is not None else None


def _bullet_levels(document: docx.document.Document) -> frozenset[tuple[str, str]]:
    """(numId, ilvl) of the list levels ``numbering.xml`` draws as bullets: such an item carries no number,
    so it can never be a section title that Word numbered (``_section_number``)."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, ValueError, NotImplementedError):
        return frozenset()
    formats: dict[str | None, dict[str | None, str | None]] = {}
    for abstract in root.findall(w("abstractNum")):
        levels = {}
        for lvl in abstract.findall(w("lvl")):
            fmt = lvl.find(w("numFmt"))
            levels[lvl.get(w("ilvl"))] = fmt.get(VAL) if fmt is not None else None
        formats[abstract.get(w("abstractNumId"))] = levels
    out: set[tuple[str, str]] = set()
    for num in root.findall(w("num")):
        ref = num.find(w("abstractNumId"))
        levels = formats.get(ref.get(VAL) if ref is not None else None, {})
        out |= {(num.get(w("numId")) or "", ilvl or "0") for ilvl, fmt in levels.items() if fmt == "bullet"}
    return frozenset(out)


def _list_level(ppr: Element | None) -> tuple[str, str] | None:
    num = ppr.find(f"{w('numPr')}/{w('numId')}") if ppr is not None else None
    if num is None:
        return None
    ilvl = ppr.find(f"{w('numPr')}/{w('ilvl')}") if ppr is not None else None
    return num.get(VAL) or "", (ilvl.get(VAL) if ilvl is not None else None) or "0"


def _add_body(order: ReadingOrder, items: list[_Paragraph | list[list[str]]], styles: Styles) -> None:
    body_size = _body_size(items, styles.default_size)
    for k, item in enumerate(items):
        if isinstance(item, list):
            order.add_table([[Cell(text) for text in row] for row in item])
            continue
        text, lines = join_lines([(segment, None) for segment in item.text.text.split("\n")])
        if not text:
            continue
        level = item.style.heading_level
        ratio = max(item.text.sizes, default=body_size) / body_size
        emphasized = level is not None or item.text.all_bold or ratio >= EMPHASIS_SIZE_RATIO
        if level is None and item.numbered:
            number = None if item.bulleted else _section_number(items, k)
            numbered_title = f"{number}. {text}" if number is not None else ""
            # The list's number is drawn by Word, not written: give it back, as the PDF of the file shows it.
            level = heading_level(numbered_title, emphasis=emphasized, size_ratio=ratio) if numbered_title else None
            if level is not None:
                text, lines = join_lines([(numbered_title, None)])
        elif level is None:
            level = heading_level(text, emphasis=emphasized, size_ratio=ratio)
        if level is not None:
            order.add_block(text, lines, kind=BlockKind.HEADING, heading_level=level, emphasized=emphasized)
        elif item.numbered or item.style.is_list or LIST_ITEM_START.match(text):
            order.add_block(text, lines, kind=BlockKind.LIST_ITEM)
        else:
            order.add_block(text, lines)


# A written sub-clause number opening a paragraph: "5.1. Die Verfügbarkeit ...", "5.1 Leistungen".
_SUBCLAUSE = re.compile(r"^(\d{1,3})\.\d{1,3}\.?\s")


def _section_number(items: list[_Paragraph | list[list[str]]], k: int) -> int | None:
    """The number of an auto-numbered section title ("Verfügbarkeit" numbered 5 by Word), known from the
    sub-clauses after it that write their numbers ("5.1. Die Verfügbarkeit ..."); None when none follows.

    Contracts converted from HTML or Markdown often number their section titles as a list and write the
    sub-clause numbers: without its number the title is a list item and the section structure is lost.
    """
    title = items[k]
    if not isinstance(title, _Paragraph) or "\n" in title.text.text.strip():
        return None
    following = next((it for it in items[k + 1:k + 3] if not isinstance(it, _Paragraph) or it.text.text.strip()),
                     None)
    if not isinstance(following, _Paragraph) or following.numbered:
        return None
    m = _SUBCLAUSE.match(following.text.text.strip())
    return int(m.group(1)) if m else None


def _body_size(items: list[_Paragraph | list[list[str]]], default: float) -> float:
    """The font size most body text runs are set in, against which headings stand out."""
    sizes: Counter[float] = Counter()
    for item in items:
        if isinstance(item, _Paragraph):
            for size in item.text.sizes:
                sizes[size] += 1
    return sizes.most_common(1)[0][0] if sizes else default


def _add_running(order: ReadingOrder, root: Element, kind: BlockKind) -> None:
    """Every paragraph of a header, footer or footnote, tables and text boxes included, as its own block."""
    for p in root.iter(P):
        if any(True for _ in p.iterancestors(MC_FALLBACK)):
            continue  # the same text box is also in the mc:Choice branch
        text, lines = join_lines([(s, None) for s in read_paragraph(p).text.split("\n")])
        order.add_block(text, lines, kind=kind, in_section=False)


def _parts(document: docx.document.Document, body: Element, reference: str) -> Iterator[Element]:
    """Header or footer parts of all sections, each once, in section order."""
    seen: set[str] = set()
    related = document.part.related_parts
    for sect_pr in body.iter(w("sectPr")):
        for ref in sect_pr.iterchildren(w(reference)):
            rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            part = related.get(rid) if rid else None
            if part is None or str(part.partname) in seen:
                continue
            seen.add(str(part.partname))
            yield part.element if hasattr(part, "element") else parse_xml(part.blob)


def _footnotes(document: docx.document.Document) -> Iterator[Element]:
    for rel in document.part.rels.values():
        if rel.reltype != RT.FOOTNOTES or rel.is_external:
            continue
        part = rel.target_part
        root = part.element if hasattr(part, "element") else parse_xml(part.blob)
        for note in root.iterchildren(w("footnote")):
            if note.get(w("type")) not in _FOOTNOTE_SEPARATORS:
                yield note


def _metadata(document: docx.document.Document) -> dict[str, str]:
    try:
        props = document.core_properties
        values = {name: getattr(props, name) for name in _CORE_FIELDS}
    except (ValueError, TypeError, KeyError):  # unparseable dates in docProps/core.xml
        return {}
    out: dict[str, str] = {}
    for name, value in values.items():
        text = value.isoformat() if hasattr(value, "isoformat") else str(value or "").strip()
        if text:
            out[name] = text
    return out
