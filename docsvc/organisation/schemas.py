from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from docsvc.api_types import Line
from docsvc.generate.formats import DEFAULT_FORMATS, NUMBER_STYLES, date_pattern_problem

NumberStyle = Literal["1,234.56", "1.234,56", "1 234,56", "1 234.56", "1'234.56", "1234.56", "1234,56"]
assert set(NumberStyle.__args__) == set(NUMBER_STYLES)  # type: ignore[attr-defined]


class LanguageFormats(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Line = Field(max_length=40, description='CLDR date pattern, e.g. "d MMMM y" or "dd.MM.yyyy".')
    number: NumberStyle = Field(description="How numbers and amounts are written.")

    @field_validator("date")
    @classmethod
    def _date_pattern(cls, value: str) -> str:
        problem = date_pattern_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value


def _default(language: str) -> LanguageFormats:
    formats = DEFAULT_FORMATS[language]
    return LanguageFormats.model_validate({"date": formats.date, "number": formats.number})


class Formats(BaseModel):
    model_config = ConfigDict(extra="forbid")

    en: LanguageFormats = Field(default_factory=lambda: _default("en"))
    de: LanguageFormats = Field(default_factory=lambda: _default("de"))


class OrganisationWrite(BaseModel):
    """The whole settings (PUT replaces them); the logo has its own endpoints."""

    model_config = ConfigDict(extra="forbid")

    name: Line | None = Field(default=None, max_length=300, description="Company name in the letterhead.")
    address_lines: list[Line] = Field(default_factory=list, max_length=8, description="The postal address.")
    signatory: Line | None = Field(
        default=None, max_length=200,
        description="Who signs letters; unset: the person who generates the document.")
    formats: Formats = Field(default_factory=Formats, description="Date and number formats per document language.")

    @field_validator("name", "signatory")
    @classmethod
    def _blank_is_unset(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("address_lines")
    @classmethod
    def _lines(cls, value: list[str]) -> list[str]:
        if any(len(line) > 200 for line in value):
            raise ValueError("an address line has at most 200 characters")
        return [line.strip() for line in value if line.strip()]


class LogoRead(BaseModel):
    media_type: str
    sha256: str
    url: str


class OrganisationRead(BaseModel):
    name: str | None
    address_lines: list[str]
    signatory: str | None
    formats: Formats
    logo: LogoRead | None
    revision: int = Field(description="0: never saved; the values are the DOCSVC_ORGANISATION_* defaults.")
    updated_at: dt.datetime | None
    updated_by: str | None
