"""What the price-table readers share: the item a table row yields and the rows that sum others up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docsvc.extract.context import Row

# Rows that sum others up, and rows or columns that only add the tax on them ("MwSt (19%)", "VAT 20 %", "USt."):
# neither is a price of its own.
TOTAL_ROW_RE = re.compile(r"^\s*(?:sub-?)?total\b|^\s*(?:zwischen)?summe\b|^\s*gesamt|\btotal\s+(?:monthly|annual|"
                          r"one-?off|recurring|charges?|fees?)\b|\bgesamtsumme\b|"
                          r"^\s*(?:zzgl\.?\s+|plus\s+|\+\s*)?(?:(?:\d+(?:[.,]\d+)?\s*%\s*)?(?:mwst\.?|ust\.?|umsatzsteuer|"
                          r"mehrwertsteuer|vat|gst|sales\s+tax|tax(?:es)?)\s*(?:\(?\s*\d+(?:[.,]\d+)?\s*%\s*\)?)?\s*:?\s*)$",
                          re.I)


@dataclass
class TableItem:
    item: dict[str, Any]
    row: Row
    confidence: float
