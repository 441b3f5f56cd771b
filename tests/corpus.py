"""Where the shared, gold-labelled corpus lives; tests that need it skip cleanly when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def corpus_dir(*parts: str) -> Path:
    """The corpus folder ``parts`` below the corpus root, or skip the calling test."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus not available at {path}")
    return path
