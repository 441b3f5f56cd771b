"""The web workbench under /ui: server-rendered pages (Jinja2) with a little plain JavaScript, no build step."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from docsvc.ui.web import HERE, PREFIX


def install_ui(app: FastAPI) -> None:
    from docsvc.ui import (
        admin_pages,
        auth_pages,
        change_request_pages,
        contract_pages,
        generated_pages,
        price_review_pages,
        row_pages,
        settings_pages,
        template_pages,
        work_pages,
    )

    app.mount(f"{PREFIX}/static", StaticFiles(directory=HERE / "static"), name="ui-static")
    for module in (auth_pages, work_pages, contract_pages, row_pages, template_pages, admin_pages, settings_pages):
        app.include_router(module.router)
    for module in (change_request_pages, price_review_pages, generated_pages):
        app.include_router(module.router)
