"""How long backups are kept ("retained for 30 days", "The retention period is 14 days", "Backups für mindestens
5 Tage vorhalten", "30 Tage Aufbewahrung"): an operational commitment of an SLA, labelled `other` in days.

Retention alone is no SLA ("we retain your personal data for 90 days" is privacy policy), so the backups must be
named in the sentence, its paragraph or its section heading.
"""

from __future__ import annotations

import re

from docsvc.extract.extractors.sla.values import TargetValue

_RETENTION_RE = re.compile(
    r"\bretention\b|\bretained\b|\bkept\b|\bstored\b|\bheld\b|aufbewahr\w*|vorgehalten|\bvorhalten\b|"
    r"\b(?:hält|halten|bewahrt|bewahren|speichert|speichern)\b",
    re.I,
)
_BACKUP_RE = re.compile(r"backups?\b|snapshots?\b|datensicherung|\bsicherung(?:en)?\b|sicherungskop", re.I)
_DAY_UNITS = {"days", "business_days"}


def backup_retention(text: str, t: TargetValue, *context: str) -> bool:
    """The value is how many days backups are kept: a retention word shortly before it (in its sentence) or right
    after it ("30 Tage Aufbewahrung", "5 Tage vorgehalten"), and backups named in the text or its context."""
    if t.unit not in _DAY_UNITS:
        return False
    before = list(_RETENTION_RE.finditer(text, max(0, t.start - 60), t.start))
    after = _RETENTION_RE.search(text, t.end, t.end + 15)
    if not before and not after:
        return False
    return bool(_BACKUP_RE.search(text)) or any(_BACKUP_RE.search(c) for c in context if c)


def names_retention(text: str, *context: str) -> bool:
    """A sentence about keeping backups (named in it or its context), to be read even without a metric word."""
    return bool(_RETENTION_RE.search(text) and re.search(r"\d", text)
                and any(_BACKUP_RE.search(c) for c in (text, *context) if c))
