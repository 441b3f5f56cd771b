"""Section titles numbered by Word (a list) over sub-clauses that write their numbers ("5.1. ..."): the DOCX
reader gives the title its number back and reads it as a heading, as the PDF of the same file shows it.
Examples written for these tests."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from docsvc.extract.parsers import parse_file
from docsvc.extract.types import BlockKind


def _numbered(paragraph: docx.text.paragraph.Paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f"<w:numPr {nsdecls('w')}><w:ilvl w:val='0'/><w:numId w:val='7'/></w:numPr>"))


def _write(path: Path, paragraphs: list[tuple[str, bool]]) -> Path:
    document = docx.Document()
    for text, numbered in paragraphs:
        p = document.add_paragraph(text)
        if numbered:
            _numbered(p)
    document.save(str(path))
    return path


def test_numbered_title_over_written_subclauses_is_a_heading(tmp_path: Path) -> None:
    path = _write(tmp_path / "agb.docx", [
        ("Leistungen", True),
        ("4.1. Der Anbieter stellt Speicherplatz auf seinen Servern bereit.", False),
        ("Verfügbarkeit", True),
        ("5.1. Die Verfügbarkeit der Server beträgt 99,6 % im Jahresmittel.", False),
        ("5.2. Wartungsfenster werden eine Woche vorher angekündigt.", False),
    ])
    doc = parse_file(path, isolated=False)
    headings = [(b.text, b.heading_level) for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert headings == [("4. Leistungen", 1), ("5. Verfügbarkeit", 1)]
    clause = next(b for b in doc.blocks if b.text.startswith("5.1."))
    assert clause.section == "5. Verfügbarkeit"


def test_numbered_items_without_written_subclauses_stay_list_items(tmp_path: Path) -> None:
    path = _write(tmp_path / "liste.docx", [
        ("Leistungsumfang:", False),
        ("Überwachung", True),
        ("Datensicherung", True),
        ("Die Leistungen werden monatlich abgerechnet.", False),
    ])
    doc = parse_file(path, isolated=False)
    assert [b.text for b in doc.blocks if b.kind is BlockKind.LIST_ITEM] == ["Überwachung", "Datensicherung"]
    assert not [b for b in doc.blocks if b.kind is BlockKind.HEADING]


def _list_definition(document: docx.document.Document, num_id: int, fmt: str) -> None:
    """A list definition in numbering.xml whose first level Word draws as ``fmt`` ("bullet", "decimal")."""
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f"<w:abstractNum {nsdecls('w')} w:abstractNumId='{num_id}'><w:lvl w:ilvl='0'><w:numFmt w:val='{fmt}'/>"
        f"<w:lvlText w:val='{'•' if fmt == 'bullet' else '%1.'}'/></w:lvl></w:abstractNum>"))
    numbering.append(parse_xml(f"<w:num {nsdecls('w')} w:numId='{num_id}'><w:abstractNumId w:val='{num_id}'/></w:num>"))


def test_bullet_item_before_a_written_subclause_stays_a_list_item(tmp_path: Path) -> None:
    # A bullet list's last item followed by the next sub-clause heading ("3.2 ..."): Word draws a bullet there,
    # not the number 3, so the item is no section title (it was read as "3. Workflow runtime: ...").
    document = docx.Document()
    _list_definition(document, 41, "bullet")
    _list_definition(document, 42, "decimal")
    for text, num in (("3.1 Performance", None), ("Page load: < 3 seconds", 41), ("Workflow runtime: < 40 seconds", 41),
                      ("3.2 Support", None), ("Verfügbarkeit", 42),
                      ("4.1. Die Verfügbarkeit beträgt 99,6 %.", None)):
        p = document.add_paragraph(text)
        if num is not None:
            p._p.get_or_add_pPr().append(parse_xml(
                f"<w:numPr {nsdecls('w')}><w:ilvl w:val='0'/><w:numId w:val='{num}'/></w:numPr>"))
    path = tmp_path / "sla.docx"
    document.save(str(path))
    doc = parse_file(path, isolated=False)
    items = [b.text for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items == ["Page load: < 3 seconds", "Workflow runtime: < 40 seconds"]
    headings = [b.text for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert "4. Verfügbarkeit" in headings
