"""The provider of a price list, SLA or support policy that names itself only in its own sentences.

Such documents have no preamble and no signature page: "Datacoves will issue the credit", "Der Adobe-Support
bietet ...", "provided by Canonical", "Der im Folgenden genannte Anbieter ist die fortrabbit GmbH". A name
counts once for each sentence that shows it acting as the provider (the wording is data,
``nlp/patterns/*/provider_cues.json``), three times where the text says outright who the provider is, and
once more when the document's first heading names it. The best-supported name is reported as the supplier
when it has at least ``MIN_SUPPORT``; a brand mentioned once in passing ("GitHub integration") is not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from docsvc.extract import vocabulary
from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.extractors.parties.names import LEGAL_FORM_ANYWHERE, clean_name, has_legal_form
from docsvc.extract.extractors.parties.preamble import PartyHit
from docsvc.extract.extractors.parties.title_brand import PRODUCT_ACRONYMS, named_as_product, title_company
from docsvc.extract.types import Block, BlockKind

MIN_SUPPORT = 2
DEFINITION_WEIGHT = 3
SCAN_SENTENCES = 400
CONFIDENCE = 0.6
# One word of a name: a capitalised word ("Datacoves", "GitHub", "IBM", "GrEEV.com"), a word with a digit
# ("4.0"), or a lower-case brand with a dot ("devicecloud.dev"). Hyphens end a word: "Adobe-Support" names Adobe.
_WORD = r"(?:[A-ZÄÖÜ][\w&.]*[\w&]|[A-ZÄÖÜ]|\d[\d.]*|[a-z][a-z0-9]*\.[a-z]{2,})"
# A legal form may come in two parts, the first in brackets: "Karoo Networks (Pty) Ltd".
_NAME = (rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,3}}"
         rf"(?:,?[ \t]+(?:{LEGAL_FORM_ANYWHERE.pattern}|\((?:{LEGAL_FORM_ANYWHERE.pattern})\)(?=[ \t]+\w))){{0,2}})")
# A lower-case word opening a sentence is written that way on purpose: a styled brand ("fortrabbit will ...").
_STYLED_START = r"(?P<styled>[a-z][a-z0-9]{2,}(?:\.[a-z]{2,})?)"


# Words before a name that leave it the name: articles, demonstratives, possessives ("Ihr Adobe-Team", "Your X team").
_ARTICLES = frozenset("The This Our Your Der Die Das Den Dem Des Unser Unsere Diese Dieser Dieses Ihr Ihre".split())
# A quantifier before a name makes it a product family counted or set apart ("per AEC product", "pro AEC-Produkt",
# "alle anderen X-Produkte"), not the provider acting.
_QUANTIFIED_RE = re.compile(r"\b(?i:per|pro|je|each|every|any|other|all|jede[snmr]?|andere[nrms]?|alle[nr]?)\s+$")
# Before a common noun: "the Commitment", "des Monates", "einer Schulung". A brand stands without one ("von
# Adobe", "Datacoves will"), or as a modifier ("the DNIF platform", "der Adobe-Support"), which is not counted.
_DETERMINER = (r"(?i:the|a|an|any|each|this|that|your|our|der|die|das|den|dem|des|ein|eine|einer|einem|einen|eines|"
               r"jede[rsmn]?|ihre?[rsmn]?|unsere?[rsmn]?|diese[rsmn]?|per|pro)")
COMMON_NOUN_SHARE = 0.3
# Inside a sentence: after a word, a comma or a closing bracket/quote on the same line ("part of the ControlPlane
# distribution"), not after a full stop, a colon, a bullet or a line break.
_MID_SENTENCE = r"(?<=[\w,;)’\"”] )"
MASTHEAD_BLOCKS = 4
STYLED_USES = 3
MASTHEAD_WEIGHT = 2
TITLE_NAME_USES = 2
# The brand of a domain the document gives ("status.fortrabbit.com", "support@fortrabbit.com"): its second-level label.
_DOMAIN_LABEL = re.compile(r"(?<![\w-])(?:[a-z0-9-]+\.)*([a-z][a-z0-9-]{2,})\.[a-z]{2,6}(?![\w-])")
# A sentence's full stop after a legal form written without one: "die fortrabbit GmbH."
_DOTLESS_FORM_END = re.compile(r"\b(GmbH|mbH|AG|KG|SE|UG|LLC|GbR|OHG|PLC|plc|AB|BV|NV)\.$")


# A German participle with the auxiliary of the passive: "Gewährleistet wird", "Bereitgestellt werden".
_PARTICIPLE = re.compile(r"(?=[A-ZÄÖÜ])(?i:[a-zäöü]{0,9}?ge[a-zäöüß]{2,}t|[a-zäöüß]{3,}iert)\s+(?:wird|werden)")
# Before a word of the title, the product a service level is set for, not its provider: "Service Level for X".
_FOR_PRODUCT = re.compile(r"(?i:for|für)")
_NAME_ONLY = re.compile(r"[a-z][A-Z]|^[A-ZÄÖÜ0-9&]{2,}$|\d")


# A numeric target in the sentence: "X guarantees 99.9% availability", "X verpflichtet sich ... 99,95 %".
_TARGET = re.compile(r"\d(?:[\d.,]*\d)?\s*(?:%|(?i:prozent|percent|hours?|stunden|minutes?|minuten|"
                     r"(?:business\s+|working\s+)?days?|werktage?n?|tage?n?)\b)")
COMMITMENT_WEIGHT = 2
# A paragraph ending like a sentence, with a few words before: "R3 Labs offer two support plans for Ernest:".
_LEAD_SENTENCE = re.compile(r"^\S+(?:\s+\S+){4,}[.:]$")


# House number and postcode, or postcode and town: the end of an address line before a role in brackets
# ("Wiesenstr. 28 53773 Hennef (nachfolgend „Auftragnehmer“)"), never a provider's name.
_POSTCODE_TOWN = re.compile(r"(?:\d{1,4}[a-z]?\s+)?(?:D-|A-|CH-)?\d{4,5}\s+[A-ZÄÖÜ][\w.-]*(?:\s+[A-ZÄÖÜ][\w.-]*)?$")


@dataclass(frozen=True)
class _Cues:
    acting: re.Pattern[str]  # the name acting as provider
    defined: re.Pattern[str]  # the text saying who the provider is
    defined_after: re.Pattern[str]  # the name followed by the pronouns that stand for it: 'X ("we", "us")'
    framed: re.Pattern[str]  # the name inside a frame that speaks as it: "At X, we ...", "Bei X arbeiten wir ..."
    commitment: re.Pattern[str]  # 'after' cues that commit the name to a service level ("guarantees")
    first_person: re.Pattern[str]  # "We guarantee 99.9% uptime for <X> Platform": the service the provider promises
    generic: frozenset[str]
    ambiguous: frozenset[str]  # cue words that are plural nouns too ("credits", "issues")
    after: str  # the 'after' cues, for a brand known only once the document is read


@lru_cache(maxsize=1)
def _cues() -> _Cues:
    merged = vocabulary.merged("provider_cues")
    after = "|".join(f"(?:{p})" for p in merged.get("after", []))
    before = "|".join(f"(?:{p})" for p in merged.get("before", []))
    definition = "|".join(f"(?:{p})" for p in merged.get("definition", []))
    acting = re.compile(
        rf"(?:(?<![\w.-])(?:{_NAME}|(?:^|(?<=[.!?]\s)){_STYLED_START})(?![\w&])\s*(?:{after})"
        rf"|(?:{before})\s+{_NAME.replace('?P<name>', '?P<name2>')})",
        re.M,
    )
    styled_company = rf"(?P<name>[a-z][\w.&-]+(?:[ \t]+\w+){{0,2}}?[ \t]+(?:{LEGAL_FORM_ANYWHERE.pattern}))"
    defined = re.compile(rf"(?:{definition})(?:{styled_company}|{_NAME.replace('?P<name>', '?P<name2>')})")
    # A document defining its own first person names its publisher, whatever the case of the brand: 'rmmbr ("rmmbr",
    # "us" or "we")', 'scrt.link ("Service", "we", "us")', 'Automata Nexus ("Provider," "we," "us")'.
    pronouns = "|".join(f"(?:{p})" for p in merged.get("definition_after", []))
    defined_after = re.compile(
        rf"(?<![\w.@/-])(?:{_NAME}|(?P<lower>[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*))\s*\((?:{pronouns})")
    pairs = cast(list[list[str]], merged.get("definition_framed", []))  # [before, after] around the name
    frames = "|".join(f"(?:{pair[0]}){_NAME.replace('?P<name>', f'?P<framed{n}>')}(?={pair[1]})"
                      for n, pair in enumerate(pairs))
    commitment = re.compile("|".join(f"(?:{p})" for p in merged.get("commitment", [])) or r"(?!)")
    promise = "|".join(f"(?:{p})" for p in merged.get("first_person_commitment", []))
    first_person = re.compile(rf"(?:{promise}){_NAME}" if promise else r"(?!)", re.M)
    return _Cues(acting, defined, defined_after, re.compile(frames or r"(?!)", re.M), commitment, first_person,
                 frozenset(merged.get("generic", [])), frozenset(merged.get("ambiguous_after", [])), after)


def _core(name: str, generic: frozenset[str], *, whole: bool = False) -> str | None:
    """The name without a leading article ("Der Adobe" -> "Adobe"); None when it opens with a generic word
    ("Service Levels", "Support Team"). ``whole``: the words are exactly the name (a definition ends it)."""
    words = name.split()
    while words and words[0] in _ARTICLES:
        words = words[1:]
    first = words[0].strip(",") if words else ""

    def is_generic(word: str) -> bool:
        word = word.strip(",")
        return word in generic or word[:1].upper() + word[1:] in generic or word.capitalize() in generic

    # A name the text defines as the provider may open with a common word ("Cloud Temple (nachfolgend „der
    # Anbieter“)"); elsewhere "Cloud Services" or "Premium Support" is no name.
    specific_tail = whole and len(words) >= 2 and not all(is_generic(w) for w in words)
    if not first or (is_generic(first) and not specific_tail):
        return None
    if has_legal_form(" ".join(words)) or specific_tail or (whole and not any(w in generic for w in words)):
        return _DOTLESS_FORM_END.sub(r"\1", " ".join(words).rstrip(","))
    # Without a legal form only the first specific word is the brand: "GitHub Premium Support" -> "GitHub".
    word = words[0].rstrip(".,")
    return word if len(word) >= 2 and not word.isdigit() else None


def _words_key(name: str) -> str:
    return " ".join(w for w in name.split() if w not in _ARTICLES).strip(" ,").lower()


def _common_word(word: str, text: str, language: str) -> bool:
    """An ordinary word rather than a name: written in lower case elsewhere ("Excluded" / "excluded"), or mostly
    used as a noun after an article ("die Schulung")."""
    lower = rf"(?<![\w.@/-]){re.escape(word.lower())}(?![\w-]|\.\w)"  # not in "status.datacoves.com"
    if word[0].isupper() and not word.isupper() and re.search(lower, text):
        return True
    if word.isupper() or re.search(r"[a-z][A-Z]|[\d.]", word) or language != "de":
        # English writes its ordinary words in lower case, so the test above suffices ("a Canonical product" is
        # a brand as modifier); German capitalises every noun, which only its article gives away.
        return False  # "DNIF", "GitHub", "GrEEV.com": written as only a name is ("the DNIF platform" is no noun)
    uses = len(re.findall(rf"(?<![\w.-]){re.escape(word)}(?![\w])", text))
    # An article before a name of several words is the company's gender, not a common noun: "die Ventus Cloud".
    with_article = len(re.findall(rf"\b{_DETERMINER}\s+{re.escape(word)}(?![\w-]|[ \t]+[A-ZÄÖÜ])", text))
    return uses > 0 and with_article / uses >= COMMON_NOUN_SHARE


LETTERHEAD_TAIL = 3
LETTERHEAD_CHARS = 200
# The parts of a letterhead line: "X GmbH · Talweg 3 · 79098 Freiburg", "X Ltd | 1 High St | London EC1A 1AA".
_LETTERHEAD_SEP = re.compile(r"\s*[·•|–—]\s*|,\s+(?=[A-ZÄÖÜ][\w.-]*(?:stra(?:ß|ss)e|str\.|weg|platz|gasse)\b|\d)")
# A postcode and town, a phone number or an e-mail address: what makes a line an address block, not a sentence.
_CONTACT = re.compile(r"\b(?:D-|A-|CH-)?\d{4,5}\s+[A-ZÄÖÜ][a-zäöüß]|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"
                      r"|\b(?:Tel|Phone|Fon|Telefon)\b|[\w.-]+@[\w-]+\.[a-z]{2,}")


def _letterhead_blocks(ctx: DocContext) -> list[Block]:
    """Running headers and footers, and the document's last lines: where a company prints its name and address."""
    blocks = list(ctx.doc.blocks)
    chosen = [b for b in blocks if b.kind in (BlockKind.HEADER, BlockKind.FOOTER)] + blocks[-LETTERHEAD_TAIL:]
    return [b for b in dict.fromkeys(chosen) if len(b.text) <= LETTERHEAD_CHARS]


def _sentence_of(ctx: DocContext, block_index: int) -> Sentence | None:
    """The first sentence of a block (or of the document, for block 0 when it holds none), for evidence."""
    return next((s for s in ctx.sentences if s.block.index >= block_index), None)


def _first_heading(ctx: DocContext) -> str:
    for block in ctx.doc.blocks[:5]:
        if block.kind == BlockKind.HEADING:
            return block.text
        if block.index == 0:
            # A document without headings may open with its title; an opening sentence ("X offers two plans for
            # Y:") is no title, and the product it names is not the provider.
            return "" if _LEAD_SENTENCE.search(block.text) else block.text
    return ""


def _domain_brand_acts(ctx: DocContext, cues: _Cues, all_text: str) -> list[tuple[Sentence, str]]:
    """A lower-case brand inside a sentence acting as the provider ("The fortrabbit platform is monitored"), when the
    document also gives it as a domain and keeps repeating it: lower case alone is no sign of a name there."""
    brands = sorted({label for label in _DOMAIN_LABEL.findall(all_text) if len(re.findall(
        rf"(?<![\w.@/-]){re.escape(label)}(?![\w@/-]|\.\w)", all_text)) >= STYLED_USES})
    if not brands:
        return []
    acting = re.compile(rf"{_MID_SENTENCE}(?P<brand>{'|'.join(map(re.escape, brands))})(?![\w-])\s*(?:{cues.after})")
    return [(s, m.group("brand")) for s in ctx.sentences[:SCAN_SENTENCES] for m in acting.finditer(s.text)]


def provider_party(ctx: DocContext) -> PartyHit | None:
    """The provider named in the document's own sentences, as the supplier; None when no name is supported."""
    cues = _cues()
    support: Counter[str] = Counter()
    forms: dict[str, str] = {}
    first: dict[str, Sentence] = {}
    defined: set[str] = set()
    unambiguous: set[str | None] = set()  # keys seen before a cue that is only a verb ("will", "provides")

    defined_forms: dict[str, str] = {}  # names defined as the provider, by their words: they act under that name

    def count(raw: str, sentence: Sentence, weight: int, *, whole: bool = False) -> str | None:
        core = _core(raw, cues.generic, whole=whole) or defined_forms.get(_words_key(raw))
        if core is None or not re.search(r"[^\W\d_]", core) or core.lower() in PRODUCT_ACRONYMS:
            return None  # "Bei mir ab 1.500 Euro": an amount is nobody's name, "the SaaS will" no provider's
        if whole:
            defined_forms[_words_key(core)] = core
        key = core.split()[0].lower().rstrip(".,")
        support[key] += weight
        first.setdefault(key, sentence)
        if has_legal_form(core) or key not in forms or (whole and not has_legal_form(forms[key])):
            forms[key] = core
        return key

    all_text = "\n".join(b.text for b in ctx.doc.blocks)
    for s in ctx.sentences[:SCAN_SENTENCES]:
        for m in cues.acting.finditer(s.text):
            if m.group("name") and _QUANTIFIED_RE.search(s.text[max(0, m.start() - 20): m.start()]):
                continue
            styled = m.group("styled")
            # A sentence opening in lower case with a word the text keeps repeating: a styled brand ("fortrabbit").
            weight = 2 if styled and len(re.findall(
                rf"(?<![\w.@/-]){re.escape(styled)}(?![\w-])", all_text)) >= STYLED_USES else 1
            if m.group("name") and ctx.language == "de" and _PARTICIPLE.fullmatch(m.group(0)) and (
                    not s.text[:m.start()].strip() or s.text[:m.start()].rstrip()[-1] in ".!?:"):
                continue  # "Gewährleistet wird ...": a passive sentence opens with its participle, no name
            committed = cues.commitment.match(s.text, m.end("name")) if m.group("name") else (
                m.group("name2") and cues.commitment.search(s.text, m.start(), m.start("name2")))
            if committed and _TARGET.search(s.text):
                # "X guarantees 99.9% availability", "..., garantiert X eine Verfügbarkeit von 99,8 %": the service
                # level is X's promise
                weight = COMMITMENT_WEIGHT
            key = count(m.group("name") or styled or m.group("name2") or "", s, weight)
            if not (m.group("name") and s.text[m.end("name"): m.end()].strip().lower() in cues.ambiguous):
                unambiguous.add(key)
        if _TARGET.search(s.text):
            # The provider promising a service level in its own voice names the service it runs: its brand.
            for m in cues.first_person.finditer(s.text):
                unambiguous.add(count(m.group("name"), s, COMMITMENT_WEIGHT))
        for m in cues.defined.finditer(s.text):
            raw = m.group("name") or m.group("name2")
            count(raw, s, DEFINITION_WEIGHT)
            defined.add(raw.split()[0].lower().rstrip(".,"))
        for m in cues.defined_after.finditer(s.text):
            raw = m.group("name") or m.group("lower")
            if (core := _core(raw, cues.generic, whole=True)) is not None:
                count(raw, s, DEFINITION_WEIGHT, whole=True)
                defined.add(core.split()[0].lower().rstrip(".,"))
        for m in cues.framed.finditer(s.text):
            raw = next(v for k, v in m.groupdict().items() if k.startswith("framed") and v)
            if (key := count(raw, s, DEFINITION_WEIGHT, whole=True)) is not None:
                defined.add(key)
    text = "\n".join([b.text for b in ctx.doc.blocks] + [t.row_text(i) for t in ctx.tables for i in range(len(t.rows))])
    for s, brand in _domain_brand_acts(ctx, cues, all_text):
        count(brand, s, 2)
        unambiguous.add(brand)
    heading = _first_heading(ctx)
    for block in ctx.doc.blocks[:MASTHEAD_BLOCKS]:
        # The company in the masthead under the title: "ClearSkai Technologies, LLC (DBA ...) Prescott, Arizona".
        if (name := clean_name(block.text)) and has_legal_form(name) and (src := _sentence_of(ctx, block.index)):
            count(name, src, MASTHEAD_WEIGHT)
            defined.add(name.split()[0].lower().rstrip(".,"))
    for block in _letterhead_blocks(ctx):
        # A footer or closing line with the company and its address: "Nordhang IT GmbH · Talweg 3 · 79098 Freiburg".
        # A copyright or imprint line is read by the definition cues already.
        if cues.defined.search(block.text):
            continue
        name = clean_name(_LETTERHEAD_SEP.split(block.text)[0])
        if name and has_legal_form(name) and _CONTACT.search(block.text) and (src := _sentence_of(ctx, block.index)):
            count(name, src, DEFINITION_WEIGHT)
            defined.add(name.split()[0].lower().rstrip(".,"))
    if (titled := title_company(heading)) and (src := _sentence_of(ctx, 0)):
        # "Ridgeway Telecom Pty Ltd Service Level Agreement", "Leistungsbeschreibung der Nordwerk GmbH": the title
        # is the company's own document.
        count(titled, src, MASTHEAD_WEIGHT)
        defined.add(titled.split()[0].lower().rstrip(".,"))
    heading_words = heading.split()
    acted = set(support)
    for n, word in enumerate(heading_words):
        # A name in the title that the text keeps repeating: "GitHub Premium Support plans", "Canonical Support";
        # not the tail of a generic phrase ("Service Level Commitment").
        if not re.fullmatch(_WORD, word.strip(",:;()")) or (n and heading_words[n - 1].strip(",:") in cues.generic):
            continue
        if n and (heading_words[n - 1].strip(",:;()").lower() in acted or re.fullmatch(
                _WORD, heading_words[n - 1].strip(",:;()")) or (_FOR_PRODUCT.fullmatch(heading_words[n - 1])
                                                                and not _NAME_ONLY.search(word))):
            # The second word of a name seen acting ("Snowmobile Telco provides"), or of a brand's product ("TELUS
            # Wavelength Service"), or the service a level is set for ("Service Level for Compute Cloud"; a word
            # written as only a name is, "Abrechnung für GitHub Actions", is the provider's): the provider, if any,
            # is another word.
            continue
        core = _core(word.strip(",:;()"), cues.generic)
        if ctx.language == "de" and core and not re.search(r"^[A-ZÄÖÜ0-9]{2,}$|[a-z][A-Z]|\w\.\w", core):
            continue  # German capitalises every noun: only a name written as one ("GitHub", "IBM") counts here
        if core and re.search(r"\w\.[a-z]{2,6}$", core):
            continue  # a domain in the title is the site the document is about ("Supportvertrag – Shop.ch Frontend")
        if core and core.lower() not in support and (src := _sentence_of(ctx, 0)) and len(re.findall(
                rf"(?<![\w.-]){re.escape(core)}(?![\w])", text)) >= TITLE_NAME_USES:
            count(core, src, 1)
    for key in [k for k in support if k not in defined]:
        word = forms[key].split()[0].rstrip(".,")
        if _common_word(word, text, ctx.language) or named_as_product(word, text) or (
                key not in unambiguous and not re.search(
                rf"{_MID_SENTENCE}{re.escape(word)}(?![\w-])", text)):
            # The second: capitalised only where every word is, before a cue that may be a noun ("Automatic
            # credits are issued"), no sign of a name.
            del support[key]
    if not support:
        return None
    for key in support:
        if re.search(rf"(?<![\w.]){re.escape(key)}(?![\w])", heading.lower()):
            support[key] += 1
    key, score = support.most_common(1)[0]
    best = [k for k, v in support.items() if v == score]
    if len(best) > 1:
        # A tie between a name the text defines as the provider (a copyright line, "the provider is X", a masthead)
        # and names merely acting ("SkyFibre delivers ...", a product) goes to the defined one.
        best = [k for k in best if k in defined]
        key = best[0] if len(best) == 1 else key
    if score < MIN_SUPPORT or len(best) != 1 or _POSTCODE_TOWN.match(forms[key]):
        return None  # nothing specific enough, two names equally supported, or the tail of an address: no guess
    return PartyHit(forms[key], "supplier", None, first[key], CONFIDENCE)
