"""Liveness and readiness. ``/healthz`` touches nothing so it stays fast while workers chew on bombs."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from docsvc.db import ping
from docsvc.deps import PUBLIC
from docsvc.errors import ServiceUnavailable
from docsvc.extract import ocr
from docsvc.storage import StorageError

router = APIRouter(tags=["health"])
Open = Annotated[None, Depends(PUBLIC)]


@router.get("/healthz")
async def healthz(_: Open) -> dict[str, str]:
    """Liveness: the process answers (no dependencies checked)."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request, _: Open) -> dict[str, Any]:
    """Readiness: the database and the object store answer; also says whether OCR (Tesseract) is available."""
    runtime = request.app.state.runtime
    checks: dict[str, str] = {}
    try:
        await run_in_threadpool(ping, runtime.engine)
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means "not ready"
        checks["database"] = f"unavailable ({type(exc).__name__})"
    try:
        await run_in_threadpool(runtime.store.check)
        checks["object_store"] = "ok"
    except StorageError as exc:
        checks["object_store"] = str(exc)
    # Reported, never a reason to be unready: born-digital documents are still read without it.
    ocr_status = (await run_in_threadpool(ocr.status, runtime.settings.tesseract_cmd)).as_dict()
    if any(v != "ok" for v in checks.values()):
        raise ServiceUnavailable("not ready: " + "; ".join(f"{k}: {v}" for k, v in checks.items()),
                                 extra={"checks": checks, "ocr": ocr_status})
    return {"status": "ready", "checks": checks, "ocr": ocr_status}
