"""Contract extraction as a library: no web app, no database, no network.

    from docsvc.extract import ContractExtractor
    record = ContractExtractor().extract(Path("msa.pdf"))

Names are imported lazily so that light users (the record schema, the normalisers) do not load spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from docsvc.extract.engine import ContractExtractor
    from docsvc.extract.errors import ExtractionError
    from docsvc.extract.record import SCHEMA_VERSION, ContractRecord

__all__ = ["SCHEMA_VERSION", "ContractExtractor", "ContractRecord", "ExtractionError", "__version__"]

_LAZY = {
    "ContractExtractor": "docsvc.extract.engine",
    "ExtractionError": "docsvc.extract.errors",
    "ContractRecord": "docsvc.extract.record",
    "SCHEMA_VERSION": "docsvc.extract.record",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
