"""The documented generation context: every variable a template may use, as pydantic models.

Templates see this context as plain JSON values (strings, numbers, lists, objects): money and percentages are
decimal *strings* (never floats, so ``0.0045`` stays ``0.0045``), dates are ISO ``YYYY-MM-DD`` strings, and
the ``money``/``date``/``percent`` filters format them for the template's language. The JSON Schema of
``GenerationContext`` is published with the API, and template validation checks every variable path a template
uses against it (``contract.partys`` is rejected with "did you mean ``contract.parties``").

``data`` holds the caller's extra fields and is deliberately free-form.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Decimal = str  # a plain decimal string: "1234.56", "0.0045", "-2.5"
IsoDate = str  # "2025-07-01"


class _Ctx(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EvidenceCtx(_Ctx):
    """Where a value stands in the source document."""

    page: int | None = None
    paragraph: int | None = None
    quote: str = ""
    document: str | None = Field(default=None, description="File name of the source document.")


class PartyCtx(_Ctx):
    name: str
    role: str = Field(description="customer, supplier, transferor, transferee, remaining_party or other")
    defined_as: str | None = None
    address: str | None = Field(default=None, description="The postal address on one line (lines joined by ', ').")
    address_lines: list[str] = Field(default_factory=list, description="The postal address, line by line.")

    @model_validator(mode="after")
    def _address_both_ways(self) -> PartyCtx:
        # Either form may be given (a caller's data.document.recipient, an older context): fill in the other.
        if not self.address_lines and self.address:
            self.address_lines = [line.strip() for line in self.address.splitlines() if line.strip()]
        if self.address_lines:
            self.address = ", ".join(self.address_lines)
        return self


class ContactCtx(_Ctx):
    name: str
    role: str | None = Field(default=None, description='e.g. "Service Delivery Manager"')
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None


class EscalationLevelCtx(_Ctx):
    level: int
    name: str
    role: str | None = None
    organisation: str | None = None
    contact: str | None = Field(default=None, description="Phone or e-mail.")
    after: str | None = Field(default=None, description='When to escalate to this level, e.g. "4 hours".')


class SlaCtx(_Ctx):
    service: str | None = None
    metric: str = Field(description="availability, response_time, resolution_time or other")
    priority: str | None = None
    target_value: Decimal
    target_unit: str = Field(description="percent, seconds, minutes, hours, business_hours, days, business_days")
    measurement_period: str | None = None
    hours_of_cover: str | None = None
    exclusions: list[str] = Field(default_factory=list)
    review_state: str = "pending"
    evidence: EvidenceCtx = Field(default_factory=EvidenceCtx)


class CreditCtx(_Ctx):
    metric: str | None = None
    threshold: str | None = Field(default=None, description='The band as written, e.g. "below 99.9%".')
    threshold_upper: Decimal | None = None
    threshold_lower: Decimal | None = None
    credit_percent: Decimal | None = None
    credit_amount: Decimal | None = None
    currency: str | None = None
    basis: str | None = None
    evidence: EvidenceCtx = Field(default_factory=EvidenceCtx)


class CreditCapCtx(_Ctx):
    percent: Decimal | None = None
    amount: Decimal | None = None
    currency: str | None = None
    basis: str | None = None


class MoneyCtx(_Ctx):
    amount: Decimal
    currency: str | None = None
    frequency: str | None = None


class PriceItemCtx(_Ctx):
    description: str
    unit_price: Decimal
    currency: str | None = None
    unit: str | None = None
    quantity: Decimal | None = None
    frequency: str | None = None
    evidence: EvidenceCtx = Field(default_factory=EvidenceCtx)


class PriceReviewClauseCtx(_Ctx):
    index: str = Field(description="CPI, RPI, HICP, VPI, fixed_percent or other")
    frequency: str | None = None
    cap_percent: Decimal | None = None
    floor_percent: Decimal | None = None
    fixed_percent: Decimal | None = None
    base_date: str | None = None
    notice_period: str | None = Field(default=None, description="ISO 8601 duration, e.g. P3M.")
    evidence: EvidenceCtx = Field(default_factory=EvidenceCtx)


class PricingCtx(_Ctx):
    currency: str | None = None
    payment_terms_days: int | None = None
    minimum_commitment: MoneyCtx | None = None
    price_review: PriceReviewClauseCtx | None = None
    items: list[PriceItemCtx] = Field(default_factory=list)


class ScopeItemCtx(_Ctx):
    text: str
    service: str | None = None
    sites: list[str] = Field(default_factory=list)
    evidence: EvidenceCtx = Field(default_factory=EvidenceCtx)


class ScopeCtx(_Ctx):
    in_scope: list[ScopeItemCtx] = Field(default_factory=list)
    out_of_scope: list[ScopeItemCtx] = Field(default_factory=list)


class KeyDatesCtx(_Ctx):
    agreement_date: IsoDate | None = None
    effective_date: IsoDate | None = None
    expiration_date: IsoDate | None = None
    renewal_date: IsoDate | None = Field(default=None, description="The next automatic renewal, if any.")
    notice_deadline: IsoDate | None = Field(default=None, description="Last day to give notice against renewal.")
    next_price_review: IsoDate | None = None


class ReferenceCtx(_Ctx):
    """A document reference: which clause a value of this document comes from."""

    label: str = Field(description='What the reference is for, e.g. "Governing law".')
    document: str | None = None
    page: int | None = None
    quote: str = ""


class SourceDocumentCtx(_Ctx):
    filename: str
    document_type: str | None = None
    sha256: str
    uploaded: IsoDate | None = None


class ContractCtx(_Ctx):
    id: str
    title: str | None = None
    document_type: str | None = None
    language: str | None = None
    status: str = "active"
    revision: int = Field(description="The contract record revision this document was generated from.")
    customer: PartyCtx | None = Field(default=None, description="The customer party in force today.")
    supplier: PartyCtx | None = Field(default=None, description="The supplier party in force today.")
    parties: list[PartyCtx] = Field(default_factory=list)
    contacts: list[ContactCtx] = Field(default_factory=list)
    escalation: list[EscalationLevelCtx] = Field(default_factory=list)
    governing_law: str | None = None
    initial_term: str | None = Field(default=None, description="ISO 8601 duration.")
    renewal_term: str | None = None
    renewal_notice_period: str | None = None
    termination_notice_period: str | None = None
    auto_renewal: bool | None = None
    dates: KeyDatesCtx = Field(default_factory=KeyDatesCtx)
    sla: list[SlaCtx] = Field(default_factory=list)
    sla_exclusions: list[str] = Field(
        default_factory=list, description="Every exclusion of the SLA terms once, in the contract's order.")
    service_credits: list[CreditCtx] = Field(default_factory=list)
    service_credit_cap: CreditCapCtx | None = None
    pricing: PricingCtx = Field(default_factory=PricingCtx)
    scope: ScopeCtx = Field(default_factory=ScopeCtx)
    documents: list[SourceDocumentCtx] = Field(default_factory=list)
    references: list[ReferenceCtx] = Field(default_factory=list)


class LetterheadCtx(_Ctx):
    company: str | None = Field(default=None, description="Unset: the letterhead shows no company line.")
    address_lines: list[str] = Field(default_factory=list)
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    registration: str | None = Field(default=None, description="Company registration and VAT numbers.")
    signatory: str | None = Field(default=None, description="Who signs letters (the organisation settings).")
    logo: str | None = Field(
        default=None, description="Set when the organisation has a logo: a placeholder the service replaces with "
        "the logo image. Put {{ letterhead.logo }} alone in a paragraph or table cell where the logo belongs.")


class DocumentMetaCtx(_Ctx):
    title: str | None = None
    reference: str | None = None
    date: IsoDate = Field(description="The date of generation (or the date the caller set).")
    language: Literal["en", "de"] = "en"
    author: str | None = Field(default=None, description="Display name of the person generating the document.")
    date_format: str | None = Field(
        default=None, description='The organisation\'s CLDR date pattern for this language (the date filter\'s '
        'default style), e.g. "d MMMM y".')
    number_format: str | None = Field(
        default=None, description='The organisation\'s number style for this language, e.g. "1.234,56".')
    recipient: PartyCtx | None = None


class ChangeRequestItemCtx(_Ctx):
    service: str | None = None
    site: str | None = None
    quantity: Decimal | None = None
    description: str | None = None
    classification: str = Field(description="in_scope, out_of_scope or unclear")
    reason: str = ""
    matched_scope: ScopeItemCtx | None = None


class PriceImpactCtx(_Ctx):
    amount: Decimal | None = None
    currency: str | None = None
    frequency: str | None = None
    description: str | None = None


class ApprovalCtx(_Ctx):
    role: str
    name: str | None = None
    decision: str | None = Field(default=None, description="approved, rejected or empty while pending")
    date: IsoDate | None = None
    comment: str | None = None


class ChangeRequestCtx(_Ctx):
    id: str
    reference: str | None = None
    title: str
    description: str | None = None
    requester: str | None = None
    status: str = Field(description="draft, submitted, approved or rejected")
    requested_date: IsoDate | None = None
    implementation_date: IsoDate | None = None
    items: list[ChangeRequestItemCtx] = Field(default_factory=list)
    price_impact: PriceImpactCtx | None = None
    approvals: list[ApprovalCtx] = Field(default_factory=list)


class IndexUsedCtx(_Ctx):
    name: str
    base_period: str
    base_value: Decimal
    current_period: str
    current_value: Decimal
    change_percent: Decimal


class PriceLineCtx(_Ctx):
    description: str
    unit: str | None = None
    currency: str | None = None
    current_price: Decimal
    new_price: Decimal
    difference: Decimal
    calculation: str = Field(description='e.g. "0.0045 × (1 + 3.5000 %) = 0.0047 (rounded half-up, 4 places)"')
    evidence: EvidenceCtx = Field(default_factory=EvidenceCtx)


class PriceReviewCtx(_Ctx):
    id: str
    review_date: IsoDate
    effective_date: IsoDate
    mode: str = Field(description="index or percent")
    raw_percent: Decimal = Field(description="The index change or agreed percent before cap and floor.")
    percent_applied: Decimal
    bound: str | None = Field(default=None, description="cap or floor when one limited the change, else null")
    index: IndexUsedCtx | None = None
    clause: PriceReviewClauseCtx
    notice_period: str | None = None
    lines: list[PriceLineCtx] = Field(default_factory=list)


class MeasureCtx(_Ctx):
    """A figure with its unit (``value`` "99.125", ``unit`` "percent"); the ``target`` filter writes it."""

    value: Decimal
    unit: str | None = Field(default=None, description="percent, percentage_points, minutes, hours, business_hours...")


class ScorecardRowCtx(_Ctx):
    service: str | None = None
    metric: str
    priority: str | None = None
    target: MeasureCtx
    achieved: MeasureCtx | None = Field(default=None, description="The availability, or the worst incident's time.")
    met: bool | None = Field(default=None, description="null: not judged (see notes)")
    margin: MeasureCtx | None = None
    unreviewed: bool = Field(default=False, description="The SLA term has not been reviewed by a person.")
    evidence: EvidenceCtx = Field(default_factory=EvidenceCtx)


class UnjudgedCtx(_Ctx):
    service: str | None = None
    metric: str
    priority: str | None = None
    value: MeasureCtx


class TrendPeriodCtx(_Ctx):
    period: str
    met: int
    missed: int
    not_judged: int
    availability: Decimal | None = Field(default=None, description="The lowest availability achieved, percent.")
    credit_percent: Decimal | None = None
    credit_amount: Decimal | None = None


class CreditLineCtx(_Ctx):
    service: str | None = None
    metric: str
    priority: str | None = None
    achieved: MeasureCtx | None = None
    percent: Decimal | None = None
    amount: Decimal | None = None
    evidence: EvidenceCtx = Field(default_factory=EvidenceCtx)


class ServiceCreditDueCtx(_Ctx):
    lines: list[CreditLineCtx] = Field(default_factory=list)
    percent_total: Decimal | None = None
    percent_due: Decimal | None = None
    capped: bool = False
    cap_percent: Decimal | None = None
    cap_amount: Decimal | None = None
    fee: Decimal | None = Field(default=None, description="The fixed fee of the period the percent applies to.")
    amount_due: Decimal | None = None
    currency: str | None = None


class OpenChangeRequestCtx(_Ctx):
    reference: str | None = None
    title: str
    status: str
    implementation_date: IsoDate | None = None


class DeadlineCtx(_Ctx):
    kind: str = Field(description="expiry, renewal, notice, price_review...")
    due: IsoDate
    title: str
    reviewed: bool = True


class BillingMismatchCtx(_Ctx):
    kind: str
    description: str
    expected: str | None = None
    invoiced: str | None = None
    difference: str | None = None


class ServiceReviewCtx(_Ctx):
    """A monthly service review, from a stored SLA report."""

    id: str = Field(description="The SLA report's id.")
    period: str = Field(description="2026-10, 2026-Q4 or 2026")
    period_start: IsoDate
    period_end: IsoDate = Field(description="The last day of the period.")
    hours: str = Field(description='The working calendar, e.g. "Mon-Fri 08:00-18:00".')
    holidays: str | None = Field(default=None, description="Whose public holidays are days off, e.g. GB-ENG.")
    terms: int
    met: int
    missed: int
    not_judged: int
    incidents: int
    unreviewed: bool = Field(default=False, description="Some contract values used have not been reviewed.")
    scorecard: list[ScorecardRowCtx] = Field(default_factory=list)
    unjudged: list[UnjudgedCtx] = Field(default_factory=list, description="Metrics reported without a target.")
    trend: list[TrendPeriodCtx] = Field(default_factory=list, description="This and earlier periods, oldest first.")
    credit: ServiceCreditDueCtx = Field(default_factory=ServiceCreditDueCtx)
    change_requests: list[OpenChangeRequestCtx] = Field(default_factory=list)
    deadlines: list[DeadlineCtx] = Field(default_factory=list)
    billing_mismatches: list[BillingMismatchCtx] = Field(default_factory=list)


class GenerationContext(_Ctx):
    """Everything a template can refer to."""

    model_config = ConfigDict(title="GenerationContext")

    letterhead: LetterheadCtx = Field(default_factory=LetterheadCtx)
    document: DocumentMetaCtx
    contract: ContractCtx
    change_request: ChangeRequestCtx | None = Field(default=None, description="Set for change-request forms.")
    price_review: PriceReviewCtx | None = Field(default=None, description="Set for price-review letters.")
    service_review: ServiceReviewCtx | None = Field(default=None, description="Set for monthly service reviews.")
    data: dict[str, Any] = Field(default_factory=dict, description="The caller's extra fields, free-form.")


def context_schema() -> dict[str, Any]:
    """The JSON Schema of the generation context (published at ``GET /v1/generation-context/schema``)."""
    return GenerationContext.model_json_schema()
