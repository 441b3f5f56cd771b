"""A working calendar as a plain value, and business time measured with it.

Times are compared in UTC, but the working day is local: "Mon-Fri 08:00-18:00" in Europe/London is 07:00-17:00
UTC in summer and 08:00-18:00 in winter, so each local day is turned into its UTC window (cached per day, as a
month of 10,000 incidents asks for the same few dozen days again and again). Public holidays come from the
``holidays`` package for the contract's country and region; a person can add days the package does not know.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from zoneinfo import ZoneInfo

import holidays

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS = (0, 1, 2, 3, 4)
ALL_DAYS = (0, 1, 2, 3, 4, 5, 6)
_WINDOW_RE = re.compile(r"(?:(?P<d1>Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:-(?P<d2>Mon|Tue|Wed|Thu|Fri|Sat|Sun))?)?\s*"
                        r"(?:(?P<t1>\d{2}:\d{2})-(?P<t2>\d{2}:\d{2}))?$")

# Governing law as the extractor names it → (country, subdivision, time zone) for the default calendar. Only
# places whose holidays and zone are unambiguous; any other law gives a UTC calendar without holidays, flagged.
PLACES: dict[str, tuple[str, str | None, str]] = {
    "Germany": ("DE", None, "Europe/Berlin"), "Austria": ("AT", None, "Europe/Vienna"),
    "Switzerland": ("CH", None, "Europe/Zurich"), "France": ("FR", None, "Europe/Paris"),
    "Netherlands": ("NL", None, "Europe/Amsterdam"), "Belgium": ("BE", None, "Europe/Brussels"),
    "Luxembourg": ("LU", None, "Europe/Luxembourg"), "Ireland": ("IE", None, "Europe/Dublin"),
    "Spain": ("ES", None, "Europe/Madrid"), "Italy": ("IT", None, "Europe/Rome"),
    "Denmark": ("DK", None, "Europe/Copenhagen"), "Sweden": ("SE", None, "Europe/Stockholm"),
    "Poland": ("PL", None, "Europe/Warsaw"), "England and Wales": ("GB", "ENG", "Europe/London"),
    "United Kingdom": ("GB", "ENG", "Europe/London"), "Wales": ("GB", "WLS", "Europe/London"),
    "Scotland": ("GB", "SCT", "Europe/London"), "Northern Ireland": ("GB", "NIR", "Europe/London"),
    "New York": ("US", "NY", "America/New_York"), "Delaware": ("US", "DE", "America/New_York"),
    "California": ("US", "CA", "America/Los_Angeles"), "Texas": ("US", "TX", "America/Chicago"),
    "Illinois": ("US", "IL", "America/Chicago"), "Washington": ("US", "WA", "America/Los_Angeles"),
}


class CalendarError(ValueError):
    """A calendar that cannot be used (unknown zone, country or region, hours that end before they start)."""


@dataclass(frozen=True)
class WorkingCalendar:
    """Business hours: ``days`` (0 = Monday) from ``start`` to ``end`` minutes after local midnight (1440 = the
    end of the day), except the public holidays of ``country``/``subdivision`` and ``extra_holidays``."""

    timezone: str = "UTC"
    days: tuple[int, ...] = WEEKDAYS
    start: int = 8 * 60
    end: int = 18 * 60
    country: str | None = None
    subdivision: str | None = None
    extra_holidays: tuple[dt.date, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end <= 1440:
            raise CalendarError("working hours must start before they end, within the day (00:00-24:00)")
        if not self.days or any(d not in ALL_DAYS for d in self.days):
            raise CalendarError("working days are 0 (Monday) to 6 (Sunday), at least one")
        try:
            ZoneInfo(self.timezone)
        except (ValueError, KeyError, OSError):
            raise CalendarError(f"unknown time zone {self.timezone!r} (use an IANA name such as "
                                "Europe/Berlin)") from None
        if self.country is not None:
            try:
                holidays.country_holidays(self.country, subdiv=self.subdivision, years=2000)
            except (NotImplementedError, KeyError, ValueError) as exc:
                raise CalendarError(f"no public holidays known for {self.country!r}"
                                    f"{f' region {self.subdivision!r}' if self.subdivision else ''}: {exc}") from None

    @property
    def day_seconds(self) -> int:
        """The length of one working day: a "business day" target is this many business seconds."""
        return (self.end - self.start) * 60

    @property
    def hours_text(self) -> str:
        first, last = DAY_NAMES[min(self.days)], DAY_NAMES[max(self.days)]
        days = first if first == last else f"{first}-{last}"
        return f"{days} {clock(self.start)}-{clock(self.end)}"


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_clock(text: str) -> int:
    """``"08:30"`` → 510 minutes; ``"24:00"`` is the end of the day."""
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if not match or int(match.group(1)) > 24 or int(match.group(2)) > 59 or (
            int(match.group(1)) == 24 and int(match.group(2)) > 0):
        raise CalendarError(f"{text!r} is not a time of day (HH:MM)")
    return int(match.group(1)) * 60 + int(match.group(2))


def parse_cover(text: str | None) -> tuple[tuple[int, ...], int, int] | None:
    """Hours of cover as the extractor normalises them ("24x7", "Mon-Fri 08:00-18:00", "Mon-Fri",
    "08:00-18:00") → (days, start, end); None for round the clock or text that states no window."""
    if not text or text.strip().lower() in ("24x7", "24/7"):
        return None
    match = _WINDOW_RE.match(text.strip())
    if not match or not (match.group("d1") or match.group("t1")):
        return None
    days: tuple[int, ...] = WEEKDAYS
    if match.group("d1"):
        first = DAY_NAMES.index(match.group("d1"))
        last = DAY_NAMES.index(match.group("d2") or match.group("d1"))
        days = tuple(range(first, last + 1)) if first <= last else (*range(first, 7), *range(0, last + 1))
    start, end = 8 * 60, 18 * 60
    if match.group("t1"):
        start, end = parse_clock(match.group("t1")), parse_clock(match.group("t2"))
    if start >= end:
        return None
    return days, start, end


def default_calendar(*, covers: list[str | None], governing_law: str | None) -> tuple[WorkingCalendar, list[str]]:
    """The calendar a contract implies: the business window its SLA terms state most often (Mon-Fri 08:00-18:00
    when none does) and the holidays and zone of its governing law. Returns the notes a person should check."""
    notes: list[str] = []
    windows = [w for w in (parse_cover(c) for c in covers) if w is not None]
    days, start, end = max(windows, key=windows.count) if windows else (WEEKDAYS, 8 * 60, 18 * 60)
    if not windows:
        notes.append("no SLA term states business hours; Mon-Fri 08:00-18:00 assumed")
    elif len(set(windows)) > 1:
        notes.append("the SLA terms state different business hours; the most frequent window was used")
    country, subdivision, zone = PLACES.get(governing_law or "", (None, None, "UTC"))
    if country is None:
        notes.append(f"no public holidays or time zone known for the governing law {governing_law!r}; UTC without "
                     "holidays assumed: set them with PUT /v1/contracts/{id}/working-calendar")
    return WorkingCalendar(timezone=zone, days=days, start=start, end=end, country=country,
                           subdivision=subdivision), notes


@cache
def _holidays(country: str, subdivision: str | None, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year).keys())


@cache
def holiday_name(country: str, subdivision: str | None, day: dt.date) -> str | None:
    name = holidays.country_holidays(country, subdiv=subdivision, years=day.year).get(day)
    return None if name is None else str(name)


def is_working_day(calendar: WorkingCalendar, day: dt.date) -> bool:
    if day.weekday() not in calendar.days or day in calendar.extra_holidays:
        return False
    return calendar.country is None or day not in _holidays(calendar.country, calendar.subdivision, day.year)


@cache
def _window(calendar: WorkingCalendar, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    """The UTC window of the local working day ``day`` (None on a day off)."""
    if not is_working_day(calendar, day):
        return None
    zone = ZoneInfo(calendar.timezone)
    midnight = dt.datetime.combine(day, dt.time(), zone)
    start = midnight + dt.timedelta(minutes=calendar.start)
    end = (dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone) if calendar.end == 1440
           else midnight + dt.timedelta(minutes=calendar.end))
    # Aware arithmetic in one zone is wall-clock arithmetic: 08:00 stays 08:00 on both sides of a DST change.
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def working_windows(calendar: WorkingCalendar, start: dt.datetime,
                    end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """The parts of [start, end) (aware datetimes) that are working time, in UTC."""
    if end <= start:
        return []
    zone = ZoneInfo(calendar.timezone)
    day = start.astimezone(zone).date() - dt.timedelta(days=1)
    last = end.astimezone(zone).date()
    out = []
    while day <= last:
        window = _window(calendar, day)
        if window is not None:
            lo, hi = max(window[0], start), min(window[1], end)
            if lo < hi:
                out.append((lo, hi))
        day += dt.timedelta(days=1)
    return out


def business_seconds(calendar: WorkingCalendar, start: dt.datetime, end: dt.datetime) -> int:
    """Working seconds between two instants (0 when ``end`` is not after ``start``)."""
    return int(sum((hi - lo).total_seconds() for lo, hi in working_windows(calendar, start, end)))


class BusinessClock:
    """Business seconds between instants in [start, end) by two binary searches, for timing thousands of
    incidents against one calendar: the working windows of the range are listed once with their running total.
    Instants outside the range are clamped to it (callers choose a range that holds every instant they time)."""

    def __init__(self, calendar: WorkingCalendar, start: dt.datetime, end: dt.datetime) -> None:
        windows = working_windows(calendar, start, end)
        self.starts = [lo.timestamp() for lo, _ in windows]
        self.ends = [hi.timestamp() for _, hi in windows]
        self.totals = [0.0]
        for lo, hi in zip(self.starts, self.ends, strict=True):
            self.totals.append(self.totals[-1] + hi - lo)
        self.first, self.last = start.timestamp(), end.timestamp()

    def _elapsed(self, instant: float) -> float:
        """Working seconds from the start of the range to ``instant``."""
        i = bisect_right(self.starts, instant) - 1
        if i < 0:
            return 0.0
        return self.totals[i] + min(instant, self.ends[i]) - self.starts[i]

    def between(self, start: dt.datetime, end: dt.datetime) -> int:
        a = min(max(start.timestamp(), self.first), self.last)
        b = min(max(end.timestamp(), self.first), self.last)
        return 0 if b <= a else round(self._elapsed(b) - self._elapsed(a))
