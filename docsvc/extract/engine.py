"""Extraction engine: file → parsed document → language → sentences and cues → extractors → record.

One ``ContractExtractor`` per process: it keeps the spaCy pipelines and the isolated parser worker warm, so
the CLI and the job worker pay their start-up cost once, not per file.
"""

from __future__ import annotations

import logging
import time
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from docsvc.extract import __version__
from docsvc.extract.calibration import default_calibration
from docsvc.extract.context import analyse
from docsvc.extract.extractors import deep_merge, registered
from docsvc.extract.language import detect_language
from docsvc.extract.loading import loading
from docsvc.extract.nlp.pipeline import load_pipeline
from docsvc.extract.ocr_evidence import mark_ocr_evidence
from docsvc.extract.parsers import ParseLimits, parse_file
from docsvc.extract.record import ContractRecord
from docsvc.extract.types import ParsedDocument

log = logging.getLogger(__name__)


class ContractExtractor:
    def __init__(self, *, limits: ParseLimits | None = None, isolated: bool = True, calibrated: bool = True) -> None:
        self.limits = limits or ParseLimits()
        self.isolated = isolated
        # False: the extractors' raw scores, which benchmarks/calibration.py fits the calibration on.
        self.calibrated = calibrated

    def extract(self, path: Path) -> ContractRecord:
        """Extract the record of one file. Raises ``ExtractionError`` subclasses only."""
        started = time.perf_counter()
        parsed = parse_file(Path(path), limits=self.limits, isolated=self.isolated)
        return self.extract_parsed(parsed, started=started)

    def extract_parsed(self, parsed: ParsedDocument, *, started: float | None = None) -> ContractRecord:
        started = time.perf_counter() if started is None else started
        guess = detect_language(parsed.text())
        prepare(guess.language)
        ctx = analyse(parsed, guess.language)
        warnings: list[str] = list(parsed.warnings)
        data: dict[str, Any] = {}
        for spec in registered():
            try:
                fragment = spec.fn(ctx, data)
            except Exception as exc:  # an extractor bug must cost one field, not the whole document
                log.exception("extractor %s failed on %s", spec.name, parsed.source.name)
                warnings.append(f"extractor {spec.name} failed: {type(exc).__name__}: {exc}")
                continue
            deep_merge(data, fragment)
        data.setdefault("language", {"value": guess.language, "confidence": guess.confidence,
                                     "evidence": _language_evidence(ctx)})
        if self.calibrated:  # here, once every extractor has set its values: the one place confidence is final
            default_calibration().apply(data)
        data["source"] = {
            "name": parsed.source.name,
            "path": parsed.source.path,
            "media_type": parsed.source.media_type,
            "size": parsed.source.size,
            "sha256": parsed.source.sha256,
            "pages": parsed.page_count,
        }
        mark_ocr_evidence(data, frozenset(parsed.ocr_pages))
        data["processing"] = {"extractor_version": __version__, "seconds": 0.0, "warnings": warnings,
                              "ocr_pages": list(parsed.ocr_pages)}
        record = _validate(data, warnings)
        record.processing.seconds = round(time.perf_counter() - started, 3)  # type: ignore[union-attr]
        return record


@cache
def prepare(language: str | None = None) -> None:
    """Import the extractors and build the spaCy pipeline of ``language`` now, once per process.

    The first document would do it anyway; a caller that waits for a parse meanwhile (the CLI) calls it early.
    See ``loading`` for what happens around it (the compiled-regex cache, the garbage collector frozen after).
    """
    with loading():
        registered()
        if language is not None:
            load_pipeline(language)


def _language_evidence(ctx: Any) -> dict[str, Any]:
    first = next(iter(ctx.sentences), None)
    if first is None:
        return {"text": ""}
    ev: dict[str, Any] = first.evidence()
    return ev


def _validate(data: dict[str, Any], warnings: list[str]) -> ContractRecord:
    """Validate the merged record; a value an extractor got structurally wrong is dropped, not fatal."""
    for _ in range(50):
        try:
            return ContractRecord.model_validate(data)
        except ValidationError as exc:
            locs = [tuple(err["loc"]) for err in exc.errors() if err["loc"]]
            if not locs or any(str(loc[0]) in ("source", "processing") for loc in locs):
                raise
            for loc in sorted(set(map(_removable, locs)), reverse=True):
                _remove(data, loc)
                warnings.append("dropped invalid value at " + ".".join(map(str, loc)))
            data["processing"]["warnings"] = warnings
    return ContractRecord.model_validate(data)


def _removable(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of an error location to remove: the list entry holding the error, else the top-level field."""
    last_index = max((i for i, part in enumerate(loc) if isinstance(part, int)), default=None)
    return loc[: last_index + 1] if last_index is not None else loc[:1]


def _remove(data: dict[str, Any], loc: tuple[Any, ...]) -> None:
    parent: Any = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return
    try:
        del parent[loc[-1]]
    except (KeyError, IndexError, TypeError):
        pass
