"""Contracting parties: legal name, role and defined term.

Three places name the parties, tried together and de-duplicated: the preamble or "Parties" section
(``preamble``), label lines such as ``Party A: Beike Co., Ltd.`` or ``Supplier: ...``, and key/value
rows of a cover table (``Customer | Osprey Ltd, a company registered in Ireland``). When these give fewer than
two parties, the signature page (``signature``) is read as well. Only names the document itself presents
as a party are reported; companies merely mentioned in the text are not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from docsvc.extract import vocabulary
from docsvc.extract.context import DocContext, Row, Sentence
from docsvc.extract.extractors import extractor
from docsvc.extract.extractors.parties.conduct import roles_from_conduct
from docsvc.extract.extractors.parties.names import ROLE_TERMS, clean_name, is_organisation, name_key, role_for_term
from docsvc.extract.extractors.parties.preamble import EARLY_SENTENCES, PartyHit, preamble_parties
from docsvc.extract.extractors.parties.provider import provider_party
from docsvc.extract.extractors.parties.signature import signature_parties
from docsvc.extract.extractors.parties.title_brand import title_brand
from docsvc.extract.types import Table

MAX_PARTIES = 8
FRONT_SENTENCES = 200  # the preamble of a contract with a long table of contents still falls in here
FRONT_SHARE = 0.3
LABEL_BLOCKS = 120
LABEL_TAIL = 12

# "Party A:", "Supplier:", "Auftraggeber:" — the label names the role, the rest of the line the party.
_ROLE_LABEL = (
    r"Party\s+[A-D1-4]|Partei\s+[A-D1-4]|Supplier|Customer|Provider|Service\s+Provider|Client|Licensor|Licensee|"
    r"Contractor|Vendor|Seller|Buyer|Purchaser|Authority|Contracting\s+Authority|Principal|Transferor|Transferee|"
    r"Assignor|Assignee|Continuing\s+Party|Remaining\s+Party|Auftraggeber(?:in)?|Auftragnehmer(?:in)?|Kunde|"
    r"Anbieter|Lieferant|Dienstleister|Lizenzgeber|Lizenznehmer|Übertragende\s+Partei|Übernehmende\s+Partei|"
    r"Verbleibende\s+Partei|Altpartei|Neupartei|Restpartei|"
    r"(?:Outgoing|Incoming|Existing|New|Retiring|Continuing|Consenting)\s+(?:Party|Supplier|Provider|Contractor)"
)
# Order forms vary the label: "Customer Name", "Supplier's legal name", "From the Buyer", "To the Supplier".
_LABEL = (
    rf"(?:(?:from|to|for)\s+the\s+|name\s+of\s+(?:the\s+)?)?(?P<label>{_ROLE_LABEL}|Company)(?:['’]s)?"
    r"(?:\s+(?:Name|Legal\s+Name|Full\s+Name|Firma|Name\s+und\s+Anschrift|Details))?"
)
LABEL_LINE = re.compile(rf"^\s*{_LABEL}\s*(?:\([^)]*\))?\s*[:：]\s*(?P<rest>\S.*)$", re.I)
# Field captions of a form, not a party: "Contact Name", "Billing Address", "Signature Date".
_FORM_TEXT = re.compile(
    r"\b(?:Name|Address|Contact|Details|Signature|Date|Title|Number|Email|Phone|Anschrift|Ansprechpartner|"
    r"Unterschrift|Datum|Telefon)\b", re.I)
# Signature-line fields after a party's name; "Name" is not one: "Company name: Big Retail PLC" labels the name.
_NEXT_FIELD = re.compile(r"\s+(?:Date|Signature|Signed|Datum|Unterschrift)\s*[:：]", re.I)
LABEL_CELL = re.compile(rf"^\s*{_LABEL}\s*(?:\([^)]*\))?\s*[:：]?\s*$", re.I)


def _tokens(name: str) -> set[str]:
    return set(name_key(name).split())


def same_party(a: str, b: str) -> bool:
    """Two mentions of one party: equal keys, or one word more ("Beike Internet (Beijing) Security Co., Ltd.").

    Kept strict because related parties share words: "Electric City Corp." and "Electric City of Illinois LLC".
    """
    ta, tb = _tokens(a), _tokens(b)
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return bool(short) and short <= long_ and len(long_) <= len(short) + 1


def _labelled_name(label: str, text: str, *, person: bool) -> str | None:
    """The party a role label introduces. Companies need their legal form; with ``person`` (a "Role: name" line) a
    person or practice may stand too ("Kunde: Praxis Dr. med. Anna Weber"), unless the value is form text. Table
    cells get no such leeway: responsibility matrices put "Supplier | Not Applicable" in the same shape. The next
    field of a signature line ends the name ("Provider: X Inc. Date: ____")."""
    name = clean_name(_NEXT_FIELD.split(text, maxsplit=1)[0])
    if not name:
        return None
    if is_organisation(name):
        return name
    explicit = person and role_for_term(label) != "other"
    return name if explicit and len(name.split()) >= 2 and not _FORM_TEXT.search(name) else None


# "Parties Insurer: Northwind Claims Services Customer: Nimbus Data Centers": a "Parties" lead with its labels run in.
_PARTIES_LEAD = re.compile(
    r"^\s*(?:The\s+)?(?:Contracting\s+)?(?:Parties|(?:Vertrags)?[Pp]arteien)\s*[:：]?\s+(?P<rest>\S.*)$", re.S)
_RUN_IN_LABEL = re.compile(r"(?:(?<=\s)|^)(?P<label>[A-ZÄÖÜ][\w'’-]*)\s*[:：]\s+")
_NAME_WORDS = re.compile(r"(?:[A-ZÄÖÜ0-9&][\w.&'’-]*[ \t]*){2,6}")


def _run_in_parties(text: str) -> list[tuple[str, str]]:
    """The (label, name) pairs of a "Parties" lead: each label is the capitalised word before a colon (two words where
    they make a role label: "Service Provider:"), its name the words up to the next label. Labels under the lead are
    roles whatever they say ("Insurer"), so a name of capitalised words stands without a legal form."""
    if not (lead := _PARTIES_LEAD.match(text)):
        return []
    rest = lead.group("rest")
    marks = list(_RUN_IN_LABEL.finditer(rest))
    if len(marks) < 2:
        return []
    pairs: list[tuple[str, str]] = []
    for n, m in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(rest)
        value, label = rest[m.end():end].strip(" ,;"), m.group("label")
        if n + 1 < len(marks) and (two := re.search(r"(\S+)\s*$", value)) and LABEL_CELL.match(
                f"{two.group(1)} {marks[n + 1].group('label')}"):
            value = value[:two.start()].strip(" ,;")  # "... Service Provider: X": the label's first word
        if _NAME_WORDS.fullmatch(value) and not _FORM_TEXT.search(value):
            pairs.append((label, value))
    return pairs


def _label_parties(ctx: DocContext) -> list[PartyHit]:
    hits: list[PartyHit] = []
    first_by_block: dict[int, Sentence] = {}
    for s in ctx.sentences:
        first_by_block.setdefault(s.block.index, s)
    blocks = ctx.doc.blocks
    # the front matter, and the closing acceptance block an exhibit names its parties in
    for block in dict.fromkeys([*blocks[:LABEL_BLOCKS], *blocks[-LABEL_TAIL:]]):
        if block.index not in first_by_block:
            continue
        for run_label, run_name in _run_in_parties(block.text):
            role = role_for_term(run_label)
            hits.append(PartyHit(run_name, role, run_label if role != "other" else None, first_by_block[block.index],
                                 0.8))
        m = LABEL_LINE.match(block.text)
        if not m:
            continue
        label = m.group("label")
        if name := _labelled_name(label, m.group("rest"), person=True):
            role = role_for_term(label)
            hits.append(PartyHit(name, role, label if role != "other" else None, first_by_block[block.index], 0.85))
    return hits


def _table_parties(ctx: DocContext) -> list[PartyHit]:
    """Cover tables: a role label beside the name ("Customer | Osprey Ltd"), or role labels as column headers
    with the names in the row below ("Auftraggeber | Auftragnehmer" over "Lindner GmbH | Datenwerk GmbH")."""
    out: list[PartyHit] = []
    for table in ctx.tables:
        if hit := _details_table_party(table):
            out.append(hit)
            continue
        header: list[str | None] | None = None
        for i in range(len(table.rows)):
            row = Row(table, i)
            cells = row.cells
            labels = [m.group("label") if (m := LABEL_CELL.match(c)) else None for c in cells]
            filled = [c for c in cells if c.strip()]
            if len(filled) >= 2 and all(LABEL_CELL.match(c) for c in filled):
                header = labels
                continue
            pairs: list[tuple[str, str]] = []
            if header is not None:
                pairs = [(lab, cell) for lab, cell in zip(header, cells, strict=False) if lab and cell.strip()]
                header = None
            elif len(filled) >= 2 and (m := LABEL_CELL.match(filled[0])):
                pairs = [(m.group("label"), filled[1])]
            for label, cell in pairs:
                if name := _labelled_name(label, cell, person=False):
                    role = role_for_term(label)
                    out.append(PartyHit(name, role, label if role != "other" else None, row, 0.85))
    return out


@lru_cache(maxsize=1)
def _field_captions() -> dict[str, re.Pattern[str]]:
    """Captions of a party's details rows (``party_fields.json``), each kind one whole-caption pattern."""
    return {kind: re.compile(rf"(?:{vocabulary.alternation(p)})\s*[:：]?", re.I)
            for kind, p in vocabulary.merged("party_fields").items()}


def _details_table_party(table: Table) -> PartyHit | None:
    """A details table under a role heading ("Auftraggeber" over "Firma | Dönerbude Beelen", "Name | ...",
    "Adresse | ..."): the firm of its company row, else an organisation in its name row. The heading gives the
    role; a blank form ("Name/Firma | ______") names nobody."""
    heading = (table.section or "").strip()
    if not (m := LABEL_CELL.match(heading)) or role_for_term(m.group("label")) == "other":
        return None
    captions = _field_captions()
    found: dict[str, tuple[str, int]] = {}
    for i, row in enumerate(table.rows):
        cells = [c.text.strip() for c in row if c.text.strip()]
        if len(cells) != 2:
            continue
        for kind in ("company", "person"):
            if kind not in found and (pattern := captions.get(kind)) and pattern.fullmatch(cells[0]):
                if (name := clean_name(cells[1])) and (kind == "company" or is_organisation(name)):
                    found[kind] = (name, i)
                break
    if not (best := found.get("company") or found.get("person")):
        return None
    label = m.group("label")
    return PartyHit(best[0], role_for_term(label), label, Row(table, best[1]), 0.8)


_COMPLEMENT = {"customer": "supplier", "supplier": "customer"}


def _complement_roles(kept: list[PartyHit]) -> None:
    """One party left without a role beside parties that all hold the same one: it is the other side of the deal.
    Its defined term may be neutral ("Company" beside "Consultant" is the customer, beside "Client" the supplier) or
    missing ("Bluefly, Inc. (Customer)" and "International Business Machines Corporation": IBM supplies); several
    parties on one side ("... and OneAmerica Securities, Inc. (each a Servicing Agent)") leave the one other the
    counterpart."""
    if len(kept) < 2:
        return
    open_ = [h for h in kept if h.role == "other"]
    known = {h.role for h in kept if h.role != "other"}
    if len(open_) == 1 and len(known) == 1 and (side := known.pop()) in _COMPLEMENT:
        open_[0].role = _COMPLEMENT[side]


# Words that may stand around a role word without making it a name: "the Parties", "der Firma des Kunden".
# "Company" too: a name of role words joined by "and" ("Client and the Company") is a phrase, not a party.
_ROLE_FILLERS = frozenset("the a an named said der die das des dem den firma company party parties partei parteien "
                          "vertragspartei vertragsparteien and und or oder".split())


def role_words_only(name: str) -> bool:
    """A role or placeholder standing where a name should ("VENDOR", "Named Parties", "Kunden / der Firma des
    Kunden"): every word is a role term (``party_roles.json``) or a filler around one."""
    words = re.findall(r"[A-Za-zÄÖÜäöüß]+", name.lower())
    return bool(words) and all(w in ROLE_TERMS or w.removesuffix("n") in ROLE_TERMS or w.removesuffix("s") in ROLE_TERMS
                               or w in _ROLE_FILLERS for w in words)


# "the Customer", "dem Kunden": the document's other side spoken of by its role (``party_roles.json``).
_ARTICLE_TERM = re.compile(r"\b(?:the|der|dem|den|des|die)\s+([A-ZÄÖÜ][a-zäöüß]+)\b")
UNNAMED_SIDE_USES = 2
_YOU = re.compile(r"\b(?:you|your|yours)\b", re.I)
ADDRESSED_USES = 5


# "Customer is entitled", "between Dipme and Customer": a capitalised role word used as a name without an article is
# the defined term of a side the document leaves unnamed (not at a sentence's or line's start, where any word is
# capitalised).
_BARE_TERM = re.compile(r"(?<=[a-zäöüß,(] )([A-ZÄÖÜ][a-zäöüß]+)\b(?![ \t]+[A-ZÄÖÜ])")


def _customer_term(word: str) -> bool:
    return "customer" in (role_for_term(word), role_for_term(word.removesuffix("n")))


def _sole_party_beside_customer(ctx: DocContext, kept: list[PartyHit]) -> None:
    """One named party, and the text dealing with "the Customer" / "dem Kunden" it never names (AGB, terms, an SLA
    with a preamble "zwischen dem Kunden und der X AG", an SLA saying "Customer" as a defined term): the named one
    is the supplier."""
    if len(kept) != 1 or kept[0].role != "other":
        return
    text = "\n".join(s.text for s in ctx.sentences[:FRONT_SENTENCES])
    uses = sum(_customer_term(m.group(1)) for m in _ARTICLE_TERM.finditer(text))
    if ctx.language != "de":  # German capitalises every noun: a bare "Kunde" is no defined term
        uses += sum(_customer_term(m.group(1)) for m in _BARE_TERM.finditer(text))
    # English terms addressed to "you" ("between gHosting Ltd. and you"): the reader takes the service, the one named
    # party offers it. (German "Sie" is also "they", so it is not counted.)
    addressed = ctx.language == "en" and len(_YOU.findall(text)) >= ADDRESSED_USES
    if uses >= UNNAMED_SIDE_USES or addressed:
        kept[0].role = "supplier"


@extractor("parties", order=10)
def extract_parties(ctx: DocContext, found: Mapping[str, Any]) -> dict[str, Any]:
    if not ctx.sentences:
        return {}
    limit = max(FRONT_SENTENCES, int(len(ctx.sentences) * FRONT_SHARE))
    candidates = [s for s in ctx.with_cue("PARTY_INTRO") if s.position < limit]
    # Opening sentences defining two companies need no cue word: "X Inc. (the "Company") and Y Inc. (the "Agent")".
    early = [s for s in ctx.sentences[:EARLY_SENTENCES] if s.text.count("(") >= 2 and s not in candidates]
    candidates = sorted(candidates + early, key=lambda s: s.position)
    preamble = preamble_parties(ctx, candidates)
    others = _label_parties(ctx) + _table_parties(ctx)
    if len(preamble) + len(others) < 2:
        others += signature_parties(ctx)
    kept: list[PartyHit] = []
    for n, hit in enumerate(preamble + others):
        # One preamble lists distinct parties ("TOM Online Inc." and "TOM Online (BVI) Limited"): only exact
        # repeats are merged there; the other strategies re-find preamble parties in other words.
        loose = n >= len(preamble)
        twin = next((k for k in kept if (same_party(k.name, hit.name) if loose else name_key(k.name) == name_key(
            hit.name))), None)
        if twin is None:
            kept.append(hit)
        elif twin.role == "other" and hit.role != "other":
            # A later mention may know the role the first one lacked ("Supplier | Liffey ... (LDS)").
            twin.role, twin.defined_as = hit.role, hit.defined_as or twin.defined_as
    # A role standing for a party ("VENDOR" in a template, "dem Kunden / der Firma des Kunden" in a form contract) or
    # a heading ("Named Parties") names nobody: the record lists names, and a form's unnamed side has none.
    kept = [h for h in kept if not role_words_only(h.name)]
    _complement_roles(kept)
    roles_from_conduct(ctx, kept)
    _sole_party_beside_customer(ctx, kept)
    if not kept and (provider := provider_party(ctx) or title_brand(ctx)) is not None \
            and not role_words_only(provider.name):
        # No preamble, label or signature: a price list, SLA or support policy names only its provider, in its
        # own sentences or, failing those, in its title.
        kept.append(provider)
    parties = [
        {
            "name": h.name,
            "role": h.role,
            "defined_as": h.defined_as,
            "confidence": round(h.confidence, 3),
            "evidence": h.source.evidence(),
        }
        for h in kept[:MAX_PARTIES]
    ]
    return {"parties": parties} if parties else {}
