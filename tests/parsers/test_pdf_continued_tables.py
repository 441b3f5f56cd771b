"""A ruled table cut by a page break comes back as one table: header carried, repeated header dropped, a row
left open at the page end ("Business hours/") completed by its rest at the top of the next page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from docsvc.extract.parsers import parse_file
from docsvc.extract.types import ParsedDocument
from tests.fixtures.documents import PAGE_H, PdfPage, pages_pdf
from tests.parsers.conftest import LIMITS

_ROW_H = 20.0


def _table(page: PdfPage, rows: Sequence[Sequence[str]], *, top: float, widths: Sequence[float]) -> None:
    xs = [72.0]
    for w in widths:
        xs.append(xs[-1] + w)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            page.text(xs[c] + 4, top - _ROW_H * (r + 1) + 6, cell)
    for r in range(len(rows) + 1):
        page.line(xs[0], top - _ROW_H * r, xs[-1], top - _ROW_H * r)
    for x in xs:
        page.line(x, top, x, top - _ROW_H * len(rows))


def _two_pages(
    tmp_path: Path,
    above: Sequence[Sequence[str]],
    below: Sequence[Sequence[str]],
    *,
    widths_below: Sequence[float] = (160.0, 140.0, 140.0),
    text_between: str | None = None,
) -> ParsedDocument:
    first, second = PdfPage(), PdfPage()
    first.text(72, PAGE_H - 80, "Schedule 2 - Service levels")
    _table(first, above, top=_ROW_H * len(above) + 60, widths=(160.0, 140.0, 140.0))  # ends at the page foot
    top = PAGE_H - 60
    if text_between is not None:
        second.text(72, top - 12, text_between)
        top -= 40
    _table(second, below, top=top, widths=widths_below)
    second.text(72, top - _ROW_H * len(below) - 40, "All times are measured from the ticket's creation.")
    path = tmp_path / "continued.pdf"
    path.write_bytes(pages_pdf([first, second]))
    return parse_file(path, limits=LIMITS, isolated=False)


def _texts(doc: ParsedDocument) -> list[list[list[str]]]:
    return [[[cell.text for cell in row] for row in table.rows] for table in doc.tables]


_HEADER_EN = ["Severity", "Standard plan", "Premium plan"]
_HEADER_DE = ["Schweregrad", "Basis-Paket", "Komfort-Paket"]


@pytest.mark.parametrize(
    "header, first_row, rest",
    [
        (
            _HEADER_EN,
            ["Critical", "2 hours", "30 minutes"],
            [["Major", "8 hours", "2 hours"], ["Minor", "3 days", "1 day"]],
        ),
        (
            _HEADER_DE,
            ["Kritisch", "4 Stunden", "1 Stunde"],
            [["Hoch", "1 Werktag", "8 Stunden"], ["Niedrig", "5 Werktage", "2 Werktage"]],
        ),
    ],
)
@pytest.mark.parametrize("header_repeated", [False, True])
def test_a_table_continued_on_the_next_page_is_one_table_with_its_header(
    tmp_path: Path, header: list[str], first_row: list[str], rest: list[list[str]], header_repeated: bool
) -> None:
    below = [header, *rest] if header_repeated else rest
    doc = _two_pages(tmp_path, [header, first_row], below)
    assert _texts(doc) == [[header, first_row, *rest]]
    assert doc.tables[0].page == 1


@pytest.mark.parametrize(
    "header, open_row, rest_of_row, expected",
    [
        (_HEADER_EN, ["Major", "Business hours/", "24x7/"], ["", "6 hours", "2 hours"],
         ["Major", "Business hours/ 6 hours", "24x7/ 2 hours"]),
        (_HEADER_DE, ["Hoch", "Geschäftszeiten/", "24x5/"], ["", "8 Stunden", "2 Stunden"],
         ["Hoch", "Geschäftszeiten/ 8 Stunden", "24x5/ 2 Stunden"]),
    ],
)
def test_a_row_cut_at_the_page_break_is_completed_by_its_rest(
    tmp_path: Path, header: list[str], open_row: list[str], rest_of_row: list[str], expected: list[str]
) -> None:
    doc = _two_pages(tmp_path, [header, open_row], [header, rest_of_row, ["Low", "3 days", "1 day"]])
    assert _texts(doc) == [[header, expected, ["Low", "3 days", "1 day"]]]


def test_tables_with_other_columns_or_text_between_stay_apart(tmp_path: Path) -> None:
    above = [_HEADER_EN, ["Critical", "2 hours", "30 minutes"]]
    below = [["Plan", "Monthly fee", "Setup fee"], ["Basic", "EUR 90", "EUR 0"]]
    other_columns = _two_pages(tmp_path, above, below, widths_below=(100.0, 200.0, 140.0))
    assert len(other_columns.tables) == 2
    with_text = _two_pages(tmp_path, above, below, text_between="Fees for the plans are listed below.")
    assert len(with_text.tables) == 2


def test_a_repeated_header_of_two_rows_is_dropped() -> None:
    from docsvc.extract.parsers.table_continuation import join
    from docsvc.extract.types import Cell

    def rows(*texts: tuple[str, ...]) -> tuple[tuple[Cell, ...], ...]:
        return tuple(tuple(Cell(t) for t in row) for row in texts)

    header = (("", "Reaction target", "Reaction target"), ("Priority", "Silver", "Gold"))
    above = rows(*header, ("P1", "1 hour", "15 minutes"))
    assert join(above, rows(*header, ("P2", "4 hours", "1 hour"))) == rows(
        *header, ("P1", "1 hour", "15 minutes"), ("P2", "4 hours", "1 hour")
    )
    # a header repeated in part is dropped as far as it repeats; the row after it is data
    assert len(join(above, rows(("", "Reaction target", "Reaction target"), ("P2", "4 hours", "1 hour")))) == 4


def test_a_repeated_header_that_took_in_the_cut_rows_rest_gives_it_back() -> None:
    # A borderless table's repeated header sits so close to the cut row's rest that they read as one row:
    # "Definition" + "a workaround exists." is the header cell plus the end of the row above.
    from docsvc.extract.parsers.table_continuation import join
    from docsvc.extract.types import Cell

    def rows(*texts: tuple[str, ...]) -> tuple[tuple[Cell, ...], ...]:
        return tuple(tuple(Cell(t) for t in row) for row in texts)

    header = ("Stufe", "Definition", "Reaktionszeit")
    above = rows(header, ("Stufe 2", "Eine Funktion fällt aus, aber", "Premium: innerhalb 2 Stunden"))
    below = rows(("Stufe", "Definition ein Workaround besteht.", "Reaktionszeit"), ("Stufe 3", "Frage", "1 Werktag"))
    assert join(above, below) == rows(
        header,
        ("Stufe 2", "Eine Funktion fällt aus, aber ein Workaround besteht.", "Premium: innerhalb 2 Stunden"),
        ("Stufe 3", "Frage", "1 Werktag"),
    )
