"""Import spaCy without its command line.

``import spacy`` runs ``from .cli.info import info`` (for the ``spacy.info()`` helper), and that imports spaCy's
whole CLI: weasel, httpx, requests and the typer apps of download/train/init — about a third of spaCy's import
time (0.15 s of 0.48 s on the 2-core CI machine), paid by every ``docsvc extract`` for nothing: docsvc never
calls spaCy's CLI. So before spaCy's first import, ``spacy.cli`` is registered as its real package directory
*without* running the package ``__init__`` (its submodules still import normally), and ``spacy.cli.info`` as a
module whose ``info`` swaps in the real one on first call. A spaCy release that imports more from ``spacy.cli``
at import time gets an ImportError here; then spaCy is imported the ordinary way.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from pathlib import Path
from typing import Any

_STUBS = ("spacy.cli.info", "spacy.cli")


def import_spacy() -> None:
    """Import spaCy (once per process) without its CLI; idempotent, safe when spaCy is already imported."""
    if "spacy" in sys.modules:
        return
    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        importlib.import_module("spacy")  # raises the ordinary ModuleNotFoundError
        return
    package = types.ModuleType("spacy.cli")
    package.__path__ = [str(Path(spec.origin).parent / "cli")]
    package.__package__ = "spacy.cli"
    info = types.ModuleType("spacy.cli.info")
    info.info = _real_info  # type: ignore[attr-defined]
    sys.modules.update({"spacy.cli": package, "spacy.cli.info": info})
    try:
        importlib.import_module("spacy")
    except ImportError:
        _drop_stubs()
        sys.modules.pop("spacy", None)
        importlib.import_module("spacy")


def _drop_stubs() -> None:
    for name in _STUBS:
        sys.modules.pop(name, None)


def _real_info(*args: Any, **kwargs: Any) -> Any:
    _drop_stubs()
    real = importlib.import_module("spacy.cli.info")
    return real.info(*args, **kwargs)
