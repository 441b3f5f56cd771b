"""The table interpreter shared by SLA, credit and price tables: multi-row headers, threshold (band) columns,
tables mixing roles, either orientation, and tables written inside text (Markdown pipes, HTML)."""

from __future__ import annotations

from typing import Any

from docsvc.extract.extractors import deep_merge, registered
from docsvc.extract.extractors.tables.grid import band_cell, bound_of, cell_kind, read_grid
from tests.fixtures.contexts import make_context, make_doc


def _run(paragraphs: list[str] = [], tables: Any = (), language: str = "en") -> dict[str, Any]:  # noqa: B006
    ctx = make_context(paragraphs, tables, language=language)
    data: dict[str, Any] = {}
    for spec in registered():
        deep_merge(data, spec.fn(ctx, data))
    return data


def _sla(data: dict[str, Any]) -> list[tuple[str, float, str, str | None]]:
    return [(e["metric"], e["target"]["value"], e["target"]["unit"], e["priority"]) for e in data.get("sla", [])]


def _credits(data: dict[str, Any]) -> list[tuple[float | None, float | None, float | None]]:
    return [(c.get("credit_percent"), (c["threshold"] or {}).get("lower"), (c["threshold"] or {}).get("upper"))
            for c in data.get("service_credits", [])]


def test_multi_row_header_with_merged_cells() -> None:
    rows = [["Severity", "Target times", ""], ["", "Response", "Restore"],
            ["Sev 1", "1 hour", "8 hours"], ["Sev 2", "4 hours", "3 days"]]
    grid = read_grid(make_doc([], [rows]).tables[0], "en")
    assert grid.header == 1
    assert grid.rows[1] == ["Severity", "Target times Response", "Target times Restore"]
    assert _sla(_run(tables=[rows])) == [
        ("response_time", 1.0, "hours", "Sev 1"), ("resolution_time", 8.0, "hours", "Sev 1"),
        ("response_time", 4.0, "hours", "Sev 2"), ("resolution_time", 3.0, "days", "Sev 2"),
    ]


def test_header_over_data_row_is_not_merged() -> None:
    rows = [["Item", "Price", ""], ["Setup", "included", ""], ["Support", "EUR 100.00", ""]]
    assert read_grid(make_doc([], [rows]).tables[0], "en").header == 0


def test_transposed_priorities_as_columns() -> None:
    rows = [["", "Kritisch", "Hoch", "Niedrig"],
            ["Reaktionszeit", "15 Minuten", "1 Stunde", "8 Stunden"],
            ["Wiederherstellungszeit", "4 Stunden", "2 Tage", "10 Tage"]]
    got = _sla(_run(["Service Level Vereinbarung"], [rows], language="de"))
    assert ("resolution_time", 10.0, "days", "Niedrig") in got and ("response_time", 15.0, "minutes", "Kritisch") in got


def test_german_credit_table_with_range_columns() -> None:
    rows = [["Verfügbarkeit gleich oder größer als", "Verfügbarkeit kleiner als", "Gutschrift in % der Monatsrechnung"],
            ["99,90 %", "99,95 %", "5 %"], ["99,50 %", "99,90 %", "10 %"], ["", "99,50 %", "20 %"]]
    data = _run(["Gutschriften bei Unterschreitung der Verfügbarkeit"], [rows], language="de")
    assert _sla(data) == []  # band bounds are never availability targets
    assert _credits(data) == [(5.0, 99.9, 99.95), (10.0, 99.5, 99.9), (20.0, None, 99.5)]


def test_english_credit_table_with_comparators_in_cells() -> None:
    rows = [["Monthly Availability", "Service Credit"], ["< 99.95 % and ≥ 99.90 %", "5%"], ["< 99.90 %", "10%"]]
    data = _run(["The Monthly Availability target is 99.95%."], [rows])
    assert _sla(data) == [("availability", 99.95, "percent", None)]  # from the sentence, not the table
    assert _credits(data) == [(5.0, 99.9, 99.95), (10.0, None, 99.9)]


def test_mixed_table_yields_sla_rows_and_prices() -> None:
    rows = [["Servicezeit", "Reaktionszeit", "Monatliche Pauschale"],
            ["Mo–Fr 8–18 Uhr", "vier Stunden", "250,00 €"], ["24x7", "eine Stunde", "900,00 €"]]
    data = _run([], [rows], language="de")
    sla = data["sla"]
    assert [(e["target"]["value"], e["hours_of_cover"], e["service"]) for e in sla] == [
        (4.0, "Mon-Fri 08:00-18:00", None), (1.0, "24x7", None)]
    items = data["pricing"]["items"]
    assert [(i["description"], i["unit_price"], i["currency"]) for i in items] == [
        ("Mo–Fr 8–18 Uhr", "250.00", "EUR"), ("24x7", "900.00", "EUR")]


def test_markdown_table_in_text_becomes_a_table() -> None:
    paragraphs = ["Support levels", "| Priority | Response | Resolution |", "|---|---|---|",
                  "| P1 | 1 hour | 4 hours |", "| P2 | 4 hours | 2 days |"]
    ctx = make_context(paragraphs)
    assert len(ctx.tables) == 1 and ctx.tables[0].caption == "Support levels"
    assert not any("|" in s.text for s in ctx.sentences)
    assert _sla(_run(paragraphs)) == [
        ("response_time", 1.0, "hours", "P1"), ("resolution_time", 4.0, "hours", "P1"),
        ("response_time", 4.0, "hours", "P2"), ("resolution_time", 2.0, "days", "P2"),
    ]


def test_html_table_in_text_becomes_a_table() -> None:
    markup = ("<table><tr><th>Service</th><th>Monthly fee</th></tr>"
              "<tr><td>Managed Firewall</td><td>EUR 1.200,00</td></tr>"
              "<tr><td>Cloud Backup</td><td>EUR 350,00</td></tr></table>")
    data = _run(["Prices", markup], language="de")
    items = data["pricing"]["items"]
    assert [(i["unit_price"], i["currency"]) for i in items] == [("1200.00", "EUR"), ("350.00", "EUR")]


def test_cell_kinds_and_bounds() -> None:
    assert cell_kind("< 99.95 %", "en") == "threshold"
    assert cell_kind("99,5 %", "de") == "percent"
    assert cell_kind("EUR 250,00", "de") == "money"
    assert cell_kind("vier Stunden", "de") == "duration"
    assert cell_kind("Mo–Fr 8–18 Uhr", "de") == "window"
    assert bound_of("Verfügbarkeit kleiner als") == "upper"
    assert bound_of("Availability equal to or greater than") == "lower"
    assert band_cell("Verfügbarkeit kleiner als", "99,5 %") == "< 99,5 %"


def _row_block(index: int, top: float, cells: list[tuple[str, float]]) -> Any:
    from docsvc.extract.types import BBox, Block, Line

    lines, text, pos = [], "", 0
    for cell, x in cells:
        start = len(text) + (1 if text else 0)
        text = f"{text} {cell}".strip()
        lines.append(Line(cell, BBox(x, top, x + 6.0 * len(cell), top + 10), start, start + len(cell)))
        pos = start
    assert pos >= 0
    box = BBox(min(x for _, x in cells), top, max(x + 6.0 * len(c) for c, x in cells), top + 10)
    return Block(text=text, index=index, page=1, bbox=box, lines=tuple(lines), section="Response Time SLAs")


def test_borderless_pdf_table_from_side_by_side_lines() -> None:
    from docsvc.extract.context import analyse
    from docsvc.extract.types import BBox, Block, BlockKind, Line, ParsedDocument, SourceInfo

    heading = Block("Response Time SLAs", 0, 1, BBox(72, 100, 300, 112), BlockKind.HEADING,
                    (Line("Response Time SLAs", BBox(72, 100, 300, 112), 0, 18),), 1, "Response Time SLAs")
    blocks = [heading,
              _row_block(1, 145, [("Priority", 73), ("Starter", 172), ("Pro", 271)]),
              _row_block(2, 163, [("Urgent", 73), ("24h", 172), ("4h", 270)]),
              _row_block(3, 181, [("Low", 73), ("5 business", 172)]),
              _row_block(4, 194, [("days", 172)]),
              _row_block(5, 188, [("48h", 270)])]
    doc = ParsedDocument(SourceInfo("t.pdf", "application/pdf", 0, "0" * 64), tuple(blocks), ())
    ctx = analyse(doc, "en")
    assert [list(r) for r in ctx.tables[0].texts()] == [
        ["Priority", "Starter", "Pro"], ["Urgent", "24h", "4h"], ["Low", "5 business days", "48h"]]
    assert ctx.tables[0].caption == "Response Time SLAs"
    got = _sla(_run_ctx(ctx))
    assert ("response_time", 5.0, "business_days", "Low") in got and ("response_time", 4.0, "hours", "Urgent") in got


def _run_ctx(ctx: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for spec in registered():
        deep_merge(data, spec.fn(ctx, data))
    return data


def test_credit_table_with_a_credit_column_per_service_class() -> None:
    rows = [["Availability", "Credit (Essential/Pro)", "Credit (Premium/Enterprise)"],
            ["99.5% - 99.0%", "5%", "10%"], ["Below 99.0%", "10%", "25%"]]
    data = _run(["Service Credits"], [rows])
    assert _credits(data) == [(5.0, 99.0, 99.5), (10.0, None, 99.0), (10.0, 99.0, 99.5), (25.0, None, 99.0)]
