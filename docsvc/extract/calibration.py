"""Calibrated confidence: every extracted value's score mapped to the share of such values found correct.

The extractors give each value a raw score that names the rule that found it (0.9 for a labelled table row,
0.75 for a sentence, ...), not a probability. ``benchmarks/calibration.py --write`` matches the values of the
real-world and dev corpora against their gold labels and fits, per field, a monotone map from raw score to
share correct (isotonic, shrunk towards the field's overall share where a score was seen only a few times).
The map is data, ``nlp/calibration.json``; this module only applies it, once, where the record is assembled, and
only ever lowers a score (``calibrated``): a rule's own score is taken as the upper bound of its precision on
documents it was not written from.

A field without a map of its own (not in the gold labels, or too few values) uses the map pooled over all
fields; without any map file the raw scores stay as they are.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

CALIBRATION_FILE = Path(__file__).parent / "nlp" / "calibration.json"
POOLED = "*"  # the key of the map fitted on all fields together

# Field name in the calibration file -> where its values sit in the record ("[]": every entry of a list).
FIELD_PATHS: dict[str, tuple[str, ...]] = {
    "sla": ("sla", "[]"),
    "service_credits": ("service_credits", "[]"),
    "price_items": ("pricing", "items", "[]"),
    "parties": ("parties", "[]"),
    "payment_terms_days": ("pricing", "payment_terms_days"),
    "price_review": ("pricing", "price_review"),
    "minimum_commitment": ("pricing", "minimum_commitment"),
    "currency": ("pricing", "currency"),
}
# Top-level single values: their field name is their path.
SCALAR_FIELDS = (
    "language", "document_type", "title", "agreement_date", "effective_date", "expiration_date", "initial_term",
    "renewal_term", "renewal_notice_period", "termination_notice_period", "auto_renewal", "governing_law",
    "service_credit_cap", "novation",
)


@dataclass(frozen=True, slots=True)
class ScoreMap:
    """Piecewise-linear, non-decreasing map through the points ``(raw[i], calibrated[i])``."""

    raw: tuple[float, ...]
    calibrated: tuple[float, ...]

    def __post_init__(self) -> None:
        if not self.raw or len(self.raw) != len(self.calibrated):
            raise ValueError("a score map needs as many calibrated values as raw ones, at least one")
        if list(self.raw) != sorted(set(self.raw)):
            raise ValueError("raw scores of a score map must be strictly increasing")
        if any(b < a for a, b in zip(self.calibrated, self.calibrated[1:], strict=False)):
            raise ValueError("a score map must not decrease")
        if not all(0.0 <= y <= 1.0 for y in self.calibrated):
            raise ValueError("calibrated scores lie between 0 and 1")

    def __call__(self, score: float) -> float:
        xs, ys = self.raw, self.calibrated
        if score <= xs[0]:
            return ys[0]
        if score >= xs[-1]:
            return ys[-1]
        i = bisect.bisect_right(xs, score)
        x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
        return y0 + (y1 - y0) * (score - x0) / (x1 - x0)

    @classmethod
    def from_json(cls, data: Any) -> ScoreMap:
        return cls(tuple(float(x) for x in data["raw"]), tuple(float(y) for y in data["calibrated"]))


def calibrated(score_map: ScoreMap, raw: float) -> float:
    """The map lowers a rule's score where its values were often wrong; it never raises one. The map is fitted on
    the documents the rules were written from, where they are right more often than on new documents: raising
    scores there promised more than held (held-out SLA rows raised from 0.7 to >= 0.9 were 72 % right)."""
    return min(1.0, max(0.0, raw), score_map(raw))


@dataclass(frozen=True, slots=True)
class Calibration:
    maps: dict[str, ScoreMap]

    def for_field(self, name: str) -> ScoreMap | None:
        return self.maps.get(name) or self.maps.get(POOLED)

    def apply(self, record: MutableMapping[str, Any]) -> None:
        """Replace, in place, the raw ``confidence`` of every value in an assembled (not yet validated) record."""
        for name, holder in _values(record):
            score_map = self.for_field(name)
            raw = holder.get("confidence")
            if score_map is not None and isinstance(raw, int | float) and not isinstance(raw, bool):
                holder["confidence"] = round(calibrated(score_map, float(raw)), 3)

    @classmethod
    def from_json(cls, data: Any) -> Calibration:
        return cls({name: ScoreMap.from_json(entry) for name, entry in data.get("fields", {}).items()})


@cache
def default_calibration() -> Calibration:
    """The committed calibration (an empty one, i.e. raw scores, when the file is absent)."""
    if not CALIBRATION_FILE.exists():
        return Calibration({})
    return Calibration.from_json(json.loads(CALIBRATION_FILE.read_text(encoding="utf-8")))


def _values(record: MutableMapping[str, Any]) -> Iterator[tuple[str, MutableMapping[str, Any]]]:
    paths = {**FIELD_PATHS, **{name: (name,) for name in SCALAR_FIELDS}}
    for name, path in paths.items():
        for holder in _walk(record, path):
            yield name, holder


def _walk(node: Any, path: Sequence[str]) -> Iterator[MutableMapping[str, Any]]:
    if not path:
        if isinstance(node, MutableMapping):
            yield node
        return
    head, rest = path[0], path[1:]
    if head == "[]":
        for item in node if isinstance(node, list) else ():
            yield from _walk(item, rest)
    elif isinstance(node, MutableMapping) and node.get(head) is not None:
        yield from _walk(node[head], rest)
