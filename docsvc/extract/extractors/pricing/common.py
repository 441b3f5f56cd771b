"""Vocabulary shared by the pricing extractors: billing frequencies, charging units, currencies named in words.

Price tables and price sentences say the same few things in many ways ("per device / month", "MRC", "Endgerät/Monat",
"einmalig", "Stundensatz"); these helpers turn them into the record's ``frequency`` and ``unit`` fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from docsvc.extract import vocabulary
from docsvc.extract.normalize.numbers import (
    MoneyValue,
    currency_code,
    find_money,
    find_money_words,
    parse_number,
)

PATTERNS_DIR = Path(__file__).resolve().parents[2] / "nlp" / "patterns"


@dataclass(frozen=True, slots=True)
class Currencies:
    """What an amount means when it does not say: the document's currency, the dollar a bare "$" stands for, the
    letter symbols it writes, and whether its "costs" are the provider's own (it calculates its margins)."""

    default: str | None = None
    dollar: str | None = None
    # Letter symbols the document writes before its amounts ("R3,299" for rand): read in prose only then.
    letters: frozenset[str] = frozenset()
    costs_internal: bool = False


# Frequency words, most specific first: "per device per month" is monthly, "per hour" hourly, "per move" per unit.
_FREQUENCY_RES: list[tuple[str, re.Pattern[str]]] = [
    ("one_time", re.compile(
        r"one[\s-]?(?:off|time)|non[\s-]?recurring|\bnrc\b|\botc\b|\bonce\b|\bset[\s-]?up\b|"
        r"einmalig|bereitstellung|einrichtung|\bsetup\b", re.I)),
    ("hourly", re.compile(
        r"\bhourly\b|\bper\s+(?:engineer\s+|man\s+|consultant\s+)?hour\b|/\s*(?:hour|hr|h)\b|\ban\s+hour\b|"
        r"stunde|stundensatz|\bstd\.|/\s*std\b", re.I)),
    ("monthly", re.compile(
        r"\bmonth(?:ly)?\b|\bmonthly\b|/\s*mo(?:nth)?\b|\bp\.\s?m\.|\bmrc\b|monat|\bmtl\.?", re.I)),
    ("quarterly", re.compile(r"quarter|quartal|vierteljährlich", re.I)),
    ("annual", re.compile(
        r"\bannual(?:ly)?\b|\byearly\b|\bper\s+(?:year|annum)\b|\ba\s+year\b|/\s*(?:year|yr|a)\b|\bp\.\s?a\.|"
        r"jährlich|\bjahr\b|jahres", re.I)),
]
# A charging unit: "per device", "each", "je Einsatz", "pro Gerät", "/ user".
# "Pro" alone or before a plan word is a plan's name ("Pro (Preis netto)", "Pro Plan"), not "pro Monat".
_PER_UNIT_RE = re.compile(
    r"(?:\b(?:per|each|for\s+each|je|(?-i:pro))\b|(?-i:\bPro|\bPRO)\b(?=\s+\w)(?!\s+(?:plan|paket|package|tarif|"
    r"tier|edition|version|support|plus|max|business|hosting|account|abo)\b))"
    r"(?!\s+(?:cent|centum|annum|month|year|hour|monat|jahr|stunde)\b)", re.I
)
# Unit cells that name no charging unit: numbers, flat fees, one-off markers.
_NO_UNIT_RE = re.compile(r"[\d.,\s]*|pauschal|flat|one[\s-]?(?:off|time).*|einmalig.*", re.I)
_PER_WORD_RE = re.compile(r"\b(?:per|each|for\s+each|je|pro)\b", re.I)
_TIME_UNIT_RE = re.compile(
    r"\s*(?:(?:/|\bper\b|\bje\b|\bpro\b|\ba\b|\band\b|\bund\b)\s*)?"
    r"\b(?:calendar\s+)?(?:month|monat|year|annum|jahr|hour|stunde)s?\b\.?\s*",
    re.I,
)

# A "per X" phrase whose X is a charging unit, not a billing period ("pro Stunde abgerechnet" names no unit).
_UNIT_PHRASE_RE = re.compile(r"\s*(?:/|(?:per|each|for\s+each|je|pro)\b)(?!\s*(?:calendar\s+)?(?:month|year|annum|hour|"
                             r"quarter|monat|jahr|stunde|quartal|(?:h|hr|std)\b))", re.I)

# Currencies named in words in statements such as "All amounts are in U.S. dollars" or "in Schweizer Franken".
_CURRENCY_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("GBP", re.compile(r"pounds?\s+sterling|\bsterling\b|\bpfund\b|british\s+pounds?|\bGBP\b", re.I)),
    ("CHF", re.compile(r"swiss\s+francs?|schweizer\s+franken|\bfranken\b|\bCHF\b", re.I)),
    ("USD", re.compile(r"u\.\s?s\.\s+dollars?|us[-\s]dollars?|united\s+states\s+dollars?|\bUSD\b", re.I)),
    ("CAD", re.compile(r"canadian\s+dollars?|\bCAD\b", re.I)),
    ("AUD", re.compile(r"australian\s+dollars?|\bAUD\b", re.I)),
    ("EUR", re.compile(r"\beuros?\b|\bEUR\b", re.I)),
]
# An ISO code only hints at money next to a figure ("EUR 100", "1.200,– CHF"): any three capitals did, and
# every sentence of an all-capitals clause went through the money reader.
_MONEY_HINT_RE = re.compile(r"[€£$¥₹]|[A-Z]{3}\s?\d|\d[\s,.\-–—]{0,4}[A-Z]{3}\b|[Ee]uro|[Dd]ollar|[Pp]ound|Pfund|"
                            r"Fr\.|[Ff]ranc|Franken")
_WORD_MONEY_HINT_RE = re.compile(r"(?i:euro|dollar|pound|pfund|franc|franken|EUR|USD|GBP|CHF)")
# A dash for the zero decimals: Swiss "235.--" / "CHF 1'500.–", German "9,- €" / "49,– Euro".
_DASH_DECIMALS_RE = re.compile(r"(?<=\d)([.,])([-–—]{1,2})(?![-–—\d])")
_DOLLAR_NAME_RE = re.compile(r"\b(USD|CAD|AUD|NZD|SGD|HKD)\b|\b(U\.\s?S\.|US|United\s+States|Canadian|Australian|"
                             r"New\s+Zealand|Singapore|Hong\s+Kong)\s+dollars?\b", re.I)
_DOLLAR_WORDS = {"canadian": "CAD", "australian": "AUD", "us": "USD", "u.s.": "USD", "u. s.": "USD",
                 "united states": "USD", "new zealand": "NZD", "singapore": "SGD", "hong kong": "HKD"}
_ISO_CODE_RE = re.compile(r"\b(?:JPY|SEK|NOK|DKK|PLN|CZK|CNY|RMB|INR|SGD|HKD|NZD|ZAR|BRL|MXN|ILS)\b")
# An ISO code written right after an amount overrides a "$" in front of it ("$55 CAD per hour").
_TRAILING_CODE_RE = re.compile(r"^\s*(USD|CAD|AUD|NZD|SGD|HKD|EUR|GBP|CHF)\b")


# A fee per started interval ("per started 30 minutes", "je angefangene Stunde"): hourly only when the interval is
# an hour.
STARTED_INTERVAL_RE = re.compile(
    r"\b(?:per|for\s+each|for\s+every|je|pro|für\s+jede)\s+(?:started|commenced|begun|part(?:ial)?|angefangene|"
    r"begonnene|angebrochene)[nr]?\s+(?:(?P<n>\d+)\s*-?\s*|(?P<half>half[\s-]?|halbe\s+)|"
    r"(?P<quarter>quarter[\s-]|viertel[\s-]?))?"
    r"(?P<unit>minutes?|min\b\.?|minuten?|hours?|stunden?|std\b\.?)",
    re.I,
)


def started_interval(text: str) -> tuple[str, str] | None:
    """(unit, frequency) of a fee per started interval: ("per 30 minutes", "per_unit"), ("per hour", "hourly");
    "per started half hour" and "je angefangene Viertelstunde" are 30 and 15 minutes."""
    m = STARTED_INTERVAL_RE.search(text)
    if not m:
        return None
    n = int(m.group("n")) if m.group("n") else 1
    minutes = n * (1 if m.group("unit").lower().startswith("min") else 60)
    if m.group("half") or m.group("quarter"):
        minutes = 30 if m.group("half") else 15
    if minutes == 60:
        return "per hour", "hourly"
    if minutes % 60 == 0:
        return f"per {minutes // 60} hours", "per_unit"
    return f"per {minutes} minutes", "per_unit"


# Work done once per contract ("Installation", "Site survey", "Aktivierung"): a one-off fee when no text names a
# billing period, since nobody installs monthly.
_ONE_OFF_EVENT_RE = re.compile(
    r"\b(?:installation|activation|onboarding|commissioning|site\s+survey|migration|provisioning|"
    r"aktivierung|inbetriebnahme|anschluss|freischaltung|ersteinrichtung)\b", re.I)


def classify_frequency(*texts: str | None, events: bool = True) -> str | None:
    """The billing frequency the first informative text states; a plain "per X" is ``per_unit``; a one-off
    event (installation, activation) without any of these is ``one_time`` unless ``events`` is off (a row
    whose unit column names what it is charged per: "Installation vor Ort | 28,00 | AW")."""
    for text in texts:
        if not text:
            continue
        started = started_interval(text)
        if started:
            return started[1]
        for frequency, pattern in _FREQUENCY_RES:
            if pattern.search(text):
                return frequency
        if _PER_UNIT_RE.search(text):
            return "per_unit"
    if events and any(text and _ONE_OFF_EVENT_RE.search(text) for text in texts):
        return "one_time"
    return None


# Footnote markers after a value or unit ("28,00¹⁾", "AW²⁾", "12.50*"): no part of it.
FOOTNOTE_MARK_RE = re.compile(r"\s*(?:[⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾]+|\*{1,3})\s*$")


def charging_unit(text: str | None, language: str) -> str | None:
    """"per device per month" -> "per device"; "Endgerät/Monat" -> "pro Endgerät"; time-only units -> None."""
    if not text:
        return None
    text = FOOTNOTE_MARK_RE.sub("", text)
    cleaned = " ".join(_TIME_UNIT_RE.sub(" ", text).split()).strip(" /,;-–")
    if not cleaned or len(cleaned) > 60 or _NO_UNIT_RE.fullmatch(cleaned):
        return None
    if _PER_WORD_RE.match(cleaned):
        return cleaned
    return ("pro " if language == "de" else "per ") + cleaned


def unit_phrase(text: str | None, language: str) -> str | None:
    """The charging unit of a phrase after an amount ("per user per month" -> "per user"); periods and one-off
    markers ("monthly", "(one-time)", "/ hour") name none."""
    if not text or not _UNIT_PHRASE_RE.match(text):
        return None
    return charging_unit(text, language)


def currency_in_words(text: str) -> str | None:
    """The currency a text names: in words ("pounds sterling"), as an ISO code, or as a symbol."""
    for code, pattern in _CURRENCY_WORDS:
        if pattern.search(text):
            return code
    iso = _ISO_CODE_RE.search(text)
    if iso:
        return currency_code(iso.group(0))
    symbol = re.search(r"[€£$]|\bFr\.", text)
    return currency_code(symbol.group(0)) if symbol else None


# Currencies written with a letter symbol right before the amount ("R3,299", "Rs. 1,500", "RM 250.00"). A lone
# "R2" or "RM 3" is too often something else (a release, a room), so a document must first show the symbol as
# money: twice with grouping or cents, or once where it names the currency.
_LETTER_SYMBOLS = {"R": "ZAR", "Rs": "INR", "RM": "MYR"}
_LETTER_NAMES = {
    "R": re.compile(r"\bZAR\b|\b(?i:rand)\b|(?i:south\s+africa|südafrika)"),
    "Rs": re.compile(r"\bINR\b|(?i:rupees?|rupien?|\bindia)"),
    "RM": re.compile(r"\bMYR\b|(?i:ringgit|malaysia)"),
}
_LETTER_AMOUNT_RE = re.compile(
    r"(?<![\w.,/-])(?P<sym>Rs\.?|RM|R)\s?"
    r"(?P<num>\d{1,3}(?:[,\u00a0 ]\d{3})+(?:\.\d{1,2})?(?![\d])|\d+(?:\.\d{1,2})?)(?![\w]|[.,]\d)"
)


def letter_symbols(text: str) -> frozenset[str]:
    """The letter currency symbols ``text`` uses as money (see ``_LETTER_SYMBOLS``)."""
    grouped: dict[str, int] = {}
    for m in _LETTER_AMOUNT_RE.finditer(text):
        symbol = m.group("sym").rstrip(".")
        # Only grouping or cents make "R1,899" money: "R1" and "R2" are as likely signalling or release names.
        grouped[symbol] = grouped.get(symbol, 0) + (1 if re.search(r"\D", m.group("num")) else 0)
    return frozenset(sym for sym, count in grouped.items() if count >= 2 or _LETTER_NAMES[sym].search(text))


@lru_cache(maxsize=16384)
def may_hold_money(text: str, letters: frozenset[str] = frozenset()) -> bool:
    """Cheap pre-check before the money regex: a currency sign or something that could be a currency word."""
    return bool(_MONEY_HINT_RE.search(text)) or bool(letters and _LETTER_AMOUNT_RE.search(text))


def _letter_amounts(text: str, language: str, letters: frozenset[str]) -> list[MoneyValue]:
    out = []
    for m in _LETTER_AMOUNT_RE.finditer(text):
        symbol = m.group("sym").rstrip(".")
        value = parse_number(m.group("num"), language) if symbol in letters else None
        if value is not None:
            out.append(MoneyValue(value, _LETTER_SYMBOLS[symbol], m.start(), m.end()))
    return out


# An amount below one written without its leading zero: "$.05 per GB", "€.90".
_CENTS_ONLY_RE = re.compile(r"(?<![\w.,])(?P<sym>[$€£])\s?\.(?P<num>\d{1,4})(?![\d.,])")


def _cents_only_amounts(text: str, dollar: str | None) -> list[MoneyValue]:
    return [MoneyValue(Decimal("0." + m.group("num")), dollar if dollar and m.group("sym") == "$"
                       else currency_code(m.group("sym")), m.start(), m.end()) for m in _CENTS_ONLY_RE.finditer(text)]


def money_in(text: str, language: str, dollar: str | None = None,
             letters: frozenset[str] = frozenset()) -> list[MoneyValue]:
    """Amounts with a currency. An ISO code written after a symbol wins ("$55 CAD"); a bare "$" means ``dollar``
    when the document is known to price in another dollar; Swiss "235.--" is read as 235.00, German "9,- €" as 9;
    ``letters`` are the letter symbols the document is known to write ("R1,899")."""
    # same length, so the offsets stay valid
    text = _DASH_DECIMALS_RE.sub(lambda m: m.group(1) + "0" * len(m.group(2)), text)
    out = []
    for money in find_money(text, language):
        if money.start and text[money.start - 1] == "/":
            continue  # the "100" of "Five Hundred and No/100 Dollars" counts cents, it is no amount
        code = _TRAILING_CODE_RE.match(text[money.end:])
        if code:
            money = MoneyValue(money.amount, code.group(1), money.start, money.end + code.end())
        elif dollar and text[money.start] == "$":
            money = MoneyValue(money.amount, dollar, money.start, money.end)
        out.append(money)
    extra = _letter_amounts(text, language, letters) if letters else []
    extra += _cents_only_amounts(text, dollar)
    if _WORD_MONEY_HINT_RE.search(text):
        extra += find_money_words(text, language)
    if extra:
        out += [m for m in extra if not any(o.start < m.end and m.start < o.end for o in out)]
        out.sort(key=lambda m: m.start)
    return out


def dollar_currency(text: str) -> str | None:
    """The one non-US dollar a document names explicitly (and no US dollar), which its bare "$" then means."""
    if "$" not in text:
        return None
    named = {(m.group(1) or "").upper() or _DOLLAR_WORDS.get(" ".join(m.group(2).lower().split()), "")
             for m in _DOLLAR_NAME_RE.finditer(text)}
    named.discard("")
    return named.pop() if len(named) == 1 and "USD" not in named else None


_MINIMUM_RE = re.compile(r"\b(?:min(?:imum)?|mindestens|mind\.)\b", re.I)
_AMOUNT_CELL_RE = re.compile(
    r"^\s*(?:[A-Z]{3}|[€£$]|Fr\.|SFr\.)?\s*(?P<num>\d[\d.,'’\u202f\u00a0 ]*)\s*(?:[A-Z]{3}|[€£$]|Fr\.)?\s*"
    r"(?:\.[-–]+|,[-–]+)?\s*(?:/\s*\w+)?\s*$"
)


# A cell holding a rate in cents ("0,8 Cent", "1.2 ct/page", "6 cents per page"): managed-print and telephony
# rate cards. Only a whole cell; in prose the charging unit must follow (text.py).
_CENT_CELL_RE = re.compile(r"^\s*(?P<num>\d{1,3}(?:[.,]\d+)?)\s*(?:cents?|ct\.?)\s*(?:(?:/|per|pro|je)\s*[\w.-]+)?\s*$",
                           re.I)


# South African rand written with its symbol in a price cell ("R1,899", "From R99/user"); only a whole cell, as a
# bare "R" in prose is too ambiguous.
_RAND_CELL_RE = re.compile(r"^\s*(?:(?i:from|ab)\s+)?R\s?(?P<num>\d[\d,.\u00a0 ]*?)\s*(?:/\s*[\w-]+)?\s*$")


# A discount note after a cell's price ("0,90 € / Million (−50%)", "29 € / Monat (-20 % Rabatt)"): the price stands,
# the percentage is no amount. Only a trailing bracket of a few words; "5 % (min. 50 €)" stays a percentage fee.
_PERCENT_NOTE_RE = re.compile(r"\s*\(\s*(?:[A-Za-zÄÖÜäöüß]+\s+){0,2}[-−–+]?\s*\d{1,2}(?:[.,]\d+)?\s*%"
                              r"(?:\s+[A-Za-zÄÖÜäöüß.]+){0,2}\s*\)\s*$")


def cell_amount(text: str, language: str, dollar: str | None = None) -> tuple[Decimal, str | None] | None:
    """The single amount a price-table cell holds ("£0.0049", "1'180.00", "18,90 €", "151'440.-- CHF", "R1,899")."""
    text = FOOTNOTE_MARK_RE.sub("", _PERCENT_NOTE_RE.sub("", text.strip()))
    if not text or "%" in text:
        return None
    rand = _RAND_CELL_RE.match(text)
    if rand:
        value = parse_number(rand.group("num").strip(), language)
        return (value, "ZAR") if value is not None else None
    found = money_in(text, language, dollar)
    if len(found) == 1:
        return found[0].amount, found[0].currency
    if found:
        # "$3.75 per account ($500.00 minimum)": the price, then a minimum charge or a note in brackets.
        between = text[found[0].end:found[1].start]
        if "(" in between or _MINIMUM_RE.search(text[found[1].end:] + between):
            return found[0].amount, found[0].currency
        return None
    cents = _CENT_CELL_RE.match(text)
    if cents:
        value = parse_number(cents.group("num"), language)
        # A per-page or per-minute rate in cents of the document's main unit.
        return (value / 100, "EUR" if language == "de" else "USD") if value is not None else None
    m = _AMOUNT_CELL_RE.match(text)
    if not m:
        return None
    value = parse_number(m.group("num").strip(), language)
    if value is None:
        return None
    return value, currency_in_words(text)


@lru_cache(maxsize=1)
def header_vocabulary() -> dict[str, re.Pattern[str]]:
    """Price-table header vocabulary of both languages, one compiled pattern per column role."""
    return vocabulary.compiled("pricing_headers")


def own_cost(label: str) -> bool:
    """A label naming only a cost ("Monthly Cost", "Cost breakdown", "Einkaufspreis"), not what the customer pays."""
    vocab = header_vocabulary()
    return bool(vocab["own_cost"].search(label)) and not vocab["customer_price"].search(label)


@lru_cache(maxsize=1)
def price_context() -> dict[str, re.Pattern[str]]:
    """Wording around a sentence amount (``patterns/*/pricing_context.json``), both languages, one pattern per kind;
    the kinds used right before or after an amount are anchored there."""
    joined = {kind: vocabulary.alternation(patterns) for kind, patterns in vocabulary.merged("pricing_context").items()}
    anchored = {
        "not_paid_before": rf"(?:{joined['not_paid_before']})\s*:?\s*\(?\s*$",
        "not_paid_after": rf"^\s*\)?\s*(?:{joined['not_paid_after']})",
        # a label may end in a colon: "Implementation: starting at $5,000", "Schulung: ab 900 €"
        "from_before": rf"^\W*[A-ZÄÖÜ][\w-]*(?:\s+[\w&/-]+){{0,3}}?:?\s+(?i:(?:{joined['from_before']})"
                       r"(?:\s+(?:just|only|nur))?)\s*$",
        "tax_after": rf"^\s*\(?\s*(?:{joined['tax_after']})",
        "fee_after": rf"^\s*(?:{joined['fee_after']})",
        # "... €20 for each additional device" / "jede weitere Lizenz 50 €": the clause right before or after.
        "tier_before": rf"(?:^|[,;]|\b(?:and|und|sowie)\b)\s*(?:{joined['tier']})\b[\w\s-]{{0,40}}$",
        "tier_after": rf"^\s*(?:{joined['tier']})\b",
    }
    kinds = {**joined, "tier_before": "", "tier_after": ""}
    return {kind: re.compile(anchored.get(kind, pattern), re.I if kind != "from_before" else 0)
            for kind, pattern in kinds.items()}
