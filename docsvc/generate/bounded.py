"""Size checks for everything in the template sandbox that builds a sequence, done before it is built.

Issue 10, finding 10: ``{{ [1]|slice(50000000, 'x') }}`` built fifty million lists and held the only render
worker for ~20 s per upload. The sandbox's own checks (``environment._check_binop``) covered ``*`` and ``+`` on
the immediate operands only, so ``[('x' * 999999)] * 999999`` (a list of a million references to one long
string) still passed and blew up when printed or joined. Sizes are now *weights*: characters of strings plus
items of lists and dicts, counted through nested values, and the filters that amplify their input (``slice``
and ``batch`` fill up to a count the template chooses, ``join`` repeats its separator, ``sum`` concatenates
when given a list to start from) check the weight of their result first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from jinja2 import filters as jinja_filters
from jinja2 import pass_environment, pass_eval_context
from jinja2.environment import Environment
from jinja2.nodes import EvalContext

from docsvc.generate.errors import RenderLimitExceeded

MAX_WEIGHT = 1_000_000  # characters plus items of one value built in a template
MAX_SLICES = 1_000  # columns from |slice: a document has a handful
MAX_BATCH = 10_000  # rows per batch from |batch


def weight(value: Any, limit: int = MAX_WEIGHT) -> int:
    """Characters of strings plus items of lists/tuples/dicts, through nested values; stops once above
    ``limit`` (so a huge value costs no more than ``limit`` steps to weigh). Values cannot be cyclic: context
    values are JSON and the sandbox cannot mutate lists."""
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, list | tuple):
            total += len(item)
            stack.extend(item)
        elif isinstance(item, Mapping):
            total += len(item)
            stack.extend(item.values())
        if total > limit:
            break
    return total


def _refuse(what: str) -> RenderLimitExceeded:
    return RenderLimitExceeded(f"{what} would build more than {MAX_WEIGHT:,} items or characters")


def bounded_slice(value: Any, slices: int, fill_with: Any = None) -> Any:
    if not isinstance(slices, int) or not 0 < slices <= MAX_SLICES:
        raise RenderLimitExceeded(f"slice() takes 1 to {MAX_SLICES:,} columns")
    items = list(value)
    if weight(items) + slices * (2 + weight(fill_with)) > MAX_WEIGHT:
        raise _refuse("this slice()")
    return jinja_filters.sync_do_slice(items, slices, fill_with)


def bounded_batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
    if not isinstance(linecount, int) or not 0 < linecount <= MAX_BATCH:
        raise RenderLimitExceeded(f"batch() takes 1 to {MAX_BATCH:,} items per batch")
    items = list(value)
    fill = linecount * (1 + weight(fill_with)) if fill_with is not None else 0
    if weight(items) + len(items) // linecount + fill > MAX_WEIGHT:
        raise _refuse("this batch()")
    return jinja_filters.do_batch(items, linecount, fill_with)


@pass_eval_context
def bounded_join(eval_ctx: EvalContext, value: Iterable[Any], d: str = "", attribute: str | int | None = None) -> str:
    items = list(value)
    if weight(items) + len(str(d)) * max(len(items) - 1, 0) > MAX_WEIGHT:
        raise _refuse("this join()")
    joined: str = jinja_filters.sync_do_join(eval_ctx, items, d, attribute)
    return joined


@pass_environment
def bounded_sum(environment: Environment, iterable: Iterable[Any], attribute: str | int | None = None,
                start: Any = 0) -> Any:
    if not isinstance(start, int | float | Decimal):
        raise RenderLimitExceeded("sum() adds numbers; start must be a number")  # a list start concatenates
    return jinja_filters.sync_do_sum(environment, iterable, attribute, start)


BOUNDED_FILTERS: dict[str, Callable[..., Any]] = {
    "slice": bounded_slice, "batch": bounded_batch, "join": bounded_join, "sum": bounded_sum,
}
