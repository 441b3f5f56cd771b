"""Raised and lowered runs in DOCX: a footnote marker set in superscript after a number must not join its digits."""

from __future__ import annotations

from pathlib import Path

import docx

from docsvc.extract.parsers import parse_file
from tests.parsers.conftest import LIMITS


def _runs(paragraph: docx.text.paragraph.Paragraph, parts: list[tuple[str, str | None]]) -> None:
    for text, shift in parts:
        run = paragraph.add_run(text)
        if shift == "sup":
            run.font.superscript = True
        elif shift == "sub":
            run.font.subscript = True


def test_superscript_marker_after_a_number_stays_apart(tmp_path: Path) -> None:
    document = docx.Document()
    _runs(document.add_paragraph(), [("Monthly rate 45.50", None), ("3)", "sup"), (" per seat.", None)])
    _runs(document.add_paragraph(), [("Office space of 120 m", None), ("2", "sup"), (" and CO", None), ("2", "sub"),
                                     (" offsetting.", None)])
    _runs(document.add_paragraph(), [("Due on the 1", None), ("st", "sup"), (" of each month", None), ("*", "sup")])
    _runs(document.add_paragraph(), [("$ 9 ", None), ("75", "sup"), (" /mo", None)])
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Leistung", "Preis (CHF)"
    table.cell(1, 0).text = "Fernwartung"
    _runs(table.cell(1, 1).paragraphs[0], [("17,50", None), ("12", "sup")])
    path = tmp_path / "shifted.docx"
    document.save(str(path))
    doc = parse_file(path, limits=LIMITS, isolated=False)
    texts = [b.text for b in doc.blocks]
    assert "Monthly rate 45.50³⁾ per seat." in texts
    assert "Office space of 120 m² and CO₂ offsetting." in texts
    assert "Due on the 1st of each month*" in texts  # letters and signs without a raised form stay as written
    assert "$ 9 75 /mo" in texts  # raised cents set apart by a space are a group of their own already
    assert doc.tables[0].texts()[1] == ["Fernwartung", "17,50¹²"]
