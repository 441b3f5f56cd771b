"""The Jinja environment every template renders in: sandboxed, strict, escaped and bounded.

Templates are uploaded by users, so the environment assumes they are hostile:

* ``ImmutableSandboxedEnvironment`` refuses ``_``-prefixed and internal attributes (``__class__``,
  ``__globals__``) and methods that mutate lists and dicts.
* Only the allow-listed filters of ``filters.py`` exist; the only global is a bounded ``range``. Jinja's
  ``cycler``, ``joiner``, ``namespace``, ``lipsum`` and ``dict`` are gone, and there is no loader, so
  ``include``/``import``/``extends`` fail.
* The sandbox stops attribute escapes but not resource exhaustion, so ``*``, ``**``, ``+`` and ``%`` are
  intercepted and checked *before* they allocate, string methods are allow-listed (``format``, ``ljust`` …
  allocate without bound), macro recursion is capped and each render has a ``RenderBudget`` (wall-clock,
  output characters, loop iterations over ``range``) enforced from inside the render. The worker's rlimits
  remain the last line of defence.
* ``autoescape=True``: docxtpl renders the XML of the document parts, so a value must arrive XML-escaped
  (``Smith & Sons <GmbH>`` intact, ``</w:t><w:p>`` shown as text instead of becoming markup), and ``safe``
  is not an available filter.
* ``StrictUndefined`` with messages naming the full path (``contract.foo``), so a typo is an error, not a
  silently empty field.
"""

from __future__ import annotations

import contextlib
import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from jinja2 import BaseLoader, ChainableUndefined, StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing, object_type_repr

from docsvc.generate.bounded import weight
from docsvc.generate.errors import RenderLimitExceeded
from docsvc.generate.filters import filters_for

MAX_RANGE = 10_000
MAX_SEQUENCE = 1_000_000  # characters of a string or items of a list built by * or +
MAX_INT_BITS = 1024  # ~300 decimal digits; no document needs more
MAX_MACRO_DEPTH = 32
_CHECK_EVERY = 256  # output chunks between clock reads

# str methods a template may call; everything else (format, format_map, ljust, center, zfill, expandtabs,
# encode, join …) is refused because it can allocate without bound or is not document text.
SAFE_STR_METHODS = frozenset({
    "capitalize", "casefold", "count", "endswith", "find", "isalnum", "isalpha", "isdecimal", "isdigit",
    "islower", "isnumeric", "isspace", "istitle", "isupper", "lower", "lstrip", "partition", "removeprefix",
    "removesuffix", "rfind", "rpartition", "rsplit", "rstrip", "split", "splitlines", "startswith", "strip",
    "swapcase", "title", "upper",
})  # fmt: skip
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class RenderBudget:
    """Limits checked from inside one render (the worker adds CPU and memory rlimits on top)."""

    seconds: float = 30.0
    max_output_chars: int = 200_000_000  # XML characters across all parts, roughly 4x the DOCX size
    max_iterations: int = 1_000_000  # items produced by range() across the render


class _Usage:
    def __init__(self, budget: RenderBudget) -> None:
        self.budget = budget
        self.deadline = time.monotonic() + budget.seconds
        self.chars = 0
        self.iterations = 0

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderLimitExceeded(f"the template took longer than {self.budget.seconds:g} s to render")


_usage: ContextVar[_Usage | None] = ContextVar("docsvc_render_usage", default=None)


@contextlib.contextmanager
def render_budget(budget: RenderBudget) -> Iterator[None]:
    """Apply ``budget`` to every template rendered in this context (thread- and task-local)."""
    token = _usage.set(_Usage(budget))
    try:
        yield
    finally:
        _usage.reset(token)


def _current_usage() -> _Usage:
    usage = _usage.get()
    if usage is None:  # rendering outside render_budget(): default limits for this one call chain
        usage = _Usage(RenderBudget())
        _usage.set(usage)
    return usage


class PathDict(dict[str, Any]):
    """A context dict that knows its dotted path, so an undefined-variable message can name it."""

    __slots__ = ("_path",)

    def __init__(self, items: Iterable[tuple[str, Any]], path: str) -> None:
        super().__init__(items)
        self._path = path


class PathList(list[Any]):
    __slots__ = ("_path",)

    def __init__(self, items: Iterable[Any], path: str) -> None:
        super().__init__(items)
        self._path = path

    def __iter__(self) -> Iterator[Any]:
        # Loops over context lists count against the iteration budget like range() does: nested loops
        # multiply (3 SLA rows in 16 nested loops are 43 million iterations), and held a worker until its clock
        # ran out. Loops over lists written in the template itself remain bounded by that clock only.
        return _counted_items(super().__iter__())


class SampleData(PathDict):
    """``data`` in a dry run: the caller's fields are unknown at upload, so any ``data.*`` path is allowed."""

    __slots__ = ()

    def __missing__(self, key: str) -> Any:
        return ChainableUndefined(name=key)


def wrap_context(value: Any, path: str = "", *, free_data: bool = False) -> Any:
    """Copy a JSON-like context into ``PathDict``/``PathList`` (cheap: contexts are a few hundred nodes)."""
    if isinstance(value, Mapping):
        kind = SampleData if free_data and path == "data" else PathDict
        return kind(((str(k), wrap_context(v, f"{path}.{k}" if path else str(k), free_data=free_data))
                     for k, v in value.items()), path)
    if isinstance(value, list | tuple):
        return PathList((wrap_context(v, f"{path}[{i}]", free_data=free_data) for i, v in enumerate(value)), path)
    return value


class DocUndefined(StrictUndefined):
    """``StrictUndefined`` whose message names the whole path: "the template uses `contract.foo`, …"."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        name, obj = self._undefined_name, self._undefined_obj
        if obj is missing:
            return f"the template uses `{name}`, which is not defined"
        parent = getattr(obj, "_path", None)
        if parent is None:
            return f"{object_type_repr(obj)} has no attribute {name!r}"
        if not isinstance(name, str):
            return f"the template uses `{parent}[{name!r}]`, which is not defined"
        return f"the template uses `{parent}.{name}`, which is not defined"


class _NoLoader(BaseLoader):
    def get_source(self, environment: Any, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        # SecurityError, not TemplateNotFound: "{% include ... ignore missing %}" must not swallow it
        raise SecurityError("a template cannot include, import or extend other templates")


def _finalize(value: Any) -> Any:
    """What ``{{ value }}`` prints: None as empty text; characters XML 1.0 forbids are dropped."""
    if value is None:
        return ""
    if isinstance(value, str) and _XML_INVALID.search(value):
        return type(value)(_XML_INVALID.sub("", value))  # keeps Markup as Markup
    return value


def bounded_range(*args: int) -> Iterator[int]:
    """``range`` capped at ``MAX_RANGE`` items per call, counted against the render's iteration budget."""
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise RenderLimitExceeded(f"range() is limited to {MAX_RANGE:,} items; this one has {len(numbers):,}")
    return _counted_items(iter(numbers))


def _counted_items(items: Iterator[Any]) -> Iterator[Any]:
    usage = _current_usage()
    for item in items:
        usage.iterations += 1
        if usage.iterations > usage.budget.max_iterations:
            raise RenderLimitExceeded(f"the template loops more than {usage.budget.max_iterations:,} times")
        if usage.iterations % _CHECK_EVERY == 0:
            usage.check_time()
        yield item


def _length(value: Any) -> int | None:
    # nested weight, not len(): [("x" * 999999)] * 999999 is one item long but a trillion characters heavy
    return weight(value) if isinstance(value, str | list | tuple) else None


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be huge, before Python allocates it."""
    if operator == "%" and isinstance(left, str):
        raise SecurityError("%-formatting of strings is not allowed in templates; use the filters instead")
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            size = _length(seq)
            if size is not None and isinstance(times, int) and size * max(times, 0) > MAX_SEQUENCE:
                raise RenderLimitExceeded(f"repeating a value {times:,} times exceeds {MAX_SEQUENCE:,} items")
        if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise RenderLimitExceeded("the product is too large a number")
    elif operator == "**" and ints and right > 0 and abs(left) > 1:
        if (abs(left).bit_length() - 1) * right > MAX_INT_BITS:
            raise RenderLimitExceeded(f"{left} ** {right} is too large a number")
    elif operator == "+":
        sizes = (_length(left), _length(right))
        if sizes[0] is not None and sizes[1] is not None and sizes[0] + sizes[1] > MAX_SEQUENCE:
            raise RenderLimitExceeded(f"joining these values exceeds {MAX_SEQUENCE:,} items")


_macro_depth: ContextVar[int] = ContextVar("docsvc_macro_depth", default=0)


class DocxEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> None:
        # No sandboxed str.format: call() refuses format/format_map outright (width specifiers allocate).
        return None

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Context values are JSON: a key wins over a dict method, so `contract.pricing.items` is the price list
        if isinstance(obj, Mapping) and attribute in obj:
            return obj[attribute]
        if isinstance(obj, SampleData) and not attribute.startswith("_"):
            return obj[attribute]
        return super().getattr(obj, attribute)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Any:
        return self.undefined(f"access to attribute {attribute!r} is not allowed in templates",
                              name=attribute, obj=obj, exc=SecurityError)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's API
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            name = getattr(__obj, "__name__", "")
            if name not in SAFE_STR_METHODS:
                raise SecurityError(f"the string method {name!r} is not allowed in templates")
        if isinstance(__obj, Macro):
            depth = _macro_depth.get() + 1
            if depth > MAX_MACRO_DEPTH:
                raise RenderLimitExceeded(f"macros call each other more than {MAX_MACRO_DEPTH} levels deep")
            token = _macro_depth.set(depth)
            try:
                return super().call(__context, __obj, *args, **kwargs)
            finally:
                _macro_depth.reset(token)
        return super().call(__context, __obj, *args, **kwargs)

    def concat(self, parts: Iterable[str]) -> str:
        """Template.render's join, with the output and time budget checked while the parts are produced."""
        usage = _current_usage()
        out: list[str] = []
        for count, part in enumerate(parts, 1):
            usage.chars += len(part)
            if usage.chars > usage.budget.max_output_chars:
                raise RenderLimitExceeded(
                    f"the document would be larger than {usage.budget.max_output_chars:,} characters of XML"
                )
            if count % _CHECK_EVERY == 0:
                usage.check_time()
            out.append(part)
        usage.check_time()
        return "".join(out)


@functools.cache
def make_environment(language: str) -> DocxEnvironment:
    """The environment for templates in ``language`` ("en" or "de"), built once per language per process."""
    env = DocxEnvironment(
        undefined=DocUndefined,
        autoescape=True,
        loader=_NoLoader(),
        finalize=_finalize,
        cache_size=0,  # from_string() is not cached by Jinja anyway; the worker caches compiled parts
    )
    env.filters = filters_for(language)
    env.globals = {"range": bounded_range}
    return env
