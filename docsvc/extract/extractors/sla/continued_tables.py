"""Tables that continue the one before them without repeating its header.

A PDF page break (or a reader that splits one drawn table in two) leaves the second part starting with value rows:
"Provisioning Time | <4 hours | Review" right after "Metric | Target | Credit". Read alone, its first row would be
taken for a header and its metric columns would be unknown. A table that starts with values, has the width of the
table just before it, sits in the same section and has no text between the two continues that table: it is read
under the earlier header.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from docsvc.extract.context import DocContext
from docsvc.extract.types import BlockKind, Table


@dataclass(frozen=True, slots=True)
class Headed:
    table: Table
    header: int  # index of the header row in ``table.rows``


class Continuations:
    """Remembers the last headed table; lends its header to a headless table that continues it."""

    def __init__(self, ctx: DocContext) -> None:
        # Body text between two tables separates them; running headers and footers do not.
        self._text_at = sorted(b.index for b in ctx.doc.blocks if b.kind not in (BlockKind.HEADER, BlockKind.FOOTER)
                               and b.text.strip())
        self._last: Headed | None = None

    def note(self, table: Table, header: int) -> None:
        """``table`` was read with its header at row ``header`` (-1: it starts with values)."""
        if header >= 0:
            self._last = Headed(table, header)

    def continued(self, table: Table) -> Table | None:
        """``table`` with the header row of the table it continues put on top, or None when it continues none."""
        last = self._last
        if last is None or table.section != last.table.section or not table.rows:
            return None
        if _width(table) != _width(last.table) or self._text_between(last.table.index, table.index):
            return None
        return replace(table, rows=(last.table.rows[last.header], *table.rows))

    def _text_between(self, first: int, later: int) -> bool:
        k = bisect_right(self._text_at, first)
        return k < len(self._text_at) and self._text_at[k] < later


def _width(table: Table) -> int:
    return max(len(r) for r in table.rows) if table.rows else 0
