"""The analysed document handed to every extractor: sentences with their cues and evidence, plus tables.

Extractors never touch spaCy or the parsers directly; they read this context and return record fragments,
which keeps each extractor a pure function that unit tests can feed with a few hand-made sentences.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docsvc.extract.inline_tables import with_inline_tables
from docsvc.extract.nlp.pipeline import pipe_texts
from docsvc.extract.types import Block, BlockKind, ParsedDocument, Table

EVIDENCE_MAX_CHARS = 600


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    block: Block
    start: int  # offsets into block.text
    end: int
    cues: frozenset[str] = frozenset()
    position: int = 0  # index in DocContext.sentences

    @property
    def section(self) -> str | None:
        return self.block.section

    def evidence(self) -> dict[str, Any]:
        bbox = self.block.bbox_for(self.start, self.end)
        return {
            "page": self.block.page,
            "bbox": bbox.as_tuple() if bbox else None,
            "paragraph": self.block.index if self.block.page is None else None,
            "text": _clip(self.text),
        }


@dataclass(frozen=True, slots=True)
class Row:
    """One table row, with the table around it for header lookups."""

    table: Table
    index: int

    @property
    def cells(self) -> list[str]:
        return [c.text for c in self.table.rows[self.index]]

    @property
    def text(self) -> str:
        return self.table.row_text(self.index)

    def evidence(self) -> dict[str, Any]:
        bbox = self.table.row_bbox(self.index)
        return {
            "page": self.table.page,
            "bbox": bbox.as_tuple() if bbox else None,
            "paragraph": self.table.index if self.table.page is None else None,
            "text": _clip(self.text),
        }


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_MAX_CHARS else text[: EVIDENCE_MAX_CHARS - 1] + "…"


@dataclass
class DocContext:
    doc: ParsedDocument
    language: str
    sentences: list[Sentence]
    _by_cue: dict[str, list[Sentence]] = field(default_factory=dict, repr=False)

    @property
    def tables(self) -> tuple[Table, ...]:
        return self.doc.tables

    def with_cue(self, *labels: str) -> list[Sentence]:
        """Sentences carrying any of the cue labels, in document order."""
        if len(labels) == 1:
            return self._by_cue.get(labels[0], [])
        seen = {s.position: s for label in labels for s in self._by_cue.get(label, [])}
        return [seen[k] for k in sorted(seen)]

    def body(self) -> Iterator[Sentence]:
        """Sentences outside running headers and footers."""
        return (s for s in self.sentences if s.block.kind not in (BlockKind.HEADER, BlockKind.FOOTER))

    def rows(self) -> Iterator[Row]:
        for table in self.doc.tables:
            for i in range(len(table.rows)):
                yield Row(table, i)


def value(val: Any, confidence: float, source: Sentence | Row) -> dict[str, Any]:
    """A single extracted value in the record's wrapped form."""
    return {"value": val, "confidence": round(confidence, 3), "evidence": source.evidence()}


def analyse(doc: ParsedDocument, language: str) -> DocContext:
    """Split every block into sentences and tag cues, in one batched spaCy pass (tables written as text first
    become document tables)."""
    doc = with_inline_tables(doc)
    blocks = [b for b in doc.blocks if b.text.strip()]
    sentences: list[Sentence] = []
    by_cue: dict[str, list[Sentence]] = {}
    for block, sdoc in zip(blocks, pipe_texts(language, [b.text for b in blocks]), strict=True):
        cues_by_sent: dict[int, set[str]] = {}
        for span in sdoc.spans.get("cues", []):
            cues_by_sent.setdefault(span.sent.start, set()).add(span.label_)
        for sent in sdoc.sents:
            text = sent.text.strip()
            if not text:
                continue
            s = Sentence(
                text=text,
                block=block,
                start=sent.start_char,
                end=sent.end_char,
                cues=frozenset(cues_by_sent.get(sent.start, ())),
                position=len(sentences),
            )
            sentences.append(s)
            for label in s.cues:
                by_cue.setdefault(label, []).append(s)
    return DocContext(doc=doc, language=language, sentences=sentences, _by_cue=by_cue)
