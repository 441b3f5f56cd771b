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
from docsvc.models.tenancy import Customer
from docsvc.models.users import User, UserSession

__all__ = [
    "ApiKey", "AuditEntry", "Base", "BillingCheck", "BillingMatch", "CalendarFeed", "ChangeRequest",
    "ChangeRequestStatus", "Contract", "ContractParty", "Customer", "Document", "ExtractedField", "ExtractionRun",
    "GeneratedDocument", "IdempotencyRecord", "IndexValue", "NovationLink", "PriceItem", "PriceReview", "ReviewState",
    "Role", "RunStatus", "ScopeItem", "ServiceCreditTier", "SlaTerm", "TemplateKind", "TemplateStatus",
    "TemplateVersion", "User", "UserSession",
]
