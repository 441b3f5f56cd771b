"""The event types a subscription can ask for (issue 15 part 5): one list, for the API schema and ``emit``."""

from __future__ import annotations

from typing import Literal, get_args

EventType = Literal["document.processed", "document.failed", "contract.reviewed", "sla_report.target_missed",
                    "deadline.approaching", "price_review.applied", "change_request.decided"]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)

DOCUMENT_PROCESSED = "document.processed"
DOCUMENT_FAILED = "document.failed"
CONTRACT_REVIEWED = "contract.reviewed"
SLA_TARGET_MISSED = "sla_report.target_missed"
DEADLINE_APPROACHING = "deadline.approaching"
PRICE_REVIEW_APPLIED = "price_review.applied"
CHANGE_REQUEST_DECIDED = "change_request.decided"
assert set(EVENT_TYPES) == {DOCUMENT_PROCESSED, DOCUMENT_FAILED, CONTRACT_REVIEWED, SLA_TARGET_MISSED,
                            DEADLINE_APPROACHING, PRICE_REVIEW_APPLIED, CHANGE_REQUEST_DECIDED}
