"""Matching invoice wording to contracted price items: normalised tokens, units and EN/DE vocabulary.

Invoices and contracts name the same thing differently ("Farbseiten A4" / "Colour pages (A4)", "Monthly
maintenance fee per printer" / "Printer maintenance"). Both sides become sets of canonical tokens: case,
accents and umlauts folded, EN and DE words and unit spellings mapped to one word, German compounds split into
known words, plurals and filler words ("fee", "per", "der") dropped. Two descriptions score by the Dice
coefficient of their token sets; a best item must score at least MIN_SCORE and beat the runner-up by MARGIN,
otherwise the line is ambiguous and a person confirms the match once (remembered per contract).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

MIN_SCORE = 0.5
MARGIN = 0.1

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "page": ("page", "pages", "seite", "seiten", "pp", "pg", "sheet", "sheets", "blatt"),
    "colour": ("colour", "color", "colours", "colors", "farbe", "farb", "farbig", "farben"),
    "mono": ("mono", "monochrome", "black", "schwarz", "schwarzweiss", "bw", "sw", "greyscale", "grayscale"),
    "print": ("print", "prints", "printing", "printed", "druck", "drucke", "ausdruck", "ausdrucke", "drucken"),
    "printer": ("printer", "printers", "drucker", "druckers", "mfp", "mfd", "multifunktionsgeraet"),
    "copy": ("copy", "copies", "kopie", "kopien", "copying"),
    "scan": ("scan", "scans", "scanning", "scannen"),
    "device": ("device", "devices", "geraet", "geraete", "geraets"),
    "maintenance": ("maintenance", "wartung", "servicing", "instandhaltung"),
    "support": ("support", "unterstuetzung", "betreuung", "helpdesk", "servicedesk"),
    "user": ("user", "users", "nutzer", "benutzer", "anwender", "seat", "seats", "arbeitsplatz"),
    "licence": ("licence", "license", "licences", "licenses", "lizenz", "lizenzen"),
    "hour": ("hour", "hours", "hr", "hrs", "h", "stunde", "stunden", "std"),
    "day": ("day", "days", "tag", "tage", "tagessatz"),
    "month": ("month", "months", "monthly", "monat", "monate", "monatlich", "monatl", "mtl", "pm"),
    "quarter": ("quarter", "quarterly", "quartal", "quartalsweise", "vierteljaehrlich"),
    "year": ("year", "years", "annual", "annually", "yearly", "jahr", "jahre", "jaehrlich", "pa"),
    "toner": ("toner", "tonerkartusche"),
    "cartridge": ("cartridge", "cartridges", "kartusche", "kartuschen"),
    "paper": ("paper", "papier"),
    "network": ("network", "networks", "netzwerk", "netz", "lan", "wan"),
    "connection": ("connection", "connections", "anschluss", "anschluesse", "verbindung", "line", "leitung"),
    "service": ("service", "services", "dienst", "dienste", "dienstleistung", "leistung"),
    "installation": ("installation", "install", "setup", "einrichtung", "aufstellung"),
    "onsite": ("onsite", "vorort"),
    "call": ("call", "callout", "einsatz", "anfahrt"),
    "storage": ("storage", "speicher", "speicherplatz"),
    "mailbox": ("mailbox", "mailboxes", "postfach", "postfaecher"),
    "rental": ("rental", "rent", "lease", "leasing", "miete", "mietgebuehr"),
    "flat": ("flat", "flatrate", "pauschal"),
}
_FILLER = frozenset({
    "the", "a", "an", "of", "for", "and", "per", "pro", "je", "der", "die", "das", "den", "dem", "des", "und", "fuer",
    "mit", "with", "in", "im", "zum", "zur", "incl", "inkl", "including", "inclusive", "fee", "fees", "charge",
    "charges", "gebuehr", "gebuehren", "pauschale", "price", "preis", "cost", "costs", "kosten", "unit", "units",
    "stueck", "stk", "pcs", "piece", "pieces", "each", "ea", "x", "to", "bis", "von", "from", "on", "at", "by",
    "eur", "gbp", "usd", "chf",
})
# How often is billed, not what: checked separately (frequency), so "monthly" does not dilute a match.
_PERIOD_WORDS = frozenset({"month", "quarter", "year"})
CANONICAL: dict[str, str] = {word: canon for canon, words in _SYNONYMS.items() for word in words}
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_SPLIT_NUMBER = re.compile(r"^(\d+)([a-z]+)$")
_UNIT_WORDS = {"gb": "gb", "tb": "tb", "mb": "mb", "mbit": "mbit", "gbit": "gbit", "ppm": "ppm"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    # "s/w", "b/w", "black & white", "schwarz/weiss", "vor Ort", "service desk"
    text = re.sub(r"\b[sb]\s*/\s*w\b|black\s*(and|&|/)\s*white|schwarz\s*(und|&|/|-)?\s*weiss", " mono ", text)
    return text.replace("vor ort", "vorort").replace("on-site", "onsite").replace("service desk", "servicedesk")


@cache
def _compound(word: str) -> tuple[str, ...] | None:
    """A German compound of two known words ("farbseiten" -> colour, page; linking -s- allowed)."""
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if head in CANONICAL:
            for rest in (tail, tail[1:] if tail.startswith("s") else None):
                if rest and (rest in CANONICAL or _compound(rest)):
                    return (CANONICAL[head], *((CANONICAL[rest],) if rest in CANONICAL else _compound(rest) or ()))
    return None


def _canonical(word: str) -> tuple[str, ...]:
    if word in _FILLER:
        return ()
    if word in CANONICAL:
        return (CANONICAL[word],)
    if (match := _SPLIT_NUMBER.match(word)) and match[2] in _UNIT_WORDS:
        return match[1], _UNIT_WORDS[match[2]]  # "10gb" -> 10, gb
    if len(word) >= 7 and (parts := _compound(word)):
        return parts
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss") and word[:-1] in CANONICAL:
        return (CANONICAL[word[:-1]],)
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return (word[:-1],)
    return (word,)


def tokens(text: str) -> frozenset[str]:
    return frozenset(t for word in re.findall(r"[a-z0-9]+", fold(text)) for t in _canonical(word))


def key(text: str) -> str:
    """What a confirmed match is remembered under: the same wording next month has the same key."""
    return " ".join(sorted(tokens(text)))[:300] or fold(text).strip()[:300]


def score(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient; halved when both name sizes or models that differ (A3 is not A4, 10 GB not 50 GB)."""
    a, b = a - _PERIOD_WORDS, b - _PERIOD_WORDS
    if not a or not b:
        return 0.0
    dice = 2 * len(a & b) / (len(a) + len(b))
    sized_a, sized_b = {t for t in a if any(c.isdigit() for c in t)}, {t for t in b if any(c.isdigit() for c in t)}
    return dice / 2 if sized_a and sized_b and sized_a != sized_b else dice


@dataclass(frozen=True)
class Candidate:
    index: int
    score: float


def rank(description: str, items: Sequence[str]) -> list[Candidate]:
    wanted = tokens(description)
    ranked = [Candidate(i, round(score(wanted, tokens(item)), 4)) for i, item in enumerate(items)]
    return sorted((c for c in ranked if c.score > 0), key=lambda c: -c.score)


def best(description: str, items: Sequence[str]) -> tuple[Candidate | None, list[Candidate]]:
    """(the matching item, or None) and the ranked candidates."""
    ranked = rank(description, items)
    if not ranked or ranked[0].score < MIN_SCORE:
        return None, ranked
    if len(ranked) > 1 and ranked[0].score - ranked[1].score < MARGIN:
        return None, ranked
    return ranked[0], ranked
