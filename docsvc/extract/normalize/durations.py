"""Durations ("thirty (30) days", "12 Monate", "sechs Wochen", "4 Business Hours") as ISO 8601.

Number words go through text2num's ``alpha2digit``; it deliberately leaves lone small words such as "one"
alone (too ambiguous in general prose), so those are handled only right in front of a time unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from text_to_num import alpha2digit

from docsvc.extract.normalize.numbers import parse_number
from docsvc.extract.normalize.unit_qualifiers import drop_unit_qualifiers

_SMALL = {
    "en": {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12},
    "de": {"ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1, "zwei": 2, "drei": 3,
           "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
           "zwölf": 12,
           # genitive after "binnen" / "innerhalb": "binnen zweier Werktage", "innerhalb dreier Stunden"
           "zweier": 2, "dreier": 3},
}

# unit word -> (canonical unit, business-time?)
_UNITS: list[tuple[str, str, bool]] = [
    (r"business[\s-]+hours?|working[\s-]+hours?|service[\s-]+hours?|support[\s-]+hours?|"
     r"(?:business|biz\.?|bus\.)[\s-]*hrs\b\.?|biz\.?[\s-]+hours?|"
     r"arbeitsstunden?|geschäftsstunden?|servicestunden?|betriebsstunden?", "hour", True),
    # A "Support Day" / "Service Day" is the contract's own business day.
    (r"business[\s-]+days?|working[\s-]+days?|work[\s-]?days?|support[\s-]+days?|service[\s-]+days?|"
     r"biz\.?[\s-]+days?|bus\.[\s-]*days?|"
     r"werktag(?:e[ns]?|s)?|"
     r"arbeitstag(?:e[ns]?|s)?|geschäftstag(?:e[ns]?|s)?|bankarbeitstag(?:e[ns]?|s)?", "day", True),
    # "4d" only attached to its number and lower-case: "Ziffer 3 d)" and "3D" are no durations.
    (r"calendar[\s-]+days?|kalendertag(?:e[ns]?|s)?|days?|tag(?:e[ns]?|s)?|(?<=\d)(?-i:d)\b", "day", False),
    (r"milliseconds?|millisekunden?|(?-i:msecs?|ms)(?!-)", "millisecond", False),  # read as seconds (/ 1000)
    (r"seconds?|secs?|sekunden?|sek\.", "second", False),
    # "30 business minutes": the schema has no business minutes, so they are minutes
    (r"(?:business|working|support)[\s-]+minutes?|minutes?|mins?\.?|minuten?|min\.", "minute", False),
    (r"hours?|hrs?\.?|stunden?|std\.|std\b|h\b", "hour", False),
    (r"weeks?|wochen?", "week", False),
    (r"calendar[\s-]+months?|months?|monate?n?|monats", "month", False),
    (r"calendar[\s-]+years?|years?|jahre?n?|jahres|jahrs", "year", False),
]
_UNIT_RE = "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _, _) in enumerate(_UNITS))
DURATION_RE = re.compile(
    # Not the denominator of a fraction: "1/2 hour" is half an hour, not two; but "4h/1h" lists two values.
    rf"(?<!\d/)(?<![\d])(?P<num>\d+(?:[.,]\d+)?)\s*(?:\((?P<paren>\d+(?:[.,]\d+)?)\)\s*)?(?:-\s*)?(?P<unit>{_UNIT_RE})(?![a-zäöü])",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Duration:
    amount: Decimal
    unit: str  # second | minute | hour | day | week | month | year
    business: bool
    start: int
    end: int

    @property
    def iso(self) -> str:
        n = format(self.amount.normalize(), "f")
        return {
            "year": f"P{n}Y", "month": f"P{n}M", "week": f"P{n}W", "day": f"P{n}D",
            "hour": f"PT{n}H", "minute": f"PT{n}M", "second": f"PT{n}S",
        }[self.unit]


_UNIT_WORD = (
    r"(?:year|month|week|day|hour|minute|second|jahr|monat|woche|tag|stunde|minute|sekunde|werktag|arbeitstag|"
    r"geschäftstag|kalendertag|arbeitsstunde|percent|per\s?cent|prozent)"
)
# "two (2)", "zwei (2)", "twenty-four (24)", "ninety-nine and one half percent (99.5%)": the figure in brackets is
# the number; the words before it are dropped so the value is not read twice.
_NUMBER_WORD = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|"
    r"null|eins?|eine[rnms]?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|dreizehn|vierzehn|"
    r"fünfzehn|sechzehn|siebzehn|achtzehn|neunzehn|zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|"
    r"neunzig|hundert|tausend|(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und(?:zwanzig|dreißig|vierzig|"
    r"fünfzig|sechzig|siebzig|achtzig|neunzig)"
)
_WORDS_THEN_FIGURE_RE = re.compile(
    rf"\b(?:{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}|point|and|komma|und))*\s*"
    rf"(?P<unit>per\s?cent|percent|prozent)?\s*\(\s*(?P<num>\d+(?:[.,]\d+)?)\s*(?P<pct>%)?\s*\)",
    re.I,
)
# Scanned filings read the "1" of "one (1) year" as a capital I or a small L.
_OCR_ONE_RE = re.compile(r"(?<=\bone\s)\(\s*[Il]\s*\)|(?<=\bone\s\s)\(\s*[Il]\s*\)", re.I)
# Fractions of a unit: "half an hour", "a half day", "eine halbe Stunde", "one and a half hours", "eineinhalb
# Stunden", "anderthalb Tage".
_QUALIFIED_UNIT = r"(?:(?:business|working|calendar|support)[\s-]+)?" + _UNIT_WORD
_FRACTIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:one|1)\s+and\s+a\s+half\s+(?=" + _UNIT_WORD + ")", re.I), "1.5 "),
    (re.compile(r"\b(?:eineinhalb|anderthalb)\s+(?=" + _UNIT_WORD + ")", re.I), "1.5 "),
    # "half a business day", "a half working day": the qualifier belongs to the unit.
    (re.compile(r"\bhalf\s+(?:an?\s+)?(?=" + _QUALIFIED_UNIT + r")|\ban?\s+half[\s-]+(?=" + _QUALIFIED_UNIT + ")",
                re.I), "0.5 "),
    (re.compile(r"\b(?:eine[nrms]?\s+)?halbe[nrms]?\s+(?=" + _UNIT_WORD + ")", re.I), "0.5 "),
]


@lru_cache(maxsize=8192)
def words_to_digits(text: str, language: str) -> str:
    """Replace number words by digits, keeping the text otherwise intact.

    EN and DE: "two (2) years" -> "2 years", "vierundzwanzig Stunden" -> "24 Stunden", "eine Stunde" -> "1 Stunde",
    "within four hours" -> "within 4 hours", "a one-year term" -> "a 1-year term", "half an hour" -> "0.5 hour".
    """
    lang = language if language in _SMALL else "en"
    text = _OCR_ONE_RE.sub("(1)", text)
    text = drop_unit_qualifiers(_WORDS_THEN_FIGURE_RE.sub(_figure, text))
    for pattern, figure in _FRACTIONS:
        text = pattern.sub(figure, text)
    try:
        text = alpha2digit(text, lang)
    except (ValueError, KeyError, IndexError):
        pass
    return _small_pattern(lang).sub(lambda m: str(_SMALL[lang][(m.group(1) or m.group(2)).lower()]), text)


def _figure(m: re.Match[str]) -> str:
    return m.group("num") + (" percent" if m.group("unit") or m.group("pct") else "")


@lru_cache(maxsize=2)
def _small_pattern(lang: str) -> re.Pattern[str]:
    """Small number words text2num leaves alone, read only right before a unit ("one day", "zwei Prozent",
    "a one-year term", "eines Werktages")."""
    words = "|".join(w for w in _SMALL[lang] if w not in ("a", "an"))
    return re.compile(
        rf"\b({words})\b(?=[\s-]+(?:full\s+|calendar\s+|business\s+|working\s+|support\s+|service\s+|"
        rf"work[\s-]?|volle[nr]?\s+)?{_UNIT_WORD})|"
        rf"\b(an?)\b(?=\s+(?:full\s+|calendar\s+|business\s+|working\s+|support\s+|service\s+)?"
        r"(?:year|month|week|day|hour|minute|second)s?\b)",
        re.I,
    )


def find_durations(text: str, language: str = "en") -> list[Duration]:
    """All durations in ``text`` (offsets refer to ``words_to_digits(text)``; use that text for context)."""
    out = []
    for m in DURATION_RE.finditer(text):
        raw = m.group("paren") or m.group("num")
        amount = parse_number(raw, language)
        if amount is None:
            continue
        for i, (_, unit, business) in enumerate(_UNITS):
            if m.group(f"u{i}"):
                if unit == "millisecond":  # latency targets: "< 500 ms" is half a second
                    amount, unit = amount / 1000, "second"
                out.append(Duration(amount, unit, business, m.start(), m.end()))
                break
    return out


def parse_duration(text: str, language: str = "en") -> Duration | None:
    found = find_durations(words_to_digits(text, language), language)
    return found[0] if found else None
