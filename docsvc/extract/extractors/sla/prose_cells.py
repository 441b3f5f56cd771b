"""Table cells written as sentences: "Acme will respond to 95% of priority 1 incidents per quarter, within
20 minutes" under a column called "SLA" or "Commitment". No column reader takes such a cell (its header names no
metric, and the cell holds a share of incidents beside the time), so the cell is read as the sentence it is: the
sentence reader finds the response time and leaves the share of incidents alone, as it does in a paragraph.
"""

from __future__ import annotations

import re

from docsvc.extract.context import Sentence
from docsvc.extract.extractors.sla.labelled_cells import untaken_cells
from docsvc.extract.extractors.sla.sentences import read_sentence
from docsvc.extract.extractors.sla.table_sink import SlaTable
from docsvc.extract.extractors.sla.vocab import is_priority_cell, priority_label
from docsvc.extract.types import Block

# A commitment in the cell's own words: a modal or committing verb ("will", "shall", "wird", "verpflichtet sich").
_COMMITS_RE = re.compile(r"\b(?:will|shall|must|commits?|guarantees?|wird|werden|muss|müssen|verpflichtet|"
                         r"garantiert|gewährleistet)\b", re.I)
_MIN_WORDS = 6


def read_prose_cells(t: SlaTable) -> None:
    """Read every untaken body cell that is a committing sentence with the sentence reader."""
    head = t.grid[t.header]
    for i, j, row in list(untaken_cells(t)):
        # Only the clauses that commit: "restore measured under five minutes; the rebuild will be measured
        # later" reports a measurement in its first clause and commits to nothing with a value in its second.
        clauses = [c for c in re.split(r";\s*", row[j]) if len(c.split()) >= _MIN_WORDS and _COMMITS_RE.search(c)]
        label = priority_label(row[0], head[0] if head else "") if is_priority_cell(row[0]) else None
        entries = []
        for text in clauses:
            block = Block(text=text, index=t.table.index, page=t.table.page, bbox=t.table.bbox,
                          section=t.table.section)
            entries += read_sentence(Sentence(text, block, 0, len(text)), t.language)
        for k, e in enumerate(entries):
            e["_order"] = (t.table.index, i, j * 100 + k)
            e["priority"] = e["priority"] or label
            t.out.append(e)

