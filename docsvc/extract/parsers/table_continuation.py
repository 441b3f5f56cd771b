"""Tables that a page break cut in two: recognise the continuation and join it to the part above.

A word processor that breaks a table at the page end either repeats the header rows on the next page or not,
and it may split one row so that its cells end on one page ("Business hours/") and go on at the top of the
next ("4 hours"). Read page by page, that is two tables, the second without its header (its rows lose their
column meaning) and with a row cut in half. The continuation is recognised by layout only: it is the next
item after the first part apart from running headers and footers, sits on the following page, and has the
same number of columns at the same x-positions. Nothing here looks at the words.
"""

from __future__ import annotations

from collections.abc import Sequence

from docsvc.extract.types import BBox, Cell

COLUMN_TOLERANCE = 6.0  # points two column borders may differ by and still be the same column
# A cell whose text ends in one of these has not ended: the rest of its row is on the next page.
_OPEN_ENDINGS = ("/", ",", "&", "+", "–")

Rows = tuple[tuple[Cell, ...], ...]


def continues(first: Rows, first_bbox: BBox | None, second: Rows, second_bbox: BBox | None) -> bool:
    """Does ``second`` (the first item on the next page) have the columns of ``first``?"""
    if not first or not second:
        return False
    width = max(len(row) for row in first)
    if width < 2:
        return False
    if width != max(len(row) for row in second):
        return _columns_within(first, second) is not None
    left, right = _column_starts(first, width), _column_starts(second, width)
    if left is not None and right is not None:
        return all(abs(a - b) <= COLUMN_TOLERANCE for a, b in zip(left, right, strict=True))
    if first_bbox is None or second_bbox is None:
        return False
    return (
        abs(first_bbox.x0 - second_bbox.x0) <= COLUMN_TOLERANCE
        and abs(first_bbox.x1 - second_bbox.x1) <= COLUMN_TOLERANCE
    )


def repeats_header(first: Rows, second: Rows) -> bool:
    """Is ``second``'s first row ``first``'s header row repeated, perhaps with the rest of a cut cell under it? Each
    of its cells starts with the header text of its column, and a column it lacks has no header text (a header
    whose cells ran together, "Starter Team", is not taken for one)."""
    if not first or not second:
        return False
    header, row = first[0], second[0]
    columns = list(range(len(row))) if len(row) == len(header) else _columns_within(first, second)
    if columns is None or len(header) != max(len(r) for r in first) or not any(c.text.strip() for c in header):
        return False
    if any(header[c].text.strip() for c in range(len(header)) if c not in columns):
        return False
    return all(_squeezed(cell.text).startswith(_squeezed(header[c].text)) for cell, c in zip(row, columns, strict=True))


def _squeezed(text: str) -> str:
    return "".join(text.split()).casefold()


def join(first: Rows, second: Rows) -> Rows:
    """``first`` with ``second``'s rows below it, less the header rows ``second`` repeats; a row left open at
    the page end is completed by the continuation's first row."""
    columns = _columns_within(first, second)
    if columns is not None:
        second = _widened(second, columns, max(len(row) for row in first))
    repeated = _repeated_header(first, second)
    rest = list(second[repeated:])
    rows = list(first)
    cut_row = False
    if not repeated and (tail := _header_with_tail(first[0], second[0])) is not None:
        rest[0], cut_row = tail, True
    if rest and (cut_row or _left_open(rows[-1])) and len(rows[-1]) == len(rest[0]):
        rows[-1] = tuple(_joined(a, b) for a, b in zip(rows[-1], rest[0], strict=True))
        rest = rest[1:]
    return tuple(rows) + tuple(rest)


def _columns_within(first: Rows, second: Rows) -> list[int] | None:
    """For a continuation with fewer columns than ``first`` (a column empty on the later page, which a borderless
    table's reader cannot see: "Merkmale" with text in the header only), the column of ``first`` each of its
    columns starts at; None unless every one starts at a column of ``first``, most of them are there, and they
    keep their order."""
    width, narrower = max(len(row) for row in first), max(len(row) for row in second)
    if not 2 <= narrower < width or narrower * 2 <= width:
        return None
    left, right = _column_starts(first, width), _column_starts(second, narrower)
    if left is None or right is None:
        return None
    columns: list[int] = []
    for x in right:
        near = [i for i, start in enumerate(left) if abs(start - x) <= COLUMN_TOLERANCE]
        if not near or (columns and near[0] <= columns[-1]):
            return None
        columns.append(near[0])
    return columns


def _widened(rows: Rows, columns: list[int], width: int) -> Rows:
    """``rows`` spread over ``width`` columns, each cell in the column ``columns`` gives it, empty cells between."""
    out: list[tuple[Cell, ...]] = []
    for row in rows:
        if len(row) != len(columns):
            out.append(row)
            continue
        cells = [Cell("") for _ in range(width)]
        for cell, column in zip(row, columns, strict=True):
            cells[column] = cell
        out.append(tuple(cells))
    return tuple(out)


def _column_starts(rows: Rows, width: int) -> list[float] | None:
    """Left edges of the columns, from the first full-width row whose cells all have boxes."""
    for row in rows:
        if len(row) == width and all(cell.bbox is not None for cell in row):
            return [cell.bbox.x0 for cell in row if cell.bbox is not None]
    return None


def _texts(row: Sequence[Cell]) -> tuple[str, ...]:
    return tuple(" ".join(cell.text.split()).casefold() for cell in row)


def _repeated_header(first: Rows, second: Rows) -> int:
    """How many leading rows of ``second`` repeat the leading rows of ``first`` (a repeated header)."""
    count = 0
    for a, b in zip(first[:-1], second, strict=False):  # never all of first: its last row is no header
        if _texts(a) != _texts(b) or not any(_texts(a)):
            break
        count += 1
    return count


def _header_with_tail(header: Sequence[Cell], row: Sequence[Cell]) -> tuple[Cell, ...] | None:
    """A repeated header that took in the rest of the row cut at the page break (a borderless table's header
    lines and the cut row's first lines sit too close to tell apart): each cell is its header cell's text plus
    perhaps more. The rest, as a row, or None when ``row`` is no such header."""
    if len(header) != len(row):
        return None
    tail: list[Cell] = []
    matched = 0
    for head, cell in zip(header, row, strict=True):
        head_text, text = " ".join(head.text.split()), " ".join(cell.text.split())
        if not head_text:
            tail.append(cell)
            continue
        if text.casefold() == head_text.casefold():
            tail.append(Cell("", cell.bbox))
        elif text[: len(head_text) + 1].casefold() == head_text.casefold() + " ":
            tail.append(Cell(text[len(head_text) + 1 :], cell.bbox))
        else:
            return None
        matched += 1
    return tuple(tail) if matched >= 2 and any(cell.text for cell in tail) else None


def _left_open(row: Sequence[Cell]) -> bool:
    return any(cell.text.rstrip().endswith(_OPEN_ENDINGS) for cell in row)


def _joined(top: Cell, bottom: Cell) -> Cell:
    if not bottom.text:
        return top
    if not top.text:
        return Cell(bottom.text, top.bbox or bottom.bbox)
    return Cell(f"{top.text.rstrip()} {bottom.text.lstrip()}", top.bbox)
