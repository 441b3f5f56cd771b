"""Bounded, fair slots for the expensive steps of generation (rendering, PDF conversion).

Issue 10, finding 10: with one render worker, three slow uploads by one tenant delayed another tenant's
generation from 0.46 s to 61.9 s. ``FairSlots`` gives each step a fixed number of slots and each *owner*
(the caller's customer, or its key for keys without a customer) at most ``per_owner`` of them, so no owner can
take every slot. A caller over its share is refused at once (``GenerationBusy``, a 503 with Retry-After)
instead of waiting: a waiting request holds one of the web server's threads, and an owner with many waiting
requests would exhaust those instead. When all slots are busy, a caller waits a short while, then is refused.

The owner travels in a context variable (``owned_by``), set where the caller is known: the generation
service and the template upload. Code that sets none (the CLI, seeding built-ins, tests) is not capped per
owner, only by the slot count.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

from docsvc.generate.errors import GenerationBusy

_owner: ContextVar[str | None] = ContextVar("docsvc_generation_owner", default=None)


@contextmanager
def owned_by(owner: str | None) -> Iterator[None]:
    """Count the slots taken inside this block against ``owner``."""
    token = _owner.set(owner)
    try:
        yield
    finally:
        _owner.reset(token)


class _Caller(Protocol):
    @property
    def key_id(self) -> object: ...
    @property
    def customer_id(self) -> object | None: ...


def owner_of(principal: _Caller) -> str:
    """The fairness key of an API caller: its customer, or its own key when it is not bound to one."""
    return f"customer:{principal.customer_id}" if principal.customer_id is not None else f"key:{principal.key_id}"


def current_owner() -> str | None:
    return _owner.get()


class FairSlots:
    """``size`` slots, numbered 0..size-1, at most ``per_owner`` held by one owner at a time."""

    def __init__(self, size: int, *, per_owner: int, wait_seconds: float, busy: type[GenerationBusy],
                 what: str) -> None:
        if size < 1 or per_owner < 1:
            raise ValueError("size and per_owner must be at least 1")
        self.size, self.per_owner, self.wait_seconds = size, min(per_owner, size), wait_seconds
        self._busy, self._what = busy, what
        self._free = list(range(size - 1, -1, -1))
        self._held: Counter[str] = Counter()
        self._cond = threading.Condition()

    @property
    def in_use(self) -> int:
        with self._cond:
            return self.size - len(self._free)

    @contextmanager
    def hold(self, owner: str | None = None) -> Iterator[int]:
        """A slot number for the duration of the block; raises ``busy`` when none can be had in time."""
        owner = owner if owner is not None else current_owner()
        slot = self._acquire(owner)
        try:
            yield slot
        finally:
            with self._cond:
                self._free.append(slot)
                if owner is not None:
                    self._held[owner] -= 1
                    if self._held[owner] <= 0:
                        del self._held[owner]
                self._cond.notify_all()

    def _acquire(self, owner: str | None) -> int:
        deadline = time.monotonic() + self.wait_seconds
        with self._cond:
            if owner is not None and self._held[owner] >= self.per_owner:
                raise self._busy(f"you already have {self._held[owner]} {self._what} running, your share of the "
                                 f"{self.size} this server runs at once; try again when it has finished")
            while not self._free:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._cond.wait(remaining):
                    if not self._free:
                        raise self._busy(f"all {self.size} {self._what} slots are busy; try again in a few seconds")
                if owner is not None and self._held[owner] >= self.per_owner:  # took its share while waiting
                    raise self._busy(f"you already have {self.per_owner} {self._what} running; try again later")
            if owner is not None:
                self._held[owner] += 1
            return self._free.pop()
