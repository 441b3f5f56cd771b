"""Shared by the change-request, price-review and generated-documents screens: API bodies built from HTML
forms (validated by the API's own pydantic models) and the form/letter generation options."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from docsvc.errors import Unprocessable
from docsvc.generate.people import display_name
from docsvc.generation.schemas import FormRequest
from docsvc.ui.web import ENV

M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: dict[str, Any]) -> M:
    """``model`` from form values, or a 422 naming each refused field as the API's problem would."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        parts = []
        for error in exc.errors()[:5]:
            where = ".".join(str(p) for p in error["loc"])
            parts.append(f"{where}: {error['msg']}" if where else str(error["msg"]))
        raise Unprocessable("; ".join(parts)) from None


def blank_to_none(value: str) -> str | None:
    """An empty form field means "not given", as a missing JSON member does for the API."""
    value = value.strip()
    return value or None


def form_request(fmt: str, language: str) -> FormRequest:
    """The API's body of POST /v1/change-requests/{id}/form and /v1/price-reviews/{id}/letter."""
    return validated(FormRequest, {"format": fmt, "language": blank_to_none(language)})


def person(actor: str | None) -> str:
    """A person as these screens name them: the display name, as the generated documents do (the page keeps the
    full audit actor, with e-mail or key id, in the cell's title)."""
    return display_name(actor) or actor or ""


# A template global rather than a value each render passes: lists, details and the shared partials all use it.
ENV.globals["person"] = person
