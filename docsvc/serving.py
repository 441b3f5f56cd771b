"""uvicorn options of ``docsvc serve``, and its HTTP protocol with a deadline for request headers.

uvicorn times out an idle keep-alive connection but not one that is opened and then sends nothing, or sends
its headers a byte at a time (slowloris): each byte cancels the keep-alive timer, so a few hundred such
connections hold the server's sockets forever. ``GuardedHttpToolsProtocol`` closes a connection whose request
headers are not complete ``DOCSVC_HEADER_READ_TIMEOUT_SECONDS`` after it opened or after its previous
response; a stalled *body* is the request guard's job (docsvc/http_guard.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from docsvc.config import Settings, get_settings

PROTOCOL = "docsvc.serving:GuardedHttpToolsProtocol"
MAX_INCOMPLETE_EVENT_BYTES = 16 * 1024  # h11 only (the pure-Python fallback): bound on buffered header bytes


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout = get_settings().header_read_timeout_seconds
        self._header_deadline: asyncio.TimerHandle | None = None

    def _arm_header_deadline(self) -> None:
        self._cancel_header_deadline()
        self._header_deadline = self.loop.call_later(self.header_timeout, self._header_deadline_passed)

    def _cancel_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _header_deadline_passed(self) -> None:
        self._header_deadline = None
        waiting_for_headers = self.cycle is None or self.cycle.response_complete
        if waiting_for_headers and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_deadline()

    def on_headers_complete(self) -> None:
        self._cancel_header_deadline()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_deadline()
        super().connection_lost(exc)


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    return {"http": PROTOCOL, "timeout_keep_alive": settings.keep_alive_timeout_seconds,
            "h11_max_incomplete_event_size": MAX_INCOMPLETE_EVENT_BYTES}
