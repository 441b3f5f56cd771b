"""Plain values the report computation works on (no ORM, no I/O): built from the contract record and the
request by ``service``, and by the benchmark and the golden tests directly."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

_PERIOD_RE = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])))?$")


class ReportInputError(ValueError):
    """Input the report cannot be computed from (an unknown period format, an outage ending before it starts)."""


@dataclass(frozen=True)
class Term:
    key: str
    metric: str
    target: Decimal
    unit: str
    service: str | None = None
    priority: str | None = None
    measurement_period: str | None = None
    hours_of_cover: str | None = None
    excludes_planned: bool = False
    reviewed: bool = True
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Tier:
    metric: str | None
    upper: Decimal | None = None  # exclusive
    lower: Decimal | None = None  # inclusive
    percent: Decimal | None = None
    amount: Decimal | None = None
    currency: str | None = None
    reviewed: bool = True
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Cap:
    percent: Decimal | None = None
    amount: Decimal | None = None
    currency: str | None = None
    reviewed: bool = True


@dataclass(frozen=True)
class Fee:
    """The contract's fixed monthly charges (sum of its monthly price items), the basis of percent credits."""

    monthly: Decimal | None
    currency: str | None = None
    reviewed: bool = True
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Incident:
    id: str
    opened: dt.datetime
    service: str | None = None
    priority: str | None = None
    responded: dt.datetime | None = None
    resolved: dt.datetime | None = None


@dataclass(frozen=True)
class Outage:
    start: dt.datetime
    end: dt.datetime
    service: str | None = None
    planned: bool = False


@dataclass(frozen=True)
class Measurement:
    metric: str
    value: Decimal
    service: str | None = None
    priority: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.datetime
    end: dt.datetime  # exclusive
    granularity: str  # monthly | quarterly | annual
    months: int


def period_of(label: str, timezone: str) -> Period:
    """"2026-10" (a month), "2026-Q4" (a quarter) or "2026" (a year), from local midnight in ``timezone``."""
    match = _PERIOD_RE.match(label.strip())
    if not match:
        raise ReportInputError(f"period {label!r} is not YYYY-MM, YYYY-Qn or YYYY")
    year = int(match.group(1))
    if match.group(2):
        first, months, granularity = int(match.group(2)), 1, "monthly"
    elif match.group(3):
        first, months, granularity = 3 * int(match.group(3)) - 2, 3, "quarterly"
    else:
        first, months, granularity = 1, 12, "annual"
    zone = ZoneInfo(timezone)
    start = dt.datetime(year, first, 1, tzinfo=zone)
    last = first + months
    end = dt.datetime(year + (last - 1) // 12, (last - 1) % 12 + 1, 1, tzinfo=zone)
    return Period(label=label.strip(), start=start, end=end, granularity=granularity, months=months)
