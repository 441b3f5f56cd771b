"""Loading the extraction engine (spaCy, the pipelines, the extractors) without paying for it twice.

Loading creates ~100,000 long-lived objects. While they are created, CPython's cyclic garbage collector runs
every few hundred allocations and walks ever more of them: ~0.15 s of a ``docsvc extract`` cold start, freeing
next to nothing. Afterwards every full collection walks them all again: ~0.04 s (0.1-0.2 s on a loaded machine)
about once every ten documents, ~3 % of steady-state time. So the collector pauses while loading and the loaded
objects are then frozen (``gc.freeze``: moved out of its reach for good, as ``docsvc serve`` does once
started). The price is the cyclic garbage loading leaves (~25,000 objects, no measurable RSS), which stays.
Regular expressions compiled meanwhile come from the compiled-regex cache (``regex_cache``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from docsvc.extract.regex_cache import cached_regexes


@contextmanager
def loading() -> Iterator[None]:
    """Around imports and pipeline building: no collections meanwhile, the result frozen afterwards."""
    enabled = gc.isenabled()  # False inside an outer loading() block: that one turns it back on
    gc.disable()
    try:
        with cached_regexes():
            yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
