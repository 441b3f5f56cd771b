"""Which single values of the record a person may review, and what a corrected value must look like."""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from docsvc.contracts.materialize import HEADER_COLUMNS, SCALAR_FIELDS, apply_current
from docsvc.errors import NotFound, Unprocessable
from docsvc.extract.normalize.durations import parse_duration, words_to_digits
from docsvc.extract.record import ContractRecord, Extracted
from docsvc.models import Contract, Document, ExtractedField, ExtractionRun

# Record fields typed as plain text that hold an ISO 8601 duration (see their descriptions in the record).
DURATION_FIELDS = frozenset({"initial_term", "renewal_term", "renewal_notice_period", "termination_notice_period"})
_ISO_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")


def check_known(name: str) -> None:
    if name not in SCALAR_FIELDS:
        raise NotFound(f"no reviewable field {name!r}; the single values of a contract are: "
                       + ", ".join(SCALAR_FIELDS))


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    """The type of the field's ``value`` in the ContractRecord (``Extracted[T] | None`` -> ``T``)."""
    model: Any = ContractRecord
    *parents, leaf = name.split(".")
    for part in parents:  # "pricing.currency": the Pricing model, then its field
        model = model.model_fields[part].annotation
    wrapper = next(arg for arg in typing.get_args(model.model_fields[leaf].annotation) if arg is not type(None))
    assert issubclass(wrapper, Extracted)
    value_type: Any = wrapper.model_fields["value"].annotation
    return TypeAdapter(value_type)


def validated(name: str, value: Any) -> Any:
    """The corrected value in the record's own form (ISO date, ISO 8601 duration, enum value...), or 422."""
    if name in DURATION_FIELDS:
        return _duration(name, value)
    if isinstance(value, str):
        value = " ".join(value.split())
        if not value:
            raise Unprocessable(f"{name}: the corrected value is empty; reject the value instead")
        if len(value) > HEADER_COLUMNS.get(name, 2000):
            # Shown as the contract's own column (title...), which would cut it short.
            raise Unprocessable(f"{name}: at most {HEADER_COLUMNS.get(name, 2000)} characters",
                                extra={"field": name})
    try:
        # JSON mode and strict: a date is an ISO date string, a number is a number, an enum one of its values.
        parsed = _adapter(name).validate_json(orjson.dumps(value), strict=True)
    except (ValidationError, TypeError) as exc:
        problems = [f"{'.'.join(str(p) for p in e['loc']) or 'value'}: {e['msg']}"
                    for e in exc.errors()] if isinstance(exc, ValidationError) else [str(exc)]
        raise Unprocessable(f"{name}: not a valid value ({'; '.join(problems)})",
                            extra={"field": name}) from None
    return _adapter(name).dump_python(parsed, mode="json")


def _duration(name: str, value: Any) -> str:
    """An ISO 8601 duration as given, or one written out ("12 months", "12 Monate", "thirty days")."""
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if _ISO_DURATION.match(text.upper()):
        return text.upper()
    for language in ("en", "de"):
        written = words_to_digits(text, language)
        found = parse_duration(text, language)
        # The whole value must be the duration: "next tuesday, 3 days" is not one.
        if found is not None and found.start == 0 and found.end == len(written.rstrip(" .")):
            return found.iso
    raise Unprocessable(f"{name}: {value!r} is not a duration; send ISO 8601 (P12M) or e.g. '12 months'",
                        extra={"field": name})


def apply_reviewed(session: Session, contract: Contract, fields: Mapping[str, ExtractedField]) -> None:
    """The contract's columns after a review (see materialize.apply_current)."""
    first = session.scalar(select(Document.filename).join(ExtractionRun, ExtractionRun.document_id == Document.id)
                           .where(ExtractionRun.contract_id == contract.id).order_by(ExtractionRun.created_at)
                           .limit(1))
    apply_current(contract, fields, first)
