"""Running headers and footers: a lone page number is running text even when nothing repeats; a value closing a
page ("99.0 %", "€ 25,00" in a table's last row) is not, or a table's last cell would vanish from the document."""

from __future__ import annotations

import pytest

from docsvc.extract.parsers.layout import running_lines
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
