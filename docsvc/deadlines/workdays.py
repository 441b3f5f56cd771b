"""Working days for deadlines: weekends and the public holidays of the contract's jurisdiction.

Holidays come from the maintained ``holidays`` package (data shipped with it, nothing fetched). The jurisdiction
is read from the governing law; a law this module does not know gives weekends only, and the deadline says so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache

import holidays

# Governing-law wording -> (ISO country, subdivision). Checked in order: "Northern Ireland" before "Ireland".
_JURISDICTIONS: tuple[tuple[re.Pattern[str], str, str | None], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), country, subdiv) for pattern, country, subdiv in (
        (r"northern ireland", "GB", "NIR"),
        (r"scotland|scottish|\bscots\b|schottland", "GB", "SCT"),
        (r"england|wales|english law|united kingdom|\buk\b|englisch", "GB", "ENG"),
        (r"ireland|irish|irland", "IE", None),
        (r"austria|österreich|oesterreich", "AT", None),
        (r"switzerland|swiss|schweiz", "CH", None),
        (r"germany|german|deutschland|deutsch|bundesrepublik", "DE", None),
        (r"netherlands|dutch|niederland", "NL", None),
        (r"france|french|frankreich", "FR", None),
        (r"new york", "US", "NY"),
        (r"delaware", "US", "DE"),
        (r"california", "US", "CA"),
    )
)
_WORKING_DAYS = re.compile(r"working\s*days?|business\s*days?|bank(ing)?\s*days?|werktag|arbeitstag|geschäftstag",
                           re.IGNORECASE)


def says_working_days(text: str | None) -> bool:
    """Whether a clause counts in working days ("three months ... if not a Business Day, the preceding...")."""
    return bool(text and _WORKING_DAYS.search(text))


@cache
def _holidays(country: str, subdiv: str | None, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdiv, years=year).keys())


@dataclass(frozen=True)
class WorkingCalendar:
    """Monday to Friday less the public holidays of ``country`` (and ``subdiv``); no country: weekends only."""

    country: str | None = None
    subdiv: str | None = None
    extra_holidays: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def for_law(cls, governing_law: str | None) -> WorkingCalendar:
        for pattern, country, subdiv in _JURISDICTIONS:
            if governing_law and pattern.search(governing_law):
                return cls(country, subdiv)
        return cls()

    @property
    def label(self) -> str:
        if self.country is None:
            return "weekends only (no public holidays known for the governing law)"
        return f"weekends and public holidays of {self.country}{'-' + self.subdiv if self.subdiv else ''}"

    def is_working_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5 or day in self.extra_holidays:
            return False
        return self.country is None or day not in _holidays(self.country, self.subdiv, day.year)

    def on_or_before(self, day: dt.date) -> dt.date:
        """``day`` or the last working day before it."""
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day
