"""Helpers for party extraction: legal names, defined aliases and the role a defined term implies.

Contracts introduce each party the same way in English and German: a legal name, optional descriptors
(incorporation, address, register entry), then a defined term in quotes — ``ACME Corp., a Delaware
corporation ("Customer")`` or ``Datenwerk GmbH, Ostendstraße 1 – nachfolgend „Auftragnehmer“ –``. These
helpers cut the legal name off its descriptors, read the defined terms and map them to record roles.
"""

from __future__ import annotations

import re

from docsvc.extract import vocabulary
from docsvc.extract.extractors.law.places import ADJECTIVE_PATTERN, PLACE_PATTERN

# Legal-form suffixes (and organisation words that end a name the same way). Used to let a name run on past a
# comma ("Cobalt Ridge Data Centers, Inc.") and as strong evidence that a text span really is a party name.
# Forms that cannot be mistaken for ordinary words match in any case ("INC.", "Ltd"); the short ones that can
# ("as", "co", "se", "ag") only as companies write them ("AS", "Co", "SE", "AG").
_LEGAL_ANY_CASE = (
    r"Inc|Incorporated|Corp|Corporation|Company|Ltd|Limited|L\.L\.C|LLC|PLLC|L\.P|LLP|L\.L\.P|P\.?L\.?C|GmbH|gGmbH|"
    r"mbH|Ges\.?m\.?b\.?H|KGaA|OHG|GbR|SARL|S[àa]rl|S\.A(?:\.S)?|S\.p\.A|SpA|S\.r\.l|Srl|S\.L|B\.V|N\.V|N\.A|"
    r"e\.\s?V|e\.\s?K|e\.\s?G|Pty|PTE|Bhd|DAC|A/S|ApS|ASA|S/A|G\.I\.E|K\.K|Sp\.\s?z\s?o\.\s?o|"
    r"Aktiengesellschaft|Partnership|Partners|Trust|Fund|Bank|Society|University"
)
_LEGAL_EXACT_CASE = r"AG|SE|SA|SAS|SL|BV|NV|KG|UG|AB|Oy|OY|AS|GK|KK|Co|CO|LP|PLC|Plc|plc|Inc|eG|AöR|mbB|PartG"
_LEGAL_FORMS = rf"(?i:{_LEGAL_ANY_CASE})|{_LEGAL_EXACT_CASE}"
LEGAL_FORM_END = re.compile(rf"(?:\b(?:{_LEGAL_FORMS})\.?)\s*$")
_LOWER_CASE_FORMS = frozenset({"mbh", "ggmbh", "mbb", "plc", "e.v", "e.k", "eg", "inc", "ltd", "llc", "corp"})
LEGAL_FORM_ANYWHERE = re.compile(rf"\b(?:{_LEGAL_FORMS})\b\.?")
_KEY_LEGAL_END = re.compile(rf"\b(?:{_LEGAL_ANY_CASE.lower()}|{_LEGAL_EXACT_CASE.lower()}|and)\s*$")

_LEAD_IN = r"hereinafter|hereafter|nachfolgend|nachstehend|im\s+Folgenden|im\s+Nachfolgenden|fortan"
QUOTE_CHARS = "\"“”„‟«»"
_TERM = re.compile(rf"[{QUOTE_CHARS}]\s*([^{QUOTE_CHARS}]{{1,60}}?)\s*[{QUOTE_CHARS}]")
# British drafting quotes defined terms singly: (the ‘Supplier’). Only pairs count: "Manufacturer's" is no term.
_SINGLE_TERM = re.compile(r"(?:‘|(?<!\w)')\s*([^‘’']{1,60}?)\s*(?:’|'(?!\w))")
# An alias: a parenthetical holding a quoted term, or the hereinafter / nachfolgend wording without brackets
# (German preambles write "– nachfolgend „Auftraggeber“ genannt –").
ALIAS = re.compile(
    rf"\((?P<paren>[^()]{{0,200}}?[{QUOTE_CHARS}‘’'][^()]{{0,200}}?)\)"
    rf"|(?P<lead>(?:[–-]\s*)?\b(?:{_LEAD_IN}|kurz)\b[^{QUOTE_CHARS}\n]{{0,40}}?)"
    rf"(?P<bare>[{QUOTE_CHARS}][^{QUOTE_CHARS}\n]{{1,60}}[{QUOTE_CHARS}](?:\s*genannt)?(?:\s*[–-])?)",
    re.I,
)
# German contracts often leave the defined term unquoted: "– nachfolgend Auftraggeber genannt –",
# "(im Folgenden: Kunde)"; so do some English ones: "(hereinafter referred to as the Supplier)".
ALIAS_LEAD_UNQUOTED = re.compile(
    rf"(?:\(|[–—-]\s*|,\s*)(?i:{_LEAD_IN})\s*(?i:(?:referred\s+to\s+as|called|genannt|bezeichnet\s+als|als)\s+)?:?\s*"
    r"(?i:the\s+|der\s+|die\s+|das\s+)?([A-ZÄÖÜ][\wäöüß\-]+(?:\s+[A-ZÄÖÜ][\wäöüß\-]+)?)\s*(?:genannt\s*)?"
    r"(?:\)|[–—-]|,|$)",
    re.M,
)
_CAPITALISED = re.compile(r"[A-Z][\w&.@\-]*(?:\s+[A-Z][\w&.@\-]*){0,3}")
# A line that is only the role, between dashes or in brackets: "- Auftraggeber -", "– nachfolgend Kunde –".
ALIAS_ROLE_LINE = re.compile(
    r"^[ \t]*(?:[–—-]|\()[ \t]*(?:(?i:nachfolgend|im\s+Folgenden|hereinafter)[ \t]+)?[„“\"]?"
    r"([A-ZÄÖÜ][\wäöüß]+(?:[ \t][A-ZÄÖÜ][\wäöüß]+)?)[“”\"]?(?:[ \t]+genannt)?[ \t]*(?:[–—-]|\))[ \t]*$",
    re.M,
)
# "(Transporter)" without quotes is only an alias when the word is a known role term.
ALIAS_UNQUOTED = re.compile(r"\(\s*(?:the\s+)?([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s*\)")

ROLE_TERMS: dict[str, str] = {}
# Role vocabulary as data (nlp/patterns/*/party_roles.json): "Licensor", "Auftragnehmer", "Transferee" ...
for _role, _terms in vocabulary.merged("party_roles").items():
    ROLE_TERMS.update(dict.fromkeys(_terms, _role))
# Multi-word terms whose last word alone would mislead ("New Supplier" is the transferee, not the supplier).
ROLE_PHRASES = {
    "continuing party": "remaining_party", "remaining party": "remaining_party", "counterparty": "remaining_party",
    "other party": "remaining_party", "outgoing supplier": "transferor", "outgoing provider": "transferor",
    "outgoing party": "transferor", "existing supplier": "transferor", "original supplier": "transferor",
    "retiring party": "transferor", "incoming supplier": "transferee", "incoming provider": "transferee",
    "incoming party": "transferee", "new supplier": "transferee", "new provider": "transferee",
    "new party": "transferee", "bisheriger auftragnehmer": "transferor", "neuer auftragnehmer": "transferee",
    "übertragende partei": "transferor", "übernehmende partei": "transferee", "verbleibende partei": "remaining_party",
    "ausscheidende partei": "transferor", "eintretende partei": "transferee", "service provider": "supplier",
    "transferring party": "transferor", "consenting party": "remaining_party",
}
_OLD_WORDS = frozenset(
    "outgoing existing original previous former old retiring bisheriger bisherige bisherigen alter alte "
    "ausscheidende ausscheidender".split()
)
_PARTY_WORDS = frozenset("party partei vertragspartner vertragspartnerin vertragspartei".split())
_NEW_WORDS = frozenset("incoming new successor replacement neuer neue neuen eintretende eintretender".split())
# Novation roles outrank commercial ones: "the Customer, also referred to as the Continuing Party".
ROLE_RANK = {"transferor": 3, "transferee": 3, "remaining_party": 3, "customer": 2, "supplier": 2, "other": 1}

# Defined terms that name the document, a date or both parties together, never one party.
NON_PARTY_TERMS = re.compile(
    r"^(?:this\s+|the\s+)?(?:[\w-]+\s+){0,3}(?:agreement|amendment|contract|deed|terms|conditions|date|services?|"
    r"products?|order|schedule|exhibit|vertrag|vereinbarung|agb|bedingungen|nutzungsbedingungen|datum|"
    r"leistungen|website|site|software|platform|plattform|dienste?|app|tos|t&cs|policy)$"
    r"|^(?:parties|party|vertragspartner|vertragsparteien|parteien|partei|each|both)$",
    re.I,
)
COLLECTIVE_TERMS = re.compile(r"^(?:the\s+)?(?:parties|vertragspartner|vertragsparteien|parteien)$", re.I)
SECOND_PERSON = frozenset({"you", "your", "yours", "sie", "ihnen", "ihr", "du", "dich", "dir", "dein"})
FIRST_PERSON = frozenset({"we", "us", "our", "ours", "wir", "uns", "unser"})

# Where a legal name stops: descriptors, addresses, register entries, the alias itself.
_NAME_END = re.compile(
    r"\s*\((?=[^)]*[\"“”„«]|\s*(?:the|hereinafter|hereafter|nachfolgend|im\s+folgenden|a|an)\b|\s*[a-z])"
    r"|\s*[\"“”„«]"
    r"|,(?!\s*(?:\(\w+\)\s*)?(?:" + _LEGAL_FORMS + r")\b)"
    r"|\s+(?:a|an|ein|eine|einer|einem|einen)\s+"
    r"|\s+(?:whose|which|who|with|having|located|incorporated|registered|organi[sz]ed|existing|established|"
    r"acting|represented|on\s+behalf|formerly|duly|together\s+with|its\s+successors|hereinafter|hereafter|"
    r"herein|vertreten|mit\s+Sitz|eingetragen|nachfolgend|im\s+Folgenden|sitz|wohnhaft|Registriernummer|"
    r"[Aa]ddress)\b"
    r"|\s*[\n;:\u037e]|\s+[–—]\s*|\s+-\s+|\s+(?:and|und|together\s+with)\s+(?:its|their|seine|ihre)\b"
    r"|\.\s+(?=(?:Under|The|This|In|Each|Such|Any|All|It|If|As|For|Both|These)\b)"
    # British preambles give the address with a lower-case "of" after a name in capitals: "ACME LIMITED of 1 ...".
    r"|(?:(?<=[A-Z]{2})|(?<=[A-Z]{2}\.)|(?<=[A-Z]\)))\s+of\s+",
)
_GERMAN_ARTICLE = re.compile(r"(?:Die|Der|Das)\s+(?=[A-ZÄÖÜ])")
_ACRONYM_TAIL = re.compile(r"\s*\([A-Z0-9&.\-]{2,12}\)$")
_AND_OR_BRACKET = re.compile(r",?\s+(?:and|und|AND)\s+|\s*\(")
_LEADING_NOISE = re.compile(
    r"^(?:[\s,;:.)\]]+|and\b|und\b|AND\b|And\b|as\s+well\s+as\b|sowie\b|&|\(\s*(?:\d{1,2}|[a-h]|[ivx]{1,4})\s*\)|"
    r"(?:\d{1,2}|[a-h])[.)](?=\s)|\d{1,2}\.(?=[A-Z])|the\b|der\b|die\b|dem\b|den\b|des\b|Firma\b|between\b|"
    r"Herrn?\b|Frau\b|"  # German preambles name a natural person "Herrn Thomas Becker"
    r"(?i:(?:[\w'’]+\s+){0,2}name\s*:|firma\s*:|firmenname\s*:)|"  # "Client Name:", "Supplier's legal name:"
    r"among\b|zwischen\b|BETWEEN\b|AMONG\b|Between\b|by\b|By\b)+"
)
# Words that cannot start a party name in any case ("This Agreement", "Each Party") ...
_STOP_FIRST = frozenset(
    "each its their this these that such any all certain which who your you our we us it ihnen sie dir du ihren "
    "ihre seinen party parties agreement hereto said other both either hereinafter exhibit schedule section "
    "article annex attachment appendix page dated effective signature signed name title whereas now witnesseth "
    "recitals background diese dieser dieses above-named undersigned indem wenn falls soweit sofern damit dass weil "
    "bitte hiermit wir ihr ihrer ihrem unser unsere what how why when where".split()
)
# ... and words that cannot start one when written in lower case ("a Delaware corporation", "at its offices").
_STOP_FIRST_LOWER = frozenset(
    "a an by in on at for from to of as if when where one der die das den dem des ein eine im am zur zum mit "
    "and or und oder".split()
)
# A name does not end in a verb or a preposition ("DNP is", "Information Statement for").
_STOP_LAST = frozenset(
    "is are was were be shall will may has have hereby agrees agree for of to by with and or the in on at und "
    "oder der die das ist sind wird".split()
)
# Lower-case words that open a phrase before a company name, never a brand: "sein Tochterunternehmen X GmbH".
_NOT_A_BRAND = frozenset(
    "sein seine seiner seinem seines ihr ihre ihrer ihrem unser unsere its their our his her via through "
    "namely including incl insbesondere namentlich bzw beziehungsweise vertreten represented".split()
)
STYLED_MAX_WORDS = 4
_CONNECTORS = frozenset(
    "of and de du des la le les van von der den und für the for y e di da do del zu am an in & dba d/b/a".split()
)
_ADDRESS_WORD = re.compile(
    r"\b(?:street|avenue|road|suite|floor|boulevard|drive|lane|plaza|p\.?\s?o\.?\s+box|[\wäöüß-]*(?:straße|"
    r"strasse|gasse|allee|platz|weg|ring|damm|ufer))\b|\bstr\.",
    re.I,
)


# Public bodies contract without a legal form: "Land Berlin", "Bundesrepublik Deutschland", "Landeshauptstadt
# Düsseldorf", "Department for Transport", "Fenland District Council", "Secretary of State for Health".
PUBLIC_BODY = re.compile(
    r"\b(?:Bundesrepublik|Freistaat|Land|Landeshauptstadt|Stadt|Gemeinde|Markt|Landkreis|Kreis|Bezirk|Bundesamt|"
    r"Landesamt|[A-ZÄÖÜ][\wäöüß]*ministerium|Universität|Hochschule|Anstalt|Körperschaft|Stiftung|Zweckverband|"
    r"Council|County|City|Commonwealth|Department|Ministry|Secretary\s+of\s+State|Government|Municipality|"
    r"Borough|Authority|Agency|NHS|University|College|Republic|United\s+States)\b"
)


def is_organisation(name: str) -> bool:
    """A name that can stand as a party without a defined alias: a company with its legal form, or a public body."""
    return has_legal_form(name) or bool(PUBLIC_BODY.search(name))


def has_legal_form(name: str) -> bool:
    return bool(LEGAL_FORM_END.search(name.rstrip(" .,")) or LEGAL_FORM_END.search(name))


def clean_name(text: str) -> str | None:
    """The legal name at the start of ``text``, cut before its descriptors; None when it is no name."""
    text = _LEADING_NOISE.sub("", text.lstrip(" \t\n●•·▪◦*-–"))
    name = _cut_name(text)
    if name is None and (article := _GERMAN_ARTICLE.match(text)):
        # "Die Bundesrepublik Deutschland, vertreten durch ...": a German party paragraph opens with the article,
        # which is kept only where it belongs to the name ("Der Grüne Punkt GmbH").
        name = _cut_name(text[article.end():])
    return name


def _cut_name(text: str) -> str | None:
    m = _NAME_END.search(text)
    name = text[: m.start()] if m else text
    name = " ".join(name.split()).strip(" ,;:-–(")
    # After a legal form the name is complete: "Bluefly, Inc. and International Business Machines Corporation",
    # "Alpha Ltd (Alpha's parent ...)"; before one a bracket may belong to it: "TOM Online (BVI) Limited".
    for m in _AND_OR_BRACKET.finditer(name):
        if has_legal_form(name[: m.start()]):
            name = name[: m.start()]
            break
    name = _ACRONYM_TAIL.sub("", name)  # "Independent Music Network (IMNTV)": an unquoted short name
    if name.endswith(".") and not has_legal_form(name) and not re.search(r"\b[A-Z]\.$", name):
        name = name[:-1]
    if is_plausible_name(name):
        return name
    # One line of a PDF may run name and address together: "Datenwerk GmbH Ostendstraße 115 ...". The name is
    # then the longest part ending in a legal form.
    for m in reversed(list(LEGAL_FORM_ANYWHERE.finditer(name))):
        if is_plausible_name(prefix := name[: m.end()]):
            return prefix
    # A party block whose lines were run together, without a legal form: "KontaktManufaktur Laurenz Seifried
    # (Einzelunternehmer) Auf dem Horn 12 38315 Hornburg". The name is what comes before the street and postcode.
    # The street starting closest to its number is tried first ("Web Solutions Berlin Hauptstr. 5 ..." keeps
    # "Berlin"); a cut leaving a dangling word ("... Auf dem") is no name.
    for street in reversed(list(_STREET_POSTCODE.finditer(name))):
        prefix = name[: street.start()].strip(" ,")
        first = name[street.start():].split()[0].lower()
        if first in _STREET_WORD and re.match(r"\s+\S+\s+\d", name[street.start():]):
            continue  # "Holtenauer Str. 15": a bare "Str." is the end of the street's name, which starts earlier
        if is_plausible_name(prefix) and prefix.split()[-1].lower() not in _STREET_LEAD:
            return prefix
    return None


# Words that open a street name rather than end a firm's: "Am Lindenhof 7", "Platz der Republik 6".
_STREET_LEAD = frozenset("am an auf im in zum zur unter hinter vor bei der dem den die das des".split())
_STREET_WORD = frozenset("str. straße strasse weg allee platz gasse ring damm ufer chaussee".split())
# Where a street with its house number starts, a German/Austrian/Swiss postcode and town after it: "Auf dem Horn 12
# 38315 Hornburg", "Hauptstraße 1a, 10115 Berlin" (zero-width, so every possible start is seen).
_STREET_POSTCODE = re.compile(
    r"(?=\s(?:[A-ZÄÖÜ][\w.\-]*)(?:\s+[\w.\-]+){0,3}\s+\d{1,4}\s?[a-z]?,?\s+(?:D-|A-|CH-)?\d{4,5}\s+[A-ZÄÖÜ])")


# A jurisdiction and a legal form describe a party, never name it: "a Delaware Corporation", "an English Limited
# Company", "eine deutsche GmbH" (a lost name leaves the descriptor behind).
_DESCRIPTOR_ONLY = re.compile(
    rf"(?i:{PLACE_PATTERN}|{ADJECTIVE_PATTERN})(?:\s+(?i:limited\s+liability|public\s+limited|private\s+limited|"
    rf"stock|non-?profit|not-for-profit|general|limited|business|close|public\s+benefit|benefit|statutory|[csb]))?"
    rf"\s+(?:{_LEGAL_FORMS})\.?")  # "a Delaware C Corporation", "a Delaware statutory trust": tax/statute classes


def is_plausible_name(name: str) -> bool:
    words = name.split()
    if _DESCRIPTOR_ONLY.fullmatch(name.strip(" ,")):
        return False
    if not words or len(name) < 2 or len(name) > 120 or len(words) > 14:
        return False
    if not any(ch.isalpha() for ch in name) or re.search(r"[*_?!]", name) or name.count("(") != name.count(")"):
        return False
    first = words[0]
    if first.lower().strip(",.") in _STOP_FIRST or first in _STOP_FIRST_LOWER:
        return False
    if words[-1].lower() in _STOP_LAST:
        return False
    if first[0].isupper() and words[-1][0].islower() and words[-1].strip(".").lower() not in _LOWER_CASE_FORMS:
        return False  # "USA befindet": a name ends in a capitalised word or a legal form (unless styled lower-case)
    legal = has_legal_form(name)
    if not legal and first.lower().strip(",.;:") in _STOP_FIRST_LOWER:
        return False  # "In accordance", "As"; "At Home Corporation" keeps its legal form
    # A single ordinary word ("Conditions", "Introduction") is no name; "EuroTel", "VOTOCAST", "AstroNutrition.com"
    # are written unlike ordinary words.
    if len(words) == 1 and not legal and not re.search(r"^[A-Z0-9&]{2,}$|[a-z][A-Z]|\w\.\w|\d", first):
        return False
    # Lower-case starts pass only for styled names such as "e-centives, Inc.", "i-on interactive", "theglobe.com",
    # or short brand names closed by a capitalised legal form ("plusserver GmbH", "noris network AG").
    styled = re.match(r"[a-z]{1,2}-|\w+\.\w", first) or (
        legal and len(words) <= STYLED_MAX_WORDS and words[-1][0].isupper() and first.lower() not in _NOT_A_BRAND)
    if not (first[0].isupper() or first[0].isdigit()) and not styled:
        return False
    if len(words) == 1 and LEGAL_FORM_END.fullmatch(name):
        return False  # "Company", "Limited": a legal form alone
    if legal and words[-1].islower() and words[-1].strip(".") not in _LOWER_CASE_FORMS:
        return False  # "Delaware corporation", "mutual holding company": a descriptor, not a name
    if not legal and (re.search(r"\d", name) or _ADDRESS_WORD.search(name)):
        return False
    lower = [w for w in words[1:] if w[0].islower() and w.lower() not in _CONNECTORS]
    return len(lower) <= 1


def alias_terms(match: re.Match[str]) -> list[str]:
    """The quoted terms of one alias match: ``("Excite@Home" or "Excite")`` gives both."""
    body = match.group("paren") if match.group("paren") is not None else match.group("bare")
    terms = [t.strip(" ,.") for t in _TERM.findall(body) if t.strip(" ,.")]
    if not terms:
        terms = [t.strip(" ,.") for t in _SINGLE_TERM.findall(body) if t.strip(" ,.")]
    if not terms and any(q in body for q in QUOTE_CHARS):
        # A lost quote mark in the filing ("(hereinafter, "VOTOCAST)"): the last capitalised words.
        terms = _CAPITALISED.findall(body)[-1:]
    return terms


def role_for_terms(terms: list[str]) -> tuple[str, str | None]:
    """The record role implied by a party's defined terms, and the term to report as ``defined_as``.

    Terms of service define the provider as "we"/"us" (the supplier) beside its short name, which is the one
    reported; of several role terms the novation role wins ("Customer", also the "Continuing Party").
    """
    role, defined_as = "other", None
    for term in terms:
        low = term.lower()
        if low in SECOND_PERSON or NON_PARTY_TERMS.match(term):
            continue
        term_role = "supplier" if low in FIRST_PERSON else role_for_term(term)
        if low not in FIRST_PERSON and (defined_as is None or ROLE_RANK[term_role] > ROLE_RANK[role]):
            defined_as = re.sub(r"^(?:the|der|die|das)\s+", "", term, flags=re.I)  # ("the Supplier")
        role = max(role, term_role, key=ROLE_RANK.__getitem__)
    return role, defined_as


def role_for_term(term: str) -> str:
    low = " ".join(term.lower().replace("-", " ").split()).removeprefix("the ")
    if low in ROLE_PHRASES:
        return ROLE_PHRASES[low]
    words = low.split()
    # A novation names the old and the new contractor by an adjective: "Outgoing Provider", "neuer Dienstleister".
    if len(words) >= 2 and (ROLE_TERMS.get(words[-1]) == "supplier" or words[-1] in _PARTY_WORDS):
        if words[0] in _OLD_WORDS:
            return "transferor"
        if words[0] in _NEW_WORDS:
            return "transferee"
    for phrase, role in ROLE_PHRASES.items():
        if low.endswith(phrase):
            return role
    if words and words[-1] in ROLE_TERMS:
        return ROLE_TERMS[words[-1]]
    if words and words[0] in ROLE_TERMS and ROLE_TERMS[words[0]] in ("transferor", "transferee", "remaining_party"):
        return ROLE_TERMS[words[0]]  # "übertragende Partei"
    return "other"


# A defined term of ordinary words, written in lower case from its first word ('("geistiges Eigentum")',
# '("intellectual property")'): a thing defined, not a party. An article may open a party's term ("the Company"), and a
# brand styled in lower case is one word ("fortrabbit").
_ORDINARY_PHRASE = re.compile(r"^(?!(?:the|der|die|das|den|dem|des)\s)[a-zäöüß][\w-]*\s+\S")


def is_party_term(term: str) -> bool:
    low = term.lower()
    if _ORDINARY_PHRASE.match(term) and role_for_term(term) == "other":
        return False
    return not NON_PARTY_TERMS.match(term) and low not in SECOND_PERSON


def name_key(name: str) -> str:
    """A comparison key: case, punctuation and a trailing legal form do not distinguish two mentions."""
    key = re.sub(r"[^\w]+", " ", name.lower().replace(".", "")).strip()
    key = re.sub(r"^the\s+", "", key)
    stripped = key
    while (shorter := _KEY_LEGAL_END.sub("", stripped).strip()) != stripped and shorter:
        stripped = shorter  # "co ltd", "gmbh co kg": every trailing legal form goes
    return stripped
