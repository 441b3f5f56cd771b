"""A token bucket of failed authentications per client address.

Each address may fail ``per_minute`` times in a burst; a failure spends a token and tokens come back at
``per_minute`` a minute. An address with no token left gets 429 on protected routes until one is back, unless
it sends a key this process has recently seen succeed (so a NAT neighbour's guessing does not lock out valid
callers). Successful requests never spend a token.

The state is in memory, per process: with ``serve --workers N`` each worker counts on its own, so an address
may fail up to N times the budget a minute. That bounds guessing and the database lookups it costs; it is
not a distributed ban list.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable


class FailedAuthLimiter:
    MAX_ADDRESSES = 10_000  # past this, addresses whose bucket has refilled are forgotten

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens per second
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # address -> (tokens, at)

    @property
    def enabled(self) -> bool:
        return self.capacity > 0

    def _tokens(self, address: str, now: float) -> float:
        entry = self._buckets.get(address)
        if entry is None:
            return self.capacity
        tokens, at = entry
        return min(self.capacity, tokens + (now - at) * self.rate)

    def retry_after(self, address: str) -> int | None:
        """Seconds until ``address`` may try again, or None when it may now."""
        if not self.enabled or address not in self._buckets:
            return None
        tokens = self._tokens(address, self.clock())
        if tokens >= 1.0:
            return None
        return max(1, math.ceil((1.0 - tokens) / self.rate))

    def failed(self, address: str) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if len(self._buckets) >= self.MAX_ADDRESSES and address not in self._buckets:
            self._prune(now)
        self._buckets[address] = (max(0.0, self._tokens(address, now) - 1.0), now)

    def _prune(self, now: float) -> None:
        full = [a for a in self._buckets if self._tokens(a, now) >= self.capacity]
        for address in full:
            del self._buckets[address]
        if len(self._buckets) >= self.MAX_ADDRESSES:  # all of them busy failing: start over
            self._buckets.clear()
