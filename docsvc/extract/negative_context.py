"""Context that makes a number no commitment, kept as data (``nlp/patterns/*/negative_context.json``).

Examples ("for example", "Beispiel"), calculations, surcharges ("Aufschlag 100 %"), limits on working hours,
penalties, caps and liability clauses restate figures without committing to them. Each extractor names the
kinds its values can never come from (``NOT_SLA``, ``NOT_PRICE``, ``NOT_CREDIT``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from docsvc.extract import vocabulary
from docsvc.extract.vocabulary import PATTERNS_DIR  # noqa: F401  (imported from here by older modules)

NOT_SLA = frozenset({"example", "calculation", "surcharge", "working_hours", "liability", "billing_interval",
                     "claim_window", "customer_response"})
# Penalties, caps and liability limits are judged right around an amount by the price readers (a sentence may
# state a fee and a cap), so only these kinds exclude a whole sentence from prices.
NOT_PRICE = frozenset({"example", "calculation", "surcharge"})
NOT_CREDIT = frozenset({"example"})  # credit rules are often "calculated as follows"
# Only examples reach over a whole section or table ("Beispiel" as a heading or caption).
SCOPED = frozenset({"example"})


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    return vocabulary.compiled("negative_context")


def negative_kinds(text: str, kinds: frozenset[str] | None = None) -> set[str]:
    """The kinds of negative context ``text`` shows (only among ``kinds`` when given)."""
    if not text:
        return set()
    return set(_kinds_in(text, kinds))


@lru_cache(maxsize=32768)
def _kinds_in(text: str, kinds: frozenset[str] | None) -> frozenset[str]:
    # Memoised: every extractor asks about the same sentences, and every sentence about its section heading
    # (scope); these case-insensitive alternations were a fifth of the rule time of a document.
    return frozenset(kind for kind, pattern in _patterns().items()
                     if (kinds is None or kind in kinds) and pattern.search(text))


# "Annex 2: Services and Liabilities", "Leistungen und Haftung": a heading naming the services beside the
# liabilities covers both; only a caption about liability alone makes a table no commitment.
_SERVICES_NAMED_RE = re.compile(r"\bservices?\b|\bservice\s+levels?\b|\bleistung", re.I)


def excluded_caption(caption: str, kinds: frozenset[str]) -> bool:
    """Whether a table captioned ``caption`` holds no commitments for an extractor that excludes ``kinds``."""
    found = negative_kinds(caption, kinds)
    if found == {"liability"} and _SERVICES_NAMED_RE.search(caption):
        return False
    return bool(found)


def excluded(text: str, kinds: frozenset[str], *, scope: str | None = None) -> bool:
    """Whether a value in ``text`` is no commitment for an extractor that excludes ``kinds``; ``scope`` is the
    heading or table caption around it, where only examples count."""
    if negative_kinds(text, kinds):
        return True
    return bool(scope) and bool(negative_kinds(scope or "", kinds & SCOPED))
