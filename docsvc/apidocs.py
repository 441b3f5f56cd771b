"""``/docs``: Swagger UI served from the installed ``swagger-ui-bundle-v2`` package, never from a CDN.

FastAPI's default page loads its script from a CDN, which a server without network cannot reach and which a
Content-Security-Policy of ``'self'`` must forbid. The page's one inline script is allowed by its hash, so the
page gets a CSP as strict as the API's otherwise (``style-src 'unsafe-inline'``: Swagger UI sets style
attributes from script).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

from docsvc.deps import PUBLIC

ASSETS = "/docs/assets"
# Only what the page loads (the bundle's source maps and alternative builds stay unserved).
ASSET_FILES = frozenset({"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "favicon-16x16.png"})
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


class _Assets(StaticFiles):
    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        if path not in ASSET_FILES:
            return "", None
        return super().lookup_path(path)


def docs_csp(html: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group(1).encode()).digest()).decode() + "'"
        for m in _INLINE_SCRIPT.finditer(html))
    return (f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")


def install_api_docs(app: FastAPI) -> None:
    """Call on an app created with ``docs_url=None, redoc_url=None``."""
    app.mount(ASSETS, _Assets(directory=Path(str(swagger_ui_path))), name="swagger-ui-assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(_: Annotated[None, Depends(PUBLIC)]) -> HTMLResponse:
        """Interactive API documentation (Swagger UI, served from the package)."""
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} - API docs",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js", swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png", oauth2_redirect_url=None,
            swagger_ui_parameters={"validatorUrl": None},  # the default badge calls an online validator
        )
        html = bytes(page.body).decode()
        return HTMLResponse(html, headers={"Content-Security-Policy": docs_csp(html)})
