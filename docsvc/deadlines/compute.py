"""Deadlines of one contract from its term fields: a pure computation, no database.

Dates follow the usual reading of English and German contracts (BGB §§ 187-188):

* a term of N months or years starting on day S ends the day before the corresponding day N later; when that
  day does not exist (a year from 29 February, a month from 31 January) it ends on the last day of the month;
* notice "N months before the end of the term" must be given on a day E with E + N months no later than the
  term's last day: a term ending 28 February 2027 needs 3 months' notice by 30 November 2026, not 28 November
  (subtracting from the last day of the term is the common month-end mistake);
* after an automatic renewal the next term's deadlines apply: a notice date that has passed is not reported
  again, the renewed term's notice date is (re-armed), for every renewal.

A notice date that falls on a weekend or public holiday moves to the working day before it only when the clause
says it counts in working days; expiry and renewal dates never move.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta

from docsvc.deadlines.workdays import WorkingCalendar, says_working_days

KINDS = ("notice", "expiry", "renewal", "price_review", "price_review_notice", "novation")
_ISO = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_REVIEW_STEP = {"annual": relativedelta(years=1), "quarterly": relativedelta(months=3),
                "monthly": relativedelta(months=1)}
_MAX_TERMS = 2000  # a monthly renewal since 1900 still fits; guards a corrupt P0D-like loop


@dataclass(frozen=True)
class FieldValue:
    """One value of the current record: reviewed values already won; ``reviewed`` says a person checked it."""

    value: Any
    evidence: Mapping[str, Any] = field(default_factory=dict)
    reviewed: bool = False


@dataclass(frozen=True)
class Terms:
    contract_id: uuid.UUID
    title: str
    values: Mapping[str, FieldValue]


@dataclass(frozen=True)
class Deadline:
    kind: str
    due: dt.date
    contract_id: uuid.UUID
    title: str
    clause: dict[str, Any]  # the field the date comes from, its value and evidence, and what else it used
    reviewed: bool  # every value it was computed from was checked by a person
    term_start: dt.date | None = None
    term_end: dt.date | None = None
    moved_from: dt.date | None = None  # the computed date, when a weekend or holiday moved it
    notes: tuple[str, ...] = ()


def duration(text: Any) -> relativedelta | None:
    match = _ISO.match(text.upper()) if isinstance(text, str) else None
    if not match or not any(match.groups()):
        return None
    years, months, weeks, days = (int(g or 0) for g in match.groups())
    return relativedelta(years=years, months=months, weeks=weeks, days=days)


def term_end(start: dt.date, length: relativedelta) -> dt.date:
    """The last day of a term of ``length`` beginning on ``start`` (see the module docstring)."""
    target: dt.date = start + length
    if (length.months or length.years) and target.day != start.day:
        return target  # clamped to the month's last day: the corresponding day does not exist
    return target - dt.timedelta(days=1)


def last_notice_day(last: dt.date, notice: relativedelta) -> dt.date:
    """The last day E to give ``notice`` for something ending on ``last`` (or taking effect the day after): the
    notice period runs from E and must have ended by then, E + notice <= last (BGB § 188(2): a month from
    29 February ends 29 March). Counting back lands one day off at month ends, so the guess is corrected
    forwards and backwards."""
    day: dt.date = last - notice
    while _fits(day + dt.timedelta(days=1), notice, last):
        day += dt.timedelta(days=1)
    while not _fits(day, notice, last):
        day -= dt.timedelta(days=1)
    return day


def _fits(day: dt.date, notice: relativedelta, last: dt.date) -> bool:
    try:
        return bool(day + notice <= last)
    except (OverflowError, ValueError):  # past 9999-12-31 (dateutil raises ValueError), so past ``last``
        return False


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


class _Builder:
    def __init__(self, terms: Terms, calendar: WorkingCalendar) -> None:
        self.terms, self.calendar = terms, calendar

    def value(self, name: str) -> Any:
        found = self.terms.values.get(name)
        return None if found is None else found.value

    def clause(self, main: str, used: tuple[str, ...]) -> dict[str, Any]:
        found = self.terms.values.get(main) or FieldValue(None)
        return {"field": main, "value": found.value, "evidence": dict(found.evidence),
                "based_on": {n: self.value(n) for n in used if n != main and self.value(n) is not None}}

    def make(self, kind: str, due: dt.date, main: str, used: tuple[str, ...], *, notes: list[str],
             term: tuple[dt.date | None, dt.date | None] = (None, None), working_days: bool = False) -> Deadline:
        names = [n for n in used if n in self.terms.values]
        moved = None
        notes = list(notes)
        if working_days:
            day = self.calendar.on_or_before(due)
            if day != due:
                moved, due = due, day
                notes.append(f"moved from {moved.isoformat()} to the working day before "
                             f"({self.calendar.label})")
        unreviewed = [n for n in names if not self.terms.values[n].reviewed]
        if unreviewed:
            notes.append("not reviewed: " + ", ".join(unreviewed))
        return Deadline(kind=kind, due=due, contract_id=self.terms.contract_id, title=self.terms.title,
                        clause=self.clause(main, tuple(used)), reviewed=not unreviewed, term_start=term[0],
                        term_end=term[1], moved_from=moved, notes=tuple(notes))


def contract_deadlines(terms: Terms, *, today: dt.date, within_days: int | None = None,
                       calendar: WorkingCalendar | None = None) -> list[Deadline]:
    """Deadlines due on or after ``today`` (and within ``within_days`` of it when given), by date.

    Without ``within_days``: the current term's deadlines, and the next term's when the current notice date has
    passed, so the next date to act on is always there.
    """
    calendar = calendar or WorkingCalendar.for_law(terms.values.get("governing_law", FieldValue(None)).value)
    builder = _Builder(terms, calendar)
    horizon = None
    if within_days is not None:
        horizon = today + dt.timedelta(days=within_days) if within_days < (dt.date.max - today).days else dt.date.max
    found = _upto_year_9999(_term_deadlines(builder, today, horizon)) + _upto_year_9999(
        _review_deadlines(builder, today, horizon))
    novation = builder.value("novation")
    if isinstance(novation, dict) and (day := _date(novation.get("effective_date"))) and day >= today:
        found.append(builder.make("novation", day, "novation", ("novation",), notes=[]))
    return sorted((d for d in found if d.due >= today and (horizon is None or d.due <= horizon)),
                  key=lambda d: (d.due, KINDS.index(d.kind)))


def _upto_year_9999(deadlines: Iterator[Deadline]) -> list[Deadline]:
    """The deadlines until date arithmetic leaves the calendar Python knows (a corrected expiry of 9999-12-31
    renews on a day that does not exist; counting back before year 1 likewise): later ones cannot matter."""
    out = []
    try:
        for deadline in deadlines:
            out.append(deadline)
    except (OverflowError, ValueError):  # dateutil says "year 10000 is out of range" with a ValueError
        pass
    return out


def _term_deadlines(b: _Builder, today: dt.date, horizon: dt.date | None) -> Iterator[Deadline]:
    start = _date(b.value("effective_date"))
    end = _date(b.value("expiration_date"))
    initial = duration(b.value("initial_term"))
    used: tuple[str, ...] = ("effective_date", "expiration_date")
    if end is None and start is not None and initial is not None:
        end, used = term_end(start, initial), ("effective_date", "initial_term")
    if end is None:
        return  # no end: an open-ended contract has no expiry, renewal or end-of-term notice date
    auto = b.value("auto_renewal")
    step = duration(b.value("renewal_term"))
    notes: list[str] = []
    renews = auto is True or (auto is None and step is not None)
    if renews and auto is None:
        notes.append("auto_renewal not stated: a renewal term is, so the contract is taken to renew")
    if renews and step is None:
        step = relativedelta(years=1)
        notes.append("renewal term not stated: one year assumed")
    notice_field = "renewal_notice_period" if duration(b.value("renewal_notice_period")) else \
        "termination_notice_period"
    notice = duration(b.value(notice_field))
    if notice is not None and notice_field == "termination_notice_period":
        notes.append("no renewal notice period: the termination notice period is used")
    evidence = b.terms.values.get(notice_field, FieldValue(None)).evidence
    working = says_working_days(str(evidence.get("text") or ""))
    term_fields = (*used, "auto_renewal", "renewal_term") if renews else used
    for _ in range(_MAX_TERMS):
        if end >= today:
            term = (start, end)
            if notice is not None:
                yield b.make("notice", last_notice_day(end, notice), notice_field,
                             (notice_field, *term_fields), notes=notes, term=term, working_days=working)
            if renews:
                main = next((n for n in ("renewal_term", "auto_renewal") if b.value(n) is not None), used[-1])
                yield b.make("renewal", end + dt.timedelta(days=1), main, term_fields, notes=notes, term=term)
            else:
                yield b.make("expiry", end, used[-1], used, notes=notes, term=term)
        if not renews or step is None:
            return
        notice_day = last_notice_day(end, notice) if notice else end
        if horizon is None and end >= today and notice_day >= today:
            return  # the next date to act on is in this term
        if horizon is not None and min(notice_day, end) > horizon:
            return
        start = end + dt.timedelta(days=1)
        end = term_end(start, step)


def _review_deadlines(b: _Builder, today: dt.date, horizon: dt.date | None) -> Iterator[Deadline]:
    clause = b.value("pricing.price_review")
    start = _date(b.value("effective_date"))
    if not isinstance(clause, dict) or start is None:
        return
    frequency = clause.get("frequency") or "annual"
    step = _REVIEW_STEP.get(frequency)
    if step is None:
        return
    notes = [] if clause.get("frequency") else ["review frequency not stated: annual assumed"]
    notice = duration(clause.get("notice_period"))
    working = says_working_days(str(b.terms.values["pricing.price_review"].evidence.get("text") or ""))
    last = horizon or today
    used = ("pricing.price_review", "effective_date")
    for n in range(1, _MAX_TERMS):
        review: dt.date = start + n * step  # from the start each time: 31 Jan + 1 month steps do not drift
        if review < today:
            continue
        if notice is not None:
            yield b.make("price_review_notice", last_notice_day(review - dt.timedelta(days=1), notice),
                         "pricing.price_review", used,
                         notes=notes, working_days=working)
        yield b.make("price_review", review, "pricing.price_review", used, notes=notes)
        if review > last:
            return
