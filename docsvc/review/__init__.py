"""Review of the rows of a contract's record (SLA terms, price items, credit tiers, scope, parties), the
contract's review status and the review queue (issue 12, sections 1 and 3)."""
