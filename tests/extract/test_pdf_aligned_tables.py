"""Borderless PDF tables: cells lined up by whitespace become one table, prose and lists stay blocks.

The lines are built by hand as ``pdf_text`` would deliver them (one line per cell part, split at wide gaps), so
each test states the geometry it is about.
"""

from __future__ import annotations

from docsvc.extract.parsers.pdf_aligned import aligned_tables
from docsvc.extract.parsers.pdf_text import TextLine
from docsvc.extract.types import BBox

H = 10.0  # line height in points


def line(text: str, x0: float, top: float, *, width: float | None = None, bold: bool = False) -> TextLine:
    w = width if width is not None else 5.0 * len(text)
    return TextLine(text, BBox(x0, top, x0 + w, top + H), top + H - 2, H, bold)


def texts(lines: list[TextLine]) -> list[list[list[str]]]:
    return [[[c.text for c in row] for row in t.rows] for t in aligned_tables(lines)]


def test_priority_table_with_wrapped_cells_becomes_rows_by_priority() -> None:
    # German priority table: bold header, a narrow column wrapping "Geschäftszeiten/" over three lines (the word
    # broken where the column ends, closed up again), a long description wrapping in the first column.
    lines = [
        line("Priorität", 70, 100, bold=True),
        line("Basis", 200, 100, bold=True),
        line("Premium", 300, 100, bold=True),
        line("Kritisch", 70, 118),
        line("24x7/", 200, 118),
        line("24x7/", 300, 118),
        line("Ausfall des", 70, 132),
        line("2 Stunden", 200, 132),
        line("30 Minuten", 300, 132),
        line("Systems", 70, 146),
        line("Hoch", 70, 170),
        line("Geschäfts", 200, 170),
        line("24x5/", 300, 170),
        line("zeiten/", 200, 184),
        line("1 Stunde", 300, 184),
        line("4 Stunden", 200, 198),
    ]
    assert texts(lines) == [
        [
            ["Priorität", "Basis", "Premium"],
            ["Kritisch Ausfall des Systems", "24x7/ 2 Stunden", "24x7/ 30 Minuten"],
            ["Hoch", "Geschäftszeiten/ 4 Stunden", "24x5/ 1 Stunde"],
        ]
    ]


def test_padded_rows_split_where_lines_inside_a_cell_do_not() -> None:
    # English severity table: rows are 12 points apart, lines inside a cell 3; "3 Business" / "Days" wraps
    # without any punctuation and is still one cell because it is tighter than the row spacing.
    lines = [
        line("Severity", 70, 100, bold=True),
        line("Response", 200, 100, bold=True),
        line("Updates", 300, 100, bold=True),
        line("1", 70, 122),
        line("4 hours", 200, 122),
        line("Every day", 300, 122),
        line("2", 70, 144),
        line("3 Business", 200, 144),
        line("Every 2", 300, 144),
        line("Days", 200, 157),
        line("Business Days", 300, 157),
    ]
    assert texts(lines) == [
        [
            ["Severity", "Response", "Updates"],
            ["1", "4 hours", "Every day"],
            ["2", "3 Business Days", "Every 2 Business Days"],
        ]
    ]


def test_table_ends_at_a_paragraph_across_its_columns() -> None:
    lines = [
        line("Availability", 70, 100, bold=True),
        line("Credit", 250, 100, bold=True),
        line("below 99.9 %", 70, 114),
        line("10 %", 250, 114),
        line("below 99.0 %", 70, 128),
        line("25 %", 250, 128),
        line("Credits are the customer's only remedy for any failure to meet the target.", 70, 142, width=400),
    ]
    [table] = aligned_tables(lines)
    assert [[c.text for c in row] for row in table.rows][-1] == ["below 99.0 %", "25 %"]
    assert table.bbox.bottom == 138  # the paragraph is left out of the table's area


def test_header_line_centred_above_the_first_row_joins_the_header() -> None:
    # The right header cell wraps over two lines; the left one is centred beside its second line.
    lines = [
        line("Credit (percent of", 250, 100, bold=True),
        line("Availability", 70, 112, bold=True),
        line("monthly fee)", 250, 112, bold=True),
        line("below 99.9 %", 70, 130),
        line("10 %", 250, 130),
    ]
    assert texts(lines) == [[["Availability", "Credit (percent of monthly fee)"], ["below 99.9 %", "10 %"]]]


def test_hanging_list_markers_are_not_a_table() -> None:
    lines = [
        line("1.", 70, 100),
        line("The provider keeps the service", 100, 100),
        line("available.", 100, 112),
        line("2.", 70, 124),
        line("The customer reports faults", 100, 124),
    ]
    assert aligned_tables(lines) == []


def test_two_text_columns_are_not_a_table() -> None:
    left = "Kontinuierlicher Zugriff auf eine Datenbank mit Lösungen und Dokumentation für alle".split()
    right = "Die Sessions bieten Tipps und Tricks zur Fehlerbehebung für Anwender aller Produkte".split()
    lines = []
    for i in range(6):
        lines.append(line(" ".join(left[i : i + 3]), 70, 100 + 14 * i, width=190))
        lines.append(line(" ".join(right[i : i + 3]), 300, 100 + 14 * i, width=185))
    assert aligned_tables(lines) == []


def test_a_currency_symbol_set_apart_stays_with_its_amount() -> None:
    lines = [
        line("Service", 70, 100, bold=True),
        line("Fee", 300, 100, bold=True),
        line("Lists, per name", 70, 114),
        line("$", 300, 114),
        line("0.05", 340, 114),
        line("Labels, per label", 70, 128),
        line("$", 300, 128),
        line("0.04", 340, 128),
    ]
    assert texts(lines) == [[["Service", "Fee"], ["Lists, per name", "$ 0.05"], ["Labels, per label", "$ 0.04"]]]


def test_a_form_of_label_value_lines_is_not_a_table() -> None:
    lines = [
        line("Agreement Number:", 70, 100),
        line("AB-1234", 250, 100),
        line("Effective Date:", 70, 114),
        line("4 March 2024", 250, 114),
        line("Supplier:", 70, 128),
        line("Example Hosting GmbH", 250, 128),
    ]
    assert aligned_tables(lines) == []


def test_a_two_column_page_layout_is_no_one_row_table() -> None:
    # A two-column page: the left column's paragraph ends on the same level as the right column's numbered
    # paragraph "8.2" starts; the lines below belong to one column each. No header is related to values here.
    lines = [
        line("Die Haftung ist ausgeschlossen, ausser", 67, 600, width=218),
        line("bei Vorsatz oder grober Fahrlässigkeit,", 67, 714, width=218),
        line("8.2", 310, 713, width=14),
        line("Der Vertrag verlängert sich danach jeweils um ein", 330, 713, width=219),
        line("ausgeschlossen.", 67, 727, width=80),
        line("weiteres Jahr, sofern er nicht gekündigt wird.", 330, 727, width=219),
        line("9. Schlussbestimmungen", 67, 760, width=120),
    ]
    assert texts(lines) == []


def _wrapped(words: str, x0: float, top: float, width: float) -> list[TextLine]:
    """Running text filling a column ``width`` points wide, three words a line."""
    parts = words.split()
    return [line(" ".join(parts[i : i + 3]), x0, top + 14 * (i // 3), width=width) for i in range(0, len(parts), 3)]


def test_row_labels_beside_wrapped_descriptions_are_a_table_though_the_columns_fill_like_prose() -> None:
    # Two description columns 150 points wide wrap like running text; the short labels in the first column,
    # each level with the first line of both other cells, make it a table.
    lines = [line("Priority", 70, 100), line("Definition", 200, 100), line("Target response", 370, 100)]
    lines += [line("Priority 1", 70, 118), line("Severity A", 70, 200)]
    lines += _wrapped("The whole service is down for every user and no workaround exists for it today", 200, 118, 150)
    lines += _wrapped("Premium plan: under thirty minutes. Basic plan: within one business day", 370, 118, 148)
    lines += _wrapped("One feature fails for some users while a workaround keeps most work going on", 200, 200, 150)
    lines += _wrapped("Premium plan: within two hours. Basic plan: within two business days", 370, 200, 148)
    tables = texts(lines)
    assert len(tables) == 1 and [row[0] for row in tables[0]] == ["Priority", "Priority 1", "Severity A"]
    assert tables[0][1][2] == "Premium plan: under thirty minutes. Basic plan: within one business day"


def test_three_cards_of_running_text_are_not_a_table() -> None:
    words = "Wir betreuen Ihre Server rund um die Uhr und melden jede Störung sofort an Ihr Team per Telefon"
    lines: list[TextLine] = []
    for x0 in (70, 230, 390):
        lines += _wrapped(words, x0, 100, 150)
    assert aligned_tables(lines) == []
