from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from docsvc.api_types import Line

DayName = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
CLOCK_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$"


class WorkingCalendarIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    timezone: Line = Field(max_length=64, description="IANA time zone, e.g. Europe/Berlin.")
    days: list[DayName] = Field(min_length=1, max_length=7, description="Working days, e.g. Mon..Fri.")
    start: str = Field(pattern=CLOCK_PATTERN, description="Start of the working day, HH:MM local time.")
    end: str = Field(pattern=CLOCK_PATTERN, description="End of the working day, HH:MM (24:00 = midnight).")
    country: Line | None = Field(default=None, max_length=3,
                                 description="ISO 3166 country whose public holidays are days off, e.g. DE.")
    subdivision: Line | None = Field(default=None, max_length=10,
                                     description="Region for regional holidays, e.g. BY (Bavaria) or ENG.")
    extra_holidays: list[dt.date] = Field(default_factory=list, max_length=366,
                                          description="Further days off the holiday calendar does not know.")


class WorkingCalendarRead(WorkingCalendarIn):
    source: Literal["stored", "default"] = Field(
        description="stored: set with PUT; default: derived from the contract's SLA terms and governing law.")
    notes: list[str] = Field(default_factory=list, description="What the default assumed, for a person to check.")
    hours: str = Field(description='The calendar in words, e.g. "Mon-Fri 08:00-18:00".')
