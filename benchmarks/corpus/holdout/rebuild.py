#!/usr/bin/env python3
"""Rebuild the held-out corpus documents from public repository snapshots, with ../realworld/rebuild.py's conversion
(Markdown/HTML/reST -> DOCX -> PDF, offline, sha256-checked) on this folder's sources.json and files/.
Options as in ../realworld/rebuild.py:
    python rebuild.py --list
    python rebuild.py --snapshots DIR [--snapshots DIR2] [--all] [--only ID]
"""
import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    sys.exit(runpy.run_path(str(HERE.parent / "realworld" / "rebuild.py"), run_name="corpus_rebuild")["main_for"](HERE))
