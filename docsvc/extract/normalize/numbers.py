"""Numbers, percentages and money as written in English, German and Swiss contracts.

babel does the locale-aware parsing; this module only decides *which* locale a written number follows
(``1.234,56`` vs ``1,234.56`` vs ``1'234.56``) — contracts mix them, e.g. a German contract quoting a USD
price in English format — and which currency a symbol or code denotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, get_group_symbol, parse_decimal
from text_to_num import text2num

# A written number: digits with optional grouping (`.` `,` `'` `’` thin/normal space) and decimals.
NUMBER_PATTERN = r"\d{1,3}(?:(?:[.,'’\u202f\u00a0 ])\d{3})+(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
NUMBER_RE = re.compile(rf"(?<![\d.,])(?:{NUMBER_PATTERN})(?![\d])")

_SYMBOLS = {
    "€": "EUR", "£": "GBP", "$": "USD", "US$": "USD", "USD$": "USD", "¥": "JPY", "₹": "INR", "C$": "CAD",
    "CA$": "CAD", "A$": "AUD", "AU$": "AUD", "S$": "SGD", "HK$": "HKD", "Fr.": "CHF", "SFr.": "CHF",
    "sFr.": "CHF", "Euro": "EUR", "EURO": "EUR", "Euros": "EUR", "euros": "EUR", "euro": "EUR",
    "dollars": "USD", "Dollars": "USD", "US-Dollar": "USD", "pounds": "GBP", "Pfund": "GBP",
}
_CODES = ("EUR", "GBP", "USD", "CHF", "JPY", "CAD", "AUD", "SGD", "HKD", "INR", "SEK", "NOK", "DKK", "PLN",
          "CZK", "CNY", "RMB", "ILS", "NZD", "ZAR", "BRL", "MXN", "KRW", "TWD")
_CURRENCY_TOKEN = "|".join(
    re.escape(s) for s in sorted([*_SYMBOLS, *_CODES], key=len, reverse=True)
)
# Money: currency before or after the amount ("€ 1.234,56", "1.234,56 €", "USD 7.50", "$7.50", "42.50 GBP").
MONEY_RE = re.compile(
    rf"(?P<pre>{_CURRENCY_TOKEN})\s?(?P<num1>{NUMBER_PATTERN})(?:\s?(?:Mio\.?|million))?"
    rf"|(?<![\w.,])(?P<num2>{NUMBER_PATTERN})\s?(?P<post>{_CURRENCY_TOKEN})(?![A-Za-z])(?!\s?\d)"
)
PERCENT_RE = re.compile(rf"(?P<num>{NUMBER_PATTERN})\s?(?:%|per\s?cent|percent|Prozent|v\.\s?H\.)", re.I)


@dataclass(frozen=True, slots=True)
class MoneyValue:
    amount: Decimal
    currency: str | None
    start: int
    end: int

    @property
    def amount_str(self) -> str:
        return decimal_str(self.amount)


def decimal_str(value: Decimal) -> str:
    """Plain decimal string, keeping the written precision (``0.0049`` stays ``0.0049``, ``42.50`` stays)."""
    return format(value, "f")


def _locale_for(text: str, language: str) -> str:
    """Pick the babel locale whose separators the written number uses."""
    if "'" in text or "’" in text:
        return "de_CH"
    if len(text) > 2 and text[0] == "0" and text[1] in ".,":
        # "0.008 $" in German text: a group of thousands never starts with 0, so the sign is decimal.
        return "en_US" if text[1] == "." and "," not in text else "de_DE"
    has_dot, has_comma = "." in text, "," in text
    if has_dot and has_comma:
        return "de_DE" if text.rfind(",") > text.rfind(".") else "en_US"
    if has_comma:
        # "1,234" (grouping) vs "99,5" (German decimal): three digits after a lone comma means grouping
        # in English text; German text uses the comma as the decimal sign.
        tail = text.rsplit(",", 1)[1]
        if language == "de" and not (len(tail) == 3 and text.count(",") > 1):
            return "de_DE"
        return "en_US" if len(tail) == 3 else "de_DE"
    if has_dot:
        tail = text.rsplit(".", 1)[1]
        if text.count(".") > 1 or (language == "de" and len(tail) == 3):
            return "de_DE"
        return "en_US"
    return "en_US"


def parse_number(text: str, language: str = "en") -> Decimal | None:
    """Parse one written number (``1.234,56``, ``99,5``, ``1,234.56``, ``1'180.00``, ``0.0049``)."""
    text = text.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    locale = _locale_for(text, language)
    if locale == "de_CH":
        # CLDR has switched the Swiss group separator between ' and ’ across babel releases: use whichever
        # this babel expects, so both spellings parse on any version.
        group = get_group_symbol(locale)
        text = text.replace("'", group).replace("’", group)
    try:
        return parse_decimal(text, locale=locale, strict=False)
    except (NumberFormatError, InvalidOperation, ValueError):
        return None


def find_percentages(text: str, language: str = "en") -> list[tuple[Decimal, int, int]]:
    out = []
    for m in PERCENT_RE.finditer(text):
        value = parse_number(m.group("num"), language)
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out


def currency_code(token: str | None) -> str | None:
    if not token:
        return None
    token = token.strip()
    if token.upper() in _CODES:
        return "CNY" if token.upper() == "RMB" else token.upper()
    return _SYMBOLS.get(token)


def find_money(text: str, language: str = "en") -> list[MoneyValue]:
    """Every amount with a currency in ``text``, in order."""
    out = []
    for m in MONEY_RE.finditer(text):
        num, cur = (m.group("num1"), m.group("pre")) if m.group("num1") else (m.group("num2"), m.group("post"))
        value = parse_number(num, language)
        if value is None:
            continue
        if re.search(r"(Mio\.?|million)\s*$", m.group(0)):
            value *= 1_000_000
        out.append(MoneyValue(value, currency_code(cur), m.start(), m.end()))
    return out


def find_numbers(text: str, language: str = "en") -> list[tuple[Decimal, int, int]]:
    out = []
    for m in NUMBER_RE.finditer(text):
        value = parse_number(m.group(0), language)
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out


def to_float(value: Decimal) -> float:
    try:
        return float(value)
    except (InvalidOperation, ValueError):
        return float("nan")


# Amounts written in words ("twenty-five euros", "five hundred US dollars", "zweihundertfünfzig Euro"). English
# writes a number as several words, German as one compound; both end in a currency word or code.
_EN_NUMBER_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million)"
)
_DE_NUMBER_PART = (
    r"(?:ein|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|dreizehn|vierzehn|fünfzehn|sechzehn|"
    r"siebzehn|achtzehn|neunzehn|zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig|hundert|tausend|und)"
)
_WORD_CURRENCIES = {
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "dollar": "USD", "dollars": "USD", "us dollars": "USD",
    "u.s. dollars": "USD", "us-dollar": "USD", "usd": "USD", "pounds": "GBP", "pound": "GBP", "pounds sterling": "GBP",
    "pfund": "GBP", "gbp": "GBP", "swiss francs": "CHF", "francs": "CHF", "franken": "CHF", "schweizer franken": "CHF",
    "chf": "CHF",
}
_WORD_CURRENCY = (r"(?:u\.s\.\s+dollars|us[-\s]dollars?|dollars?|euros?|pounds\s+sterling|pounds?|pfund|"
                  r"swiss\s+francs|schweizer\s+franken|francs|franken|EUR|USD|GBP|CHF)")
MONEY_WORDS_RE = re.compile(
    rf"(?<![\w-])(?P<words>{_EN_NUMBER_WORD}(?:(?:\s+and\s+|[\s-]+){_EN_NUMBER_WORD})*"
    rf"|{_DE_NUMBER_PART}{{1,8}})\s+(?P<cur>{_WORD_CURRENCY})(?![\w-])(?!\s*\(\s*[$€£]?\s*\d)",
    re.I,
)


NUMBER_WORDS_PATTERN = (rf"{_EN_NUMBER_WORD}(?:(?:\s+and\s+|[\s-]+){_EN_NUMBER_WORD})*|{_DE_NUMBER_PART}{{1,8}}"
                        r"|eine[nrm]?")


def number_from_words(words: str) -> Decimal | None:
    """A count written in words or digits: "twenty-five" -> 25, "zwei" -> 2, "eine" -> 1, "12" -> 12."""
    words = " ".join(words.lower().replace(" and ", " ").split())
    if words.isdigit():
        return Decimal(words)
    if re.fullmatch(r"eine[nrm]?", words):
        return Decimal(1)
    try:
        return Decimal(text2num(words, "de" if re.fullmatch(rf"{_DE_NUMBER_PART}+", words) else "en"))
    except ValueError:
        return None


def find_money_words(text: str, language: str = "en") -> list[MoneyValue]:
    """Amounts written in words with a currency ("twenty-five euros", "fünfhundert Euro"). An amount whose figure
    follows in brackets ("Five Hundred Dollars ($500)") is left to the figure, and so are words that repeat a
    figure before them ("EUR 500 (five hundred euros)")."""
    out = []
    for m in MONEY_WORDS_RE.finditer(text):
        if re.search(r"\d[\d.,']*\s*(?:[A-Z]{3}|[€$£])?\s*\(\s*$", text[max(0, m.start() - 30): m.start()]):
            continue
        words = " ".join(m.group("words").lower().replace(" and ", " ").split())
        if words in ("ein", "eins", "und", "one") and not m.group("words")[0].isupper():
            continue  # "ein Euro Aufschlag", "one dollar sign": too often no amount
        try:
            value = text2num(words, "de" if re.fullmatch(rf"{_DE_NUMBER_PART}+", words) else "en")
        except ValueError:
            continue
        code = _WORD_CURRENCIES.get(" ".join(m.group("cur").lower().split()))
        out.append(MoneyValue(Decimal(value), code, m.start(), m.end()))
    return out
