"""Borderless PDF tables, row by row: where one table row ends and the next begins, and where the table ends.

Hand-built lines as ``pdf_text`` delivers them (see ``test_pdf_aligned_tables``); the twins built by pandoc and
LibreOffice are in ``test_pdf_twin_tables``.
"""

from __future__ import annotations

from docsvc.extract.parsers.pdf_text import TextLine
from docsvc.extract.types import BBox
from tests.extract.test_pdf_aligned_tables import H, line, texts


def _glyphs(text: str, x0: float, baseline: float, *, descender: bool = False) -> TextLine:
    # pdfium boxes are the glyphs' own: capitals reach 8 points above the baseline, a "y" or "p" 3 points below
    return TextLine(
        text, BBox(x0, baseline - 8, x0 + 5.0 * len(text), baseline + (3 if descender else 0.2)), baseline, H, False
    )


def test_a_row_after_one_with_descenders_is_a_row_of_its_own() -> None:
    # Rows 17.6 points apart, baseline to baseline. "Monthly Uptime" hangs 3 points below its baseline, so box to
    # box the next row looked closer to it than the first row was to the header, and was read as wrapped text.
    lines = [
        _glyphs("Metric", 70, 108),
        _glyphs("Commitment", 250, 108),
        _glyphs("Monthly Uptime", 70, 127, descender=True),
        _glyphs("99.9%", 250, 127),
        _glyphs("Allowed Downtime", 70, 144.6),
        _glyphs("43 minutes", 250, 144.6),
    ]
    assert texts(lines) == [[["Metric", "Commitment"], ["Monthly Uptime", "99.9%"], ["Allowed Downtime", "43 minutes"]]]


def test_a_cell_paragraph_after_paragraph_spacing_stays_in_the_table_but_a_margin_line_ends_it() -> None:
    # Cell paragraphs are spaced like rows ("Has no workaround." 14 points under its neighbour): inside a column
    # right of the first they stay in the table. A short line at the margin after the same space is text below.
    lines = [
        line("Priority", 70, 100, bold=True),
        line("Criteria", 150, 100, bold=True),
        line("Target", 350, 100, bold=True),
        line("1 Critical", 70, 118),
        line("Affects ten users.", 150, 118),
        line("1 hour", 350, 118),
        line("Has no workaround.", 150, 142),
        line("2 High", 70, 166),
        line("Affects one user.", 150, 166),
        line("4 hours", 350, 166),
        line("Notes", 70, 190),
    ]
    assert texts(lines) == [
        [
            ["Priority", "Criteria", "Target"],
            ["1 Critical", "Affects ten users. Has no workaround.", "1 hour"],
            ["2 High", "Affects one user.", "4 hours"],
        ]
    ]


def _broken(first: str, second: str, x0: float, top: float, at: float) -> TextLine:
    # One pdfium line holding two texts set closer than pdf_text's split gap: the gap measured after the first
    # text's visible characters, the second starting at ``at``.
    ln = line(f"{first} {second}", x0, top, width=at - x0 + 5.0 * len(second))
    ln.breaks = ((len(first.replace(" ", "")), at),)
    return ln


def test_a_row_whose_first_two_cells_touch_is_cut_at_the_measured_gap() -> None:
    # "P1 – Critical   Service down" came as one line across the Description column's edge: the table ended there
    # and its rows were split into two tables. The measured gap at the column edge cuts it.
    lines = [
        line("Priority", 70, 100),
        line("Description", 170, 100),
        line("Response", 270, 100),
        _broken("P1 Critical", "Service down", 70, 118, 170),
        line("15 minutes", 270, 118),
        line("P2 High", 70, 136),
        line("Major", 170, 136),
        line("1 hour", 270, 136),
    ]
    assert texts(lines) == [[
        ["Priority", "Description", "Response"],
        ["P1 Critical", "Service down", "15 minutes"],
        ["P2 High", "Major", "1 hour"],
    ]]


def test_a_line_across_the_columns_without_a_measured_gap_still_ends_the_table() -> None:
    # Running text below a table crosses its column edges with word spaces only: it is not cut into cells.
    lines = [
        line("Priority", 70, 100),
        line("Description", 170, 100),
        line("Response", 270, 100),
        line("P1 Critical", 70, 118),
        line("Service down", 170, 118),
        line("15 minutes", 270, 118),
        line("P2 High", 70, 136),
        line("Major", 170, 136),
        line("1 hour", 270, 136),
        line("Response times count from the moment a ticket is opened.", 70, 154, width=300),
    ]
    assert texts(lines) == [[
        ["Priority", "Description", "Response"],
        ["P1 Critical", "Service down", "15 minutes"],
        ["P2 High", "Major", "1 hour"],
    ]]


def test_a_measured_gap_away_from_every_column_edge_does_not_cut() -> None:
    # A gap that meets no column edge (a tab inside a cell of a one-line note) leaves the line whole, so the table
    # ends before it.
    lines = [
        line("Priority", 70, 100),
        line("Response", 270, 100),
        line("P1", 70, 118),
        line("15 minutes", 270, 118),
        line("P2", 70, 136),
        line("1 hour", 270, 136),
        _broken("Note:", "response times count from the moment a ticket is opened", 70, 154, 120),
    ]
    assert texts(lines) == [[["Priority", "Response"], ["P1", "15 minutes"], ["P2", "1 hour"]]]


def test_numbered_clauses_beside_running_text_are_no_table() -> None:
    # "1   GRANT" over "1.1   Rights and Obligations. We grant you ..." lines up like two columns; a bare number is
    # no list marker, but numbers beside long lines of running text are clauses, read as paragraphs.
    lines = [
        line("1", 70, 100),
        line("GRANT", 110, 100),
        line("1.1", 70, 118),
        line("Rights and Obligations. We grant you the right, and you accept the obligation, to run", 110, 118),
        line("1.2", 70, 136),
        line("Approved Location. The street address of the location is specified in Exhibit A.", 110, 136),
    ]
    assert texts(lines) == []


def _at(text: str, x0: float, baseline: float, width: float) -> TextLine:
    return TextLine(text, BBox(x0, baseline - 8, x0 + width, baseline + 2), baseline, H, False)


def test_a_header_wrapped_over_lines_is_one_row_with_its_broken_words_closed() -> None:
    # Narrow columns: LibreOffice breaks "ENVIRONMENT" and "RESPONSE" where the column ends ("ENVIRON" / "MENT",
    # "RESPONS" / "E") and wraps the header over three lines at the table's line pitch (14 points); rows are 17.6
    # apart. The header is one row, its words whole, so the metric in it is found.
    lines = [
        _at("ENVIRON", 72, 281.2, 65), _at("SEVERIT", 152, 281.2, 60), _at("INITIAL", 231, 281.2, 54),
        _at("MENT", 72, 295.3, 42), _at("Y", 151, 295.3, 9), _at("RESPONS", 231, 295.3, 65),
        _at("E", 231, 309.3, 8),
        _at("Development", 72, 326.9, 66), _at("Critical", 152, 326.9, 40), _at("2 Days", 231, 326.9, 33),
        _at("Test", 72, 344.5, 22), _at("High", 152, 344.5, 22), _at("3 Days", 231, 344.5, 33),
        _at("Certification", 72, 362.1, 66), _at("Low", 152, 362.1, 20), _at("5 Days", 231, 362.1, 33),
        _at("release", 231, 376.1, 36),
    ]
    assert texts(lines) == [[
        ["ENVIRONMENT", "SEVERITY", "INITIAL RESPONSE"],
        ["Development", "Critical", "2 Days"],
        ["Test", "High", "3 Days"],
        ["Certification", "Low", "5 Days release"],
    ]]


def test_short_words_wrapped_in_a_narrow_column_keep_their_space() -> None:
    # "Extended" / "Office Hours", "South" / "work" and "Commercially" / "reasonable" fill a narrow column by
    # chance: words of their own, not broken ones.
    lines = [
        _at("Plan", 72, 100, 22), _at("Support", 152, 100, 40),
        _at("Basic", 72, 117.6, 26), _at("Extended", 152, 117.6, 60),
        _at("Office Hours", 152, 131.6, 58),
        _at("Plus", 72, 149.2, 22), _at("South", 152, 149.2, 60),
        _at("work schedule", 152, 163.2, 60),
        _at("Pro", 72, 180.8, 18), _at("24/7", 152, 180.8, 22),
        _at("hotline", 152, 194.8, 34),
        _at("Max", 72, 212.4, 18), _at("Commercially", 152, 212.4, 60),
        _at("reasonable efforts", 152, 226.4, 58),
    ]
    assert texts(lines) == [[
        ["Plan", "Support"],
        ["Basic", "Extended Office Hours"],
        ["Plus", "South work schedule"],
        ["Pro", "24/7 hotline"],
        ["Max", "Commercially reasonable efforts"],
    ]]


def test_a_header_line_too_tight_to_split_is_cut_at_its_measured_gap_over_the_columns() -> None:
    # "Monthly Uptime Percentage   Service Credit Percentage": one pdfium line (a 27-point gap in a larger font),
    # right above a two-column credit ladder. Cut at the measured gap on the second column's edge it is the
    # ladder's header; without it the ladder had no header and no credit was read.
    header = line("Monthly Uptime Percentage     Service Credit Percentage", 72, 80, bold=True, width=360)
    header.breaks = ((len("MonthlyUptimePercentage"), 271.0),)
    lines = [
        header,
        line("Less than 99.95%", 72, 98),
        line("10%", 271, 98),
        line("Less than 99.90%", 72, 116),
        line("20%", 271, 116),
    ]
    assert texts(lines) == [[["Monthly Uptime Percentage", "Service Credit Percentage"],
                             ["Less than 99.95%", "10%"], ["Less than 99.90%", "20%"]]]
    # running text above a table (no measured gap at the column edge) stays text
    prose = line("The credits below are paid as a share of the monthly fee for the service.", 72, 80, width=360)
    assert texts([prose, *lines[1:]]) == [[["Less than 99.95%", "10%"], ["Less than 99.90%", "20%"]]]


def test_sla_words_a_narrow_column_broke_anywhere_are_closed_up() -> None:
    # A ten-column German priority table: "Reaktionszeit" over three lines, "6 Stun" / "den", "2 Wer" / "ktage" —
    # pieces that are no words, or a word of their own ("den"), that join up to a word of SLA tables.
    lines = [
        line("Klasse", 70, 80), line("Start", 130, 80), line("Plus", 190, 80),
        line("Rea", 70, 100), line("6 Stun", 130, 100), line("2 Wer", 190, 100),
        line("ktio", 70, 112), line("den", 130, 112), line("ktage", 190, 112),
        line("nszeit", 70, 124),
        line("Lösung", 70, 150), line("–", 130, 150), line("1 Werktag", 190, 150),
        line("szeit", 70, 162),
    ]
    assert texts(lines) == [[["Klasse", "Start", "Plus"], ["Reaktionszeit", "6 Stunden", "2 Werktage"],
                             ["Lösungszeit", "–", "1 Werktag"]]]
