"""Page layout: a lone page number is running text even when nothing repeats; a value closing a page ("99.0 %",
"€ 25,00" in a table's last row) is not, or a table's last cell would vanish from the document. Paragraphs whose
first line is cut in pieces (a clause number, a form label) group by their own line pitch."""

from __future__ import annotations

import pytest

from docsvc.extract.parsers.layout import Typography, group_blocks, running_lines
from docsvc.extract.parsers.pdf_text import TextLine
from docsvc.extract.types import BBox, BlockKind

_PAGE_HEIGHT = 842.0


def _line(text: str, top: float) -> TextLine:
    return TextLine(text, BBox(72, top, 72 + 6 * len(text), top + 10), top + 8, 10, False)


def _page_ending_with(last: str) -> list[TextLine]:
    # A short page: the last line sits mid-sheet, far above the footer zone.
    return [_line("Service Availability", 100), _line("Virtual servers 99.9 %", 130), _line(last, 160)]


@pytest.mark.parametrize("last", ["99.0 %", "€ 25,00", "$ 1,200.00", "4.5"])
def test_a_value_closing_a_page_is_body_text(last: str) -> None:
    assert running_lines([(_page_ending_with(last), _PAGE_HEIGHT)]) == [{}]


@pytest.mark.parametrize("last", ["3", "- 3 -", "[3]", "Page 3 of 12", "Seite 2 von 5", "3 / 12"])
def test_a_lone_page_number_closing_a_page_is_a_footer(last: str) -> None:
    assert running_lines([(_page_ending_with(last), _PAGE_HEIGHT)]) == [{2: BlockKind.FOOTER}]


# --- paragraphs whose first line is cut in pieces -----------------------------------------------------------------


def _piece(text: str, x0: float, baseline: float) -> TextLine:
    return TextLine(text, BBox(x0, baseline - 8, x0 + 5.5 * len(text), baseline + 2), baseline, 10, False)


def _texts(lines: list[TextLine]) -> list[str]:
    typo = Typography.measure([lines])
    return [" ".join(ln.text for ln in block) for block in group_blocks(lines, typo)]


def test_a_numbered_clause_keeps_its_continuation_lines() -> None:
    # "7.3.2." and its text are two pieces of one line: the block's pitch is measured between its first two
    # visual lines, not between the pieces (which made every such clause lose its second line).
    lines = [
        _piece("7.3.2.", 99, 100), _piece("The Annual Package Price does not include a protection to", 139, 100),
        _piece("inflation, so the amount is adjusted annually by the Spanish CPI.", 139, 110),
        _piece("7.3.3.", 99, 126), _piece("The new payment is calculated using the formula below, where", 139, 126),
        _piece("R0 is the payment of the previous year.", 139, 136),
    ]
    assert _texts(lines) == [
        "7.3.2. The Annual Package Price does not include a protection to inflation, so the amount is adjusted "
        "annually by the Spanish CPI.",
        "7.3.3. The new payment is calculated using the formula below, where R0 is the payment of the previous year.",
    ]


def test_form_rows_with_values_lined_up_stay_apart() -> None:
    # A signature form: right-aligned labels, values in one column. Each row is its own block.
    lines = [
        _piece("By: Name", 50, 170), _piece("Andrew Example", 105, 170),
        _piece("Title", 65, 179), _piece("PRESIDENT", 105, 179),
        _piece("Date", 65, 189), _piece("13/07/05", 105, 189),
    ]
    assert _texts(lines) == ["By: Name Andrew Example", "Title PRESIDENT", "Date 13/07/05"]


def test_a_number_level_with_other_cells_closing_a_page_is_a_table_cell() -> None:
    # "P3 | 8 | 48": the page's last line is a bare number, but it shares its baseline with the row's other cells.
    lines = [_line("Incident Targets", 100), _line("P3", 160), _line("8", 160), _line("48", 160)]
    lines[2].box = BBox(200, 160, 206, 170)
    lines[3].box = BBox(330, 160, 342, 170)
    assert running_lines([(lines, _PAGE_HEIGHT)]) == [{}]


def test_text_at_the_margin_after_a_list_item_is_a_paragraph_of_its_own() -> None:
    # The item's text is indented at its bullet; the next line starts left of the bullet, at the margin.
    lines = [
        _piece("• Priority 3 (minor impact): 1 business day", 86, 180),
        _piece("Platform availability is 99.9 % per month.", 73, 196),
    ]
    assert _texts(lines) == ["• Priority 3 (minor impact): 1 business day",
                             "Platform availability is 99.9 % per month."]
