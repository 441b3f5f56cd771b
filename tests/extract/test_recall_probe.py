"""The label-free recall probe (benchmarks/sla_recall_probe.py) reports a row read only in part with the values
still unread, so a plan table giving one entry of three is no longer counted as covered."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _probe() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sla_recall_probe", ROOT / "benchmarks" / "sla_recall_probe.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sla_recall_probe"] = module  # its dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_values_a_covered_row_still_holds_are_unread() -> None:
    probe = _probe()
    row = probe.Candidate("d.docx", "table 1 row 2", "Priority 1 | 8h | 4h | 2h  «Item | A | B | C»", "response_time",
                          ("8 hours", "4 hours", "2 hours"), ())
    read = [("priority 1 8h 4h 2h", "8 hours")]
    assert probe.covered(row, [e for e, _ in read])
    assert probe.unread_values(row, read) == ["4 hours", "2 hours"]
    # a value read in business hours was read; values read from another line do not count for this one
    read = [("priority 1 8h 4h 2h", "8 business_hours"), ("priority 1 8h 4h 2h", "4 hours"),
            ("priority 2 1h", "2 hours")]
    assert probe.unread_values(row, read) == ["2 hours"]
