"""Contracts: the current record, its normalised SLA / price / scope rows, review and lineage."""
