"""Governing law (choice-of-law clauses and place names)."""
