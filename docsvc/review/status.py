"""The contract's review status (needs_review → in_review → reviewed), moved by review actions."""

from __future__ import annotations

from docsvc.models import Contract
from docsvc.models.contract import ContractReviewStatus


def mark_in_review(contract: Contract) -> None:
    """The first review action starts the review; a reviewed contract that a person changes again is back in
    review (its "reviewed" said nothing about the new value)."""
    if contract.review_status != ContractReviewStatus.IN_REVIEW.value:
        contract.review_status = ContractReviewStatus.IN_REVIEW.value
        contract.reviewed_by = None
        contract.reviewed_at = None
