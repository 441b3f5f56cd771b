"""Vocabulary shared by the SLA and service-credit extractors: metric names, priority labels, service windows.

English and German contracts name the same few things in many ways ("Fix Time", "Wiederherstellungszeit",
"Entstörzeit"); German compounds ("Systemverfügbarkeit", "Reaktions- und Entstörzeiten") cannot be listed
for a token matcher, so metric words are matched here as stems inside words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docsvc.extract import vocabulary


def sla_terms(kind: str) -> str:
    """``|``-joined extra words of ``kind`` from ``nlp/patterns/*/sla_terms.json`` ("" when there are none), to
    append to a built-in alternation: the wording of each language stays data."""
    patterns = vocabulary.merged("sla_terms").get(kind, [])
    return "|" + vocabulary.alternation(patterns) if patterns else ""


# Metric stems. Where a text names two metrics, the one written first wins (``metric_of``).
_METRIC_STEMS: list[tuple[str, str]] = [
    ("availability", r"availab|up-?\s?time|verfügbar|erreichbarkeit"),
    ("resolution_time", r"resol[uv]|\bfix(?:ed|es|ing)?\b|restor|repair|work-?\s?around|\bcorrect(?:ion|ions|ed)?\b|"
                        r"\bclosure\b|rectif|\bmttr\b|wiederherstell|entstör|"
                        r"behebung|beheb|beseitig|lösungszeit|\bbehoben\b|wiederhergestellt|time to recover"),
    ("response_time", r"respon[sd]|reaction|acknowledg|call-?\s?back|turn-?\s?around|reaktion|reagier|antwortzeit|"
                      r"\breturn(?:s|ed)?\s+(?:all\s+|the\s+|such\s+)?(?:(?:tele)?phone\s+)?calls?\b|"
                      r"rückruf|"
                      r"address(?:es|ed|ing)?\s+(?:the\s+|such\s+|any\s+|each\s+)?(?:problem|issue|incident|error|fault)"),
]
# A list lead-in naming support without a metric ("Support:", "Technischer Support:"): the durations in the items
# below it are response times ("Starter: Email, 2 business days").
_SUPPORT_LABEL = (
    r"^\W*(?:(?:customer|technical|premium|standard|technischer|kunden)\s*-?\s*)?(?:support|help\s*desk|"
    r"service\s*desk|kundendienst)(?:\s+(?:levels?|tiers?|plans?|stufen|pakete))?\s*:"
)
SUPPORT_LEAD_RE = re.compile(_SUPPORT_LABEL + r"\s*$", re.I)
# The same opening an item that goes on after the colon ("Support: email within 1 business day (Starter), ...").
SUPPORT_LABEL_RE = re.compile(_SUPPORT_LABEL, re.I)
# The same as a table row label ("Support", "Technical support", "Support level").
SUPPORT_ROW_RE = re.compile(
    r"^\W*(?:(?:customer|technical|premium|standard|e-?mail|phone)\s*-?\s*)?(?:support|help\s*desk)"
    r"(?:\s+(?:levels?|tiers?|channels?))?\W*$",
    re.I,
)
# Service levels with a name but none of the three metrics: recovery objectives count as "other" targets.
# On-site attendance and hardware replacement times are service levels of their own (README: "other").
OTHER_METRIC_RE = re.compile(
    r"\b(?:rpo|rto|recovery\s+(?:point|time)\s+objectives?|wiederanlaufzeit|wiederherstellungspunkt|"
    r"on-?\s?site\s+(?:support|service|attendance|presence|visit|engineer|technician)s?|"
    r"(?:hardware|spare\s+parts?|components?)\s+(?:\w+\s+){0,2}replac\w*|"
    r"replac\w*\s+(?:of\s+)?(?:failed\s+|faulty\s+)?(?:hardware|spare\s+parts?|components?))\b"
    + sla_terms("other"), re.I
)
ANY_METRIC_RE = re.compile("|".join(f"(?P<{m}>{s}{sla_terms(m)})" for m, s in _METRIC_STEMS), re.I)

# A column or row that holds the agreed value without naming the metric ("Target", "Zielwert").
TARGET_HEADER_RE = re.compile(
    r"\b(?:target|service\s+levels?|sla|slos?|commitment|guarantee|level|objective|standard|value|"
    r"zielwert|sollwert|wert|vorgabe|kennzahl|service-?level|zusage)\b",
    re.I,
)
# A column or row naming the service window ("Coverage", "Servicezeit").
COVER_HEADER_RE = re.compile(
    r"\b(?:coverage|hours\s+of\s+(?:cover|service|support|operation)|(?:service|support|business|operating)\s+"
    r"(?:hours|window|times?)|servicezeit(?:en)?|supportzeit(?:en)?|betriebszeit(?:en)?|geschäftszeit(?:en)?|"
    r"bereitschaftszeit(?:en)?|servicefenster)\b",
    re.I,
)
CREDIT_HEADER_RE = re.compile(
    # "Compensation, % of Service Fee" heads the remedy column of a credit table as well
    r"credit|rebate|gutschrift|minderung|pönale|penalt|malus|refund|erstattung|reduction|abzug|compensation|"
    r"kompensation|entschädigung" + sla_terms("credit"),
    re.I,
)

# Priority / severity / service-class labels as written in a table cell or a sentence.
_PRIORITY_CODE = (
    r"(?:(?:priority|prio(?:rität)?|severity|sev|severity\s+level|priority\s+level|störungsklasse|fehlerklasse|"
    r"störungspriorität|class|klasse|kategorie|category|stufe|schweregrad|dringlichkeit|impact)\s*[-–:]?\s*(?:\d|[A-E]\b|I{1,3}\b|IV\b|one|two|"
    r"three|four|five)|\b[PS]\s?-?\d\b)"
)
PRIORITY_WORDS = (
    r"critical|urgent|emergency|high|medium|normal|low|major|minor|serious|severe|blocking|blocker|non-?critical|"
    r"kritisch|dringend|hoch|mittel|niedrig|gering|schwer|leicht|notfall|"
    r"bronze|silver|silber|gold|platinum|platin|basic|standard|premium|enterprise"
)
PRIORITY_CODE_RE = re.compile(_PRIORITY_CODE, re.I)
# A whole cell that is a priority label: a code, a named level, or "1 – kritisch" / "Critical (B)".
PRIORITY_CELL_RE = re.compile(
    rf"^\s*(?:{_PRIORITY_CODE}|\d|[A-D])?\s*(?:[-–:(]\s*)?(?:(?:{PRIORITY_WORDS})\b[\w\s()-]{{0,25}})?\s*$",
    re.I,
)
_NAMED_LABEL_RE = re.compile(rf"(?:\d\s*[-–]\s*)?(?:{PRIORITY_WORDS})\b(?:\s*\([A-Z0-9]\))?", re.I)
PRIORITY_WORD_RE = re.compile(rf"\b(?:{PRIORITY_WORDS})\b", re.I)
# Header of the column naming priorities; German compounds ("Störungskategorie", "Fehlerklasse") end in the stem.
PRIORITY_HEADER_RE = re.compile(
    r"\b(?:priority|prio(?:rität)?|severity|sev|class|category|incident\s+type|impact|urgency)\b|^\s*level\b|"
    r"(?:klasse|kategorie|stufe|priorität|störungsart|schweregrad|dringlichkeit)\b",
    re.I,
)

# Service windows: the clock runs only on working days / inside the agreed hours.
_DAY = (r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs?|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|"
        r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|mo|di|mi|do|fr|sa|so")
DAY_RANGE_RE = re.compile(rf"\b(?P<d1>{_DAY})\.?\s*(?:-|–|to|through|thru|bis)\s*(?P<d2>{_DAY})\b\.?", re.I)
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|h\b|uhr)?"
TIME_RANGE_RE = re.compile(rf"(?<![\d.,])(?P<t1>{_TIME})\s*(?:-|–|to|until|bis)\s*(?P<t2>{_TIME})(?![\d.,%])", re.I)
_CLOCKISH = re.compile(r"[:.]\d{2}|[ap]\.?m|h$|uhr", re.I)
ROUND_THE_CLOCK_RE = re.compile(
    r"24\s*[x×/*]\s*7(?:\s*[x×/*]\s*365)?|(?:24|twenty-four)\s*(?:\(24\)\s*)?(?:hours|h|stunden)\s*(?:(?:a|1|one|per|pro|am)\s*"
    r"(?:day|tag))?(?:\s*,?\s*(?:and\s+)?(?:7|seven)\s*(?:\(7\)\s*)?(?:days|tage)\s*(?:a|1|one|per|pro|in\s+der)\s*"
    r"(?:week|woche))"
    r"|(?:24|twenty-four)\s*(?:\(24\)\s*)?(?:hours|h|stunden)\s*(?:a|1|one|per|pro|am)\s*(?:day|tag)"
    r"|(?:7|seven|sieben)\s*(?:days|tage)\s*(?:a|1|one|per|pro|in\s+der)\s*(?:week|woche)|rund\s+um\s+die\s+uhr|"
    r"round[\s-]the[\s-]clock|"
    r"7d\s*/\s*7d?|24h\s*/\s*24h?|24\s*/\s*7|^\s*24\.7\s*$|\b7\s*[x×]\s*24\b",
    re.I,
)
# A window written as hours × days ("8x5", "12 x 5", "8x5x12", "9×6"; "5x8" with the days first). It is kept as
# the hours of cover, but does not make "4 hours" business hours: the dev labels read "12x5 | 12 hrs" as hours,
# like "24x5/ 1 Stunde" (realworld README).
HOURS_BY_DAYS_RE = re.compile(
    r"(?<![\d.,])(?:(?P<h>[89]|1[0-8])\s*[x×]\s*(?P<d>[56])|(?P<d2>[56])\s*[x×]\s*(?P<h2>[89]|1[0-8]))"
    r"(?:\s*[x×]\s*\d{1,3})?(?![\d.,]|\s*(?:cm|mm|m|px|gb|tb)\b)",
    re.I,
)
# Wording that puts a time target inside a service window.
BUSINESS_WINDOW_RE = re.compile(
    r"business\s+(?:hours?|days?)|working\s+(?:hours?|days?)|support\s+(?:desk\s+)?hours|service\s+hours|"
    r"support\s+days?|office\s+hours|normal\s+hours|hours\s+of\s+(?:cover|support)|"
    r"\bbus(?:iness|\.)?\s*hrs\b|\bbiz\b|"
    r"(?:servicezeit|supportzeit|geschäftszeit|bürozeit|betriebszeit|arbeitszeit)(?:en)?\b|werktag|arbeitstag|"
    r"\bmo(?:ntag)?\.?\s*(?:-|–|bis)\s*fr|monday\s+(?:to|through|-)\s+friday|mon\s*-\s*fri|weekdays|werktags",
    re.I,
)

# Measurement periods.
_PERIODS: list[tuple[str, str]] = [
    ("monthly", r"month|monat|monthly|monatlich"),
    ("quarterly", r"quarter|quartal"),
    ("annual", r"year|annual|jahr|jährlich"),
]
# "per calendar month", "each quarter", "im Monatsmittel", "monthly" — but not "a 36 months term".
PERIOD_RE = re.compile(
    r"\b(?:(?:per|each|every|any|a|in\s+(?:a|any|each|the)|over\s+(?:a|any|each|the)|during\s+(?:a|any|each|the)|"
    r"measured\s+(?:over\s+)?(?:a|each|the)?|je|pro|im|jeden|jedem|jeweiligen|innerhalb\s+eines|gemessen\s+je|"
    r"gemessen\s+(?:über|pro|im)\s+(?:den|einen)?)\s*(?:calendar[\s-]+)?|calendar[\s-]+)"
    r"(?P<p>months?|quarters?|years?|(?:kalender)?monat(?:s|e)?|quartal(?:s|e)?|(?:kalender|vertrags)?jahr(?:es)?)\b"
    r"|\b(?P<p2>monthly|quarterly|yearly|annual(?:ly)?|monatlich\w*|vierteljährlich\w*|jährlich\w*|kalendermonat\w*|"
    r"kalenderjahr\w*|(?:monats|quartals|jahres)(?:mittel|durchschnitt))\b",
    re.I,
)


def cover_column(header: str) -> bool:
    """A header naming the service window its column gives ("Support hours", "Servicezeit"); a time metric named
    before the window ("Response time during support hours") heads a metric column counted in that window."""
    cover = COVER_HEADER_RE.search(header)
    if cover is None:
        return False
    metric = ANY_METRIC_RE.search(header, 0, cover.start())
    return metric is None or metric.lastgroup not in ("response_time", "resolution_time")


def metric_of(text: str) -> str | None:
    """The first SLA metric named in ``text`` (availability, response_time, resolution_time)."""
    m = ANY_METRIC_RE.search(text)
    return m.lastgroup if m else None


def period_of(text: str) -> str | None:
    """The measurement period named in ``text`` ("per calendar month" → monthly)."""
    for m in PERIOD_RE.finditer(text):
        word = (m.group("p") or m.group("p2")).lower()
        for period, stems in _PERIODS:
            if re.search(stems, word):
                return period
    return None


def is_priority_cell(text: str) -> bool:
    text = " ".join(text.split())
    return bool(text) and len(text) <= 40 and bool(PRIORITY_CELL_RE.match(text)) and bool(
        PRIORITY_CODE_RE.search(text) or PRIORITY_WORD_RE.search(text) or re.fullmatch(r"\d|[A-D]", text)
    )


def priority_label(cell: str, header: str = "") -> str:
    """A priority as written: the code when there is one ("P1 – Critical" → "P1"), else the whole label.

    A bare number takes its name from the column header ("Severity" + "1" → "Severity 1").
    """
    text = " ".join(cell.split())
    code = PRIORITY_CODE_RE.search(text)
    if code and code.start() == 0:
        return code.group(0).strip(" -–:")
    named = _NAMED_LABEL_RE.match(text)
    if named and named.end() < len(text):
        return named.group(0)  # "medium during working hours" → "medium"
    if re.fullmatch(r"\d|[A-D]", text) and header:
        word = PRIORITY_HEADER_RE.search(header)
        if word:
            return f"{word.group(0).capitalize()} {text}"
    return text


def window_kind(text: str) -> bool | None:
    """True when ``text`` describes a business window (Mon–Fri, 08:00–18:00), False for 24x7, else None."""
    if ROUND_THE_CLOCK_RE.search(text):
        return False
    if BUSINESS_WINDOW_RE.search(text) or DAY_RANGE_RE.search(text) or time_range(text):
        return True
    return None


def time_range(text: str) -> tuple[str, str] | None:
    """The first clock-time range ("08:00–18:00", "9AM-5PM", "8H-20H", "08–18 Uhr") as ("08:00", "18:00")."""
    for m in TIME_RANGE_RE.finditer(text):
        # "1-2" alone is a count range; a clock range writes minutes, am/pm, "h" or "Uhr" on one side.
        if not (_CLOCKISH.search(m.group("t1")) or _CLOCKISH.search(m.group("t2"))):
            continue
        t1, t2 = _clock(m.group("t1")), _clock(m.group("t2"))
        if t1 and t2:
            return t1, t2
    hhmm = _HHMM_RANGE_RE.search(text)
    if hhmm and (hhmm.group("zone") or hhmm.group("h1").startswith("0")):
        return f"{hhmm.group('h1')}:{hhmm.group('m1')}", f"{hhmm.group('h2')}:{hhmm.group('m2')}"
    return None


# Times written as four digits ("0900 - 1700 GMT", "0830–1800 hrs"): a window when a zone or "hrs" follows or
# the first has a leading zero; "1000 - 2000" alone is as likely a count.
_HHMM_RANGE_RE = re.compile(
    r"(?<![\d.,])(?P<h1>[01]\d|2[0-3])(?P<m1>[0-5]\d)\s*(?:-|–|to|bis)\s*(?P<h2>[01]\d|2[0-4])(?P<m2>[0-5]\d)(?![\d.,%])"
    r"(?:\s*(?P<zone>(?-i:GMT|UTC|BST|CET|CEST|MEZ|MESZ|EST|EDT|CST|PST|PDT|AEST)|hrs\b|hours\b|uhr\b))?", re.I)


_DAY_NAMES = {"mo": "Mon", "tu": "Tue", "di": "Tue", "we": "Wed", "mi": "Wed", "th": "Thu", "do": "Thu",
              "fr": "Fri", "sa": "Sat", "su": "Sun", "so": "Sun"}


def _day(word: str) -> str:
    return _DAY_NAMES.get(word[:2].lower(), word[:3].capitalize())


def _clock(text: str) -> str | None:
    m = re.match(r"(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?", text.strip(), re.I)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3) and m.group(3).lower().startswith("p") and hour < 12:
        hour += 12
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def normalise_windows(text: str) -> str:
    """Write service windows canonically ("24x7", "09:00-17:00") so that "24 hours a day" or "8H-20H" is never
    read as a duration, while the window stays visible to ``window_kind``."""
    text = ROUND_THE_CLOCK_RE.sub(" 24x7 ", text)

    def clock(m: re.Match[str]) -> str:
        if not (_CLOCKISH.search(m.group("t1")) or _CLOCKISH.search(m.group("t2"))):
            return m.group(0)
        t1, t2 = _clock(m.group("t1")), _clock(m.group("t2"))
        return f"{t1}-{t2}" if t1 and t2 else m.group(0)

    return TIME_RANGE_RE.sub(clock, text)


# A word a narrow PDF cell broke without a hyphen: "Lösungszei t", "Geschäftstag e/ 3 Tage", "Verfügbar keit".
BROKEN_WORD_RE = re.compile(r"(?<=[a-zäöüß]) (?=[a-zäöüß])")


# A business unit that is its own value's unit ("1 business day", "3 Werktage", "next business day"), not a window
# for the cell's other values ("Severity 1: 4 hours Severity 2: 1 business day" keeps its 4 hours calendar time).
_VALUE_UNIT_RE = re.compile(
    r"(?:\d[\d.,]*|\b(?:next|same|following|one|two|three|four|five|ein(?:en|em)?|zwei|drei|nächste[nmrs]?|"
    r"folgende[nmrs]?))\s*-?\s*(?:business|working|werk|arbeits|geschäfts)[\s-]*(?:hours?|days?|tage?s?|stunden?)\b\w*",
    re.I,
)


def cover_in(cell: str) -> str | None:
    """A service window written inside a value cell: "15 minutes (24x7x365)", "8 Hours (9AM-5PM PST)"."""
    return cell if window_kind(_VALUE_UNIT_RE.sub(" ", cell)) is not None else None


def hours_of_cover(text: str) -> str | None:
    """Normalise a service window: "24x7", "Mon-Fri 08:00-18:00", "Mon-Fri" or "08:00-18:00"."""
    if ROUND_THE_CLOCK_RE.search(text):
        return "24x7"
    by_days = HOURS_BY_DAYS_RE.search(text)
    if by_days and not DAY_RANGE_RE.search(text) and not time_range(text):
        return f"{by_days.group('h') or by_days.group('h2')}x{by_days.group('d') or by_days.group('d2')}"
    parts = []
    days = DAY_RANGE_RE.search(text)
    if days:
        parts.append(f"{_day(days.group('d1'))}-{_day(days.group('d2'))}")
    times = time_range(text)
    if times:
        parts.append(f"{times[0]}-{times[1]}")
    return " ".join(parts) or None


@lru_cache(maxsize=8)
def _not_target_re(kind: str) -> re.Pattern[str]:
    return re.compile(vocabulary.alternation(vocabulary.merged("sla_not_targets")[kind]), re.I)


def is_business_kpi(text: str) -> bool:
    """A reporting or business KPI ("Customer satisfaction", "Ticketvolumen", "Monthly churn"), not a service
    level: the vocabulary is data (``nlp/patterns/*/sla_not_targets.json``)."""
    return bool(_not_target_re("kpi").search(text))


def is_remedy(text: str) -> bool:
    """A row label naming the remedy for a missed level ("Service credit", "Gutschrift", "Vertragsstrafe"): its
    percentages are owed, not promised; the vocabulary is data (``nlp/patterns/*/sla_not_targets.json``)."""
    return bool(_not_target_re("remedy").search(text))


def is_durability(text: str) -> bool:
    """Storage durability ("99.999999999% durability", "Haltbarkeit der Objekte"): how rarely stored data is lost,
    a technical figure and no availability level; the vocabulary is data (``nlp/patterns/*/sla_not_targets.json``)."""
    return bool(_not_target_re("durability").search(text))


def is_observed(header: str) -> bool:
    """A column of reported results ("Uptime Achieved", "Credits Received", "Ist-Wert"): its values are what
    happened, not what is promised or owed; the vocabulary is data (``nlp/patterns/*/sla_not_targets.json``)."""
    return bool(_not_target_re("observed").search(header))


def is_quantile(after: str) -> bool:
    """The text right after a percentage makes it a quantile of the time bound that follows ("95% of requests
    < 100ms"), not a target; the vocabulary is data (``nlp/patterns/*/sla_not_targets.json``)."""
    return bool(_not_target_re("quantile").search(after[:120]))


def is_hedged(text: str) -> bool:
    """Wording of what usually happens, not of a promise ("typically", "in der Regel")."""
    return bool(_not_target_re("hedge").search(text))


def is_unmet_condition(lead_in: str) -> bool:
    """The value belongs to a condition that a target is missed ("if the problem cannot be resolved within"), not
    to a promise; ``lead_in`` is the text of the value's clause up to the value."""
    return bool(_not_target_re("unmet_condition").search(lead_in))


def starts_clock(text: str) -> bool:
    """Wording of when a target's clock starts ("begins at the start of the next business day"), not a target."""
    return bool(_not_target_re("clock_start").search(text))


def is_definitions_heading(heading: str | None) -> bool:
    """"Definitions", "3. Begriffsbestimmungen": a section whose values explain terms."""
    if not heading:
        return False
    words = _not_target_re("definitions_heading").pattern
    return bool(re.match(rf"^\W*(?:[\d.]+\s*|[A-Z]\.\s*|§\s*\d+\s*)?(?:{words})\W*$", heading.strip(), re.I))


@lru_cache(maxsize=4)
def _other_objective_re(kind: str) -> re.Pattern[str]:
    return re.compile(vocabulary.alternation(vocabulary.merged("sla_other_objectives")[kind]), re.I)


def is_system_response(text: str) -> bool:
    """Wording that makes a response time in seconds a system's latency ("P99 response time < 2 seconds for API
    endpoints", "query response time < 3 seconds"), not a support response (``sla_other_objectives.json``)."""
    return bool(_other_objective_re("system_response").search(text))


def other_objective(header: str) -> str | None:
    """"status_update" for a status-update cadence header ("Status Updates", "Zwischenbericht"), "interim" for a
    workaround header ("Workaround Target", "Umgehungslösung"), else None; the vocabulary is data
    (``nlp/patterns/*/sla_other_objectives.json``)."""
    for kind in ("status_update", "interim"):
        if _other_objective_re(kind).search(header):
            return kind
    return None
