"""The event types a subscription can ask for (issue 15 part 5)."""

from __future__ import annotations

DOCUMENT_PROCESSED = "document.processed"
DOCUMENT_FAILED = "document.failed"
CONTRACT_REVIEWED = "contract.reviewed"
SLA_TARGET_MISSED = "sla_report.target_missed"
DEADLINE_APPROACHING = "deadline.approaching"
PRICE_REVIEW_APPLIED = "price_review.applied"
CHANGE_REQUEST_DECIDED = "change_request.decided"

EVENT_TYPES: tuple[str, ...] = (DOCUMENT_PROCESSED, DOCUMENT_FAILED, CONTRACT_REVIEWED, SLA_TARGET_MISSED,
                                DEADLINE_APPROACHING, PRICE_REVIEW_APPLIED, CHANGE_REQUEST_DECIDED)
