"""Service windows stated as their own list item next to a time target.

Package descriptions list their features one per item ("4 h Reaktionszeit bei kritischen Problemen",
"Werktags, 9:00 Uhr - 17:00 Uhr", "Ticket-System"): the window item qualifies the time target of the same list,
so the target counts in business hours; a round-the-clock item ("Rund um die Uhr, 24 h / 7 Tage") keeps it in
clock hours.
"""

from __future__ import annotations

import re

from docsvc.extract.context import DocContext
from docsvc.extract.extractors.sla.vocab import (
    ANY_METRIC_RE,
    BUSINESS_WINDOW_RE,
    DAY_RANGE_RE,
    ROUND_THE_CLOCK_RE,
    TIME_RANGE_RE,
)
from docsvc.extract.types import Block, BlockKind

# Words that go with a window without changing it: time zones, "Uhr", "und", "jeweils".
_FILLER_RE = re.compile(r"\b(?:uhr|cet|cest|mez|mesz|utc|und|and|jeweils|each|local\s+time|ortszeit)\b", re.I)


def business_window_lists(ctx: DocContext) -> set[int]:
    """Indexes of list items whose list (a run of adjacent items in one section) has a business-window item
    and no round-the-clock item."""
    out: set[int] = set()
    blocks = ctx.doc.blocks
    position = {id(b): k for k, b in enumerate(blocks)}  # block indexes need not be list positions
    for run in _list_runs(blocks):
        kinds = {_window_kind(b.text) for b in run} - {None}
        first = position[id(run[0])]
        lead = blocks[first - 1].text if first > 0 else ""
        if kinds == {"business"} or (not kinds and _business_lead_in(lead)):
            out.update(b.index for b in run)
    return out


def _business_lead_in(text: str) -> bool:
    """A lead-in that puts the targets listed below it inside a service window: "Between normal hours of operation
    please see below for the maximum expected response time:", "Während der Geschäftszeiten gelten:"."""
    stripped = text.rstrip()
    return (stripped.endswith(":") and bool(BUSINESS_WINDOW_RE.search(stripped))
            and not ROUND_THE_CLOCK_RE.search(stripped) and bool(ANY_METRIC_RE.search(stripped)))


def _list_runs(blocks: tuple[Block, ...]) -> list[list[Block]]:
    runs: list[list[Block]] = []
    current: list[Block] = []
    for b in blocks:
        if b.kind is BlockKind.LIST_ITEM and (not current or current[-1].section == b.section):
            current.append(b)
            continue
        if len(current) > 1:
            runs.append(current)
        current = [b] if b.kind is BlockKind.LIST_ITEM else []
    if len(current) > 1:
        runs.append(current)
    return runs


def _window_kind(text: str) -> str | None:
    """"business" for an item that is only a weekday window ("Mo–Fr 8–18 Uhr", "Werktags, 9:00 - 17:00 Uhr"),
    "round_the_clock" for "24/7", else None. An item naming a metric is a target, not a window."""
    if len(text) > 80 or ANY_METRIC_RE.search(text):
        return None
    if ROUND_THE_CLOCK_RE.search(text):
        return "round_the_clock"
    if (BUSINESS_WINDOW_RE.search(text) or DAY_RANGE_RE.search(text)) and TIME_RANGE_RE.search(text):
        # Only the window: "Email-Support während Geschäftszeiten (9-17 Uhr)" describes a channel, not the list.
        rest = text
        for pattern in (BUSINESS_WINDOW_RE, DAY_RANGE_RE, TIME_RANGE_RE, _FILLER_RE):
            rest = pattern.sub(" ", rest)
        return "business" if len(re.findall(r"[^\W\d_]{2,}", rest)) <= 1 else None
    return None
