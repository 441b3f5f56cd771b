"""Borderless tables as a word processor prints them: DOCX tables built with python-docx, turned into PDF by
LibreOffice (as the real-world corpus and uploads are), must read back with the rows and columns of the DOCX.

Each table stresses one layout: bullet lists inside cells with rows set at line pitch, a centred value column
under a header line too tight to split, right-aligned numbers and prices, a centred label column wider than its
header. All four documents go through one LibreOffice run.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from docsvc.extract.parsers import parse_file

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")

_CENTRE, _RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
_PROSE = "Notes follow the table in a paragraph that is long enough to span all of its columns, as prose does."

Cells = Sequence[str | list[str]]  # a list is a bulleted list inside the cell


def _table(
    doc: Document,
    rows: Sequence[Cells],
    widths: Sequence[float],
    align: Sequence[WD_ALIGN_PARAGRAPH | None] = (),
) -> None:
    table = doc.add_table(rows=0, cols=len(widths))  # the default table style has no borders
    table.autofit = False
    for values in rows:
        for j, (cell, value) in enumerate(zip(table.add_row().cells, values, strict=True)):
            cell.width = Cm(widths[j])
            items = value if isinstance(value, list) else [value]
            for k, item in enumerate(items):
                paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                if isinstance(value, list):
                    paragraph.style = doc.styles["List Bullet"]
                paragraph.add_run(item)
                if j < len(align) and align[j] is not None:
                    paragraph.alignment = align[j]


def _document(
    title: str,
    rows: Sequence[Cells],
    widths: Sequence[float],
    align: Sequence[WD_ALIGN_PARAGRAPH | None] = (),
) -> Document:
    doc = docx.Document()
    doc.add_paragraph(title)
    _table(doc, rows, widths, align)
    doc.add_paragraph(_PROSE)
    return doc


_BULLETS = [
    ["", "Premium", "Premium Plus"],
    ["Hours of operation", "24 x 7", "24 x 7"],
    [
        "Initial response time",
        ["30 minutes for Urgent", "4 hours for High"],
        ["15 minutes for Urgent", "2 hours for High"],
    ],
    [
        "Support channels",
        ["Online ticket submission", "Phone support"],
        ["Online ticket submission", "Phone support", "Screen share"],
    ],
    ["Entitlements", "10", "25"],
]
_SEVERITY = [
    ["Severity Level", "Level of Effort", "Initial response"],
    ["1", "Commercially reasonable efforts, during business hours.", "4 hours"],
    ["2", "Commercially reasonable efforts, during business hours.", "1 Business Day"],
    ["3", "Commercially reasonable efforts, during business hours.", "3 Business Days"],
]
_PRICES = [
    ["Paket", "Stunden", "Preis"],
    ["Stundenpaket 10", "10", "1.200 EUR"],
    ["Stundenpaket 25", "25", "2.700 EUR"],
    ["Stundenpaket 50", "50", "4.900 EUR"],
]
_TYPES = [
    ["Type", "Example", "Price"],
    ["Bug", "A user cannot log in because of a defect in the platform.", "Included"],
    [
        "Third-party integration issues",
        "A provider changes its interface and the connection needs a fix.",
        "12 incidents included",
    ],
    ["Enhancements", "A customer asks for a new report.", "Not included"],
]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("table_layouts")
    documents = {
        "bullets": _document("Support plans", _BULLETS, [4.0, 4.0, 4.0]),
        "severity": _document("Severity levels", _SEVERITY, [2.6, 3.5, 3.5], [_CENTRE]),
        "prices": _document("Preise", _PRICES, [6.0, 4.0, 4.0], [None, _RIGHT, _RIGHT]),
        "types": _document("Issue types", _TYPES, [4.5, 5.0, 3.5], [_CENTRE]),
    }
    for name, doc in documents.items():
        doc.save(str(directory / f"{name}.docx"))
    assert SOFFICE is not None
    profile = (directory / "profile").as_uri()
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(directory)]
        + [str(directory / f"{name}.docx") for name in documents],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {name: directory / f"{name}.pdf" for name in documents}


def _tables(path: Path) -> list[list[list[str]]]:
    return [table.texts() for table in parse_file(path, isolated=False).tables]


def _expected(rows: Sequence[Cells]) -> list[list[str]]:
    """The rows as the DOCX parser reads them: a cell's paragraphs one per line."""
    return [["\n".join(v) if isinstance(v, list) else v for v in row] for row in rows]


def test_bullet_lists_in_cells_keep_rows_and_columns(pdfs: dict[str, Path]) -> None:
    # Rows are set at line pitch (no cell padding), bullets are indented from the column edge and their wrapped
    # lines hang under the text: no new columns, one row per label, one line per bullet.
    assert _tables(pdfs["bullets"]) == [_expected(_BULLETS)]


def test_centred_values_under_a_header_line_too_tight_to_split(pdfs: dict[str, Path]) -> None:
    # "Severity Level" and "Level of Effort" print as one line; "1" centred under it starts no column.
    assert _tables(pdfs["severity"]) == [_expected(_SEVERITY)]


def test_right_aligned_numbers_and_prices_stay_in_their_columns(pdfs: dict[str, Path]) -> None:
    # "10" ends where "Stunden" ends and "1.200 EUR" where "Preis" does: neither is a column of its own, and the
    # price is not cut into "1.200" | "EUR".
    assert _tables(pdfs["prices"]) == [_expected(_PRICES)]


def test_centred_label_column_wider_than_its_header(pdfs: dict[str, Path]) -> None:
    # "Type" is centred over labels that start left of it: the column's edge moves, the table goes on.
    assert _tables(pdfs["types"]) == [_expected(_TYPES)]
