"""What the price-table readers share: the item a table row yields and the rows that sum others up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docsvc.extract.context import Row

TOTAL_ROW_RE = re.compile(r"^\s*(?:sub-?)?total\b|^\s*(?:zwischen)?summe\b|^\s*gesamt|\btotal\s+(?:monthly|annual|"
                           r"one-?off|recurring|charges?|fees?)\b|\bgesamtsumme\b", re.I)


@dataclass
class TableItem:
    item: dict[str, Any]
    row: Row
    confidence: float
