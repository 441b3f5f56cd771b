"""The contract record: what extraction produces, and the source of ``contracts_schema/``.

Every single value is wrapped as ``{"value", "confidence", "evidence"}`` (or null when the document does not
state it); every list entry carries its own ``confidence`` and ``evidence``. Money is a decimal *string*
without thousands separators so no consumer ever sees a float price.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION: Literal["1.0.0"] = "1.0.0"

T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Evidence(_Model):
    """Where a value came from. PDF: 1-based page + bbox in points (x0, top, x1, bottom);
    DOCX: page/bbox null and ``paragraph`` = reading-order index of the paragraph or table."""

    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    paragraph: int | None = None
    text: str = Field(description="The sentence or table row the value was read from.")
    ocr: bool = Field(default=False, description="The text was read by OCR from a scanned page (lower confidence).")


class Extracted(_Model, Generic[T]):
    value: T
    confidence: float = Field(ge=0, le=1)
    evidence: Evidence


class _Evidenced(_Model):
    confidence: float = Field(ge=0, le=1)
    evidence: Evidence


class DocumentType(StrEnum):
    CONTRACT = "contract"
    SLA = "sla"
    TERMS_OF_SERVICE = "terms_of_service"
    ORDER_FORM = "order_form"
    AMENDMENT = "amendment"
    NOVATION = "novation"
    OTHER = "other"


class PartyRole(StrEnum):
    CUSTOMER = "customer"
    SUPPLIER = "supplier"
    TRANSFEROR = "transferor"
    TRANSFEREE = "transferee"
    REMAINING_PARTY = "remaining_party"
    OTHER = "other"


class Party(_Evidenced):
    name: str = Field(description="Legal name without the defined alias.")
    role: PartyRole = PartyRole.OTHER
    defined_as: str | None = Field(default=None, description='The defined term, e.g. "Customer".')
    address: str | None = Field(default=None, description="Postal address from the party block, one line per line.")


class SlaMetric(StrEnum):
    AVAILABILITY = "availability"
    RESPONSE_TIME = "response_time"
    RESOLUTION_TIME = "resolution_time"
    OTHER = "other"


class TargetUnit(StrEnum):
    PERCENT = "percent"
    SECONDS = "seconds"
    MINUTES = "minutes"
    HOURS = "hours"
    BUSINESS_HOURS = "business_hours"
    DAYS = "days"
    BUSINESS_DAYS = "business_days"


class MeasurementPeriod(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


class Target(_Model):
    value: float
    unit: TargetUnit


class SlaTerm(_Evidenced):
    service: str | None = None
    metric: SlaMetric
    priority: str | None = Field(default=None, description='As written: "Severity 1", "P1", "Kritisch".')
    target: Target
    measurement_period: MeasurementPeriod | None = None
    hours_of_cover: str | None = Field(default=None, description='e.g. "24x7", "Mon-Fri 08:00-18:00".')
    exclusions: list[str] = Field(default_factory=list)


class Threshold(_Model):
    """A service-credit band, e.g. below 99.9 down to 99.0 (``upper`` exclusive, ``lower`` inclusive)."""

    upper: float | None = None
    lower: float | None = None
    unit: TargetUnit | None = None
    text: str | None = None


class ServiceCredit(_Evidenced):
    metric: SlaMetric | None = None
    threshold: Threshold | None = None
    credit_percent: float | None = None
    credit_amount: str | None = None
    currency: str | None = None
    basis: str | None = Field(default=None, description='What the percent applies to, e.g. "monthly fee".')


class ServiceCreditCap(_Model):
    percent: float | None = None
    amount: str | None = None
    currency: str | None = None
    basis: str | None = None


class Frequency(StrEnum):
    ONE_TIME = "one_time"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"
    PER_UNIT = "per_unit"
    HOURLY = "hourly"


class PriceItem(_Evidenced):
    description: str
    unit_price: str = Field(description="Plain decimal string, no thousands separators.")
    currency: str | None = Field(default=None, description="ISO 4217")
    unit: str | None = Field(default=None, description='e.g. "per device", "per page", "per user".')
    quantity: float | None = None
    frequency: Frequency | None = None


class Money(_Model):
    amount: str
    currency: str | None = None
    frequency: Frequency | None = None


class PriceIndex(StrEnum):
    CPI = "CPI"
    RPI = "RPI"
    HICP = "HICP"
    VPI = "VPI"
    FIXED_PERCENT = "fixed_percent"
    OTHER = "other"


class PriceReview(_Model):
    index: PriceIndex
    frequency: Frequency | None = None
    cap_percent: float | None = None
    floor_percent: float | None = None
    fixed_percent: float | None = None
    base_date: str | None = Field(default=None, description="ISO date or period (YYYY-MM) of the base index.")
    notice_period: str | None = Field(default=None, description="ISO 8601 duration.")


class Pricing(_Model):
    currency: Extracted[str] | None = None
    items: list[PriceItem] = Field(default_factory=list)
    payment_terms_days: Extracted[int] | None = None
    minimum_commitment: Extracted[Money] | None = None
    price_review: Extracted[PriceReview] | None = None


class ScopeItem(_Evidenced):
    text: str
    service: str | None = None
    sites: list[str] = Field(default_factory=list)


class Scope(_Model):
    in_scope: list[ScopeItem] = Field(default_factory=list)
    out_of_scope: list[ScopeItem] = Field(default_factory=list)


class AgreementRef(_Model):
    title: str | None = None
    date: dt.date | None = None


class Novation(_Model):
    original_agreement: AgreementRef | None = None
    transferor: str | None = None
    transferee: str | None = None
    remaining_party: str | None = None
    effective_date: dt.date | None = None


class Source(_Model):
    name: str
    path: str | None = None
    media_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    pages: int | None = None


class Processing(_Model):
    extractor_version: str
    seconds: float
    warnings: list[str] = Field(default_factory=list)
    ocr_pages: list[int] = Field(default_factory=list, description="1-based pages read by OCR (scanned pages).")


class ContractRecord(_Model):
    """A contract's commitments as data, each value with the place it came from."""

    model_config = ConfigDict(title="ContractRecord")

    schema_version: Literal["1.0.0"] = SCHEMA_VERSION
    source: Source
    language: Extracted[Literal["en", "de"]] | None = None
    document_type: Extracted[DocumentType] | None = None
    title: Extracted[str] | None = None
    parties: list[Party] = Field(default_factory=list)
    agreement_date: Extracted[dt.date] | None = None
    effective_date: Extracted[dt.date] | None = None
    expiration_date: Extracted[dt.date] | None = None
    initial_term: Extracted[str] | None = Field(default=None, description="ISO 8601 duration, e.g. P3Y.")
    renewal_term: Extracted[str] | None = None
    renewal_notice_period: Extracted[str] | None = Field(
        default=None, description="Notice needed to stop an automatic renewal (ISO 8601 duration)."
    )
    termination_notice_period: Extracted[str] | None = Field(
        default=None, description="Notice needed to terminate for convenience (ISO 8601 duration)."
    )
    auto_renewal: Extracted[bool] | None = None
    governing_law: Extracted[str] | None = None
    sla: list[SlaTerm] = Field(default_factory=list)
    service_credits: list[ServiceCredit] = Field(default_factory=list)
    service_credit_cap: Extracted[ServiceCreditCap] | None = None
    pricing: Pricing = Field(default_factory=Pricing)
    scope: Scope = Field(default_factory=Scope)
    novation: Extracted[Novation] | None = None
    processing: Processing | None = None


class ErrorRecord(_Model):
    """What ``docsvc extract`` prints for a file that could not be processed."""

    source: Source
    error: str
    error_code: str
