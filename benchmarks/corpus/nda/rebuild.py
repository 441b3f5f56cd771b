#!/usr/bin/env python3
"""Rebuild the NDA dev corpus documents from public repository snapshots.

Same conversion as the real-world dev corpus (../realworld/rebuild.py: Markdown/HTML/reST -> DOCX -> PDF,
offline, sha256-checked); only the source list (sources.json here) and the output folder (files/ here)
differ, so the corpora are always converted identically. Options as in ../realworld/rebuild.py:
    python rebuild.py --list
    python rebuild.py --snapshots DIR [--snapshots DIR2] [--all] [--only ID]
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("realworld_rebuild", HERE.parent / "realworld" / "rebuild.py")
assert _spec and _spec.loader
realworld_rebuild = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(realworld_rebuild)
# The converter reads these module globals at call time: point them at this corpus.
realworld_rebuild.SOURCES = HERE / "sources.json"
realworld_rebuild.OUT = HERE / "files"

if __name__ == "__main__":
    sys.exit(realworld_rebuild.main())
