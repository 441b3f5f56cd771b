"""SLA report computation for a contract with 10,000 incidents in a month (issue 15; target under 1 s).

    python benchmarks/sla_report.py [--incidents 10000] [--outages 200] [--rounds 5] [--json]

A managed-service contract under English law: availability 99.5 % in Mon-Fri 08:00-18:00 (planned maintenance
excluded) and 24x7, response and resolution targets in business hours for P1-P4, credit tiers and a cap. The
month is October 2026 (a BST → GMT change on the 25th), incidents open at random times of the month (seeded) and
take minutes to days. Two figures: the report computation alone (``compute_report``: calendar, availability,
every incident timed in business hours, credits), and the request path up to the stored report minus the
database (validating the JSON body as the API does, then computing), the best of ``--rounds``. Each round
starts with cold per-day calendar caches.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docsvc.calendars import calendar as calendars  # noqa: E402
from docsvc.calendars.calendar import WorkingCalendar  # noqa: E402
from docsvc.sla_reports.compute import compute_report  # noqa: E402
from docsvc.sla_reports.schemas import SlaReportCreate  # noqa: E402
from docsvc.sla_reports.service import request_inputs  # noqa: E402
from docsvc.sla_reports.types import Cap, Fee, Term, Tier, period_of  # noqa: E402

CALENDAR = WorkingCalendar(timezone="Europe/London", country="GB", subdivision="ENG")
SERVICES = ("Managed Print", "Service Desk", "WAN")
PRIORITIES = ("P1", "P2", "P3", "P4")
TARGETS = {"P1": (1, 4), "P2": (2, 8), "P3": (4, 16), "P4": (8, 40)}  # response, resolution (business hours)


def contract_terms() -> list[Term]:
    terms = [Term(key=f"avail-{s}", metric="availability", target=Decimal("99.5"), unit="percent", service=s,
                  hours_of_cover="Mon-Fri 08:00-18:00" if s != "WAN" else "24x7", excludes_planned=True)
             for s in SERVICES]
    for service in SERVICES:
        for priority, (respond, resolve) in TARGETS.items():
            terms.append(Term(key=f"resp-{service}-{priority}", metric="response_time", target=Decimal(respond),
                              unit="business_hours", service=service, priority=priority))
            terms.append(Term(key=f"res-{service}-{priority}", metric="resolution_time", target=Decimal(resolve),
                              unit="business_hours", service=service, priority=priority))
    return terms


TIERS = [Tier("availability", upper=Decimal("99.5"), lower=Decimal("99"), percent=Decimal("5")),
         Tier("availability", upper=Decimal("99"), lower=None, percent=Decimal("10")),
         Tier("resolution_time", percent=Decimal("2"))]


def request_body(incidents: int, outages: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    start = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    month = 31 * 86400

    def at(offset: float) -> str:
        return (start + dt.timedelta(seconds=offset)).isoformat()

    items = []
    for n in range(incidents):
        opened = rng.uniform(0, month - 3600)
        respond = opened + rng.expovariate(1 / 3600)
        resolve = respond + rng.expovariate(1 / (12 * 3600))
        items.append({"id": f"INC{n:06d}", "service": rng.choice(SERVICES), "priority": rng.choice(PRIORITIES),
                      "opened": at(opened), "responded": at(respond),
                      "resolved": at(resolve) if rng.random() < 0.95 else None})
    down = []
    for _ in range(outages):
        begin = rng.uniform(0, month - 7200)
        down.append({"service": rng.choice(SERVICES), "start": at(begin), "end": at(begin + rng.uniform(60, 7200)),
                     "planned": rng.random() < 0.2})
    return {"period": "2026-10", "incidents": items, "outages": down}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--outages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    raw = request_body(args.incidents, args.outages, args.seed)
    terms = contract_terms()
    period = period_of("2026-10", CALENDAR.timezone)
    fee = Fee(monthly=Decimal("12500"), currency="GBP")
    compute_times, request_times = [], []
    result: dict[str, Any] = {}
    for _ in range(args.rounds):
        calendars._window.cache_clear()
        calendars._holidays.cache_clear()
        began = time.perf_counter()
        body = SlaReportCreate.model_validate(raw)
        incidents, outages, measurements = request_inputs(body, CALENDAR)
        parsed = time.perf_counter()
        result = compute_report(period=period, calendar=CALENDAR, terms=terms, tiers=TIERS,
                                cap=Cap(percent=Decimal("15")), fee=fee, incidents=incidents, outages=outages,
                                measurements=measurements)
        done = time.perf_counter()
        compute_times.append(done - parsed)
        request_times.append(done - began)
    figures = {"incidents": args.incidents, "outages": args.outages, "terms": len(terms),
               "compute_seconds": round(min(compute_times), 3), "request_seconds": round(min(request_times), 3),
               "compute_seconds_median": round(sorted(compute_times)[len(compute_times) // 2], 3),
               "missed": result["summary"]["missed"], "credit_percent_due": result["credit"]["percent_due"],
               "target_seconds": 1.0, "within_target": min(compute_times) < 1.0}
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{args.incidents} incidents, {args.outages} outages, {len(terms)} SLA terms, October 2026 (BST→GMT)")
    print(f"report computation: {figures['compute_seconds']:.3f} s best, {figures['compute_seconds_median']:.3f} s "
          f"median of {args.rounds} (target < 1 s: {'met' if figures['within_target'] else 'MISSED'})")
    print(f"with JSON body validation: {figures['request_seconds']:.3f} s best")
    print(f"terms missed: {figures['missed']}, credit due {figures['credit_percent_due']} %")


if __name__ == "__main__":
    main()
