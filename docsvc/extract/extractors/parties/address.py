"""The postal address of each party, read from its party block.

Runs after ``parties`` and only adds ``address`` to the parties it found: the words after a party's name up to its
alias or the next party. An address is taken after an explicit lead ("registered office at", "having offices at",
"mit Sitz in", "Anschrift:") or, without one, when the words right after the name end in a postcode and town
(UK, US ZIP, German/Austrian/Swiss). Descriptors ("a Delaware corporation", "company number 123") are left out.
Lines are separated by newlines, as a letter prints them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from docsvc.extract.context import DocContext
from docsvc.extract.extractors import extractor

FRONT_BLOCKS = 80  # party blocks are at the start; a name repeated later is not its block
WINDOW = 320
MAX_ADDRESS = 200

# Where one party's block ends: its alias, the next party, the recitals.
_END = re.compile(
    r"\(|[;„“\"”]|\bhereinafter\b|\bnachfolgend\b|\bim\s+Folgenden\b|\bvertreten\s+durch\b|\brepresented\s+by\b"
    r"|\bWHEREAS\b|\bRECITALS?\b|\n\s*\n", re.I)
# The next party, when a block has no alias ("... London EC1A 1AA and Bar GmbH"); "England and Wales" is no party.
_NEXT_PARTY = re.compile(r",?\s+(?:and|und)\s+(?!Wales\b)")
_LEAD = re.compile(
    r"(?:registered\s+office|principal\s+(?:office|place\s+of\s+business)|offices?|address|place\s+of\s+business"
    r"|(?:Geschäfts)?sitz|Anschrift|Adresse)\s*(?:is\s+|situated\s+|located\s+)?(?:at|in|an\s+der|:)\s+"
    r"|\b(?:located|situated|residing|domiciled|ansässig)\s+(?:at|in)\s+", re.I)
# A postcode with its town (the town may be followed by a state or country word).
_POSTCODE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"  # UK
    r"|\b(?:D-|A-|CH-)?\d{4,5}\s+[A-ZÄÖÜ][\wäöüß.\-]+(?:\s+(?:am|an\s+der|im|bei)\s+[A-ZÄÖÜ][\wäöüß.\-]+)?"  # DE/AT/CH
    r"|\b[A-Z][a-z]+,?\s+(?:[A-Z]{2}|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+\d{5}(?:-\d{4})?\b"  # US: town, state ZIP
)
_STREET_NUMBER = re.compile(r"\d")
_DESCRIPTOR = re.compile(
    r"^(?:an?\s|the\s|company\s|registered\s+(?:in|under)|incorporated|organi[sz]ed|eingetragen|Amtsgericht|HRB\b|"
    r"vertreten|represented|acting|with\s+company)", re.I)


def address_after(text: str, name: str) -> str | None:
    """The address in the words after ``name`` in ``text`` (the first mention), lines joined by newlines."""
    at = text.lower().find(name.lower())
    if at < 0:
        return None
    window = text[at + len(name): at + len(name) + WINDOW]
    end = _END.search(window)
    window = window[: end.start()] if end else window
    lead = _LEAD.search(window)
    candidate = _NEXT_PARTY.split(window[lead.end():] if lead is not None else window, maxsplit=1)[0]
    # The last postcode: a US street number ("1800 Foundry Lane") reads like an Austrian postcode and town.
    postcodes = list(_POSTCODE.finditer(candidate))
    if postcodes:
        candidate = candidate[: postcodes[-1].end()]
    elif lead is None:
        return None
    lines = [part.strip(" ,.\t") for part in re.split(r",|\n", candidate)]
    lines = [line for line in lines if line and not _DESCRIPTOR.match(line)]
    address = "\n".join(lines)
    if not lines or not _STREET_NUMBER.search(address) or len(address) > MAX_ADDRESS:
        return None
    if lead is None and len(lines) < 2:
        return None  # a bare "12345 Town" is as likely a registration number as an address
    return address


@extractor("party_addresses", order=15)
def extract_party_addresses(ctx: DocContext, found: Mapping[str, Any]) -> dict[str, Any]:
    parties = found.get("parties")
    if not isinstance(parties, list) or not parties:
        return {}
    front = "\n".join(b.text for b in ctx.doc.blocks[:FRONT_BLOCKS] if b.text.strip())
    with_address = []
    changed = False
    for party in parties:
        name = party.get("name") if isinstance(party, dict) else None
        address = address_after(front, name) if isinstance(name, str) and name else None
        if address is not None and not party.get("address"):
            party = {**party, "address": address}
            changed = True
        with_address.append(party)
    return {"parties": with_address} if changed else {}
