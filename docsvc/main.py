"""The FastAPI application factory and its lifespan (state built once, torn down on shutdown)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response

from docsvc import __version__
from docsvc.auth.router import router as keys_router
from docsvc.config import Settings, get_settings
from docsvc.contracts.router import router as contracts_router
from docsvc.documents.router import router as documents_router
from docsvc.health.router import router as health_router
from docsvc.jobs.inprocess import InProcessWorker
from docsvc.problems import install_problem_handlers
from docsvc.runtime import Runtime, open_runtime


def create_app(
    settings: Settings | None = None, *, runtime: Runtime | None = None, worker: bool = True
) -> FastAPI:
    """The API. With the in-process queue (the embedded default) jobs run in a background thread of this
    process; with procrastinate they run in ``docsvc worker`` processes."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rt = runtime or open_runtime(settings or get_settings())
        app.state.runtime = rt
        app.state.sessions = rt.sessions
        app.state.store = rt.store
        background = InProcessWorker(rt) if worker and rt.settings.resolved_queue == "inprocess" else None
        if background:
            background.start()
        try:
            yield
        finally:
            if background:
                background.stop()
            if runtime is None:
                rt.close()

    app = FastAPI(
        title="docsvc",
        version=__version__,
        description="Contract repository: upload contracts, query extracted SLA terms, prices and scope.",
        lifespan=lifespan,
    )
    install_problem_handlers(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    app.include_router(health_router)
    app.include_router(keys_router)
    app.include_router(documents_router)
    app.include_router(contracts_router)
    return app
