"""Deadlines as an iCalendar (RFC 5545) document, built with the ``icalendar`` package.

Each deadline is an all-day event with a UID stable across fetches (contract, kind, due date), so a calendar app
updates the event in place instead of duplicating it; the description carries the clause and its evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Event

from docsvc.deadlines.compute import Deadline

LABELS = {"notice": "Last day to give notice", "expiry": "Contract expires", "renewal": "Contract renews",
          "price_review": "Price review", "price_review_notice": "Last day for price-review notice",
          "novation": "Novation takes effect"}


def describe(deadline: Deadline) -> str:
    evidence = deadline.clause.get("evidence") or {}
    lines = [f"{LABELS[deadline.kind]}: {deadline.due.isoformat()}", f"Contract: {deadline.title}",
             f"Contract id: {deadline.contract_id}",
             f"Clause: {deadline.clause.get('field')} = {deadline.clause.get('value')}"]
    if evidence.get("text"):
        where = f" (page {evidence['page']})" if evidence.get("page") else ""
        lines.append(f"Evidence{where}: \"{str(evidence['text'])[:500]}\"")
    if deadline.term_end:
        lines.append(f"Term: {deadline.term_start or '?'} to {deadline.term_end}")
    lines.append("Reviewed: yes" if deadline.reviewed else "Reviewed: NO - computed from values nobody checked")
    lines += deadline.notes
    return "\n".join(lines)


def calendar(deadlines: Iterable[Deadline], *, name: str, now: dt.datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//docsvc//contract deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for deadline in deadlines:
        event = Event()
        event.add("uid", f"{deadline.contract_id}-{deadline.kind}-{deadline.due.isoformat()}@docsvc")
        event.add("dtstamp", now)
        event.add("dtstart", deadline.due)
        if deadline.due < dt.date.max:
            event.add("dtend", deadline.due + dt.timedelta(days=1))
        event.add("summary", f"{LABELS[deadline.kind]}: {deadline.title}"
                  + ("" if deadline.reviewed else " (unreviewed)"))
        event.add("description", describe(deadline))
        event.add("categories", [deadline.kind])
        event.add("transp", "TRANSPARENT")
        event.add("x-docsvc-contract-id", str(deadline.contract_id))
        event.add("x-docsvc-kind", deadline.kind)
        event.add("x-docsvc-clause", str(deadline.clause.get("field")))
        event.add("x-docsvc-reviewed", "TRUE" if deadline.reviewed else "FALSE")
        cal.add_component(event)
    return bytes(cal.to_ical())
