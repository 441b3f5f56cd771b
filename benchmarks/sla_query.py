"""``GET /v1/sla`` latency under concurrent readers, on SQLite and on PostgreSQL side by side, in one run.

    python benchmarks/sla_query.py [--contracts 10000] [--rows-per-contract 10] [--clients 16]
                                   [--requests 2000] [--backends sqlite,postgresql] [--explain]
                                   [--extra-index "CREATE INDEX ..."] [--json]

For each backend: seed customers, contracts and SLA rows straight through SQLAlchemy Core into a fresh database
(schema from the Alembic migrations), start the real service (``python -m docsvc.cli serve``) as its own
process, create a reader key over the API, then let N clients (threads spread over a few processes) replay
the same deterministic mix of filtered queries (customer + metric + priority, metric + priority, metric +
active_on, service text, plain pages with a cursor follow-up) after a warm-up. Prints p50/p95/p99/max latency
and requests/s per backend and per query kind; the target is p99 < 50 ms on PostgreSQL at 16 clients.

``--explain`` prints PostgreSQL's EXPLAIN ANALYZE of the SQL that ``repository.search_sla`` generates for one
request of every kind; ``--extra-index`` runs DDL on every backend after seeding (a failure is reported and
that backend runs without it), to measure an index before proposing it as a migration.

The clients, the server and PostgreSQL share this machine's CPUs, so latencies are upper bounds; compare
backends and before/after within one run rather than across machines. Everything is cleaned up on exit:
the servers are stopped, the PostgreSQL database dropped and the temporary DOCSVC_HOME removed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import math
import multiprocessing
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Connection, create_engine, event, insert, text
from sqlalchemy.exc import DBAPIError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docsvc.auth.keys import generate_key  # noqa: E402
from docsvc.contracts.repository import search_sla  # noqa: E402
from docsvc.db import make_engine, migrate  # noqa: E402
from docsvc.models import Base  # noqa: E402
from tests.fixtures.databases import PG_ADMIN_URL, postgres_available, throwaway_database  # noqa: E402

TARGET_P99_MS = 50.0
BATCH = 5000

# ---------------------------------------------------------------------------------------------------- data

SERVICES = [
    "Managed Print Services", "Print Fleet Maintenance", "Secure Print Release", "Document Scanning",
    "WAN Connectivity", "MPLS Network", "SD-WAN", "Internet Access", "LAN Support", "Wi-Fi Services",
    "Managed Firewall", "DDoS Protection", "VoIP Telephony", "SIP Trunking", "Mobile Fleet",
    "Colocation Hosting", "Dedicated Server Hosting", "Private Cloud Hosting", "Public Cloud Management",
    "Backup and Recovery", "Disaster Recovery", "Email Hosting", "Web Hosting", "Database Hosting",
    "Service Desk", "Field Engineering", "Desktop Support", "Monitoring and Alerting", "Patch Management",
    "Identity Management", "Druckdienste", "Netzwerkbetrieb", "Rechenzentrumsbetrieb", "Servicedesk",
]
# Priority wording as contracts write it (extraction keeps it verbatim; the API matches case-insensitively).
PRIORITY_SCHEMES = [
    (0.55, ["P1", "P2", "P3", "P4"]),
    (0.25, ["Severity 1", "Severity 2", "Severity 3"]),
    (0.10, ["Priority 1", "Priority 2", "Priority 3", "Priority 4"]),
    (0.10, ["Prio 1", "Prio 2", "Prio 3"]),
]
RESPONSE_MINUTES = [15, 30, 60, 120, 240, 480]
RESOLUTION_HOURS = [2, 4, 8, 12, 24, 48, 72]
AVAILABILITY = [Decimal("99.5"), Decimal("99.8"), Decimal("99.9"), Decimal("99.95"), Decimal("99.99")]
REVIEW_STATES = [("pending", 0.70), ("accepted", 0.20), ("corrected", 0.05), ("rejected", 0.05)]
FIRST_DAY, LAST_EFFECTIVE = dt.date(2018, 1, 1), dt.date(2028, 12, 31)
LAST_DAY = dt.date(2030, 12, 31)


@dataclass
class Seeded:
    customers: list[uuid.UUID]
    contracts: int
    sla_rows: int
    seconds: float


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _sla_rows(rng: random.Random, contract_id: uuid.UUID, n: int) -> list[dict[str, Any]]:
    """An SLA table as a contract states it: per service an availability row, then response and resolution
    time per priority level, until the contract's ``n`` rows are used up."""
    scheme = _pick(rng, [(levels, w) for w, levels in PRIORITY_SCHEMES])
    services: list[str | None] = rng.sample(SERVICES, 3)
    if rng.random() < 0.05:
        services[0] = None  # a table without a service column
    cover = rng.choice(["24x7", "Mon-Fri 08:00-18:00", "Business Hours", None])
    specs: list[tuple[str | None, str, str | None, Decimal, str]] = []
    for service in services:
        specs.append((service, "availability", None, rng.choice(AVAILABILITY), "percent"))
        for rank, level in enumerate(scheme):
            minutes = RESPONSE_MINUTES[min(rank + rng.randint(0, 1), len(RESPONSE_MINUTES) - 1)]
            hours = RESOLUTION_HOURS[min(rank + rng.randint(0, 2), len(RESOLUTION_HOURS) - 1)]
            specs.append((service, "response_time", level, Decimal(minutes), "minutes"))
            specs.append((service, "resolution_time", level, Decimal(hours), "hours"))
        if rng.random() < 0.3:
            specs.append((service, "other", None, Decimal("95"), "percent"))  # e.g. first-time-fix rate
    out = []
    for i in range(n):
        service, metric, priority, value, unit = specs[i % len(specs)]
        out.append({
            "id": uuid.uuid4(), "contract_id": contract_id, "run_id": None, "service": service, "metric": metric,
            "priority": priority, "target_value": value, "target_unit": unit,
            "measurement_period": rng.choice(["monthly", "monthly", "quarterly"]) if metric == "availability"
            else None,
            "hours_of_cover": cover, "exclusions": ["planned maintenance"] if rng.random() < 0.4 else [],
            "confidence": round(rng.uniform(0.6, 0.99), 3), "review_state": _pick(rng, REVIEW_STATES),
            "evidence": {"page": rng.randint(3, 40), "bbox": [72.0, 300.0, 520.0, 316.0],
                         "text": f"{priority or 'Availability'} {metric.replace('_', ' ')} {value} {unit}"},
        })
    return out


def _contract(rng: random.Random, customer_id: uuid.UUID, number: int, now: dt.datetime) -> dict[str, Any]:
    effective = FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_EFFECTIVE - FIRST_DAY).days))
    expiration: dt.date | None = None
    if rng.random() > 0.1:  # one in ten is evergreen (no end date)
        expiration = min(effective + dt.timedelta(days=365 * rng.randint(1, 5) - 1), LAST_DAY)
    status = "active" if expiration is None or expiration >= dt.date(2025, 1, 1) else "expired"
    return {
        "id": uuid.uuid4(), "customer_id": customer_id, "title": f"Managed Services Agreement {number:05d}",
        "document_type": _pick(rng, [("msa", 0.5), ("service_agreement", 0.3), ("sow", 0.15),
                                     ("amendment", 0.05)]),
        "status": status, "language": "de" if rng.random() < 0.2 else "en", "effective_date": effective,
        "expiration_date": expiration, "revision": 1, "created_at": now, "updated_at": now,
    }


def seed(url: str, *, contracts: int, rows_per_contract: int, customers: int, rng_seed: int) -> Seeded:
    """Fresh schema from the migrations, then bulk inserts through Core (the ORM unit of work is too slow)."""
    started = time.perf_counter()
    migrate(url)
    rng = random.Random(rng_seed)
    uuid_rng = random.Random(rng_seed + 1)
    now = dt.datetime.now(dt.UTC)
    tables = Base.metadata.tables
    customer_ids = [uuid.UUID(int=uuid_rng.getrandbits(128), version=4) for _ in range(customers)]
    customer_rows = [{"id": cid, "name": f"Customer {i:03d} Ltd", "external_ref": f"CRM-{i:05d}", "created_at": now}
                     for i, cid in enumerate(customer_ids)]
    # Contracts per customer follow a long tail: a few large accounts hold most contracts.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(customers)]
    engine = make_engine(url)
    rows = 0
    try:
        with engine.begin() as conn:
            conn.execute(insert(tables["customers"]), customer_rows)
            for start in range(0, contracts, BATCH // max(rows_per_contract, 1) or 1):
                stop = min(contracts, start + (BATCH // max(rows_per_contract, 1) or 1))
                owners = rng.choices(customer_ids, weights=weights, k=stop - start)
                batch = [_contract(rng, owner, start + i, now) for i, owner in enumerate(owners)]
                conn.execute(insert(tables["contracts"]), batch)
                sla = [r for c in batch for r in _sla_rows(rng, c["id"], rows_per_contract)]
                if sla:
                    conn.execute(insert(tables["sla_terms"]), sla)
                rows += len(sla)
    finally:
        engine.dispose()
    return Seeded(customer_ids, contracts, rows, time.perf_counter() - started)


def analyze(url: str) -> None:
    """PostgreSQL only: what autovacuum would have done by now after a bulk load (statistics, visibility)."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("VACUUM ANALYZE"))
    finally:
        engine.dispose()


def apply_ddl(url: str, statements: Sequence[str]) -> list[str]:
    """Run the ``--extra-index`` statements; returns the errors (the benchmark goes on without them)."""
    errors = []
    engine = make_engine(url)
    try:
        for statement in statements:
            try:
                with engine.begin() as conn:
                    conn.exec_driver_sql(statement)
            except DBAPIError as exc:
                errors.append(f"{statement!r}: {str(exc.orig).splitlines()[0]}")
    finally:
        engine.dispose()
    return errors


# -------------------------------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Server:
    base: str
    pid: int


@contextmanager
def serve(home: Path, database_url: str, admin_key: str, workers: int = 1,
          access_log: bool = False) -> Iterator[Server]:
    """The real ``docsvc serve`` in its own process group; stopped (and waited for) on exit."""
    port = free_port()
    # Only our DOCSVC_* settings: a developer's S3 or database variables must not leak into the run.
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCSVC_")}
    env |= {"DOCSVC_HOME": str(home), "DOCSVC_DATABASE_URL": database_url, "DOCSVC_ADMIN_KEY": admin_key,
            "DOCSVC_STORAGE_BACKEND": "local"}
    log = (home / "server.log").open("wb")  # a file, not a pipe: uvicorn's access log would fill a pipe and block
    proc = subprocess.Popen([sys.executable, "-m", "docsvc.cli", "serve", "--port", str(port),
                             "--workers", str(workers), "--access-log" if access_log else "--no-access-log"],
                            env=env, cwd=home,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{(home / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("server did not become ready within 60 s")
            time.sleep(0.2)
        yield Server(base, proc.pid)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def reader_key(base: str, admin_key: str) -> str:
    r = httpx.post(f"{base}/v1/keys", json={"name": "sla benchmark", "role": "reader"},
                   headers={"Authorization": f"Bearer {admin_key}"}, timeout=30)
    r.raise_for_status()
    key: str = r.json()["key"]
    return key


# ---------------------------------------------------------------------------------------------------- load

KINDS = ["customer+metric+priority", "metric+priority", "metric+active_on", "service text", "page 1",
         "page 2 (cursor)"]
# How often each query shape comes up (a "page" job sends page 1 and then follows its cursor to page 2).
MIX = [("customer+metric+priority", 0.25), ("metric+priority", 0.10), ("metric+active_on", 0.20),
       ("service text", 0.15), ("page", 0.30)]
SERVICE_WORDS = ["print", "wan", "hosting", "desk", "backup", "firewall", "voip", "cloud", "netzwerk", "mpls"]


@dataclass(frozen=True)
class Job:
    kind: str
    params: dict[str, str]


def plan(rng: random.Random, seeded: Seeded, n_requests: int) -> list[Job]:
    """A deterministic request list: every backend answers exactly the same questions in the same order."""
    jobs: list[Job] = []
    count = 0
    while count < n_requests:
        kind = _pick(rng, MIX)
        metric = rng.choice(["response_time", "response_time", "resolution_time"])
        level = rng.choice(["P1", "p1", "P2", "Severity 1", "P3", "Priority 2"])
        if kind == "customer+metric+priority":
            # Realistic callers ask about their big accounts more often: same long tail as the seeding.
            customer = rng.choices(seeded.customers, weights=[1 / (r + 1) ** 0.8 for r in
                                                              range(len(seeded.customers))])[0]
            params = {"customer": str(customer), "metric": metric, "priority": level}
        elif kind == "metric+priority":
            params = {"metric": metric, "priority": level}
        elif kind == "metric+active_on":
            day = FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
            params = {"metric": rng.choice(["availability", "response_time"]), "active_on": day.isoformat()}
        elif kind == "service text":
            params = {"service": rng.choice(SERVICE_WORDS)}
        else:
            params = {}
        jobs.append(Job(kind, params))
        count += 2 if kind == "page" else 1
    return jobs


@dataclass
class Sample:
    kind: str
    ms: float
    status: int
    items: int


@dataclass
class LoadResult:
    samples: list[Sample]
    seconds: float
    errors: list[str] = field(default_factory=list)
    client_cpu_seconds: float = 0.0


class Client:
    """One keep-alive HTTP/1.1 connection on ``http.client``: a faithful client (same requests, status and
    body checked) at a fraction of httpx's CPU, which matters because the clients share the server's cores
    (measured: 2.6 ms CPU per request with httpx, see the CPU line of the report)."""

    def __init__(self, base: str, key: str) -> None:
        url = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=60)
        self.headers = {"Authorization": f"Bearer {key}", "Accept": "application/json"}

    def get(self, path: str, params: dict[str, str]) -> tuple[int, bytes]:
        self.conn.request("GET", f"{path}?{urllib.parse.urlencode(params)}", headers=self.headers)
        r = self.conn.getresponse()
        return r.status, r.read()

    def close(self) -> None:
        self.conn.close()


def _run_job(client: Client, job: Job, page_size: int, out: list[Sample]) -> None:
    def get(kind: str, params: dict[str, str]) -> dict[str, Any] | None:
        started = time.perf_counter()
        status, raw = client.get("/v1/sla", {**params, "limit": str(page_size)})
        ms = (time.perf_counter() - started) * 1000
        body = json.loads(raw) if status == 200 else None
        out.append(Sample(kind, ms, status, len(body["items"]) if body else 0))
        return body

    if job.kind != "page":
        get(job.kind, job.params)
        return
    first = get("page 1", {})
    if first and first.get("next_cursor"):
        get("page 2 (cursor)", {"cursor": first["next_cursor"]})


def drive(base: str, key: str, jobs: list[Job], clients: int, page_size: int, processes: int = 1) -> LoadResult:
    """``clients`` closed-loop clients, each with its own keep-alive connection, take the next job until none
    are left. They run as threads spread over ``processes`` processes: the systems that poll this route are
    separate programs, and 16 threads in one interpreter queue for its GIL, which adds their own wait to the
    latency measured (seen as a client-side tail)."""
    return _closed_loop(processes, clients, len(jobs),
                        lambda client, i, out: _run_job(client, jobs[i], page_size, out), base, key)


def floor(base: str, key: str, requests: int, clients: int, processes: int = 1) -> dict[str, float]:
    """The same clients on ``GET /healthz`` (no auth, no database, a constant answer): the latency this
    machine gives *any* route of the HTTP stack at this concurrency, the floor under the SLA numbers."""

    def healthz(client: Client, _i: int, out: list[Sample]) -> None:
        started = time.perf_counter()
        status, _ = client.get("/healthz", {})
        out.append(Sample("healthz", (time.perf_counter() - started) * 1000, status, 0))

    result = _closed_loop(processes, clients, requests, healthz, base, key)
    ordered = sorted(s.ms if s.status == 200 else float("inf") for s in result.samples)
    return {"p50_ms": round(percentile(ordered, 50), 1), "p99_ms": round(percentile(ordered, 99), 1),
            "req_per_s": round(len(ordered) / result.seconds)}


Work = Any  # (client, job index, samples out) -> None


def _closed_loop(processes: int, clients: int, n: int, work: Work, base: str, key: str) -> LoadResult:
    """Run job indexes 0..n-1 on ``clients`` threads over ``processes`` forked processes, all taking the next
    index from one shared counter; each process reports its samples and its own CPU time."""
    processes = max(1, min(processes, clients))
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    start = context.Event()
    results = context.Queue()
    per_process = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    procs = [context.Process(target=_client_process, daemon=True,
                             args=(threads, n, counter, start, results, work, base, key)) for threads in per_process]
    for proc in procs:
        proc.start()
    started = time.perf_counter()
    start.set()
    parts = [results.get(timeout=3600) for _ in procs]
    seconds = time.perf_counter() - started
    for proc in procs:
        proc.join()
    samples = [Sample(*row) for part in parts for row in part["samples"]]
    errors = [e for part in parts for e in part["errors"]]
    return LoadResult(samples, seconds, errors, sum(part["cpu"] for part in parts))


def _client_process(threads: int, n: int, counter: Any, start: Any, results: Any, work: Work, base: str,
                    key: str) -> None:
    per_thread: list[list[Sample]] = [[] for _ in range(threads)]
    errors: list[str] = []

    def worker(out: list[Sample]) -> None:
        client = Client(base, key)
        try:
            while True:
                with counter.get_lock():
                    i = counter.value
                    counter.value += 1
                if i >= n:
                    return
                try:
                    work(client, i, out)
                except (OSError, http.client.HTTPException) as exc:
                    errors.append(f"request {i}: {exc!r}")
                    client.close()  # http.client reconnects on the next request
        finally:
            client.close()

    start.wait()
    cpu = time.process_time()
    pool = [threading.Thread(target=worker, args=(out,), daemon=True) for out in per_thread]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    results.put({"samples": [(s.kind, s.ms, s.status, s.items) for out in per_thread for s in out],
                 "errors": errors, "cpu": time.process_time() - cpu})


def percentile(sorted_ms: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (no interpolation: p99 of 2,000 samples is the 1,980th smallest)."""
    if not sorted_ms:
        return math.nan
    return sorted_ms[max(0, math.ceil(p / 100 * len(sorted_ms)) - 1)]


def summarize(result: LoadResult) -> dict[str, Any]:
    ok = sorted(s.ms for s in result.samples)
    failed = [s for s in result.samples if s.status != 200]
    summary: dict[str, Any] = {
        "requests": len(result.samples), "errors": len(failed) + len(result.errors),
        "p50_ms": percentile(ok, 50), "p95_ms": percentile(ok, 95), "p99_ms": percentile(ok, 99),
        "max_ms": ok[-1] if ok else math.nan, "requests_per_s": len(result.samples) / result.seconds,
        "kinds": {},
    }
    for kind in KINDS:
        mine = [s for s in result.samples if s.kind == kind]
        ms = sorted(s.ms for s in mine)
        if mine:
            summary["kinds"][kind] = {"requests": len(mine), "p50_ms": percentile(ms, 50),
                                      "p99_ms": percentile(ms, 99),
                                      "mean_items": sum(s.items for s in mine) / len(mine)}
    summary["error_samples"] = ([f"{s.kind}: HTTP {s.status}" for s in failed] + result.errors)[:5]
    return summary


# ----------------------------------------------------------------------------------------------------- cpu


@dataclass(frozen=True)
class CpuSnapshot:
    """CPU seconds so far of the server process, of this process (the clients) and of the whole machine.

    Where a request's time goes when the machine is saturated: server Python, client Python, and the rest
    (PostgreSQL, the kernel). Linux only (/proc); elsewhere the numbers are absent.
    """

    server: float | None
    clients: float
    machine: float | None

    @staticmethod
    def take(server_pid: int) -> CpuSnapshot:
        tick = os.sysconf("SC_CLK_TCK")
        server = machine = None
        try:
            # /proc/PID/stat: utime and stime are fields 14 and 15, counted after the ")" closing the name.
            fields = Path(f"/proc/{server_pid}/stat").read_text().rsplit(")", 1)[1].split()
            server = (int(fields[11]) + int(fields[12])) / tick
            # /proc/stat "cpu" line: user nice system idle iowait irq softirq steal ...; busy = all but idle+iowait.
            jiffies = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
            machine = (sum(jiffies) - jiffies[3] - jiffies[4]) / tick
        except (OSError, IndexError, ValueError):
            pass
        return CpuSnapshot(server, time.process_time(), machine)

    def minus(self, before: CpuSnapshot, requests: int, client_processes_cpu: float = 0.0) -> dict[str, float | None]:
        """Per request since ``before``; the client processes report their own CPU (``client_processes_cpu``)."""
        def per_request(now: float | None, then: float | None) -> float | None:
            return None if now is None or then is None else round((now - then) * 1000 / max(requests, 1), 2)

        server = per_request(self.server, before.server)
        clients = per_request(self.clients + client_processes_cpu, before.clients)
        machine = per_request(self.machine, before.machine)
        rest = None if machine is None or server is None or clients is None else round(machine - server - clients, 2)
        return {"server": server, "clients": clients, "rest": rest, "machine": machine, "cores": os.cpu_count()}


# ------------------------------------------------------------------------------------------------- explain


def explain(url: str, jobs: list[Job], page_size: int) -> dict[str, str]:
    """EXPLAIN ANALYZE of exactly the SQL ``search_sla`` sends, for the first planned request of each kind."""
    from sqlalchemy.orm import Session

    engine = make_engine(url)
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Connection, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
        if "sla_terms" in statement:
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    plans: dict[str, str] = {}
    try:
        with Session(engine) as session:
            for kind in KINDS:
                source = "page" if kind.startswith("page") else kind
                job = next((j for j in jobs if j.kind == source), None)
                if job is None:
                    continue
                after = None
                if kind == "page 2 (cursor)":
                    first = _search(session, {}, None, page_size)
                    after = first[page_size - 1].id if len(first) > page_size else None
                captured.clear()
                _search(session, job.params, after, page_size)
                statement, parameters = captured[-1]
                lines = session.connection().exec_driver_sql(
                    "EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).scalars().all()
                plans[kind] = f"-- {json.dumps(job.params)}\n" + "\n".join(lines)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
        engine.dispose()
    return plans


def _search(session: Any, params: dict[str, str], after: uuid.UUID | None, page_size: int) -> Sequence[Any]:
    """The query the service sends on PostgreSQL for these parameters (``as_json``: the database builds each row's
    JSON; one extra row decides next_cursor)."""
    return search_sla(
        session, customer_scope=None, customer=uuid.UUID(params["customer"]) if "customer" in params else None,
        service=params.get("service"), metric=params.get("metric"), priority=params.get("priority"),
        active_on=dt.date.fromisoformat(params["active_on"]) if "active_on" in params else None,
        after=after, limit=page_size + 1, as_json=True)


# ---------------------------------------------------------------------------------------------------- main


@dataclass
class Backend:
    name: str
    url: str
    home: Path


def run_backend(backend: Backend, args: argparse.Namespace, warmup: list[Job], jobs: list[Job]) -> dict[str, Any]:
    seeded = seed(backend.url, contracts=args.contracts, rows_per_contract=args.rows_per_contract,
                  customers=args.customers, rng_seed=args.seed)
    ddl_errors = apply_ddl(backend.url, args.extra_index) if args.extra_index else []
    if backend.name == "postgresql":
        analyze(backend.url)
    admin = generate_key().plaintext
    with serve(backend.home, backend.url, admin, args.server_workers, args.access_log) as server:
        key = reader_key(server.base, admin)
        drive(server.base, key, warmup, args.clients, args.page_size, args.client_processes)
        before = CpuSnapshot.take(server.pid)
        result = drive(server.base, key, jobs, args.clients, args.page_size, args.client_processes)
        cpu = CpuSnapshot.take(server.pid).minus(before, len(result.samples), result.client_cpu_seconds)
        summary = summarize(result) | {"cpu_ms_per_request": cpu}
        if args.floor:
            summary["healthz_floor"] = floor(server.base, key, len(result.samples), args.clients,
                                             args.client_processes)
    summary |= {"seed_seconds": round(seeded.seconds, 1), "contracts": seeded.contracts,
                "sla_rows": seeded.sla_rows, "extra_index_errors": ddl_errors}
    if args.explain and backend.name == "postgresql":
        summary["explain"] = explain(backend.url, jobs, args.page_size)
    return summary


def _customers_for_plan(args: argparse.Namespace) -> Seeded:
    """Customer ids are derived from the seed, so the plan can be made before any database exists."""
    uuid_rng = random.Random(args.seed + 1)
    ids = [uuid.UUID(int=uuid_rng.getrandbits(128), version=4) for _ in range(args.customers)]
    return Seeded(ids, args.contracts, args.contracts * args.rows_per_contract, 0.0)


def print_report(results: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    first = next(iter(results.values()))
    print(f"GET /v1/sla: {first['contracts']} contracts, {first['sla_rows']} SLA rows, {args.clients} clients "
          f"in {args.client_processes} processes, "
          f"{args.requests} requests per backend after {args.warmup} warm-up, page size {args.page_size}")
    if args.extra_index:
        print("extra DDL: " + "; ".join(args.extra_index))
    print(f"{'backend':<12}{'requests':>9}{'errors':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"{'req/s':>8}{'seed s':>8}")
    for name, r in results.items():
        print(f"{name:<12}{r['requests']:>9}{r['errors']:>7}{r['p50_ms']:>9.1f}{r['p95_ms']:>9.1f}"
              f"{r['p99_ms']:>9.1f}{r['max_ms']:>9.1f}{r['requests_per_s']:>8.0f}{r['seed_seconds']:>8.1f}")
    print("\nCPU ms per request (server process / clients / rest: database, kernel / whole machine):")
    for name, r in results.items():
        c = r["cpu_ms_per_request"]
        print(f"{name:<12}" + " / ".join("-" if c[k] is None else f"{c[k]:.2f}"
                                          for k in ("server", "clients", "rest", "machine"))
              + f"   ({c['cores']} cores)")
    print("\nper query kind: p50 / p99 ms (mean rows returned)")
    print(f"{'kind':<26}" + "".join(f"{name:>30}" for name in results))
    for kind in KINDS:
        cells = []
        for r in results.values():
            k = r["kinds"].get(kind)
            cells.append(f"{k['p50_ms']:.1f} / {k['p99_ms']:.1f} ({k['mean_items']:.0f})" if k else "-")
        print(f"{kind:<26}" + "".join(f"{c:>30}" for c in cells))
    for name, r in results.items():
        for problem in r["extra_index_errors"] + r["error_samples"]:
            print(f"{name}: {problem}")
    for name, r in results.items():
        if "healthz_floor" in r:
            f = r["healthz_floor"]
            print(f"{name}: GET /healthz with the same clients (the floor): p50 {f['p50_ms']:.1f} ms, "
                  f"p99 {f['p99_ms']:.1f} ms, {f['req_per_s']} req/s")
    pg = results.get("postgresql")
    if pg:
        verdict = "met" if pg["p99_ms"] < TARGET_P99_MS and not pg["errors"] else "MISSED"
        print(f"\ntarget: p99 < {TARGET_P99_MS:.0f} ms on PostgreSQL at 16 clients -> {verdict} "
              f"(p99 {pg['p99_ms']:.1f} ms at {args.clients} clients)")
        for kind, plan_text in pg.get("explain", {}).items():
            print(f"\n== EXPLAIN ANALYZE ({kind})\n{plan_text}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--contracts", type=int, default=10_000)
    ap.add_argument("--rows-per-contract", type=int, default=10)
    ap.add_argument("--customers", type=int, default=100)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--client-processes", type=int, default=4,
                    help="processes the client threads are spread over (1: all threads in this process)")
    ap.add_argument("--requests", type=int, default=2000, help="measured requests per backend")
    ap.add_argument("--warmup", type=int, default=200, help="unmeasured requests per backend first")
    ap.add_argument("--page-size", type=int, default=50, help="the API's default page size")
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--extra-index", action="append", metavar="SQL",
                    help="DDL run on every backend after seeding (repeatable), e.g. an index to try")
    ap.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE per query kind (PostgreSQL)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--server-workers", type=int, default=1, help="docsvc serve --workers (web processes)")
    ap.add_argument("--access-log", action="store_true",
                    help="docsvc serve --access-log (off by default, as behind a proxy that logs requests)")
    ap.add_argument("--floor", action="store_true",
                    help="also measure GET /healthz with the same clients: the floor any route can reach here")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    # A SIGTERM (CI timeout, kill) must still stop the servers and drop the database: unwind like Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    rng = random.Random(args.seed)
    seeded = _customers_for_plan(args)
    warmup, jobs = plan(rng, seeded, args.warmup), plan(rng, seeded, args.requests)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="docsvc-sla-bench-") as tmp, ExitStack() as stack:
        for name in [b.strip() for b in args.backends.split(",") if b.strip()]:
            home = Path(tmp) / name
            home.mkdir()
            if name == "sqlite":
                url = f"sqlite:///{home / 'docsvc.db'}"
            elif name == "postgresql":
                if not postgres_available():
                    print(f"postgresql: skipped, no server answers at {PG_ADMIN_URL}", file=sys.stderr)
                    continue
                url = stack.enter_context(throwaway_database("docsvc_bench"))
            else:
                print(f"unknown backend {name!r} (use sqlite, postgresql)", file=sys.stderr)
                return 2
            print(f"{name}: seeding and measuring ...", file=sys.stderr)
            results[name] = run_backend(Backend(name, url, home), args, warmup, jobs)
    if not results:
        return 2
    if args.json:
        print(json.dumps({"target_p99_ms": TARGET_P99_MS, "clients": args.clients, "backends": results}, indent=1))
    else:
        print_report(results, args)
    return 1 if any(r["errors"] for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
