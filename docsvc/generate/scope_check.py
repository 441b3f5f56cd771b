"""Scope check: is a requested change covered by the contract's scope, excluded by it, or unclear?

A deliberately plain, explainable matcher: words are normalised (case, umlauts, punctuation), lightly stemmed
(English and German plural and inflection endings) and compared, with German compounds matching their parts
("Drucker" ~ "Multifunktionsdrucker"). Generic action words ("add", "install", "liefern") count for little, so
the *object* of a request decides. Exclusions are specific, so an exclusion that matches at least as well as the
best in-scope entry wins; an exact tie is left to a person. Every result carries a sentence naming the entry it
rests on, because a coordinator must be able to check it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Classification = Literal["in_scope", "out_of_scope", "unclear"]

STRONG = 0.4  # share of the request's words an entry must cover to count as a match
SERVICE_WEIGHT = 0.2  # how much a matching service name adds to the score
MIN_PART = 5  # shortest word that may match as part of a compound

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_SUFFIXES = ("ungen", "ung", "ies", "ing", "ern", "es", "en", "er", "ed", "e", "s", "n")
_STOPWORDS = frozenset("""
    a an the of and or for to at in on all any every with by per from into our their its is are be as this that
    these those site sites office offices location locations premises including include includes
    der die das den dem des ein eine einen einem einer eines und oder fuer am an im in zu zum zur von vom mit
    alle aller allen alles saemtliche saemtlicher bei auf aus standort standorte standorten sowie je pro
""".split())
_GENERIC = frozenset("""
    add adding added install installing installation replace replacing replacement remove removal move moving
    relocate relocation supply supplying provide providing provision new additional extra further change
    upgrade set setup request order ordering deliver delivery
    hinzufuegen installieren installation ersetzen ersatz austauschen austausch entfernen umziehen umzug
    liefern lieferung bereitstellen bereitstellung neu neue neuer neues zusaetzlich zusaetzliche weitere
    einrichten einrichtung aendern aenderung bestellen bestellung
""".split())
# Words after these in an entry are an exception to it: "Consumables other than toner" does not exclude toner.
_EXCEPTION_MARKERS = re.compile(
    r"\b(?:other than|except(?: for)?|excluding|apart from|but not|ausser|ausgenommen|mit ausnahme (?:von|der|des))\b"
)

_SITE_PATTERN = re.compile(r"(?:\bat(?: the)?|\b[Ss]ite|\bStandort|\bFiliale|\bNiederlassung)\s+([A-ZÄÖÜ][\w-]*)")


@dataclass(frozen=True)
class ChangeItem:
    service: str | None = None
    site: str | None = None
    quantity: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class ScopeEntry:
    text: str
    service: str | None = None
    sites: Sequence[str] = ()
    evidence: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_context(cls, entry: Mapping[str, Any]) -> ScopeEntry:
        """An entry from the context's ``contract.scope.in_scope`` / ``out_of_scope`` lists (``ScopeItemCtx``)."""
        return cls(text=entry["text"], service=entry.get("service"), sites=list(entry.get("sites") or []),
                   evidence=dict(entry.get("evidence") or {}))

    def to_context(self) -> dict[str, Any]:
        evidence = {"page": None, "paragraph": None, "quote": "", "document": None, **self.evidence}
        return {"text": self.text, "service": self.service, "sites": list(self.sites), "evidence": evidence}


@dataclass(frozen=True)
class ItemResult:
    item: ChangeItem
    classification: Classification
    reason: str
    matched: ScopeEntry | None
    score: float

    def to_context(self) -> dict[str, Any]:
        """The ``ChangeRequestItemCtx`` shape of the generation context."""
        return {"service": self.item.service, "site": self.item.site, "quantity": self.item.quantity,
                "description": self.item.description, "classification": self.classification,
                "reason": self.reason, "matched_scope": None if self.matched is None else self.matched.to_context()}


@dataclass(frozen=True)
class _Match:
    entry: ScopeEntry
    score: float
    text_score: float
    shared: tuple[str, ...]
    exception: tuple[str, ...]  # request words the entry names as an exception to itself
    site_ok: bool


def classify_items(items: Sequence[ChangeItem], in_scope: Sequence[ScopeEntry], out_of_scope: Sequence[ScopeEntry],
                   *, language: str = "en") -> list[ItemResult]:
    """Classify each requested item against the contract's scope; ``language`` ("en"/"de") is that of the reasons."""
    known_sites = {_fold(site): site for entry in (*in_scope, *out_of_scope) for site in entry.sites}
    texts = _REASONS["de" if language == "de" else "en"]
    return [_classify(item, in_scope, out_of_scope, known_sites, texts) for item in items]


def _classify(item: ChangeItem, in_scope: Sequence[ScopeEntry], out_of_scope: Sequence[ScopeEntry],
              known_sites: Mapping[str, str], texts: Mapping[str, str]) -> ItemResult:
    site = item.site or _site_named(item.description or "", known_sites)
    words = _item_words(item, site)
    label = (item.description or item.service or "").strip() or "?"
    if not words:
        return ItemResult(item, "unclear", texts["empty"], None, 0.0)
    ins = [_match(words, item, site, entry) for entry in in_scope]
    best_in = _best(m for m in ins if m.site_ok and m.text_score >= STRONG) or _best(ins)
    outs = [_match(words, item, site, entry) for entry in out_of_scope]
    best_out = _best(m for m in outs if m.site_ok and not m.exception)
    carved = _best(m for m in outs if m.exception)
    in_strong = best_in is not None and best_in.text_score >= STRONG
    out_strong = best_out is not None and best_out.text_score >= STRONG

    if out_strong and best_out is not None:
        if in_strong and best_in is not None and best_in.site_ok and abs(best_in.score - best_out.score) < 1e-9:
            reason = texts["tie"].format(entry=_cite(best_in.entry, texts), exclusion=_cite(best_out.entry, texts))
            return ItemResult(item, "unclear", reason, best_out.entry, best_out.score)
        if not in_strong or best_in is None or best_out.score >= best_in.score or not best_in.site_ok:
            reason = texts["out"].format(entry=_cite(best_out.entry, texts), words=_words(best_out.shared))
            return ItemResult(item, "out_of_scope", reason, best_out.entry, best_out.score)
    if in_strong and best_in is not None:
        if not best_in.site_ok:
            reason = texts["site"].format(entry=_cite(best_in.entry, texts), site=site,
                                          sites=", ".join(best_in.entry.sites))
            return ItemResult(item, "unclear", reason, best_in.entry, best_in.score)
        reason = texts["in"].format(entry=_cite(best_in.entry, texts), words=_words(best_in.shared))
        if site:
            reason = reason[:-1] + texts["at_site"].format(site=site)
        return ItemResult(item, "in_scope", reason, best_in.entry, best_in.score)
    if carved is not None:
        reason = texts["carved"].format(entry=_cite(carved.entry, texts), words=_words(carved.exception))
        return ItemResult(item, "unclear", reason, carved.entry, carved.score)
    weak = _best(m for m in (best_in, best_out) if m is not None and m.score > 0)
    if weak is not None:
        reason = texts["weak"].format(item=label, entry=_cite(weak.entry, texts), words=_words(weak.shared))
        return ItemResult(item, "unclear", reason, weak.entry, weak.score)
    return ItemResult(item, "unclear", texts["none"].format(item=label), None, 0.0)


def _match(words: Mapping[str, str], item: ChangeItem, site: str | None, entry: ScopeEntry) -> _Match:
    folded_text = _fold(entry.text)
    marker = _EXCEPTION_MARKERS.search(folded_text)
    main_text, exception_text = (folded_text, "") if marker is None else (
        folded_text[:marker.start()], folded_text[marker.end():])
    entry_sites = {_fold(s) for s in entry.sites}
    main = _stems(main_text, drop=entry_sites)
    excepted = _stems(exception_text, drop=entry_sites)
    total = sum(_weight(_fold(word)) for word in words.values())
    shared = tuple(word for stem, word in words.items() if any(_same(stem, other) for other in main))
    exception = tuple(word for stem, word in words.items() if any(_same(stem, other) for other in excepted))
    text_score = sum(_weight(_fold(word)) for word in shared) / total
    service_match = bool(item.service and entry.service) and _service_match(item.service or "", entry.service or "")
    score = (1 - SERVICE_WEIGHT) * text_score + (SERVICE_WEIGHT if service_match else 0.0)
    site_ok = not (site and entry.sites) or _fold(site) in entry_sites
    return _Match(entry, round(score, 4), text_score, shared, exception, site_ok)


def _best(matches: Iterable[_Match | None]) -> _Match | None:
    """The highest score; an entry valid at the item's site beats an equally scored one that is not."""
    present = [m for m in matches if m is not None]
    return max(present, key=lambda m: (m.score, m.site_ok), default=None)


def _item_words(item: ChangeItem, site: str | None) -> dict[str, str]:
    """The request's content words as {stem: word as written (folded)}."""
    drop = {_fold(site)} if site else set()
    return _stems(item.description or item.service or "", drop=drop, keep_words=True)


def _stems(text: str, *, drop: set[str] | frozenset[str] = frozenset(), keep_words: bool = False) -> dict[str, str]:
    """{stem: the word as written} for the content words of ``text`` (``keep_words=False``: {stem: stem})."""
    dropped = {part for name in drop for part in name.split()}
    stems: dict[str, str] = {}
    for raw in re.findall(r"\w+", unicodedata.normalize("NFKC", text)):
        word = _fold(raw)
        if word in _STOPWORDS or word in dropped or word.isdigit() or len(word) < 2:
            continue
        stems.setdefault(_stem(word), raw if keep_words else _stem(word))
    return stems


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _stem(word: str) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
                changed = True
                break
    return word


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= MIN_PART and (long.endswith(short) or long.startswith(short))


def _weight(word: str) -> float:
    return 0.3 if word in _GENERIC else 1.0


def _service_match(a: str, b: str) -> bool:
    left, right = _stems(a), _stems(b)
    if not left or not right:
        return False
    shared = sum(1 for stem in left if any(_same(stem, other) for other in right))
    return shared * 2 >= max(len(left), len(right))


def _site_named(text: str, known_sites: Mapping[str, str]) -> str | None:
    """A site the description names: one some entry lists, else a capitalised name after "at", "Standort", ..."""
    folded = f" {_fold(text)} "
    known = next((site for key, site in known_sites.items() if f" {key} " in folded), None)
    if known is not None:
        return known
    named = _SITE_PATTERN.search(text)
    if named is None or _fold(named.group(1)) in _STOPWORDS | _GENERIC:
        return None
    return named.group(1)


def _cite(entry: ScopeEntry, texts: Mapping[str, str]) -> str:
    page = entry.evidence.get("page")
    return texts["quote"].format(text=entry.text) + (texts["page"].format(page=page) if page else "")


def _words(words: Iterable[str]) -> str:
    return ", ".join(words)


_REASONS: dict[str, dict[str, str]] = {
    "en": {
        "in": "Covered by the in-scope entry {entry} (shared words: {words}).",
        "at_site": ", which lists this site ({site}).",
        "out": "Excluded by the out-of-scope entry {entry} (shared words: {words}).",
        "tie": "Matches the in-scope entry {entry} and the exclusion {exclusion} equally well; please decide.",
        "site": "Matches the in-scope entry {entry}, but that entry covers only {sites}; {site} is not listed.",
        "carved": "The exclusion {entry} makes an exception for {words}, and no in-scope entry names it; "
                  "please decide.",
        "weak": "Only a weak match for \u201c{item}\u201d: {entry} (shared words: {words}); please decide.",
        "none": "No scope entry mentions \u201c{item}\u201d.",
        "empty": "The request names no service or description to check.",
        "page": " (page {page})",
        "quote": "\u201c{text}\u201d",
    },
    "de": {
        "in": "Abgedeckt durch den Leistungsumfang {entry} (gemeinsame Begriffe: {words}).",
        "at_site": "; der Standort {site} ist dort aufgeführt.",
        "out": "Ausgeschlossen durch {entry} (gemeinsame Begriffe: {words}).",
        "tie": "Passt gleich gut zum Leistungsumfang {entry} und zum Ausschluss {exclusion}; bitte entscheiden.",
        "site": "Passt zum Leistungsumfang {entry}, der aber nur {sites} umfasst; {site} ist nicht aufgeführt.",
        "carved": "Der Ausschluss {entry} nimmt {words} ausdrücklich aus, und kein Leistungsumfang nennt es; "
                  "bitte entscheiden.",
        "weak": "Nur eine schwache Übereinstimmung für „{item}“: {entry} (gemeinsame Begriffe: {words}); "
                "bitte entscheiden.",
        "none": "Kein Eintrag im Leistungsumfang erwähnt „{item}“.",
        "empty": "Die Anforderung nennt weder Leistung noch Beschreibung.",
        "page": " (Seite {page})",
        "quote": "„{text}“",
    },
}
