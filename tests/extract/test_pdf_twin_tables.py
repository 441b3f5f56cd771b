"""PDF twins read like their DOCX: a Markdown table built as the real-world corpus builds its files (pandoc to DOCX,
LibreOffice to PDF) must come back from the PDF with the rows the DOCX has.

The tables here have no borders (pandoc's DOCX tables rule the header only), so the PDF side is read by
``pdf_aligned``. The documents are made up for the tests; each one stresses one reading failure seen on twins.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from docsvc.extract.parsers import parse_file

PANDOC = shutil.which("pandoc")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(PANDOC is None or SOFFICE is None, reason="pandoc and LibreOffice are needed")

_PROSE = "Notes follow the table in a paragraph that is long enough to span all of its columns, as prose does."


def _twins(
    tmp_path: Path, name: str, markdown: str = "", *, html: bytes = b""
) -> tuple[list[list[list[str]]], list[list[list[str]]]]:
    """Tables (rows of cell texts) of the DOCX and of the PDF built from ``markdown`` (or from ``html``)."""
    assert PANDOC is not None and SOFFICE is not None
    if markdown:
        source = tmp_path / f"{name}.md"
        source.write_text(markdown, encoding="utf-8")
        html = subprocess.run([PANDOC, "-f", "gfm", "-t", "html", str(source)], check=True, capture_output=True).stdout
    docx = tmp_path / f"{name}.docx"
    subprocess.run([PANDOC, "-f", "html", "-t", "docx", "-o", str(docx)], input=html, check=True)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return _tables(docx), _tables(tmp_path / f"{name}.pdf")


def _tables(path: Path) -> list[list[list[str]]]:
    parsed = parse_file(path, isolated=False)
    return [[[" ".join(c.text.split()) for c in row] for row in t.rows] for t in parsed.tables]


def test_rows_after_a_row_with_descenders_stay_rows(tmp_path: Path) -> None:
    # "Monthly Uptime" reaches below the baseline; measured from glyph boxes, the next row looked tighter than the
    # first row (whose gap includes the header rule) and was read as wrapped text of it. The wrapped "Recovery
    # Point Objective" label must still stay one cell.
    markdown = (
        "# Service levels\n\n"
        "| Metric | Commitment |\n"
        "|---|---|\n"
        "| Monthly Uptime | 99.9% |\n"
        "| Allowed Downtime | about 43 minutes per month |\n"
        "| Yearly Downtime | about 8.8 hours per year |\n"
        "| Recovery Point Objective for the primary database cluster | 15 minutes |\n"
        "| Recovery Time Objective | 4 hours |\n\n"
        f"{_PROSE}\n"
    )
    docx, pdf = _twins(tmp_path, "uptime", markdown)
    assert docx == [
        [
            ["Metric", "Commitment"],
            ["Monthly Uptime", "99.9%"],
            ["Allowed Downtime", "about 43 minutes per month"],
            ["Yearly Downtime", "about 8.8 hours per year"],
            ["Recovery Point Objective for the primary database cluster", "15 minutes"],
            ["Recovery Time Objective", "4 hours"],
        ]
    ]
    assert pdf == docx


def test_rows_beside_a_label_cell_spanning_them_stay_rows(tmp_path: Path) -> None:
    # An environment cell merged over its three severity rows: the PDF shows the severities under an empty label
    # column, which read as wrapped lines of the first row ("Critical High Low" in one cell). A line of two or more
    # columns a row's pitch below the last line of its own column (baseline to baseline, clearly more than the
    # table's wrapped lines) starts the next row; a cell of several paragraphs is one column and stays whole.
    rows = [
        (
            "Production systems",
            [("Critical", "1 hour", "1 Day"), ("High", "4 hours", "3 Days"), ("Low", "1 Day", "In the next release")],
        ),
        (
            "Test",
            [("Critical", "1 Day", "5 Days"), ("High", "2 Days", "10 Days"), ("Low", "5 Days", "In the next release")],
        ),
    ]
    body = ""
    for label, severities in rows:
        for k, cells in enumerate(severities):
            head = f'<td rowspan="{len(severities)}">{label}</td>' if k == 0 else ""
            body += "<tr>" + head + "".join(f"<td>{c}</td>" for c in cells) + "</tr>\n"
    html = (
        "<h1>Support levels</h1>\n<table>\n<thead><tr><th>Environment</th><th>Severity</th><th>Initial response</th>"
        f"<th>Fix</th></tr></thead>\n<tbody>\n{body}</tbody></table>\n<p>{_PROSE}</p>\n"
    )
    docx, pdf = _twins(tmp_path, "spans", html=html.encode())
    assert docx == [
        [
            ["Environment", "Severity", "Initial response", "Fix"],
            ["Production systems", "Critical", "1 hour", "1 Day"],
            ["", "High", "4 hours", "3 Days"],
            ["", "Low", "1 Day", "In the next release"],
            ["Test", "Critical", "1 Day", "5 Days"],
            ["", "High", "2 Days", "10 Days"],
            ["", "Low", "5 Days", "In the next release"],
        ]
    ]
    assert pdf == docx


def test_cells_of_several_paragraphs_keep_the_table_whole(tmp_path: Path) -> None:
    # A criteria cell of three paragraphs: the space between them is wider than between wrapped lines, and the
    # table ended at the second paragraph, leaving the rest of it and every later row as loose paragraphs.
    criteria = [
        ["Affects more than ten users of the company.", "Has no workaround at all.", "Stops a business process."],
        ["Affects one to ten users of the company.", "Has a workaround that is hard to use."],
        ["Affects one user."],
    ]
    labels = [("1 Critical", "1 hour"), ("2 High", "4 hours"), ("3 Normal", "1 business day")]
    body = "".join(
        f"<tr><td>{label}</td><td>{''.join(f'<p>{p}</p>' for p in paragraphs)}</td><td>{target}</td></tr>\n"
        for (label, target), paragraphs in zip(labels, criteria, strict=True)
    )
    html = (
        "<h1>Service levels</h1>\n<table>\n<thead><tr><th>Priority</th><th>Criteria</th>"
        f"<th>Target response time</th></tr></thead>\n<tbody>\n{body}</tbody></table>\n<p>{_PROSE}</p>\n"
    )
    docx, pdf = _twins(tmp_path, "paragraphs", html=html.encode())
    assert docx == [
        [
            ["Priority", "Criteria", "Target response time"],
            ["1 Critical", " ".join(criteria[0]), "1 hour"],
            ["2 High", " ".join(criteria[1]), "4 hours"],
            ["3 Normal", " ".join(criteria[2]), "1 business day"],
        ]
    ]
    assert pdf == docx


def test_priority_table_whose_first_cells_touch_reads_whole(tmp_path: Path) -> None:
    # LibreOffice sets "P1 – Critical" and "Service down" closer than a column gap: pdfium gives one line across
    # the Description column's edge. Before the measured-gap cut the table ended there and split in two, its header
    # left behind as paragraphs.
    markdown = (
        "# Service Level Schedule\n\n"
        "| Priority | Description | Initial response | Target resolution |\n"
        "|---|---|---|---|\n"
        "| P1 – Critical | Service down for all users | 15 minutes | 4 hours |\n"
        "| P2 – High | Major function impaired | 1 hour | 8 hours |\n"
        "| P3 – Medium | Minor impairment | 4 business hours | 3 business days |\n"
        "| P4 – Low | Cosmetic issue or question | 2 business days | 10 business days |\n\n"
        f"{_PROSE}\n"
    )
    docx, pdf = _twins(tmp_path, "priorities", markdown)
    assert docx == [
        [
            ["Priority", "Description", "Initial response", "Target resolution"],
            ["P1 – Critical", "Service down for all users", "15 minutes", "4 hours"],
            ["P2 – High", "Major function impaired", "1 hour", "8 hours"],
            ["P3 – Medium", "Minor impairment", "4 business hours", "3 business days"],
            ["P4 – Low", "Cosmetic issue or question", "2 business days", "10 business days"],
        ]
    ]
    assert pdf == docx


def test_german_priority_table_with_a_word_broken_in_a_narrow_cell(tmp_path: Path) -> None:
    # "Beeinträchtigung" breaks without a hyphen in the narrow column, and "4 – Niedrig  Anfrage," and "2 Werktage
    # 10 Werktage" come as lines across column edges: the rows must still come out one per priority (before this
    # stop rows 2-4 merged into one).
    markdown = (
        "# Service Level Agreement\n\n"
        "| Priorität | Beschreibung | Reaktionszeit | Entstörzeit |\n"
        "|---|---|---|---|\n"
        "| 1 – Kritisch | Totalausfall des Dienstes | 30 Minuten | 4 Stunden |\n"
        "| 2 – Hoch | Wesentliche Beeinträchtigung | 2 Stunden | 8 Stunden |\n"
        "| 3 – Mittel | Geringe Beeinträchtigung | 1 Werktag | 3 Werktage |\n"
        "| 4 – Niedrig | Anfrage, kosmetischer Fehler | 2 Werktage | 10 Werktage |\n\n"
        f"{_PROSE}\n"
    )
    docx, pdf = _twins(tmp_path, "prioritaeten", markdown)
    rows = [[cell.replace("Beeinträchtig ung", "Beeinträchtigung") for cell in row] for row in pdf[0]]
    assert len(pdf) == 1 and rows == docx[0]


def test_a_row_label_nearly_touching_the_next_column_keeps_the_table_whole(tmp_path: Path) -> None:
    # "Email Support" ends 11 points before "Yes": pdfium gives one line across the Bronze column's edge, with a gap
    # wider than two word spaces but narrower than a column gap. The table went on only up to that row and started
    # again below it.
    markdown = (
        "# Support Packages\n\n"
        "| | Bronze | Silver | Gold |\n"
        "| --- | --- | --- | --- |\n"
        "| Monthly Cost | £700 | £1400 | £3900 |\n"
        "| Email Support | Yes | Yes | Yes |\n"
        "| P1 - Service Down | 6 business hours | 3 business hours | 1 hour |\n"
        "| P2 - Service Impaired | 9 business hours | 5 business hours | 3 hours |\n\n"
        f"{_PROSE}\n"
    )
    docx, pdf = _twins(tmp_path, "packages", markdown)
    assert len(docx) == 1 and len(docx[0]) == 5
    assert pdf == docx


def _labels_and_values(tables: list[list[list[str]]], values: int) -> list[list[list[str]]]:
    """Each row's label and its last ``values`` cells: a description column narrow enough to break its words
    ("Erläute rung") is left out of the comparison."""
    return [[[row[0], *row[-values:]] for row in table] for table in tables]


@pytest.mark.parametrize("repeats", [1, 2])
def test_a_table_of_tall_cells_over_several_pages_is_one_table(tmp_path: Path, repeats: int) -> None:
    # Each severity's description runs down most of a page (or, told twice, over a whole page), so the header row
    # (its "Explanation" broken as "Explanatio" over "n") repeats at the top of every page: the top line repeats
    # like a running header, and the two lines of the broken word came from pdfium as one line on neither visual
    # row. The rows below the repeated header were read as wrapped text of a header row, or the header as a data
    # row; a page holding only the repeated header over the rest of a cell ended the table.
    description = (
        "Requests stall for every customer of the tenant and no workaround is known. The on-call engineer is paged "
        "at once and updates follow every hour. Typical cases: <ul><li>Checkout refuses all cards</li><li>Login "
        "page times out</li><li>Webhooks stop firing</li></ul>"
    )
    targets = [("Urgent", "3h", "2h", "1h", "20 minutes"), ("High", "6h", "4h", "2h", "1h"),
               ("Normal", "2 days", "1 day", "8h", "4h"), ("Low", "5 days", "3 days", "2 days", "1 day")]
    rows = "".join(
        f"<tr><td>{level}</td><td>{description * repeats}</td>" + "".join(f"<td>{t}</td>" for t in times) + "</tr>"
        for level, *times in targets
    )
    html = ("<h1>Incident handling</h1><p>First reply per subscription:</p><table><tr><th>Level</th>"
            "<th>Explanation</th><th>Basic</th><th>Plus</th><th>Pro</th><th>Max</th></tr>"
            f"{rows}</table><p>{_PROSE}</p>")
    docx, pdf = _twins(tmp_path, "tall", html=html.encode())
    assert _labels_and_values(docx, 4) == [[["Level", "Basic", "Plus", "Pro", "Max"],
                                            *[list(t) for t in targets]]]
    assert _labels_and_values(pdf, 4) == _labels_and_values(docx, 4)


def test_a_continued_table_missing_an_empty_column_joins_its_first_part(tmp_path: Path) -> None:
    # Only the first header row ("Reaktion nach Vertragsstufe" over the plan columns) repeats on the next page, and
    # it reads as a line of text; the "Beispiele" column is empty below its header, so the part on the next page
    # has one column less. Its rows had no header and lost their plan columns.
    descriptions = [
        "Das gesamte Kassensystem ist ausgefallen",
        "Zentrale Funktionen stehen für viele Filialen nicht zur Verfügung. Ein Ausweichverfahren ist nicht "
        "bekannt und der Umsatz bricht ein.",
        "Wesentliche Abläufe sind gestört. Einzelne Funktionen im Produktivsystem fallen aus oder liefern falsche "
        "Ergebnisse.",
        "Geringe Auswirkungen auf den Betrieb. Der Fehler betrifft nur einzelne Arbeitsplätze und lässt sich umgehen.",
        "Kosmetische Mängel.",
    ]
    targets = [
        ("Stillstand", "10 Stunden", "5 Stunden", "2 Stunden", "45 Minuten"),
        ("Dringend", "20 Stunden", "10 Stunden", "5 Stunden", "90 Minuten"),
        ("Erheblich", "30 Stunden", "15 Stunden", "6 Stunden", "3 Stunden"),
        ("Gering", "40 Stunden", "20 Stunden", "8 Stunden", "4 Stunden"),
        ("Kosmetisch", "60 Stunden", "30 Stunden", "12 Stunden", "6 Stunden"),
    ]
    rows = "".join(
        f"<tr><td>{level}</td><td>{text}</td><td></td>" + "".join(f"<td>{t}</td>" for t in times) + "</tr>"
        for (level, *times), text in zip(targets, descriptions, strict=True)
    )
    html = (
        "<h1>Störungsbehebung</h1><p>Für gemeldete Störungen gelten je nach Stufe folgende Reaktionszeiten.</p>"
        "<table><tr><th colspan='3'></th><th colspan='4'>Reaktion nach Vertragsstufe</th></tr><tr><th>Einstufung"
        "</th><th>Erläuterung</th><th>Beispiele</th><th>A</th><th>B</th><th>C</th><th>D</th></tr>"
        f"{rows}</table>"
    )
    docx, pdf = _twins(tmp_path, "stufen", html=html.encode())
    assert len(pdf) == 1
    labels = [row[0].replace(" ", "") for row in pdf[0][1:]]
    assert labels == [t[0] for t in targets]
    assert [row[-4:] for row in pdf[0][1:]] == [list(t[1:]) for t in targets]
