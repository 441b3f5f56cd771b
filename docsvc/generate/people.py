"""How a person is named in a document a customer receives.

Audit records name an actor as ``"Chris (coordinator, key d93a08fa-…)"`` (API keys) or
``"Display Name <email>"`` (web UI users); both are right for an audit trail and wrong on a letter, where only the
person's display name belongs. Key names are often written with the role too ("Chris (coordinator)").
"""

from __future__ import annotations

import re

from docsvc.models import Role

_KEY_SUFFIX = re.compile(r"\s*\([^()]*\bkey\b[^()]*\)\s*$", re.IGNORECASE)
_EMAIL = re.compile(r"\s*<[^<>]*>\s*$")
_ROLE_SUFFIX = re.compile(r"\s*\((?:" + "|".join(
    sorted({r.value for r in Role} | {r.value.replace("_", " ") for r in Role}, key=len, reverse=True))
    + r")\)\s*$", re.IGNORECASE)


def display_name(actor: str | None) -> str | None:
    """The person's display name in ``actor``; None when nothing but ids and roles is left."""
    if not actor:
        return None
    name = actor.strip()
    for pattern in (_KEY_SUFFIX, _EMAIL, _ROLE_SUFFIX):
        name = pattern.sub("", name).strip()
    return name or None
