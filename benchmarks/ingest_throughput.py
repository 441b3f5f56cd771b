"""Ingest throughput: documents per minute with 1, 2 and 4 ``docsvc worker`` processes, in one run.

    python benchmarks/ingest_throughput.py [--corpus DIR] [--limit N] [--workers 1 2 4]

Each round gets a fresh PostgreSQL database and K real worker processes; once they have started (and loaded
their pipelines) the same documents are uploaded (procrastinate jobs deferred in the upload transaction) and
the clock runs from the first upload until every job is final. Prints documents/minute per K and the speed-up
relative to one worker. The machine's core count bounds the speed-up (workers are CPU-bound); it is printed
alongside.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docsvc.auth.service import Principal, create_key  # noqa: E402
from docsvc.config import Settings  # noqa: E402
from docsvc.db import transaction  # noqa: E402
from docsvc.documents.multipart import SpooledFile  # noqa: E402
from docsvc.documents.service import ingest  # noqa: E402
from docsvc.models import ExtractionRun, Role  # noqa: E402
from docsvc.runtime import Runtime, open_runtime  # noqa: E402
from tests.fixtures.databases import postgres_available, temporary_postgres_database  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_files(corpus: Path, limit: int) -> list[Path]:
    files = sorted((corpus / "synthetic-dev" / "pdf").glob("*.pdf")) + sorted((corpus / "synthetic-dev" / "docx")
                                                                              .glob("*.docx"))
    files += sorted((corpus / "cuad-dev" / "pdf").glob("*.pdf"))
    return files[:limit]


def _wait_for_workers(runtime: Runtime, count: int, timeout: float = 120) -> None:
    """Workers register in procrastinate_workers once started (and have loaded spaCy): time only the work."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with runtime.engine.connect() as conn:
            if conn.execute(text("SELECT count(*) FROM procrastinate_workers")).scalar_one() >= count:
                return
        time.sleep(0.2)
    raise RuntimeError("workers did not start")


def one_round(files: list[Path], workers: int) -> dict[str, float]:
    with temporary_postgres_database() as url, tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home), database_url=url, queue="procrastinate")
        runtime = open_runtime(settings)
        with transaction(runtime.sessions) as session:
            key, _ = create_key(session, name="benchmark", role=Role.ADMIN, actor="benchmark")
        principal = Principal(key.id, "benchmark", Role.ADMIN, None)
        env = {**os.environ, "DOCSVC_HOME": home, "DOCSVC_DATABASE_URL": url}
        procs = [subprocess.Popen([sys.executable, "-m", "docsvc.cli", "worker", "--name", f"bench-{i}"],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True) for i in range(workers)]
        _wait_for_workers(runtime, workers)
        started = time.perf_counter()
        for path in files:
            copy = Path(home) / "upload.bin"
            shutil.copyfile(path, copy)
            spooled = SpooledFile(copy, path.name, hashlib.sha256(copy.read_bytes()).hexdigest(),
                                  copy.stat().st_size, copy.read_bytes()[:8192])
            with transaction(runtime.sessions) as session:
                ingest(session, runtime.store, upload=spooled, principal=principal, enqueue=runtime.enqueue)
        try:
            while True:
                with transaction(runtime.sessions) as session:
                    pending = session.scalar(select(func.count()).select_from(ExtractionRun)
                                             .where(ExtractionRun.status.in_(("queued", "running"))))
                if not pending:
                    break
                if time.perf_counter() - started > 1800:
                    raise RuntimeError("round did not finish in 30 minutes")
                time.sleep(0.25)
            elapsed = time.perf_counter() - started
        finally:
            for proc in procs:
                os.killpg(proc.pid, signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
        with transaction(runtime.sessions) as session:
            failed = session.scalar(select(func.count()).select_from(ExtractionRun)
                                    .where(ExtractionRun.status == "failed"))
        runtime.close()
    return {"workers": workers, "documents": len(files), "seconds": round(elapsed, 2),
            "docs_per_minute": round(len(files) / elapsed * 60, 1), "failed": failed or 0}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=60)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not postgres_available():
        print("PostgreSQL is not reachable at 127.0.0.1:5432; this benchmark needs it", file=sys.stderr)
        return 2
    files = corpus_files(args.corpus, args.limit)
    if not files:
        print(f"no documents under {args.corpus}", file=sys.stderr)
        return 2
    rounds = [one_round(files, k) for k in args.workers]
    base = rounds[0]["docs_per_minute"]
    for r in rounds:
        r["speedup"] = round(r["docs_per_minute"] / base, 2)
    if args.json:
        print(json.dumps({"cpu_count": os.cpu_count(), "rounds": rounds}, indent=1))
        return 0
    print(f"{len(files)} documents, {os.cpu_count()} CPU cores")
    print(f"{'workers':>8} {'seconds':>8} {'docs/min':>9} {'speed-up':>9} {'failed':>7}")
    for r in rounds:
        print(f"{r['workers']:>8} {r['seconds']:>8} {r['docs_per_minute']:>9} {r['speedup']:>8}x {r['failed']:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
