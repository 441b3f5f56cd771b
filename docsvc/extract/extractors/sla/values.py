"""Reading SLA target values (percentages and durations) out of a table cell or a sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from docsvc.extract.extractors.sla.vocab import normalise_windows
from docsvc.extract.normalize.durations import find_durations, words_to_digits
from docsvc.extract.normalize.numbers import find_percentages, to_float

_UNIT_PLAIN = {"second": "seconds", "minute": "minutes", "hour": "hours", "day": "days", "week": "days"}
_UNIT_BUSINESS = {"hour": "business_hours", "day": "business_days"}
# Targets named by a day rather than a number. "Next Business Day", "nächster Werktag", "the following working
# day": one business day ("day after next working day": two). "Same business day", "am selben Werktag": by the end of
# the day the request came in, so never more than one business day either. An ordinal counts the days: "by the
# opening of business on the second Business Day after the report", "am dritten Werktag nach Eingang" (what prepare
# left of them: "3rd", "3."); "the Support Day immediately following the day of the report" is the first.
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "erste": 1, "zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5, "sechste": 6, "siebte": 7,
    "achte": 8, "neunte": 9, "zehnte": 10,
}
_EN_DAY = r"(?:business|working|support|work)[\s-]?day"
_DE_DAY = r"(?:werk|arbeits|geschäfts)tag"
RELATIVE_DAY_RE = re.compile(
    rf"\b(?P<ord>{'|'.join(k for k in _ORDINALS if k.isascii() and not k.endswith('e'))}|\d{{1,2}}(?:st|nd|rd|th))"
    rf"\s+(?:full\s+)?{_EN_DAY}\s+(?:immediately\s+)?(?:after|following)\b|"
    rf"\b(?P<ordde>(?:erste|zweite|dritte|vierte|fünfte|sechste|siebte|achte|neunte|zehnte)[nmr]?|\d{{1,2}}\.)"
    rf"\s+{_DE_DAY}(?:e?s)?\s+nach\b|"
    rf"\b(?P<after>day\s+after\s+)?(?:next|same|following)\s+{_EN_DAY}\b|\bNBD\b|"
    rf"\b{_EN_DAY}\s+(?:immediately\s+)?(?:after|following)\s+(?:the\s+)?(?:day|{_EN_DAY})\b|"
    rf"\b(?:nächste[nmr]?|(?:dem)?selbe[nmr]?|gleiche[nmr]?|(?:darauf|nach)?folgende[nmr]?)\s+{_DE_DAY}",
    re.I,
)


def _relative_days(m: re.Match[str]) -> float:
    """Business days a RELATIVE_DAY_RE match stands for."""
    ordinal = (m.group("ord") or m.group("ordde") or "").lower().rstrip(".")
    if ordinal:
        digits = re.match(r"\d+", ordinal)
        if digits:  # "3rd", "3."
            return float(digits.group(0))
        return float(_ORDINALS.get(ordinal) or _ORDINALS[ordinal[:-1]])  # "zweiten" -> "zweite"
    return 2.0 if m.group("after") else 1.0


# "(30)" after "thirty" would otherwise count twice once number words become digits.
_PAREN_DUPLICATE_RE = re.compile(r"\b(\d+(?:[.,]\d+)?)(\s*(?:per\s?cent|percent|%|prozent)?)\s*\(\s*\1\s*%?\s*\)", re.I)
# "three point five (3.5)" survives text2num as "3 point 5 (3.5)"; keep the parenthesised figure only.
_POINT_RE = re.compile(r"\b\d+\s+point\s+\d+\s*(?=\(\d)", re.I)


# SLA tables abbreviate working days: "3 AT" (Arbeitstage), "2 WT" (Werktage), "1WD" / "5 WD" (working days),
# "2 BD" (business days).
_DAY_ABBREVIATION_RE = re.compile(r"\b(\d+)\s*(?:AT|WT|WDs?|BDs?)\b")

# Support levels written as a code "hours x days x response hours" ("8x5x4", "24x7x2", "9x5xNBD", the way hardware
# support is sold): the last part is the response time. "24x7x365" is a window, not a code (two digits at most).
_SERVICE_CODE_RE = re.compile(
    r"(?<![\w.,])(?P<h>[1-9]|1\d|2[0-4])\s*[x×]\s*(?P<d>[5-7])\s*[x×]\s*(?P<n>\d{1,2}(?!\d)|NBD\b)"
    r"(?!\s*(?:[x×]|cm\b|mm\b|m\b|in\b|inch|zoll|\"))", re.I)
_CODE_RESPONSE = {"en": "response within {n} hours", "de": "Reaktionszeit {n} Stunden"}
_CODE_NEXT_DAY = {"en": "response next business day", "de": "Reaktion nächster Werktag"}
# Minutes written as a bare "m" right after the number ("~90m", "30m"), as tight support tables do; never after a
# currency sign ("$10m") nor before "²"/"/" (square metres, speeds).
_BARE_MINUTES_RE = re.compile(r"(?<![\w.,$€£])(\d+(?:[.,]\d+)?)m\b(?![²³/])")
# "1/2 hour", "½ Stunde": half an hour, as "half an hour" already reads.
_HALF_RE = re.compile(r"(?:(?<![\w/.,])1/2|½)\s*(?=h\b|hours?\b|hrs?\b|stunden?\b|std\b)", re.I)


def service_code(text: str) -> bool:
    """``text`` states a support code ("8x5x4", "24x7x2", "9x5xNBD"): a response time however the text is labelled."""
    return bool(_SERVICE_CODE_RE.search(text))


def _service_code(m: re.Match[str], language: str) -> str:
    window = f"{m.group('h')}x{m.group('d')}"
    if m.group("n").upper() == "NBD":
        return f"{window} ({_CODE_NEXT_DAY.get(language, _CODE_NEXT_DAY['en'])})"
    return f"{window} ({_CODE_RESPONSE.get(language, _CODE_RESPONSE['en']).format(n=m.group('n'))})"


# A header naming the unit of bare numbers below it: "Response time (hours)", "Reaktionszeit in Std.".
_HEADER_UNIT_RE = re.compile(
    r"\b(business\s+hours|business\s+days|working\s+days|hours|hrs|minutes|mins|days|"
    r"stunden|std|minuten|min|werktage|arbeitstage|tage)\b|(%)",
    re.I,
)


@dataclass(frozen=True, slots=True)
class TargetValue:
    value: float
    unit: str  # a TargetUnit value
    start: int  # offsets into the prepared text (see ``prepare``)
    end: int


# A range of durations is committed to by its upper bound: "within 24 to 48 business hours", "2-4 Stunden". A
# spaced dash is left alone: "Severity 1 - 4 hours" names a priority and its value.
_DURATION_RANGE_RE = re.compile(
    r"(?<![\w.,])\d+(?:[.,]\d+)?(?:\s*(?:to|bis)\s*|[-–])(?=\d+(?:[.,]\d+)?\s*(?:business|working|hours?|hrs?\b|"
    r"minutes?|mins?\b|days?|stunden|std\b|minuten|tage|werktage|arbeitstage|geschäftsstunden|geschäftstage))", re.I)
_RANGE_AFTER_LABEL_RE = re.compile(r"(?:severity|priority|prio|level|stufe|klasse|kategorie|category|tier|p|sev)\s*$",
                                   re.I)


def _upper_bound(m: re.Match[str]) -> str:
    return m.group(0) if _RANGE_AFTER_LABEL_RE.search(m.string, 0, m.start()) else ""


@lru_cache(maxsize=8192)
def prepare(text: str, language: str) -> str:
    """Number words to digits, "thirty (30)" to "30", service windows written canonically ("24x7"), support codes
    ("8x5x4") and shorthands ("~90m", "1/2 hour") spelled out, duration ranges to their upper bound."""
    text = " ".join(text.split())
    text = _SERVICE_CODE_RE.sub(lambda m: _service_code(m, language), text)
    text = _HALF_RE.sub("0.5 ", _BARE_MINUTES_RE.sub(r"\1 min", text))
    text = normalise_windows(text)
    text = _DAY_ABBREVIATION_RE.sub(lambda m: f"{m.group(1)} Arbeitstage", text)
    text = words_to_digits(text, language)
    text = _DURATION_RANGE_RE.sub(_upper_bound, text)
    text = _POINT_RE.sub("", text)
    return _PAREN_DUPLICATE_RE.sub(lambda m: m.group(1) + m.group(2), text)


def find_targets(prepared: str, language: str, *, business: bool = False) -> list[TargetValue]:
    """Percentages and durations in ``prepared`` text, in order; ``business`` counts hours/days in a window."""
    out = [TargetValue(to_float(v), "percent", s, e) for v, s, e in find_percentages(prepared, language)]
    for d in find_durations(prepared, language):
        if d.unit not in _UNIT_PLAIN:
            continue  # months and years are not SLA targets
        amount = to_float(d.amount) * (7 if d.unit == "week" else 1)
        unit = _UNIT_BUSINESS.get(d.unit, _UNIT_PLAIN[d.unit]) if (d.business or business) else _UNIT_PLAIN[d.unit]
        if d.unit == "week" and (d.business or business):
            unit, amount = "business_days", amount * 5 / 7
        out.append(TargetValue(amount, unit, d.start, d.end))
    for m in RELATIVE_DAY_RE.finditer(prepared):
        out.append(TargetValue(_relative_days(m), "business_days", m.start(), m.end()))
    return sorted(out, key=lambda t: t.start)


@lru_cache(maxsize=8192)
def cell_target(text: str, language: str, *, business: bool = False) -> TargetValue | None:
    """The one target a table cell states ("4 Business Hours", "99,8 %", "Next Business Day"), else None."""
    found = find_targets(prepare(text, language), language, business=business)
    return found[0] if found else None


def header_unit(header: str) -> str:
    """The unit a header gives the bare numbers below it ("Response time (hours)" → "hours")."""
    m = _HEADER_UNIT_RE.search(header)
    return (m.group(1) or m.group(2)) if m else ""


def uptime_level(value: float) -> bool:
    """A percentage that, stated as a service level without a metric name, can only be an uptime: 99% and above,
    or a fractional level from 95% ("99.95%", "97.5%"). Rounder shares ("95%", "80%") are also what help desks
    promise for calls answered or tickets solved in time, so they stay unnamed."""
    return 99 <= value < 100 or (95 <= value < 100 and value != int(value))
