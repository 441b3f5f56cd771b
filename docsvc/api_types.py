"""Field types shared by API schemas.

Decimals in requests may be JSON numbers or strings ("0.0045" keeps its precision, a JSON number may not).
Pydantic's own schema for ``Decimal`` accepts *any* string, so a client reading the OpenAPI document would
think "abc" valid; these types publish what is really accepted: a pattern for the string form and the same
bounds for the number form.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, WithJsonSchema


def decimal_type(*, ge: int | None = None, gt: int | None = None, le: int, integer_digits: int,
                 signed: bool = False, pattern: str | None = None) -> Any:
    sign = "-?" if signed else ""
    number: dict[str, Any] = {"type": "number", "maximum": le}
    if ge is not None:
        number["minimum"] = ge
    if gt is not None:
        number["exclusiveMinimum"] = gt
    # The string form: at most `integer_digits` digits before the point, so it cannot pass the bound either.
    string = {"type": "string", "pattern": pattern or rf"^{sign}\d{{1,{integer_digits}}}(\.\d{{1,8}})?$"}
    return Annotated[Decimal, Field(ge=ge, gt=gt, le=le), WithJsonSchema({"anyOf": [number, string]})]


Quantity = decimal_type(ge=0, le=999_999_999, integer_digits=9)
Amount = decimal_type(ge=-999_999_999_999, le=999_999_999_999, integer_digits=12, signed=True)
Percent = decimal_type(ge=-100, le=999, integer_digits=3, signed=True,
                       pattern=r"^(-?\d{1,2}(\.\d{1,8})?|-100(\.0{1,8})?|\d{3}(\.\d{1,8})?)$")
# positive: no leading zero before a non-zero integer part, or a non-zero digit after the point
IndexNumber = decimal_type(gt=0, le=999_999, integer_digits=6,
                           pattern=r"^([1-9]\d{0,5}(\.\d{1,8})?|0?\.\d{0,7}[1-9]\d{0,7})$")
