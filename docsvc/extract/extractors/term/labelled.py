"""Label/value lines written as text, not as table cells: 'Agreement Term: 2 years', '"MNDA Term": 1 year',
'Laufzeit: 24 Monate (ab 01.05.2024)'. Cover pages and definition lists state the term this way; the term
extractor reads them like key/value table rows.

Header lines of such a cover page often run together into one paragraph ("Hosting Agreement Contract ID: CC-7
Effective Date: 2023-02-15 Term: 36 months": Markdown joins the lines, PDF text flows them), so a paragraph with
several colons is also read as a run of pairs, each label being the capitalised words right before its colon.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from docsvc.extract.context import DocContext, Sentence

# A short label (at most five words, quotes and bold marks allowed) before a colon.
_LABELLED_RE = re.compile(r"^\W{0,4}(?P<label>[^\W\d][\w\-]*(?:\s+[\w\-]+){0,4})[\s\"”“'*]*:\s*(?P<value>\S.{0,120})$")
# An inline label: one to three capitalised words right before a colon ("Term:", "Effective Date:").
_INLINE_LABEL_RE = re.compile(r"(?<!\S)(?P<label>[A-ZÄÖÜ][\w\-]*(?:\s+[A-ZÄÖÜ][\w\-]*){0,2})\s*:\s")
_MIN_INLINE_PAIRS = 2


def _inline_pairs(text: str) -> Iterator[tuple[str, str]]:
    labels = list(_INLINE_LABEL_RE.finditer(text))
    if len(labels) < _MIN_INLINE_PAIRS:
        return
    for m, nxt in zip(labels, [*labels[1:], None], strict=True):
        end = nxt.start() if nxt else len(text)
        yield m.group("label"), text[m.end(): end].strip()


def labelled_sentences(ctx: DocContext) -> Iterator[tuple[str, str, Sentence]]:
    """(label, value, sentence) for every sentence written as 'Label: value', and for each pair of a paragraph
    written as 'Label: value Label: value'."""
    for sent in ctx.sentences:
        if ":" not in sent.text:
            continue
        m = _LABELLED_RE.match(sent.text) if ":" in sent.text[:60] else None
        pairs = list(_inline_pairs(sent.text))
        if m and len(pairs) < _MIN_INLINE_PAIRS:
            yield m.group("label"), m.group("value"), sent
            continue
        for label, rest in pairs:
            if rest:
                yield label, rest, sent
