"""Which service an SLA entry is about, from the names around it: a row label, the table caption, the heading
of its section ("Service Level: Managed Firewall", "SLA für Cloud Backup", "3.2 Managed LAN – Verfügbarkeit").

Headings made of generic words only ("Service Levels", "Reaktionszeiten", "Schedule 3 – Support") name none.
"""

from __future__ import annotations

import re

_NUMBERING_RE = re.compile(
    r"^\s*(?:(?:§\s*)?\d+(?:\.\d+)*\.?|[A-Z]\.(?:\d+\.?)*|\(?[a-z]\)|[IVX]+\.|(?:schedule|annex|appendix|exhibit|"
    r"attachment|anlage|anhang|section|article|ziffer|teil|part)\s+[\w.]+)\s*[:.–—-]?\s*",
    re.I,
)
_GENERIC_WORDS = frozenset("""
service services level levels sla slas agreement agreements vereinbarung servicelevel servicelevels service-level
service-levels kpi kpis availability uptime verfügbarkeit verfügbarkeiten response resolution restore restoration
time times reaktionszeit reaktionszeiten reaktion wiederherstellungszeit wiederherstellungszeiten entstörzeit
entstörzeiten entstörung support targets target zielwerte zielwert credit credits gutschrift gutschriften
schedule annex appendix exhibit anlage anhang section article for of the and für der die das des und zum zur on in
im to commitments commitment guarantees guarantee policies policy richtlinien &
measurement messung overview übersicht definitions definition
priority priorities priorität prioritäten severity incident incidents störung störungen hours servicezeit
servicezeiten betriebszeit supportzeiten and/or with mit über about general allgemein allgemeines allgemeine
performance leistung leistungen leistungsbeschreibung description beschreibung terms bedingungen conditions
table tabelle term termination laufzeit kündigung key metrics kennzahlen penalties remedies
maintenance wartung standard standards our your unsere
calculation calculations eligibility guaranteed requesting request requests claims claim exclusions
ihre scope umfang summary zusammenfassung qualität quality regelungen provisions details
""".split())
_WORD_RE = re.compile(r"[\w][\w&+./-]*", re.U)
_MAX_WORDS = 6


def service_of(text: str | None) -> str | None:
    """The service a heading or caption names, or None when it names only the kind of commitment."""
    if not text or len(text) > 120:
        return None
    text = _NUMBERING_RE.sub("", " ".join(text.split()), count=1)
    words = [(m.group(0), m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    generic = [w.lower().strip(".") in _GENERIC_WORDS or w.isdigit() for w, _, _ in words]
    if all(generic):
        return None
    first = generic.index(False)
    last = len(generic) - 1 - generic[::-1].index(False)
    name = text[words[first][1]:words[last][2]].strip(" :–—-,;()")
    if len(name) < 3 or last - first + 1 > _MAX_WORDS or not any(c.isupper() for c in name):
        return None
    # A name is written like one ("Managed Firewall", "Cloud-Backup"); a tagline ("Perfect for small offices and
    # startups") is prose. German capitalises nouns, so there the words must not end in a sentence.
    content = [w for (w, _, _), g in zip(words[first:last + 1], generic[first:last + 1], strict=True) if not g]
    if sum(1 for w in content if w[0].isupper() or w[0].isdigit()) * 2 < len(content) * 1.5 and len(content) > 1:
        return None
    return name
