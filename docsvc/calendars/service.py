"""A contract's working calendar: the one a person set, or the one its record implies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.audit import record_audit
from docsvc.auth.service import Principal
from docsvc.calendars.calendar import DAY_NAMES, CalendarError, WorkingCalendar, clock, default_calendar, parse_clock
from docsvc.calendars.schemas import WorkingCalendarIn, WorkingCalendarRead
from docsvc.contracts import repository as repo
from docsvc.errors import Unprocessable
from docsvc.models import Contract, SlaTerm, WorkingCalendarSetting
from docsvc.models.contract import current_value


class CalendarInvalid(Unprocessable):
    code, title = "calendar_invalid", "The working calendar cannot be used"


def _stored(session: Session, contract: Contract) -> WorkingCalendarSetting | None:
    return session.scalar(select(WorkingCalendarSetting).where(WorkingCalendarSetting.contract_id == contract.id))


def calendar_for(session: Session, contract: Contract) -> tuple[WorkingCalendar, str, list[str]]:
    """(calendar, "stored" | "default", notes about what a default assumed)."""
    row = _stored(session, contract)
    if row is not None:
        return WorkingCalendar(timezone=row.timezone, days=tuple(int(d) for d in row.days),
                               start=parse_clock(row.start), end=parse_clock(row.end), country=row.country,
                               subdivision=row.subdivision,
                               extra_holidays=tuple(dt.date.fromisoformat(d) for d in row.extra_holidays)), "stored", []
    law = repo.field(session, contract.id, "governing_law")
    covers = [r.hours_of_cover for r in repo.rows(session, SlaTerm, contract.id)]
    calendar, notes = default_calendar(covers=covers, governing_law=current_value(law) if law else None)
    if law is not None and law.review_state == "pending":
        notes.append("the governing law has not been reviewed; its holidays and time zone were used")
    return calendar, "default", notes


def describe(calendar: WorkingCalendar, source: str, notes: list[str]) -> dict[str, Any]:
    return {"timezone": calendar.timezone, "days": [DAY_NAMES[d] for d in calendar.days],
            "start": clock(calendar.start), "end": clock(calendar.end), "country": calendar.country,
            "subdivision": calendar.subdivision, "extra_holidays": [d.isoformat() for d in calendar.extra_holidays],
            "source": source, "notes": notes, "hours": calendar.hours_text}


def read(session: Session, contract: Contract) -> WorkingCalendarRead:
    return WorkingCalendarRead.model_validate(describe(*calendar_for(session, contract)))


def set_calendar(session: Session, principal: Principal, contract: Contract,
                 body: WorkingCalendarIn) -> WorkingCalendarRead:
    country = body.country.strip().upper() if body.country else None
    subdivision = body.subdivision.strip().upper() if body.subdivision else None
    try:
        calendar = WorkingCalendar(timezone=body.timezone.strip(), days=tuple(sorted({DAY_NAMES.index(d)
                                                                                      for d in body.days})),
                                   start=parse_clock(body.start), end=parse_clock(body.end), country=country,
                                   subdivision=subdivision, extra_holidays=tuple(sorted(set(body.extra_holidays))))
    except CalendarError as exc:
        raise CalendarInvalid(str(exc)) from None
    before = describe(*calendar_for(session, contract))
    row = _stored(session, contract) or WorkingCalendarSetting(contract_id=contract.id)
    row.timezone, row.days = calendar.timezone, list(calendar.days)
    row.start, row.end = clock(calendar.start), clock(calendar.end)
    row.country, row.subdivision = calendar.country, calendar.subdivision
    row.extra_holidays = [d.isoformat() for d in calendar.extra_holidays]
    row.updated_by = principal.actor
    session.add(row)
    session.flush()
    after = describe(calendar, "stored", [])
    record_audit(session, actor=principal.actor, action="working_calendar.set", entity_type="contract",
                 entity_id=contract.id, details={"before": before, "after": after})
    return WorkingCalendarRead.model_validate(after)
