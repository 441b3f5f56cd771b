"""The FastAPI application factory and its lifespan (state built once, torn down on shutdown)."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from docsvc import __version__
from docsvc.apidocs import API_CSP, install_api_docs
from docsvc.auth.router import router as keys_router
from docsvc.billing.router import router as billing_router
from docsvc.calendars.router import router as calendars_router
from docsvc.change_requests.router import router as change_requests_router
from docsvc.config import Settings, get_settings
from docsvc.contracts.router import router as contracts_router
from docsvc.contracts.sla_reads import open_sla_reader
from docsvc.customers.router import router as customers_router
from docsvc.deadlines.router import router as deadlines_router
from docsvc.documents.router import router as documents_router
from docsvc.documents.sources import router as sources_router
from docsvc.generation.router import router as generated_router
from docsvc.health.router import router as health_router
from docsvc.http_guard import RequestGuard
from docsvc.jobs.inprocess import InProcessWorker
from docsvc.jobs.recovery import recover as recover_after_crash
from docsvc.openapi import problem_openapi
from docsvc.organisation.router import router as organisation_router
from docsvc.pagination import CursorCodec, installation_secret
from docsvc.price_reviews.router import router as price_reviews_router
from docsvc.problems import install_problem_handlers
from docsvc.review.router import router as review_router
from docsvc.runtime import Runtime, open_runtime
from docsvc.sla_reports.router import router as sla_reports_router
from docsvc.templates_store.router import router as templates_router
from docsvc.ui import install_ui
from docsvc.users.router import router as users_router
from docsvc.webhooks.router import router as webhooks_router


class SecurityHeaders:
    """Adds ``nosniff``, ``no-store``, a CSP that forbids framing and every source (``/docs`` sets its own) and
    ``no-referrer`` to every response. Pure ASGI: ``@app.middleware("http")`` costs ~8% of the CPU of a small
    JSON request (measured with benchmarks/sla_query.py)."""

    HEADERS = ((b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store"),
               (b"content-security-policy", API_CSP.encode()), (b"x-frame-options", b"DENY"),
               (b"referrer-policy", b"no-referrer"))

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    settings: Settings | None = None, *, runtime: Runtime | None = None, worker: bool = True,
    freeze_gc: bool = False,
) -> FastAPI:
    """The API. With the in-process queue (the embedded default) jobs run in a background thread of this
    process; with procrastinate they run in ``docsvc worker`` processes.

    ``freeze_gc`` (``docsvc serve``): once started, the ~220,000 objects of the loaded modules are moved out of
    the garbage collector's reach. Otherwise every full collection walks them all, a pause of 50-130 ms that
    every request in flight waits out (the p99 of benchmarks/sla_query.py). Tests leave it off: they build
    many apps in one process, whose garbage a frozen collector would keep.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rt = runtime or open_runtime(settings or get_settings())
        app.state.runtime = rt
        app.state.sessions = rt.sessions
        app.state.store = rt.store
        secret = rt.settings.cursor_secret.get_secret_value() if rt.settings.cursor_secret else None
        app.state.cursors = CursorCodec(installation_secret(secret, rt.settings.home))
        app.state.sla_reader = await open_sla_reader(rt.engine, connections=rt.settings.sla_read_connections,
                                                     cursors=app.state.cursors)
        background = InProcessWorker(rt) if worker and rt.settings.resolved_queue == "inprocess" else None
        # Before serving: jobs and temporary files of a server that was killed are not waited out for 600 s.
        recover_after_crash(rt, runs=background is not None)
        if background:
            background.start()
        if freeze_gc:
            gc.collect()
            gc.freeze()
        try:
            yield
        finally:
            if background:
                background.stop()
            await app.state.sla_reader.close()
            if runtime is None:
                rt.close()

    app = FastAPI(
        title="docsvc",
        version=__version__,
        description="Contract repository: upload contracts, query extracted SLA terms, prices and scope; generate "
                    "documents from Word templates, check change requests against scope, compute price reviews.",
        lifespan=lifespan, docs_url=None, redoc_url=None,
    )
    install_problem_handlers(app)
    app.openapi = lambda: problem_openapi(app)  # type: ignore[method-assign]

    install_api_docs(app)
    app.add_middleware(RequestGuard)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so the guard's own answers get the headers too
    app.include_router(health_router)
    app.include_router(keys_router)
    app.include_router(documents_router)
    app.include_router(contracts_router)
    app.include_router(customers_router)
    app.include_router(sources_router)
    app.include_router(review_router)
    app.include_router(templates_router)
    app.include_router(generated_router)
    app.include_router(change_requests_router)
    app.include_router(price_reviews_router)
    app.include_router(webhooks_router)
    app.include_router(organisation_router)
    app.include_router(users_router)
    app.include_router(sla_reports_router)
    app.include_router(calendars_router)
    app.include_router(deadlines_router)
    app.include_router(billing_router)
    install_ui(app)  # the web workbench under /ui (its own CSP, session cookies, no API keys)
    return app


def create_served_app() -> FastAPI:
    """The factory each process of ``docsvc serve --workers N`` builds its app with."""
    return create_app(freeze_gc=True)
