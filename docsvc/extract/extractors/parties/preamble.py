"""Reading the parties out of a contract's opening words (the preamble or a "Parties" section).

A window of text starts at a party-introducing word ("by and between", "among", "zwischen", a "PARTIES"
heading) and runs, across short blocks if the layout puts one item per line, until the recitals or the
collective "Parties" definition. Inside it every defined alias ``(the "Customer")`` closes one party's
segment; the party's legal name is the first name-like run at a separator of that segment ("between",
", and", "(2)", a line break). Names without an alias are accepted only when they carry a legal form.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from docsvc.extract.context import DocContext, Row, Sentence
from docsvc.extract.extractors.parties.names import (
    ALIAS,
    ALIAS_LEAD_UNQUOTED,
    ALIAS_ROLE_LINE,
    ALIAS_UNQUOTED,
    COLLECTIVE_TERMS,
    FIRST_PERSON,
    LEGAL_FORM_ANYWHERE,
    PUBLIC_BODY,
    ROLE_TERMS,
    SECOND_PERSON,
    alias_terms,
    clean_name,
    has_legal_form,
    is_party_term,
    role_for_terms,
)
from docsvc.extract.types import Block, BlockKind

ANCHOR = re.compile(
    r"\b(?:by\s+and\s+(?:between|among)|between|among(?:st)?|zwischen|entered\s+into\s+by|made\s+by|"
    r"executed\s+by|concluded\s+by|geschlossen\s+von|parties\s+(?:to|of)\s+this\s+\w+\s+are)\b",
    re.I,
)
# A heading or label line that opens a list of parties ("PARTIES", "BETWEEN:", "Vertragsparteien").
ANCHOR_BLOCK = re.compile(
    r"^\s*(?:the\s+)?(?:parties|between|among|vertragsparteien|vertragspartner|zwischen|parteien)\s*[:.]?\s*$", re.I
)
ALIAS_ANCHOR = re.compile(r"\b(?:hereinafter|hereafter|nachfolgend|nachstehend|im\s+Folgenden)\b", re.I)
# Where the list of parties is over: recitals, the collective definition, the first clause.
STOP_IN_TEXT = re.compile(
    r"\b(?:WHEREAS|RECITALS?|BACKGROUND|W\s?I\s?T\s?N\s?E\s?S\s?S\s?E\s?T\s?H|NOW,?\s+THEREFORE|IN\s+WITNESS|"
    r"AGREED\s+TERMS|Capitali[sz]ed\s+terms|PR[ÄA]AMBEL|Pr[äa]ambel|Vorbemerkung|IT\s+IS\s+(?:HEREBY\s+)?AGREED|"
    r"Whereas|Recitals|Background)\b"
    r"|\b(?:each|individually|collectively|together|jointly|gemeinsam|jeweils)\b[^.;]{0,60}?[\"“„](?:the\s+)?"
    r"(?:Part(?:y|ies)|Vertragspartner|Vertragsparteien|Parteien)[\"”“]"
)
NUMBERED = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s")
NUMBERED_PARTY_CHARS = 160
# Clause numbers have at most three digits: "87654 Obertal" is the postcode line of an address, not clause 87654.
STOP_BLOCK = re.compile(
    r"^\s*(?:§\s*\d|\d{1,3}(?:\.\d+)*\.?\s+[A-ZÄÖÜ]|ARTICLE\b|Article\s+\d|SECTION\b|Section\s+\d|WHEREAS|RECITALS?|"
    r"Recitals|BACKGROUND|Background|Pr[äa]ambel|PR[ÄA]AMBEL|Vorbemerkung|WITNESSETH|NOW,|IN WITNESS|"
    r"AGREED TERMS|Agreed terms|DEFINITIONS|Definitions|Table of Contents|TABLE OF CONTENTS|Inhalt)"
)
_SEPARATOR = re.compile(
    r",?\s+(?:and|und|AND|And|as\s+well\s+as|sowie)\s+|[;\u037e]\s*(?:and\s+|und\s+)?|\n"
    r"|\(\s*(?:\d{1,2}|[a-h]|[ivx]{1,4})\s*\)\s*"
    # A caption naming the side before the name: "Disclosing Party: Acme Corporation", "Offenlegende Partei: ...".
    r"|(?:^|(?<=\n))[ \t]*[A-ZÄÖÜ][\w-]*(?:[ \t]+[\w-]+)?[ \t]+(?:Party|Partei)[ \t]*:[ \t]*"
)
# A capitalised run ending in a legal form, right before an alias: "... Leistungen der NetzKontor GmbH (".
_NAME_BEFORE = re.compile(r"((?:[A-ZÄÖÜ0-9][\w&.'’\-]*,?\s+){0,7}[\w&.'’\-]+)\s*$")  # last word: "mbH" too
# A full stop after a word or a closing bracket, not after "Inc." or "Co." (whose letters are mostly capitals).
_SENTENCE_END = re.compile(r"(?:(?<!Corp)(?<!Bros)(?<!Assn)\b[A-Za-z]?[a-z]{3,}|[)\]”\"])(?P<stop>\.)\s+[A-ZÄÖÜ]")
_AGENT_NOUN = re.compile(r"^(?:the\s+)?[A-ZÄÖÜ][a-zäöüß]+(?:er|or|ee|ant|ent|ist)$")
# Like _NAME_BEFORE, with "&" inside a name ("Physician Sales & Service, Inc.").
_COMPANY_BEFORE = re.compile(r"((?:(?:[A-ZÄÖÜ0-9][\w&.'’\-]*|&),?\s+){0,8}[\w&.'’\-]+)\s*,?\s*$")
SHORT_NAME_REACH = 150
_SHARED_ALIAS = re.compile(r"\b(?:each|both|collectively|together|jointly|jeweils|gemeinsam)\b", re.I)
_DEFINED_TERM = re.compile(r"\(\s*(?:the\s+|this\s+)?[\"“„‘]([^\"”“‘’]{2,40})[\"”“’]\s*\)")
_WEAK_FORM_END = re.compile(r"\b(?:Company|Bank|Trust|Fund|Society|Partners|Partnership|Gesellschaft)\W*$", re.I)
WRAPPED_BLOCK = 80
# The opening lines: here a sentence defining companies without "between" opens a window too (annexes such as a
# Leistungsbeschreibung, letter agreements), and a window naming a single party is accepted.
EARLY_SENTENCES = 60
LINES_BACK = 4
PARTY_PARAGRAPH = 300
MAX_WINDOW = 3000
MAX_BLOCKS = 30


@dataclass
class PartyHit:
    name: str
    role: str
    defined_as: str | None
    source: Sentence | Row
    confidence: float
    defined: bool = False  # introduced with a defined alias


@dataclass
class _Window:
    text: str
    pieces: list[tuple[int, Block, int]]  # (offset in window, block, offset in block)


def sentence_at(ctx: DocContext, by_block: dict[int, list[Sentence]], window: _Window, offset: int) -> Sentence:
    """The sentence holding window offset ``offset``, for evidence."""
    block, in_block = window.pieces[0][1], window.pieces[0][2]
    for start, b, b_off in window.pieces:
        if start <= offset:
            block, in_block = b, b_off + offset - start
    sentences = by_block.get(block.index, [])
    for s in sentences:
        if s.start <= in_block < s.end:
            return s
    return sentences[-1] if sentences else ctx.sentences[0]


def _build_window(blocks: list[Block], i: int, start: int) -> _Window:
    text = blocks[i].text[start:]
    pieces = [(0, blocks[i], start)]
    stop = STOP_IN_TEXT.search(text)
    if stop:
        return _Window(text[: stop.start()], pieces)
    # Continue over following blocks when the parties are laid out one item per line.
    for block in blocks[i + 1: i + 1 + MAX_BLOCKS]:
        if block.kind in (BlockKind.HEADER, BlockKind.FOOTER):
            continue
        if len(text) >= MAX_WINDOW or _ends_window(block.text):
            break
        # A long block cut mid-sentence (a PDF paragraph split by the layout) continues on the same line;
        # short blocks are the lines of a name/address/alias layout and keep their line breaks.
        previous = pieces[-1][1]
        wrapped = previous.kind == BlockKind.PARAGRAPH and len(previous.text) > WRAPPED_BLOCK
        joint = " " if wrapped and not re.search(r"[.:;]\s*$", text) else "\n"
        pieces.append((len(text) + 1, block, 0))
        text += joint + block.text
        stop = STOP_IN_TEXT.search(text, pieces[-1][0])
        if stop:
            return _Window(text[: stop.start()], pieces)
    return _Window(text[:MAX_WINDOW], pieces)


def _ends_window(text: str) -> bool:
    """A heading, recital or clause opens; a numbered line naming a company is still the list of parties."""
    if not STOP_BLOCK.match(text):
        return False
    head = text[:NUMBERED_PARTY_CHARS]
    return not (NUMBERED.match(text) and (LEGAL_FORM_ANYWHERE.search(head) or ALIAS_ANCHOR.search(head) or (
        PUBLIC_BODY.search(head) and ALIAS.search(head))))  # "2. Greyfield Borough Council ... ("the Council")"


def _names_a_party(terms: list[str], name: str) -> bool:
    """An alias fit for a party: a short form of the name ("i-on" for "i-on interactive", "HDI" for "Hanover
    Direct") or a word for a person or firm ("Developer", "Sponsor", "Franchisee", "Consultant")."""
    words = [w for w in re.split(r"[\s,.]+", name.lower()) if w]
    initials = "".join(w[0] for w in words)
    for term in terms:
        low = term.lower().replace(".", "")
        if any(w.startswith(low) or low.startswith(w) for w in words if len(w) > 1) or initials.startswith(low):
            return True
        if _AGENT_NOUN.match(term):
            return True
    return False


def _is_item_line(block: Block) -> bool:
    return block.kind == BlockKind.PARAGRAPH and len(block.text) < WRAPPED_BLOCK and not _ends_window(block.text)


def _is_party_paragraph(block: Block) -> bool:
    return (block.kind == BlockKind.PARAGRAPH and len(block.text) < PARTY_PARAGRAPH and not _ends_window(block.text)
            and bool(LEGAL_FORM_ANYWHERE.search(block.text) or PUBLIC_BODY.search(block.text)))


def _candidates(segment: str) -> list[tuple[int, str, int]]:
    """Valid names that start the segment or follow one of its separators: (offset, name, separator strength).

    An enumeration mark, a semicolon or a line break (strength 2) opens a new party far more reliably than
    ", and" (1) or a bare "and" (0), which also joins descriptors ("organized and existing under ...").
    """
    starts = [(0, 2)] + [(m.end(), _strength(m.group(0))) for m in _SEPARATOR.finditer(segment)]
    out: dict[str, tuple[int, str, int]] = {}
    for st, strength in starts:
        name = clean_name(segment[st:])
        if name and (name not in out or out[name][2] < strength):
            out[name] = (max(st, segment.find(name.split()[0], st)), name, strength)
    # "zwischen dem Kunden und der Ventus Cloud AG": the run from the list's start takes in the unnamed side; the
    # company after the separator is the party.
    return sorted(c for c in out.values() if not any(
        o[0] > c[0] and c[1].endswith(o[1]) and _role_words(c[1][: -len(o[1])]) for o in out.values()))


def _strength(separator: str) -> int:
    if re.search(r"[;\u037e\n(]", separator):  # U+037E: the Greek question mark some filings use for ";"
        return 2
    return 1 if "," in separator else 0


def _adjacent_company(segment: str) -> list[tuple[int, str, int]]:
    """The company named right before the alias: the longest tail of the capitalised run that is one legal name
    ("Gulf South Medical Supply, Inc." whole, but only "PSS Merger Corp." of "PSS, PSS Merger Corp.")."""
    before = _NAME_BEFORE.search(segment)
    if not before:
        return []
    run = before.group(1)
    for st in [0] + [m.end() for m in re.finditer(r",\s+", run)]:
        name = clean_name(run[st:])
        if name and has_legal_form(name) and len(name) >= len(run[st:].rstrip(" ,")) - 1:
            return [(before.start(1) + st, name, 0)]
    return []


_FILLERS = frozenset("the a an and or der die das des dem den und oder".split())


def _role_words(text: str) -> bool:
    """Nothing but role words and articles: "Kunden und der", "the Customer and"."""
    words = re.findall(r"[A-Za-zÄÖÜäöüß]+", text.lower())
    return bool(words) and any(w not in _FILLERS for w in words) and all(
        w in _FILLERS or w in ROLE_TERMS or w.removesuffix("n") in ROLE_TERMS or w.removesuffix("s") in ROLE_TERMS
        for w in words)


def _choose(segment: str, alias_body: str, terms: list[str], *, legal_only: bool) -> list[tuple[int, str, int]]:
    """The party name(s) a segment ending in an alias introduces, as (offset, name, separator strength)."""
    found = _candidates(segment)
    legal = [c for c in found if has_legal_form(c[1])]
    if legal and _SHARED_ALIAS.search(alias_body):
        return legal  # "X Ltd and Y Ltd (each and both of them "Recipient")"
    if legal:
        return [max(legal, key=lambda c: c[2])]
    adjacent = _adjacent_company(segment)
    if found and not legal_only:
        # "among PSS, PSS Merger Corp. ("Merger Corp.") and ...": the alias abbreviates the company right before it;
        # the short name the list opens with is a party of its own.
        if adjacent and _names_a_party(terms, adjacent[0][1]) and not _names_a_party(terms, found[0][1]):
            return found[:1] + adjacent if found[0][2] == 2 else adjacent
        return found[:1]
    if public := [c for c in found if PUBLIC_BODY.search(c[1])]:
        return [max(public, key=lambda c: c[2])]  # "Die Bundesrepublik Deutschland, vertreten durch ... (Kunde)"
    return adjacent


def parse_window(ctx: DocContext, by_block: dict[int, list[Sentence]], window: _Window,
                 *, alias_only: bool = False, short_names: Mapping[str, str] | None = None) -> list[PartyHit]:
    text = window.text
    hits: list[PartyHit] = []
    pos = 0
    aliases = sorted(
        list(ALIAS.finditer(text))
        + list(ALIAS_LEAD_UNQUOTED.finditer(text))
        + [m for m in ALIAS_ROLE_LINE.finditer(text) if m.group(1).lower().split()[-1] in ROLE_TERMS]
        + [m for m in ALIAS_UNQUOTED.finditer(text) if m.group(1).lower().split()[-1] in ROLE_TERMS],
        key=lambda m: m.start(),
    )
    for m in aliases:
        if m.start() < pos:
            continue
        terms = alias_terms(m) if m.re is ALIAS else [m.group(1)]
        if not terms:
            continue  # brackets with an apostrophe, not a defined term: "(the Supplier's affiliates)"
        segment, seg_start = text[pos: m.start()], pos
        if len(hits) >= 2 and _SENTENCE_END.search(segment):
            break  # the preamble sentence is over; later aliases belong to the recitals
        pos = m.end()
        collective = any(COLLECTIVE_TERMS.match(t) for t in terms)
        if collective and not any(is_party_term(t) for t in terms):
            break
        if not any(is_party_term(t) or t.lower() in FIRST_PERSON or t.lower() in SECOND_PERSON for t in terms):
            if len(hits) >= 2:
                break
            # "... and Y Inc., a Delaware corporation, as of June 8, 2010 ("Effective Date")": Y has no alias.
            for off, name, strength in _candidates(segment):
                if off > 0 and strength > 0 and has_legal_form(name):
                    hits.append(PartyHit(name, "other", None, sentence_at(ctx, by_block, window, seg_start + off), 0.7))
            continue
        role, defined_as = role_for_terms(terms)
        for off, name, strength in _choose(segment, m.group(0), terms, legal_only=alias_only):
            # Right after "between" or at a list mark ("(3) GAMMA COUNCIL") a name needs no more support; elsewhere
            # a bare capitalised phrase ("Ethnicity Estimates") is more likely a thing defined than a party.
            listed = (seg_start == 0 or strength == 2) and not alias_only
            if role == "other" and not listed and not LEGAL_FORM_ANYWHERE.search(name) and not _names_a_party(
                    terms, name):
                continue
            if _sentence_words(name):
                continue
            hits.append(PartyHit(name, role, defined_as, sentence_at(ctx, by_block, window, seg_start + off),
                                 0.9 if has_legal_form(name) else 0.8, defined=True))
        if collective:  # ("Supplier" and, collectively with Customer, the "Parties"): the list is complete
            break
    if not alias_only:
        # Parties named without an alias ("between Bluefly, Inc. and International Business Machines Corporation"):
        # only legal-form names, and only up to the end of the sentence.
        tail = text[pos:]
        end = _SENTENCE_END.search(tail)
        tail = tail[: end.start("stop")] if end else tail
        for off, name, _ in _candidates(tail):
            if (has_legal_form(name) or _term_key(name) in (short_names or {})) and (off > 0 or not hits) and not (
                    _sentence_words(name)):
                hits.append(PartyHit(name, "other", None, sentence_at(ctx, by_block, window, pos + off), 0.7))
    return hits


_FUNCTION_WORD = re.compile(r"\s(?:by|the|and|of|to|for|with|von|der|die|das|und|durch|für|mit)\s")


def _sentence_words(name: str) -> bool:
    """Words of a sentence ("supported by the Company"), not a name: opening in lower case, with function words
    inside. A brand styled in lower case ("freistil IT Ltd.", "fortrabbit GmbH") has none."""
    return name[:1].islower() and bool(_FUNCTION_WORD.search(name))


def _term_key(text: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(text.lower().split())).strip(" .,")


def _window_start(s: Sentence, blocks: list[Block], i: int) -> tuple[int, int, bool] | None:
    """Where a window opened by sentence ``s`` starts: (block position, offset, opened by "between"-like word)."""
    if m := ANCHOR.search(s.text):
        return i, s.start + m.end(), True
    if ANCHOR_BLOCK.match(s.block.text):
        return i, len(s.block.text), True
    if s.position < EARLY_SENTENCES and (ALIAS_ANCHOR.search(s.text) or len(ALIAS.findall(s.text)) + sum(
            m.group(1).lower().split()[-1] in ROLE_TERMS for m in ALIAS_UNQUOTED.finditer(s.text)) >= 2):
        # "Blue Hills Bancorp, Inc. (the "Holding Company") ... and Keefe, Inc. (the "Agent")"; in a layout of one
        # item per line ("Die Firma" / "Technik Müller e.K." / "- nachfolgend Auftragnehmer genannt -") the name
        # stands on the lines above.
        if s.start == 0 and _is_item_line(s.block):
            lowest, alias_line = max(0, i - LINES_BACK), i
            while i > lowest and _is_item_line(blocks[i - 1]):
                i -= 1
            if i == alias_line and i > 0 and _is_party_paragraph(blocks[i - 1]):
                i -= 1  # name, address and representation in one paragraph, the alias on the next line
        return i, s.start if blocks[i] is s.block else 0, False
    return None


def _short_names(sentences: list[Sentence]) -> dict[str, str]:
    """Short names defined for companies: ``Physician Sales & Service, Inc. ("PSS")`` maps "pss" to the full name,
    so a list that refers back to them ("by and among PSS, Merger Corp. and GSMS") reports legal names."""
    out: dict[str, str] = {}
    for s in sentences:
        for m in _DEFINED_TERM.finditer(s.text):
            before = _COMPANY_BEFORE.search(s.text[max(0, m.start() - SHORT_NAME_REACH): m.start()])
            name = clean_name(before.group(1)) if before else None
            if name and has_legal_form(name):
                out.setdefault(_term_key(m.group(1)), name)
    return out


def preamble_parties(ctx: DocContext, sentences: list[Sentence]) -> list[PartyHit]:
    """The best-supported list of parties among the candidate windows of the document's front part."""
    blocks = list(ctx.doc.blocks)
    block_pos = {b.index: i for i, b in enumerate(blocks)}
    by_block: dict[int, list[Sentence]] = {}
    for s in ctx.sentences:
        by_block.setdefault(s.block.index, []).append(s)
    # A defined term ending in an ordinary word is not a legal name: (the "Holding Company") later reads like one.
    # "The Joint Corp." defined as itself stays.
    defined = {_term_key(t) for s in sentences for t in _DEFINED_TERM.findall(s.text)}
    short_names = _short_names(sentences)
    best: list[PartyHit] = []
    best_score = 0.0
    seen: set[tuple[int, int]] = set()
    for s in sentences:
        if s.block.index not in block_pos or not (opened := _window_start(s, blocks, block_pos[s.block.index])):
            continue
        i, start, by_anchor_word = opened
        if (i, start) in seen:
            continue
        seen.add((i, start))
        window = _build_window(blocks, i, start)
        hits = [h for h in parse_window(ctx, by_block, window, alias_only=not by_anchor_word, short_names=short_names)
                if not (_term_key(h.name) in defined and _WEAK_FORM_END.search(h.name))]
        for h in hits:
            if not has_legal_form(h.name) and (full := short_names.get(_term_key(h.name))):
                h.name, h.defined_as = full, h.name  # the list refers back to a short name defined earlier
        n_defined = sum(h.defined for h in hits)
        if s.position >= EARLY_SENTENCES and n_defined < 2:
            continue  # past the opening lines only a full preamble counts, not "a dispute between X and Y"
        score = sum((2.0 if h.defined else 0.0) + (1.0 if has_legal_form(h.name) else 0.0) for h in hits)
        if score > best_score:
            best, best_score = hits, score
        if n_defined >= 2:
            break  # the first window defining two parties is the preamble
    return best
