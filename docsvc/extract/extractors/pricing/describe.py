"""The description of a price written in running text: what is charged, named from the words before the amount."""

from __future__ import annotations

import re

# A sentence that opens with a short label: "Notfallsupport: ...", "After-hours call-out: CHF 250.- per call".
LABEL_RE = re.compile(r"^\W*(?P<label>[A-ZÄÖÜ][^:.;!?]{1,60}?)\s*:\s")
# A clause that is no name of anything: it opens with a pronoun ("es fällt eine Gebühr", "there is a fee").
_FRAGMENT_RE = re.compile(r"^\s*(?:es|it|there|this|dies|wir|we|they|sie|man)\b", re.I)
# The verb that links a fee noun to the amount or its condition: "Die Gebühr ... beträgt", "... wird eine Gebühr".
_LINK_VERB_RE = re.compile(r"\b(?:wird|werden|beträgt|betragen|fällt|fallen|hat|haben|is|are|will\s+be|shall\s+be|"
                           r"incurs?|apply|applies|has|have|carry|carries)\b", re.I)
_FEE_NOUN_RE = re.compile(r"\b(?:fees?|charges?|rates?|prices?|surcharges?)\b|"
                          r"(?:entgelt|preis|satz|pauschale|gebühr|vergütung|zuschlag)\w*", re.I)
_TRAILING_LINK_RE = re.compile(r"\s*\b(?:of|at|is|are|shall be|will be|von|beträgt|in Höhe von|zu|mit)\s*$", re.I)
_ARTICLE_RE = re.compile(r"^(?:(?:die|der|das|den|dem|eine[mnrs]?|ein|the|a|an)\s+)+", re.I)


def description(before: str, unit: str | None, label: str | None = None, fee: str | None = None) -> str:
    """What is charged: the clause before the amount without its linking words; a fee noun the verb comes
    before ("... wird eine Gebühr von") is put first ("Gebühr bei einem Bearbeitungsaufwand ..."); a clause
    that names nothing ("es fällt eine Gebühr") gives way to the sentence's label ("Notfallsupport: ...")."""
    clause = " ".join(re.split(r"[;:()]|\.\s", before)[-1].split())
    clause = _TRAILING_LINK_RE.sub("", clause)
    if label and (not clause.strip(" ,") or _FRAGMENT_RE.match(clause)):
        return " ".join(p for p in (label, unit) if p)
    link = _LINK_VERB_RE.search(clause)
    if link:
        head, tail = clause[:link.start()].strip(" ,"), clause[link.end():].strip(" ,")
        if _FEE_NOUN_RE.search(head):
            clause = _ARTICLE_RE.sub("", head)
        elif _FEE_NOUN_RE.search(tail) and len(tail.split()) <= 3 and head:
            clause = f"{_ARTICLE_RE.sub('', tail)} {head[0].lower()}{head[1:]}"
        elif fee and head:
            clause = f"{fee} ({_ARTICLE_RE.sub('', head)})"  # "incur a $300 surcharge" names the fee after it
    elif fee:
        clause = f"{clause} {fee}" if clause else fee
    desc = " ".join(clause.split()[-10:]).strip(" ,")
    return " ".join(p for p in (desc, unit) if p) or "price"
