"""Invariants every parsed document must satisfy, whatever its format and content."""

from __future__ import annotations

from docsvc.extract.types import BlockKind, ParsedDocument


def assert_well_formed(doc: ParsedDocument) -> None:
    items = sorted([*doc.blocks, *doc.tables], key=lambda item: item.index)
    assert [item.index for item in items] == list(range(len(items))), "blocks and tables share one sequence"
    pdf = bool(doc.pages)
    sizes = {page.number: page for page in doc.pages}
    for block in doc.blocks:
        assert block.text and block.text == block.text.strip() and "  " not in block.text
        assert block.lines, "every block records its lines"
        for line in block.lines:
            assert block.text[line.start : line.end] == line.text
        if block.kind is BlockKind.HEADING:
            assert block.heading_level is not None and block.heading_level >= 1
        if not pdf:
            assert block.page is None and block.bbox is None
            continue
        assert block.page in sizes and block.bbox is not None
        page = sizes[block.page]
        for box in [block.bbox, *(ln.bbox for ln in block.lines)]:
            assert box is not None
            assert 0 <= box.x0 <= box.x1 <= page.width + 0.01
            assert 0 <= box.top < box.bottom <= page.height + 0.01
    for table in doc.tables:
        assert table.rows and all(len(row) >= 1 for row in table.rows)
        assert all(cell.text == cell.text.strip() for row in table.rows for cell in row)
        assert (table.page is None) == (not pdf)
