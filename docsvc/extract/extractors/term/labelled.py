"""Label/value lines written as text, not as table cells: 'Agreement Term: 2 years', '"MNDA Term": 1 year',
'Laufzeit: 24 Monate (ab 01.05.2024)'. Cover pages and definition lists state the term this way; the term
extractor reads them like key/value table rows."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docsvc.extract.context import DocContext, Sentence

# A short label (at most five words, quotes and bold marks allowed) before a colon.
_LABELLED_RE = re.compile(r"^\W{0,4}(?P<label>[^\W\d][\w\-]*(?:\s+[\w\-]+){0,4})[\s\"”“'*]*:\s*(?P<value>\S.{0,120})$")


def labelled_sentences(ctx: DocContext) -> Iterator[tuple[str, str, Sentence]]:
    """(label, value, sentence) for every sentence written as 'Label: value'."""
    for sent in ctx.sentences:
        if ":" not in sent.text[:60]:
            continue
        m = _LABELLED_RE.match(sent.text)
        if m:
            yield m.group("label"), m.group("value"), sent
