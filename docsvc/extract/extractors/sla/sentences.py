"""SLA targets written as sentences: "respond to Severity 1 incidents within 30 minutes", "Verfügbarkeit von
99,8 % im Monatsmittel", "innerhalb von vier (4) Stunden bearbeitet (Reaktionszeit)".

Each percentage or duration is tied to the nearest metric word; durations must be introduced as a limit
("within", "innerhalb von", "no later than") and sit in an incident/support context, so notice, cure and payment
periods never become SLA targets.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.extractors.sla.bands import REMEDY_NOUN, after_fee_remedy, in_credit_band
from docsvc.extract.extractors.sla.clauses import (
    clause,
    in_business_window,
    metric_near,
    metric_right_after,
    priority_near,
    sub_clause,
)
from docsvc.extract.extractors.sla.list_windows import business_window_lists
from docsvc.extract.extractors.sla.prose_cues import (
    GLYPH_LED_RE,
    LATENCY_BOUND_RE,
    drop_replaced,
    system_promise,
)
from docsvc.extract.extractors.sla.services import service_of
from docsvc.extract.extractors.sla.sla_parts import candidates
from docsvc.extract.extractors.sla.sla_parts import sla_parts as sla_parts  # re-exported: credits.py imports it here
from docsvc.extract.extractors.sla.value_lists import is_option_list
from docsvc.extract.extractors.sla.values import RELATIVE_DAY_RE, TargetValue, find_targets, prepare
from docsvc.extract.extractors.sla.vocab import (
    ANY_METRIC_RE,
    OTHER_METRIC_RE,
    PRIORITY_CODE_RE,
    PRIORITY_WORDS,
    ROUND_THE_CLOCK_RE,
    SUPPORT_LABEL_RE,
    hours_of_cover,
    is_business_kpi,
    is_definitions_heading,
    is_hedged,
    is_quantile,
    is_system_response,
    is_unmet_condition,
    metric_of,
    other_objective,
    period_of,
    starts_clock,
)
from docsvc.extract.negative_context import NOT_SLA, excluded
from docsvc.extract.types import BlockKind

# Sentences about incidents and support requests; without one, "respond within 10 days" is a legal deadline.
_INCIDENT_RE = re.compile(
    r"incident|ticket|severity|priority|problem|error|fault|outage|defect|\bbugs?\b|issue|\bcalls?\b|"
    r"support|service\s+desk|help\s*desk|inquir|downtime|malfunction|disruption|request\s+for\s+(?:assistance|service)|"
    r"störung|entstör|fehler|ausfall|meldung|anfrage|priorität|servicedesk|vorfall|vorfälle|"
    r"\b[PS]\d\b|availab|verfügbar|uptime|\be-?mails?\b|\bmessages?\b|\bchats?\b",
    re.I,
)
# A value right after its metric noun, written like a table row in prose ("initial response 1 hour, target
# resolution 8 hours").
_METRIC_LABEL_BEFORE_RE = re.compile(r"\b(?:response|resolution|restoration|acknowledg(?:e)?ment|reaction|fix|"
                                     r"workaround)(?:\s+(?:times?|targets?))?\s*\(?\s*$", re.I)
# An item opened by a named priority or class label ("Critical: initial response 1 hour, ..."): about incidents.
_LEAD_LABEL_RE = re.compile(rf"^\W*(?:{PRIORITY_WORDS})(?:\s+(?:priority|severity|incidents?|issues?|tickets?))?"
                            rf"\s*(?:\([^)]{{0,20}}\))?\s*(?::|[–—]|-\s)", re.I)
# Legal and commercial periods that share the wording of SLA targets.
_NOT_SLA_RE = re.compile(
    r"invoice|payment|\bpay\b|payable|terminat|\bcure|breach|dispute|audit|"
    r"insurance|kündig|rechnung|zahlung|verzug|haftung|liabilit|interest|"
    r"notice\s+of\s+(?:termination|non-renewal)|renew|approv|deemed|claim|geltend|"
    r"(?:provide|deliver|submit|send|furnish)\w*\s+(?:\w+\s+){0,3}(?:reports?|berichte?)\b|"
    r"\breports?\b[^.;]{0,250}?\b(?:submitted|delivered|provided|sent)\b|"
    r"defective\s+(?:goods|products?|units?|parts?|items?|equipment)|(?:repaired|replacement)\s+units?",
    re.I,
)
_INTRO_RE = re.compile(
    r"(?:within|in\s+under|under|less\s+than|no\s+later\s+than|not\s+(?:to\s+)?exceed(?:\s+more\s+than)?|"
    r"no\s+(?:more|greater|longer)\s+than|less\s+than\s+or\s+equal\s+to|not\s+(?:be\s+)?above|at\s+most|maximum(?:\s+of)?|max\.?|up\s+to|of|is|be|are|equals?|=|:|–|-|every|by|"
    r"innerhalb(?:\s+von)?|binnen|spätestens(?:\s+(?:nach|in|am|bis\s+zum|innerhalb(?:\s+von)?))?|höchstens|"
    r"maximal|von|beträgt|betragen|bis\s+zu|in|nach|unter|<=?|≤)\s*(?:an?\s+|the\s+|a\s+maximum\s+of\s+|einer?\s+|max\.\s+)?$",
    re.I,
)
# A target named by a day is introduced as a point in time: "on the next Business Day", "by the end of the
# second Support Day after the report", "am folgenden Werktag", "bis zum dritten Arbeitstag nach Eingang".
_DAY_INTRO_RE = re.compile(
    r"(?:\bon|\bby|\buntil|\bbefore|\bam|\bzum|\bbis|spätestens|(?:end|close|start|opening)\s+of(?:\s+business)?|"
    r"ende\s+des|beginn\s+des)\s*(?:the\s+)?$",
    re.I,
)
# "Priority 1 (Critical): 1 hour", "Priorität A 2 Stunden": a value right after its priority label.
_LABEL_BEFORE_RE = re.compile(rf"(?:{PRIORITY_CODE_RE.pattern})\s*(?:\([^)]{{0,20}}\))?\s*[:=–-]?\s*$", re.I)
# A metric word (German compounds included) ending right before the value, at most with a colon.
_METRIC_LABEL_END_RE = re.compile(rf"(?:{ANY_METRIC_RE.pattern})\w*\s*[:(]?\s*$", re.I)  # "response times (30 min"
_QUALIFIED_COPULA_RE = re.compile(r"\b(?:beträgt|betragen)\s+(?:jeweils\s+)?(?:innerhalb|während|außerhalb)\s+der\s+"
                                  r"[\w-]+\s+(?:jeweils\s+)?$", re.I)
# A percentage introduced as a floor or ceiling ("at least 70%", "höchstens 0,1 %").
_BOUND_RE = re.compile(
    r"(?:at\s+least|minimum(?:\s+of)?|not\s+less\s+than|no\s+(?:less|more)\s+than|at\s+most|maximum(?:\s+of)?|"
    r"not\s+(?:to\s+)?exceed|mindestens|höchstens|maximal|minimal|wenigstens|von|of|is|:)\s*$",
    re.I,
)
# After a remedy word, values are the remedy or its band ("a credit of 10% if availability is under 99.95%");
# before it they can still be the commitment ("availability of 99.9%, failing which service credits apply").
_REMEDY_RE = re.compile(r"credit|rebate|gutschrift|minderung|penalt|pönale|vertragsstrafe|refund|erstattung|"
                        r"\bmindert|gemindert|reduziert|kürzt|gekürzt|(?:fees?|charges?)\s+(?:\w+\s+){0,3}reduced\s+by",
                        re.I)
# A percentage naming the remedy right after it: "99.0-99.5%: 10% credit", "25 % Gutschrift", "5% refund".
_REMEDY_AFTER_RE = re.compile(rf"\s*{REMEDY_NOUN}", re.I)
_BAND_START_RE = re.compile(r"\b(?:below|less\s+than|lower\s+than|falls?\s+(?:below|short)|unter(?:halb|schreit\w*)?|"
                            r"weniger\s+als)\b", re.I)
# "below 93%" is a trigger (termination, credits), not the commitment; "not less than 98%" is.
_TRIGGER_RE = re.compile(
    r"(?<!not\s)(?<!no\s)(?:below|less\s+than|lower\s+than|falls?\s+(?:below|short\s+of)|under|unter(?:halb)?|"
    r"weniger\s+als|unterschreit\w*)\s*$",
    re.I,
)
# A negation just before a trigger word turns it into the promise ("shall never fall below").
_NEGATED_RE = re.compile(r"\b(?:not|never|nicht|nie(?:mals)?)\s+(?:(?:go|fall|drop|sink|be|dip)\s+)?$", re.I)
# Digits, or what number words become once ``prepare`` turned them into digits ("vierundzwanzig Stunden", "innerhalb
# eines Werktages", "within an hour"): a sentence without one states no target. Tested on the prepared text, since
# no list of number words written here can cover German compounds.
_NUMBER_RE = re.compile(r"\d|" + RELATIVE_DAY_RE.pattern, re.I)
# What may stand between two listed values: connectors, "for Priority 2 Incidents", "innerhalb von".
_LIST_GAP_RE = re.compile(
    rf"^(?:\s|,|–|\band\b|\bund\b|\bsowie\b|\bor\b|\boder\b|\bfor\b|\bbei\b|\bfür\b|\bwithin\b|"
    rf"\binnerhalb\b|\bvon\b|\bthe\b|\bder\b|\bdie\b|\ball\b|\balle\b|{PRIORITY_CODE_RE.pattern}|"
    rf"\b(?:{PRIORITY_WORDS})\b|\b(?:incidents?|tickets?|faults?|issues?|errors?|problems?|requests?|"
    rf"calls?|störung\w*|meldung\w*|fehler\w*)\b|\(\w+\))*$",
    re.I,
)
_BRACKETS_RE = re.compile(r"\[[^\]]*\]")
_SLASH_GAP_RE = re.compile(r"^\s*(?:\([^()]{1,30}\))?\s*/\s*$")
_BUSINESS_UNIT = {"hours": "business_hours", "days": "business_days"}
_NAMED_TIME_METRIC_RE = re.compile(r"response\s+times?|resolution\s+times?|time\s+to\s+(?:respond|resolve|restore|"
                                   r"repair|fix|(?:first\s+)?(?:response|reaction))|\bmttr\b|"
                                   r"(?:fix|restoration|repair|reaction|acknowledg(?:e)?ment)\s+times?|"
                                   r"(?:reaktions|wiederherstellungs|entstör\w*|behebungs|lösungs|antwort)(?:zeit|frist)",
                                   re.I)
# A value under a metric label ("Response: 1 hour", "Resolution target: 6 hours", "Reaktion: 2 Stunden"): written
# like a table row, the label names the metric as firmly as "response time" does.
_METRIC_LABEL_RE = re.compile(
    r"^\W*(?:(?:initial|first|target|guaranteed|maximum|max\.?|erste|maximale)\s+)?"
    r"(?:response|resolution|reaction|acknowledg(?:e)?ment|restoration|workaround|"
    r"reaktion|antwort|lösung|wiederherstellung|entstörung|behebung)"
    r"(?:\s+(?:target|goal|objective|commitment|ziel))?\s*:\s*(?:within\s+|innerhalb\s+(?:von\s+)?|<\s*|≤\s*)?\d",
    re.I,
)
_EVERY_RE = re.compile(r"\b(?:every|alle)\s*$", re.I)
_SLA_PERCENT_RE = re.compile(r"\b(?:the\s+)?(?:sla|service[\s-]+level)\s+(?:is|shall\s+be|of|von|beträgt|liegt\s+bei|"
                             r"in\s+höhe\s+von)\b|"
                             r"\d\s*(?:%|prozent|percent)[\s-]+(?:uptime[\s-]+)?(?:sla|level)\b", re.I)


def sla_from_sentences(ctx: DocContext) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    parts = sla_parts(ctx)
    windowed = business_window_lists(ctx)
    for s, lead_metric in candidates(ctx, parts):
        out += _from_sentence(s, ctx.language, lead_metric, s.block.index in parts, s.block.index in windowed)
    return out


def read_sentence(s: Sentence, language: str) -> list[dict[str, Any]]:
    """One sentence standing in an SLA part (a table cell written as prose) read on its own."""
    return _from_sentence(s, language, None, True)


def _from_sentence(s: Sentence, language: str, lead_metric: str | None, sla_section: bool,
                   listed_window: bool = False) -> list[dict[str, Any]]:
    if _NOT_SLA_RE.search(s.text) or excluded(s.text, NOT_SLA, scope=s.section) or is_definitions_heading(s.section):
        return []
    text = prepare(s.text, language)
    if not _NUMBER_RE.search(text):
        return []
    # The item a sentence belongs to may name the priority and the incident ("P1 (Urgent): Service down. First
    # response within 1 hour.").
    lead = s.block.text[:s.start]
    lead_priority = PRIORITY_CODE_RE.match(lead.lstrip(" -•–*")) if lead else None
    # A list item under a metric or support lead-in ("Support:" › "Pro: chat, 1 business day") is about incidents.
    listed = lead_metric is not None and (s.block.kind == BlockKind.LIST_ITEM or bool(GLYPH_LED_RE.match(s.text)))
    lead_label = _LEAD_LABEL_RE.match(lead or text)
    # An item opened by a support label ("Support: email within 1 business day (Starter), 8h (Pro)") promises how
    # soon support answers: its unnamed durations are response times.
    support = lead_metric is None and bool(SUPPORT_LABEL_RE.match(lead or text))
    incident = (bool(_INCIDENT_RE.search(text)) or sla_section or bool(lead_priority) or listed or bool(lead_label)
                or support)
    fallback = ((metric_of(s.section or "") if sla_section else None) or lead_metric
                or ("response_time" if support else None))
    out: list[dict[str, Any]] = []
    targets = drop_replaced(text, find_targets(text, language))
    options = [m.span() for m in _BRACKETS_RE.finditer(text) if is_option_list(m.group(0))]
    timed = any(t.unit != "percent" for t in targets)
    accepted: tuple[TargetValue, str] | None = None
    # Such an item states its value without an introducing word: its first duration is the target.
    for k, t in enumerate(targets):
        named = metric_near(text, t, language)
        metric = _classify(text, t, named or fallback, incident, sla_section, named is not None, timed,
                           listed=listed and k == 0)
        if metric is None and accepted and _continues_list(text, accepted[0], t):
            metric = accepted[1]  # "within 15 minutes for P1, 1 hour for P2 and 4 hours for P3"
        lead_in = text[clause(text, t.start, t.end)[0]:t.start]
        if metric is None or (metric == "other" and is_business_kpi(lead_in)) or is_hedged(lead_in) \
                or starts_clock(lead_in) or is_unmet_condition(text[max(0, t.start - 160):t.start]):
            continue  # "satisfaction of at least 90%" reports a KPI; "typically within an hour" promises nothing
        if any(lo <= t.start < hi for lo, hi in options):
            continue  # "[99.0% / 99.5%]": alternatives left to the drafter
        accepted = (t, metric)
        if t.unit in _BUSINESS_UNIT and (in_business_window(text, t, s.block.text) or (
                listed_window and not ROUND_THE_CLOCK_RE.search(text))):  # "Werktags, 9-17 Uhr" as the next item
            t = replace(t, unit=_BUSINESS_UNIT[t.unit])
        out.append({
            "service": (_service(text, t) if metric == "availability" else _objective(text, t) if metric == "other"
                        else None) or service_of(s.section),
            "metric": metric,
            "priority": priority_near(text, t) or (lead_priority.group(0).strip(" :-–") if lead_priority else None)
            or (lead_label.group(0).strip(" :-–*•") if lead_label else None),
            "target": {"value": t.value, "unit": t.unit},
            "measurement_period": period_of(text[t.end:t.end + 80]) or period_of(text),
            "hours_of_cover": hours_of_cover(text[slice(*sub_clause(text, t))]) or hours_of_cover(text),
            "exclusions": [],
            "confidence": 0.75 if metric != "other" else 0.55,
            "evidence": s.evidence(),
            "_order": (s.block.index, s.start, t.start),
            "_lead_in": lead_in,
        })
    return _interim_beside_final(out)


def _interim_beside_final(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """"Workaround within 24 hours; final resolution within 5 business days": where one sentence states a final
    resolution, its workaround (or status-update cadence) is an "other" objective, not a second resolution."""
    kinds = [other_objective(re.split(r"[,;(]", e["_lead_in"])[-1]) for e in entries]
    final = any(e["metric"] == "resolution_time" and k is None for e, k in zip(entries, kinds, strict=True))
    for e, kind in zip(entries, kinds, strict=True):
        if e["metric"] in ("resolution_time", "response_time") and (
                kind == "status_update" or (kind == "interim" and final and e["metric"] == "resolution_time")):
            e["metric"] = "other"
        del e["_lead_in"]
    return entries


def _classify(text: str, t: TargetValue, metric: str | None, incident: bool, sla_section: bool,
              named: bool, timed: bool, *, listed: bool = False) -> str | None:
    """The metric a value commits to, or None when it is no SLA target. ``named``: the metric word is in the
    sentence itself; ``timed``: the sentence also states durations; ``listed``: the value is the first of a list
    item under a metric lead-in."""
    before = text[max(0, t.start - 45):t.start]
    if _REMEDY_RE.search(text, 0, t.start) or after_fee_remedy(text, t.start):
        return None  # "5 % der Monatsgebühr, wenn die Betriebszeit unter 99,8 % liegt": the band of a credit
    if t.unit != "percent" and (_other_named_last(text, t, named) or (
            not named and OTHER_METRIC_RE.search(text, t.end, t.end + 12))):
        return "other"  # "RPO 24h (Starter), 12h (Growth); RTO 24h/12h/4h", "an on-site engineer within 6 hours",
        # "innerhalb von 6 Stunden vor Ort"
    if t.unit != "percent" and _EVERY_RE.search(before) and other_objective(before) == "status_update":
        return "other"  # "Status page updates every 30 minutes", "Statusmeldung alle 2 Stunden": a cadence
    if _REMEDY_RE.search(text) and _BAND_START_RE.search(text, clause(text, t.start, t.end)[0], t.start):
        return None  # "if availability is less than 99.95% but at least 99.5%, a credit of ...": a credit band
    if t.unit == "percent":
        # "below 93%" triggers a remedy; "100% minus the downtime share" is a formula, not a commitment.
        trigger = _TRIGGER_RE.search(before)
        if trigger and _NEGATED_RE.search(before, 0, trigger.start()):
            trigger = None  # "must not go below 98%", "darf nicht unter 99 % sinken": the level itself is promised
        if (trigger or re.search(r"[×*÷=/]\s*$", before) or _REMEDY_AFTER_RE.match(text, t.end)
                or is_quantile(text[t.end:]) or in_credit_band(text, t.start, t.end)
                or re.match(r"\s*(?:minus|less\b|abzüglich|−|-\s)", text[t.end:])):
            return None
        if metric is None and _SLA_PERCENT_RE.search(text) and 95 <= t.value <= 100 and not timed:
            metric = "availability"  # "the SLA is a minimum of 99.9 percent": a bare percentage SLA is uptime
        if metric == "availability" and not named and timed:
            return None  # "Serviceanfrage 4 h 90%" under an availability heading: the share of tickets in time
        if metric == "availability":
            # A metric taken from the lead-in or heading ("Uptime:", "6.1 Uptime") was named there as a noun.
            wording = _availability_wording(text, t) if named else True
            return "availability" if 90 <= t.value <= 100 and wording else None
        # Other percentages only as a stated floor/ceiling inside an SLA part ("at least 70% at first contact").
        return "other" if sla_section and _BOUND_RE.search(before) else None
    named_day = bool(RELATIVE_DAY_RE.match(text, t.start)) and bool(_DAY_INTRO_RE.search(before))
    if not (listed or named_day or _INTRO_RE.search(before) or _LABEL_BEFORE_RE.search(before)
            or metric_right_after(text, t) or _metric_label_before(before)):
        return None
    if metric == "resolution_time" and t.unit == "seconds":
        return None  # nothing is repaired in seconds: "each call is resolved within 10 seconds" is call handling
    if metric == "response_time" and t.unit == "seconds" and (
            t.value < 1 or is_system_response(text[slice(*clause(text, t.start, t.end))])
            or (not named and LATENCY_BOUND_RE.search(before))):
        # A response in under a second, or of an API, a query or a percentile, is a system's latency ("P99 response
        # time < 2 seconds for API endpoints"), not a support response to an incident; so is a bound in seconds
        # whose metric only the heading names ("API Response Times" › "Workflow execution: < 30 seconds"). Other
        # whole seconds stay ambiguous ("mean server response time ... 6 seconds").
        return "other"
    if metric in ("response_time", "resolution_time"):
        # Outside an incident context only a named metric ("mean response time") is an SLA; "respond within
        # 10 days" is a legal deadline.
        return metric if incident or _NAMED_TIME_METRIC_RE.search(text) or _METRIC_LABEL_RE.match(text) else None
    # An unnamed time limit ("delivered within two Business Days") only inside an SLA part.
    if sla_section and metric is None and re.search(r"within|innerhalb|binnen|spätestens", before, re.I):
        return "other"
    if metric is None and t.unit == "seconds" and LATENCY_BOUND_RE.search(before) and (
            sla_section or system_promise(text)):
        return "other"  # "Database query time: < 100 ms", "Latenz höchstens 20 ms", "latency ... shall be ≤ 3 s"
    return None


def _metric_label_before(before: str) -> bool:
    """The value follows its metric as a label: "Wiederherstellung 4 Stunden", "Entstörzeit acht Stunden",
    "initial response time 1 hour" ("Priorität 1 – Kritisch: Reaktionszeit 30 Minuten, Wiederherstellung 4
    Stunden"), or its verb with the service window in between ("beträgt innerhalb der Servicezeit zwei Stunden")."""
    return bool(_METRIC_LABEL_END_RE.search(before) or _METRIC_LABEL_BEFORE_RE.search(before)
                or _QUALIFIED_COPULA_RE.search(before))


def _other_named_last(text: str, t: TargetValue, named: bool) -> bool:
    """An "other" objective (RPO, on-site attendance, hardware replacement) is the last thing named before the
    value: "respond within 1 hour and dispatch an on-site engineer within 6 hours" commits to an on-site time."""
    # Within the value's clause, up to 90 characters back: "Maximum Data Loss (stated in hours) from time of
    # disruption event: 24 hours" names its objective before a long qualifier.
    lo = max(clause(text, t.start, t.end)[0], t.start - 90)
    others = list(OTHER_METRIC_RE.finditer(text, lo, t.start))
    if not others:
        return False
    if not named:
        return True
    metrics = list(ANY_METRIC_RE.finditer(text, lo, t.start))
    return not metrics or metrics[-1].start() < others[-1].start()


def _continues_list(text: str, previous: TargetValue, t: TargetValue) -> bool:
    """A value listed after an accepted one, with the same kind of unit and only a short connector between."""
    gap = text[previous.end:t.start]
    same_kind = (previous.unit == "percent") == (t.unit == "percent")
    if same_kind and _SLASH_GAP_RE.match(gap):
        return True  # "RTO 24h/12h/4h": one value per plan named before
    return same_kind and len(gap) <= 60 and bool(re.search(r",|\band\b|\bund\b|\bor\b|\boder\b|\bsowie\b", gap, re.I)
                                                and _LIST_GAP_RE.match(gap))


# "Betriebszeit" names availability only before a percentage (sla_terms.json), and only then is it reached here.
_AVAILABILITY_NOUN_RE = re.compile(
    r"availability|uptime|up-time|verfügbarkeit|erreichbarkeit|betriebs(?:zeit|bereitschaft)", re.I)


def _availability_wording(text: str, t: TargetValue) -> bool:
    """The noun ("availability", "uptime") commits to a level; the adjective only with "of the time"."""
    if _AVAILABILITY_NOUN_RE.search(text):
        return True
    return bool(re.match(r"\s*(?:of\s+the\s+time|of\s+(?:the\s+)?(?:total\s+)?(?:number\s+of\s+)?(?:minutes|hours)\b|"
                         r"der\s+zeit|per\b|pro\b|each\b|of\s+(?:each|every|any)\b|in\s+(?:any|each|a)\b|im\b|je\b|"
                         r"during\b|measured\b|gemessen\b)", text[t.end:], re.I))


def _service(text: str, t: TargetValue) -> str | None:
    """A list item "Object Storage (Standard storage class): 99.9%" names the service before the colon."""
    m = re.match(r"^\s*(?:[-•–]\s*)?(?P<name>[^:]{3,80}):\s*$", text[:t.start])
    return service_of(m.group("name")) if m else None


def _objective(text: str, t: TargetValue) -> str | None:
    """The recovery objective an "other" value is for ("RPO 24h ...; RTO 24h/12h/4h" → "RTO"): the last one named
    before it in its clause. It tells apart equal values of two objectives stated in one sentence."""
    found = list(OTHER_METRIC_RE.finditer(text, clause(text, t.start, t.end)[0], t.start))
    return " ".join(found[-1].group(0).split()) if found else None
