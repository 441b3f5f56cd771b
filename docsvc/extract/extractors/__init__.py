"""Extractors are plug-ins: each module in this package's field-family subpackages (``sla/``, ``pricing/``,
``parties/``, ``term/``, ``law/``, ``document/``) registers functions with ``@extractor``.

An extractor reads the analysed document and returns a fragment of the contract record, e.g.
``{"governing_law": {...}}`` or ``{"pricing": {"items": [...]}}``. Fragments are deep-merged in ``order``;
later extractors see what earlier ones found (novation roles build on parties, the document type on both).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from docsvc.extract.context import DocContext

Fragment = dict[str, Any]
ExtractorFn = Callable[[DocContext, Mapping[str, Any]], Fragment]


@dataclass(frozen=True, slots=True)
class ExtractorSpec:
    name: str
    fn: ExtractorFn
    order: int


_REGISTRY: dict[str, ExtractorSpec] = {}


def extractor(name: str, *, order: int = 100) -> Callable[[ExtractorFn], ExtractorFn]:
    def register(fn: ExtractorFn) -> ExtractorFn:
        if name in _REGISTRY and _REGISTRY[name].fn is not fn:
            raise ValueError(f"extractor {name!r} is registered twice")
        _REGISTRY[name] = ExtractorSpec(name, fn, order)
        return fn

    return register


@cache
def _discover() -> None:
    for info in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        importlib.import_module(info.name)


def registered() -> list[ExtractorSpec]:
    """All extractors in run order; the package's modules are imported (and so register) once per process."""
    _discover()
    return sorted(_REGISTRY.values(), key=lambda spec: (spec.order, spec.name))


def deep_merge(into: dict[str, Any], fragment: Mapping[str, Any]) -> None:
    for key, val in fragment.items():
        if isinstance(val, Mapping) and isinstance(into.get(key), dict) and "value" not in val:
            deep_merge(into[key], val)
        else:
            into[key] = val
