"""Field types shared by API schemas: every decimal, string and free JSON value a request carries goes through
one of these, so what reaches the database is bounded and storable on SQLite and PostgreSQL alike.

Decimals in requests may be JSON numbers or strings ("0.0045" keeps its precision, a JSON number may not).
Pydantic's own ``Decimal`` accepts *any* numeric string — "1e-999999" is a million characters once written
out with ``format(v, "f")`` — so the string form must match the published pattern (no exponent, bounded
digits) and the number form must be finite and is rounded to the 8 decimal places a string may carry (a JSON
number is a binary float: it carries no exact decimal places to keep).

Strings refuse C0 control characters (PostgreSQL rejects NUL in text and jsonb; the others only corrupt
logs, CSV exports and generated documents) and lone surrogates (JSON allows ``"\\ud800"``, but no encoder
can write it back out): ``Line`` for one-line values, ``Text`` for free text, which may hold tab, CR and LF.
``JsonObject``/``JsonValue`` bound free-form JSON (review values, generation data) in depth and size too.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, GetJsonSchemaHandler, WithJsonSchema
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

DECIMAL_PLACES = 8
_PLACES = Decimal(1).scaleb(-DECIMAL_PLACES)
MAX_JSON_DEPTH = 32
MAX_JSON_NODES = 10_000
MAX_JSON_STRING = 100_000
MAX_JSON_INT = 2**63 - 1  # what a 64-bit JSON reader (and orjson, on the way out) can represent

# Published as ECMA patterns (the escapes read the same in Python's re), enforced by the validators below.
LINE_PATTERN = r"^[^\x00-\x1f]*$"
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
_LINE_BAD = re.compile(r"[\x00-\x1f]")
_TEXT_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def text_problem(value: str, *, multiline: bool = True) -> str | None:
    """Why ``value`` cannot be stored, or None. Shared with form fields and query parameters."""
    if _SURROGATE.search(value):
        return "must not contain unpaired UTF-16 surrogates (U+D800-U+DFFF)"
    if (_TEXT_BAD if multiline else _LINE_BAD).search(value):
        allowed = " other than tab, CR and LF" if multiline else ""
        return f"must not contain control characters (U+0000-U+001F{allowed})"
    return None


def _checked(multiline: bool) -> Any:
    def check(value: str) -> str:
        if (problem := text_problem(value, multiline=multiline)) is not None:
            raise PydanticCustomError("string_characters", problem)
        return value
    return check


@dataclass(frozen=True)
class _Pattern:
    """Adds the pattern to the published schema only: a pydantic ``pattern`` would be the field's one pattern
    (some fields have their own) and reports lone surrogates as a bare "unable to parse"."""

    pattern: str

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        result = handler(schema)
        result.setdefault("pattern", self.pattern)
        return result


Line = Annotated[str, AfterValidator(_checked(False)), _Pattern(LINE_PATTERN)]
Text = Annotated[str, AfterValidator(_checked(True)), _Pattern(TEXT_PATTERN)]


def json_problem(value: Any) -> str | None:
    """Why a free-form JSON value cannot be stored, or None; walked iteratively, so depth costs no stack."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    nodes = 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > MAX_JSON_NODES:
            return f"has more than {MAX_JSON_NODES:,} values"
        if depth >= MAX_JSON_DEPTH and isinstance(item, dict | list):  # the value itself is level 1
            return f"is nested deeper than {MAX_JSON_DEPTH} levels"
        if isinstance(item, str):
            if len(item) > MAX_JSON_STRING:
                return f"has a string longer than {MAX_JSON_STRING:,} characters"
            if (problem := text_problem(item)) is not None:
                return f"has a string that {problem}"
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if abs(item) > MAX_JSON_INT:
                return f"has an integer beyond ±{MAX_JSON_INT}"
        elif isinstance(item, float):
            if not math.isfinite(item):
                return "has a number out of range (NaN, Infinity or beyond ±1.8e308)"
        elif isinstance(item, dict):
            for key, child in item.items():
                stack.append((key, depth + 1))
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
        else:  # only reachable from Python callers: a request body holds JSON types only
            return f"has a value of type {type(item).__name__}, which is not JSON"
    return None


def _json_checked(value: Any) -> Any:
    if (problem := json_problem(value)) is not None:
        raise PydanticCustomError("json_value", problem)
    return value


JSON_LIMITS = (f" At most {MAX_JSON_DEPTH} levels deep and {MAX_JSON_NODES:,} values; strings without control "
               "characters other than tab, CR and LF; integers within ±2^63; finite numbers.")
JsonValue = Annotated[Any, AfterValidator(_json_checked)]
JsonObject = Annotated[dict[str, Any], AfterValidator(_json_checked)]


def _decimal_input(pattern: re.Pattern[str], number_minimum: float | None) -> Any:
    def parse(value: Any) -> Any:
        if isinstance(value, str):
            if not pattern.fullmatch(value):
                raise PydanticCustomError("decimal_pattern", "must be a decimal string matching {pattern}",
                                          {"pattern": pattern.pattern})
            return Decimal(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise PydanticCustomError("finite_number", "must be a finite number")
            if number_minimum is not None and value < number_minimum:
                raise PydanticCustomError("greater_than_equal", "must be at least {minimum}",
                                          {"minimum": number_minimum})
            number = Decimal(repr(value))  # the shortest repr: 131.4, not 131.400000000000005684...
            exponent = number.as_tuple().exponent
            # 17 significant digits at most, so a number with places to drop is below 1e9: quantize is exact.
            return number.quantize(_PLACES, rounding=ROUND_HALF_EVEN) \
                if isinstance(exponent, int) and exponent < -DECIMAL_PLACES else number
        if isinstance(value, Decimal):  # from Python callers (the CSV import): the same bounds as a string
            exponent = value.normalize().as_tuple().exponent if value.is_finite() else "F"
            if not isinstance(exponent, int) or exponent < -DECIMAL_PLACES:
                raise PydanticCustomError("decimal_places", "must be a finite decimal with at most {places} places",
                                          {"places": DECIMAL_PLACES})
        return value  # int, anything else: pydantic's own checks (and the bounds) decide
    return parse


def decimal_type(*, ge: int | None = None, gt: int | None = None, le: int, integer_digits: int,
                 signed: bool = False, pattern: str | None = None) -> Any:
    sign = "-?" if signed else ""
    # The string form: at most `integer_digits` digits before the point, so it cannot pass the bound either.
    string_pattern = pattern or rf"^{sign}\d{{1,{integer_digits}}}(\.\d{{1,{DECIMAL_PLACES}}})?$"
    number: dict[str, Any] = {"type": "number", "maximum": le}
    number_minimum = None
    if ge is not None:
        number["minimum"] = ge
    if gt is not None:
        # A number is rounded to 8 places, so the smallest one kept above `gt` is gt + 1e-8.
        number_minimum = float(Decimal(gt) + _PLACES)
        number["minimum"] = number_minimum
    string = {"type": "string", "pattern": string_pattern}
    return Annotated[Decimal, BeforeValidator(_decimal_input(re.compile(string_pattern, re.ASCII), number_minimum)),
                     Field(ge=ge, gt=gt, le=le), WithJsonSchema({"anyOf": [number, string]})]


Quantity = decimal_type(ge=0, le=999_999_999, integer_digits=9)
Amount = decimal_type(ge=-999_999_999_999, le=999_999_999_999, integer_digits=12, signed=True)
Percent = decimal_type(ge=-100, le=999, integer_digits=3, signed=True,
                       pattern=r"^(-?\d{1,2}(\.\d{1,8})?|-100(\.0{1,8})?|\d{3}(\.\d{1,8})?)$")
# positive: a non-zero integer part, or a non-zero digit among the (at most 8) places; no lookahead, which
# not every JSON Schema tool supports
_NON_ZERO_PLACES = "|".join(rf"0{{{zeros}}}[1-9]\d{{0,{7 - zeros}}}" for zeros in range(8))
IndexNumber = decimal_type(gt=0, le=999_999, integer_digits=6,
                           pattern=rf"^([1-9]\d{{0,5}}(\.\d{{1,8}})?|0?\.({_NON_ZERO_PLACES}))$")
