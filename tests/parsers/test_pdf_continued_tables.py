"""A ruled table cut by a page break comes back as one table: header carried, repeated header dropped, a row
left open at the page end ("Business hours/") completed by its rest at the top of the next page."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from docsvc.extract.parsers import parse_file
from docsvc.extract.parsers.assemble import ReadingOrder
from docsvc.extract.parsers.table_continuation import continues, join
from docsvc.extract.types import BBox, Cell, ParsedDocument, SourceInfo
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


def _boxed(starts: Sequence[float], *texts: Sequence[str]) -> tuple[tuple[Cell, ...], ...]:
    """Rows of cells whose left edges are ``starts`` (an empty cell has no box, as a borderless table gives it)."""
    return tuple(
        tuple(Cell(t, BBox(x, 0.0, x + 40.0, 10.0) if t else None) for t, x in zip(row, starts, strict=True))
        for row in texts
    )


@pytest.mark.parametrize(
    "header, above, below",
    [
        (("Severity", "Notes", "Basic", "Premium"), ("P1", "", "4 hours", "1 hour"), ("P2", "1 day", "4 hours")),
        (("Stufe", "Hinweise", "Basis", "Komfort"), ("Stufe 1", "", "2 Stunden", "30 Minuten"),
         ("Stufe 2", "1 Werktag", "4 Stunden")),
    ],
)
def test_a_continuation_without_an_empty_column_is_joined_under_its_columns(
    header: tuple[str, ...], above: tuple[str, ...], below: tuple[str, ...]
) -> None:
    # The second column is empty below its header: on the next page the reader cannot see it, and the part there
    # has three columns at the first, third and fourth column's edges.
    first = _boxed((72.0, 150.0, 260.0, 380.0), header, above)
    second = _boxed((72.5, 259.0, 381.0), below)
    assert continues(first, None, second, None)
    joined = join(first, second)
    assert [[c.text for c in row] for row in joined] == [list(header), list(above), [below[0], "", *below[1:]]]


def test_a_narrower_table_whose_columns_start_elsewhere_is_no_continuation() -> None:
    first = _boxed((72.0, 150.0, 260.0, 380.0), ("Severity", "Notes", "Basic", "Premium"), ("P1", "x", "4h", "1h"))
    assert not continues(first, None, _boxed((72.0, 200.0, 381.0), ("Plan", "Fee", "Setup")), None)
    # one column of four is not "most of them"
    assert not continues(first, None, _boxed((72.0, 260.0), ("P2", "1 day")), None)


def _order(*items: tuple[str, int] | tuple[tuple[tuple[Cell, ...], ...], int]) -> list[list[list[str]] | str]:
    order = ReadingOrder()
    for content, page in items:
        if isinstance(content, str):
            order.add_block(content, (), page=page)
        else:
            order.add_table(content, page=page)
    order.join_page_continued_tables()
    doc = order.build(SourceInfo("x.pdf", "application/pdf", 1, ""))
    items_out = sorted([(b.index, b.text) for b in doc.blocks] + [(t.index, t.texts()) for t in doc.tables])
    return [content for _, content in items_out]


def test_the_title_row_repeated_above_a_continuation_is_dropped_and_the_parts_joined() -> None:
    # A header row spanning the plan columns repeats on the next page and reads as a line of text, like the
    # line above the first part; it is no content between the parts.
    starts = (72.0, 200.0, 320.0)
    first = _boxed(starts, ("Priority", "Silver", "Gold"), ("P1", "4 hours", "1 hour"))
    second = _boxed(starts, ("P2", "1 day", "4 hours"))
    assert _order(("Reaction per package", 1), (first, 1), ("Reaction per package", 2), (second, 2)) == [
        "Reaction per package",
        [["Priority", "Silver", "Gold"], ["P1", "4 hours", "1 hour"], ["P2", "1 day", "4 hours"]],
    ]
    # the same line before something else is kept, and a table after other text stays apart
    kept = _order(("Reaktion je Paket", 1), (first, 1), ("Reaktion je Paket", 2), ("Preise", 2), (second, 2))
    assert kept[2:4] == ["Reaktion je Paket", "Preise"] and len(kept) == 5


def test_a_repeated_header_over_the_rest_of_a_cell_is_told_from_run_together_header_cells() -> None:
    from docsvc.extract.parsers.table_continuation import repeats_header

    starts = (72.0, 150.0, 260.0, 380.0)
    first = _boxed(starts, ("Level", "Explanation", "Basic", "Max"), ("Urgent", "Checkout fails and", "3h", "1h"))
    assert repeats_header(first, _boxed(starts, ("Level", "Explanatio n refuses all cards", "Basic", "Max")))
    assert not repeats_header(first, _boxed((72.0, 150.0, 260.0), ("Level", "Explanation", "Basic Max")))
    assert not repeats_header(first, _boxed(starts, ("Hoch", "Explanation", "4h", "2h")))
