"""Incidents and outages from CSV files (``docsvc sla-report import``), checked row by row.

Headers (first row, any order, case-insensitive; other columns are ignored):
- incidents: ``id``, ``opened`` required; ``service``, ``priority``, ``responded``, ``resolved`` optional.
- outages: ``start``, ``end`` required; ``service``, ``planned`` (true/false, yes/no, 1/0; blank = false) optional.
Times are ISO 8601 (``2026-10-02T17:30:00+01:00``, or without an offset for the contract calendar's local time).
A bad row is an error naming the file and line; nothing is stored unless every row is good.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from docsvc.csv_rows import CsvUnreadable, csv_rows
from docsvc.errors import Unprocessable
from docsvc.sla_reports.schemas import MAX_INCIDENTS, MAX_OUTAGES, IncidentIn, OutageIn

INCIDENT_COLUMNS = ("id", "service", "priority", "opened", "responded", "resolved")
OUTAGE_COLUMNS = ("service", "start", "end", "planned")
_TRUE, _FALSE = {"true", "yes", "y", "1", "planned", "ja"}, {"", "false", "no", "n", "0", "unplanned", "nein"}


class CsvInvalid(Unprocessable):
    code, title = "csv_invalid", "The CSV file cannot be imported"


def _rows(text: str, name: str, columns: tuple[str, ...], required: tuple[str, ...],
          limit: int) -> list[tuple[int, dict[str, str]]]:
    try:
        return _read(text, name, columns, required, limit)
    except CsvUnreadable as exc:
        raise CsvInvalid(f"{name} {exc}") from None


def _read(text: str, name: str, columns: tuple[str, ...], required: tuple[str, ...],
          limit: int) -> list[tuple[int, dict[str, str]]]:
    reader = csv_rows(text)
    header = next(reader, None)
    if header is None:
        raise CsvInvalid(f"{name}: the file is empty; the first row must name the columns "
                         f"({', '.join(columns)})")
    keys = [h.strip().lower() for h in header]
    missing = [c for c in required if c not in keys]
    if missing:
        raise CsvInvalid(f"{name} line 1: missing column(s) {', '.join(missing)}; the header must name "
                         f"{', '.join(required)} (optional: {', '.join(c for c in columns if c not in required)})")
    out = []
    for number, row in enumerate(reader, start=2):
        if not "".join(row).strip():
            continue
        if len(row) > len(keys):
            raise CsvInvalid(f"{name} line {number}: {len(row)} values but the header names {len(keys)} columns")
        out.append((number, {k: (row[i].strip() if i < len(row) else "") for i, k in enumerate(keys)
                             if k in columns}))
        if len(out) > limit:
            raise CsvInvalid(f"{name}: more than {limit} rows; split the period")
    return out


def _model(model: type[BaseModel], values: dict[str, Any], name: str, number: int) -> Any:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise CsvInvalid(f"{name} line {number}: {where + ': ' if where else ''}{first['msg']}") from None


def parse_incidents(text: str, name: str = "incidents.csv") -> list[IncidentIn]:
    out = []
    for number, row in _rows(text, name, INCIDENT_COLUMNS, ("id", "opened"), MAX_INCIDENTS):
        values = {k: v for k, v in row.items() if v != ""}
        out.append(_model(IncidentIn, values, name, number))
    return out


def parse_outages(text: str, name: str = "outages.csv") -> list[OutageIn]:
    out = []
    for number, row in _rows(text, name, OUTAGE_COLUMNS, ("start", "end"), MAX_OUTAGES):
        planned = row.get("planned", "").lower()
        if planned not in _TRUE | _FALSE:
            raise CsvInvalid(f"{name} line {number}: planned is {row['planned']!r}; use true or false")
        values: dict[str, Any] = {k: v for k, v in row.items() if v != "" and k != "planned"}
        out.append(_model(OutageIn, values | {"planned": planned in _TRUE}, name, number))
    return out
