"""ORM rows (SQLAlchemy 2). Kept apart from the API schemas and from the extraction pipeline types."""

from docsvc.models.access import ApiKey, AuditEntry, IdempotencyRecord, Role
from docsvc.models.base import Base
from docsvc.models.contract import (
    Contract,
    ContractParty,
    ExtractedField,
    NovationLink,
    PriceItem,
    ReviewState,
    ScopeItem,
    ServiceCreditTier,
    SlaTerm,
)
from docsvc.models.delivery import BillingCheck, BillingMatch, CalendarFeed
from docsvc.models.document import Document, ExtractionRun, RunStatus
from docsvc.models.generation import (
    ChangeRequest,
    ChangeRequestStatus,
    GeneratedDocument,
    IndexValue,
    PriceReview,
    TemplateKind,
    TemplateStatus,
    TemplateVersion,
)
from docsvc.models.organisation import OrganisationSettings
from docsvc.models.sla_report import SlaReport, WorkingCalendarSetting
from docsvc.models.tenancy import Customer
from docsvc.models.users import User, UserSession
from docsvc.models.webhooks import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookSubscription

__all__ = [
    "ApiKey",
    "AuditEntry",
    "Base",
    "BillingCheck",
    "BillingMatch",
    "CalendarFeed",
    "ChangeRequest",
    "ChangeRequestStatus",
    "Contract",
    "ContractParty",
    "Customer",
    "DeliveryStatus",
    "Document",
    "ExtractedField",
    "ExtractionRun",
    "GeneratedDocument",
    "IdempotencyRecord",
    "IndexValue",
    "NovationLink",
    "OrganisationSettings",
    "PriceItem",
    "PriceReview",
    "ReviewState",
    "Role",
    "RunStatus",
    "ScopeItem",
    "ServiceCreditTier",
    "SlaReport",
    "SlaTerm",
    "TemplateKind",
    "TemplateStatus",
    "TemplateVersion",
    "User",
    "UserSession",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
    "WorkingCalendarSetting",
]
