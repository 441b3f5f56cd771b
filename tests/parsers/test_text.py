"""Unit rules shared by both parsers: heading recognition, line joining, heading runs."""

from __future__ import annotations

import pytest

from docsvc.extract.parsers.assemble import ReadingOrder, join_lines
from docsvc.extract.parsers.headings import heading_level
from docsvc.extract.types import BBox, BlockKind, SourceInfo


@pytest.mark.parametrize(
    ("text", "emphasis", "level"),
    [
        ("12. GOVERNING LAW", False, 1),
        ("4.2 Service Credits", False, 2),
        ("7.1.3 Reporting", False, 3),
        ("Schedule 2", False, 1),
        ("Schedule 2 – Charges", False, 1),
        ("Anlage 1", False, 1),
        ("§ 5 Laufzeit", False, 1),
        ("Article IV", False, 1),
        ("Exhibit A", False, 1),
        ("DEFINITIONS AND INTERPRETATION", False, 1),
        ("2. Term.", True, 1),
        ("1. Services.", False, 1),
        ("2.2 Terms of Payment and Related Matters.", False, 2),
        ("3.1 Termination of Agreement.", False, 2),
        ("Service Levels", True, 2),
        ("14.2 Erfüllungsort ist Wien.", False, None),
        ("Clause 14 of this Agreement applies.", False, None),
        ("12 months after the Commencement Date", False, None),
        ("Service Levels", False, None),
        ("between", False, None),
        ("The Supplier shall provide the Services in accordance with this Agreement.", True, None),
    ],
)
def test_heading_level(text: str, emphasis: bool, level: int | None) -> None:
    assert heading_level(text, emphasis=emphasis) == level


def test_larger_type_is_emphasis() -> None:
    assert heading_level("Pricing", size_ratio=1.4) == 1
    assert heading_level("Pricing", size_ratio=1.2) == 2
    assert heading_level("Pricing", size_ratio=1.05) is None


def test_join_lines_records_offsets_and_rejoins_hyphens() -> None:
    box = BBox(0, 0, 10, 10)
    text, lines = join_lines(
        [
            ("The non-", box),
            ("exclusive  licence\u00a0is", box),
            ("trans\u00adfer\u00ad", box),
            ("able.", box),
            ("   ", box),
        ]
    )
    assert text == "The non-exclusive licence is transferable."
    assert [(ln.text, text[ln.start : ln.end]) for ln in lines] == [
        ("The non-", "The non-"),
        ("exclusive licence is", "exclusive licence is"),
        ("transfer", "transfer"),
        ("able.", "able."),
    ]


def test_pdfium_line_end_markers() -> None:
    text, _ = join_lines([("Cloud\ufffe", None), ("Plattform und Ver\x02", None), ("trag \uf0b7 Punkt", None)])
    assert text == "Cloud-Plattform und Vertrag • Punkt"


def _source() -> SourceInfo:
    return SourceInfo(name="t", media_type="application/pdf", size=0, sha256="0" * 64)


def test_runs_of_plain_headings_are_a_list_not_sections() -> None:
    order = ReadingOrder()
    order.add_block("CONTENTS", (), kind=BlockKind.HEADING, heading_level=1, emphasized=True)
    for entry in ("1. Definitions", "2. Services", "3. Charges"):
        order.add_block(entry, (), kind=BlockKind.HEADING, heading_level=1)
    order.add_block("1. Definitions", (), kind=BlockKind.HEADING, heading_level=1, emphasized=True)
    order.add_block("In this Agreement ...", ())
    doc = order.build(_source())
    assert [b.kind for b in doc.blocks] == [BlockKind.HEADING] + [BlockKind.PARAGRAPH] * 3 + [
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
    ]
    assert doc.blocks[2].section == "CONTENTS" and doc.blocks[-1].section == "1. Definitions"


def test_caption_is_the_block_right_above_the_table() -> None:
    order = ReadingOrder()
    order.add_block("Price list", (), page=1)
    order.add_table([], page=1)
    order.add_table([], page=1)
    doc = order.build(_source())
    assert [t.caption for t in doc.tables] == ["Price list", None]
    assert [t.index for t in doc.tables] == [1, 2]
