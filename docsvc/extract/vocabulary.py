"""Vocabulary kept as data: ``nlp/patterns/<language>/<name>.json`` files, merged over both languages.

Each file maps a kind (a column role, a kind of negative context, a cue) to a list of regular expressions; keys
starting with ``_`` are comments. A rule reads the merged lists, or one compiled case-insensitive alternation per
kind, so a reviewer can extend the wording of either language without touching code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PATTERNS_DIR = Path(__file__).resolve().parent / "nlp" / "patterns"


@cache
def merged(name: str) -> dict[str, list[str]]:
    """``<name>.json`` of every language, kind by kind (English first: the folders in name order)."""
    out: dict[str, list[str]] = {}
    for path in sorted(PATTERNS_DIR.glob(f"*/{name}.json")):
        for kind, patterns in json.loads(path.read_text(encoding="utf-8")).items():
            if not kind.startswith("_"):
                out.setdefault(kind, []).extend(patterns)
    return out


def alternation(patterns: Iterable[str]) -> str:
    """One regex source matching any of ``patterns`` (each grouped, so their own alternatives stay inside)."""
    return "|".join(f"(?:{p})" for p in patterns)


@cache
def compiled(name: str) -> dict[str, re.Pattern[str]]:
    """One case-insensitive pattern per kind of ``<name>.json``. Cached here: ``re``'s own cache holds 512
    patterns, fewer than the rules use, so uncached callers compiled these again and again."""
    return {kind: re.compile(alternation(patterns), re.I) for kind, patterns in merged(name).items()}
