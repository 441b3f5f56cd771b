from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from docsvc.extract.parsers import parse_file
from docsvc.extract.types import BlockKind, ParsedDocument, Table
from tests.fixtures.documents import CONTRACTS
from tests.parsers.checks import assert_well_formed
from tests.parsers.conftest import LIMITS


def _parse(path: Path) -> ParsedDocument:
    return parse_file(path, limits=LIMITS, isolated=False)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_contract_docx_structure(docs: dict[str, Path], lang: str) -> None:
    contract = CONTRACTS[lang]
    doc = _parse(docs[f"contract_docx_{lang}"])
    assert_well_formed(doc)
    assert doc.pages == () and doc.page_count is None
    headings = [(b.text, b.heading_level) for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert headings == [(contract.title, 1)] + [(h, 1) for h in contract.headings] + [(contract.caption, 1)]
    assert doc.blocks[0].kind is BlockKind.HEADER and doc.blocks[0].text == contract.header
    assert doc.blocks[-1].kind is BlockKind.FOOTER and doc.blocks[-1].text == contract.footer.format(page=1, pages=1)
    items = [b.text for b in doc.blocks if b.kind is BlockKind.LIST_ITEM]
    assert items == [p[2:] for _, ps in contract.sections for p in ps if p.startswith("• ")]


def test_reading_order_interleaves_tables_and_keeps_controls_and_text_boxes(docs: dict[str, Path]) -> None:
    contract = CONTRACTS["en"]
    doc = _parse(docs["contract_docx_en"])
    (table,) = doc.tables
    assert table.texts() == [list(row) for row in contract.table]
    assert table.caption == contract.caption and table.page is None and table.bbox is None
    caption = next(b for b in doc.blocks if b.text == contract.caption)
    assert table.index == caption.index + 1
    after = [b.text for b in doc.blocks if b.index > table.index and b.kind is BlockKind.PARAGRAPH]
    assert after == [
        "Signed for and on behalf of the parties.",
        "Text inside a content control.",
        "Text inside a text box.",
    ]


def test_sections_follow_headings(docs: dict[str, Path]) -> None:
    doc = _parse(docs["contract_docx_de"])
    law = next(b for b in doc.blocks if b.text.startswith("Es gilt das Recht"))
    assert law.section == "§ 4 Anwendbares Recht"
    assert all(b.section is None for b in doc.blocks if b.kind in (BlockKind.HEADER, BlockKind.FOOTER))


def test_merged_cells_are_not_repeated(docs: dict[str, Path]) -> None:
    doc = _parse(docs["merged_docx"])
    (table,) = doc.tables
    assert table.texts() == [["Service", "Charges", ""], ["Hosting", "100.00", "500.00"], ["", "120.00", "0.00"]]
    assert table.caption == "Price table"


def _rewrite(source: Path, target: Path, edits: dict[str, dict[str, str]], new: dict[str, str] | None = None) -> Path:
    """Copy a package, replacing text in some parts (part name -> {old: new}) and adding parts."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in edits:
                text = data.decode()
                for old, replacement in edits[info.filename].items():
                    assert old in text
                    text = text.replace(old, replacement, 1)
                data = text.encode()
            zout.writestr(info, data)
        for name, text in (new or {}).items():
            zout.writestr(name, text)
    return target


def test_tracked_changes_read_as_accepted(docs: dict[str, Path], tmp_path: Path) -> None:
    anchor = "public holiday in England.</w:t></w:r>"
    insertion = (
        '<w:ins w:id="1" w:author="a"><w:r><w:t xml:space="preserve"> (as amended)</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>REMOVED</w:delText></w:r></w:del>'
    )
    path = _rewrite(
        docs["contract_docx_en"], tmp_path / "tracked.docx", {"word/document.xml": {anchor: anchor + insertion}}
    )
    text = _parse(path).text()
    assert "public holiday in England. (as amended)" in text and "REMOVED" not in text


_FOOTNOTES = (
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>As defined in the Data Protection Act 2018.</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def test_footnotes_follow_the_body_outside_any_section(docs: dict[str, Path], tmp_path: Path) -> None:
    rel = (
        '<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'footnotes" Target="footnotes.xml"/></Relationships>'
    )
    override = (
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'wordprocessingml.footnotes+xml"/></Types>'
    )
    edits = {"word/_rels/document.xml.rels": {"</Relationships>": rel}, "[Content_Types].xml": {"</Types>": override}}
    path = _rewrite(docs["contract_docx_en"], tmp_path / "notes.docx", edits, {"word/footnotes.xml": _FOOTNOTES})
    doc = _parse(path)
    note = next(b for b in doc.blocks if b.text == "As defined in the Data Protection Act 2018.")
    assert note.kind is BlockKind.PARAGRAPH and note.section is None
    assert doc.blocks[-1].kind is BlockKind.FOOTER and note.index == doc.blocks[-1].index - 1


def test_layout_table_with_one_column_is_read_as_body(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)
    cell = frame.cell(0, 0)
    cell.paragraphs[0].text = "1. SCOPE"
    cell.add_paragraph("The whole contract sits inside a one-cell frame.")
    path = tmp_path / "framed.docx"
    document.save(str(path))
    doc = _parse(path)
    assert doc.tables == ()
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.HEADING, "1. SCOPE"),
        (BlockKind.PARAGRAPH, "The whole contract sits inside a one-cell frame."),
    ]


def test_table_rows_keep_grid_width(docs: dict[str, Path]) -> None:
    doc = _parse(docs["merged_docx"])
    table: Table = doc.tables[0]
    assert {len(row) for row in table.rows} == {3}
