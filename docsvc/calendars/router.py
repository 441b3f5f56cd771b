from __future__ import annotations

import uuid

from fastapi import APIRouter

from docsvc.calendars import service
from docsvc.calendars.schemas import WorkingCalendarIn, WorkingCalendarRead
from docsvc.contracts.service import get_contract
from docsvc.deps import ManagerDep, ReaderDep, SessionDep

router = APIRouter(tags=["sla reports"])


@router.get("/v1/contracts/{contract_id}/working-calendar", response_model=WorkingCalendarRead)
def working_calendar(contract_id: uuid.UUID, session: SessionDep, principal: ReaderDep) -> WorkingCalendarRead:
    """The business hours SLA reports time this contract's incidents in: the calendar set with PUT, or the one
    derived from the record (hours of cover of its SLA terms, holidays and time zone of its governing law)."""
    return service.read(session, get_contract(session, principal, contract_id))


@router.put("/v1/contracts/{contract_id}/working-calendar", response_model=WorkingCalendarRead)
def set_working_calendar(contract_id: uuid.UUID, body: WorkingCalendarIn, session: SessionDep,
                         principal: ManagerDep) -> WorkingCalendarRead:
    """Set the contract's working calendar (days, hours, public holidays of a country and region, time zone)."""
    return service.set_calendar(session, principal, get_contract(session, principal, contract_id), body)
