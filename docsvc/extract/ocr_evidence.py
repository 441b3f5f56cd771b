"""Values read from OCR'd pages: ``evidence.ocr = true`` and a lower confidence, whatever extractor found them.

Marked on the merged record data, before validation, so no extractor needs to know where its text came from.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

# OCR text may hold misread characters the born-digital text cannot (1/l, 0/O, a dropped "§"): a value read
# from it is worth less, however sure the extractor is of the pattern it matched.
OCR_CONFIDENCE_FACTOR = 0.85


def mark_ocr_evidence(data: Any, ocr_pages: Collection[int]) -> None:
    """Flag every evidence on an OCR'd page and scale the confidence next to it, in place."""
    if ocr_pages:
        _mark(data, ocr_pages, set())


def _mark(data: Any, ocr_pages: Collection[int], seen: set[int]) -> None:
    # Extractors may share one evidence dict between values, or one value between fields: each value is
    # scaled once, and each one sharing an evidence is scaled too.
    if isinstance(data, list):
        for item in data:
            _mark(item, ocr_pages, seen)
        return
    if not isinstance(data, dict) or id(data) in seen:
        return
    seen.add(id(data))
    evidence = data.get("evidence")
    if isinstance(evidence, dict) and evidence.get("page") in ocr_pages:
        evidence["ocr"] = True
        confidence = data.get("confidence")
        if isinstance(confidence, int | float) and not isinstance(confidence, bool):
            data["confidence"] = round(confidence * OCR_CONFIDENCE_FACTOR, 3)
    for key, value in data.items():
        if key != "evidence":
            _mark(value, ocr_pages, seen)
