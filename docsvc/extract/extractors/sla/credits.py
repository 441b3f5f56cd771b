"""Service credits (one entry per tier) and the cap on them.

A percentage in a credit sentence is a credit when it is "X% of <the fee>" or follows "credit of / Gutschrift in
Höhe von"; it is the cap when introduced by "shall not exceed / maximum of / höchstens" (or "auf X % begrenzt");
anything else (99.5%, "each 0.1 percentage point") is a band the credit applies to.

A credit paid per unit of downtime as a fraction of a fee ("1/30 der Monatsmiete je angefangene Stunde") is
recorded as that share in percent (3.333) with the unit in ``basis`` ("Monatsmiete je angefangene Stunde"): the
record has no per-unit field, and the percentage of the named fee is exact, so nothing is assumed. "One day's fee
per hour" is not converted: a day's share of a monthly fee depends on the month.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from docsvc.extract.context import DocContext, Sentence, value
from docsvc.extract.extractors import extractor
from docsvc.extract.extractors.sla.bands import FEE_SHARE_RE
from docsvc.extract.extractors.sla.credit_ladders import credits_from_fee_lines, credits_from_ladders, share_percent
from docsvc.extract.extractors.sla.credit_rows import credits_from_band_lines, credits_from_text_rows
from docsvc.extract.extractors.sla.credit_tables import credits_from_tables, parse_threshold
from docsvc.extract.extractors.sla.sentences import sla_parts
from docsvc.extract.extractors.sla.values import prepare
from docsvc.extract.extractors.sla.vocab import metric_of, sla_terms
from docsvc.extract.negative_context import NOT_CREDIT, excluded
from docsvc.extract.normalize.numbers import find_money, find_percentages, to_float

_CREDIT_WORD_RE = re.compile(r"credit|rebate|reduc|penalt|gutschrift|gutgeschrieben|gutzuschreiben|minder|kürz|"
                             r"reduzier|pönale|vertragsstrafe|malus" + sla_terms("credit"), re.I)
_NOT_SERVICE_CREDIT_RE = re.compile(
    r"letters?\s+of\s+credit|credit\s+(?:card|rating|facility|facilities|line|agreement|insurance|risk|worth)|"
    r"creditworth|tax\s+credit|on\s+credit|credit\s+note|kreditkarte|steuergutschrift",
    re.I,
)
# The sentence must be about service levels, not any refund.
_SLA_CONTEXT_RE = re.compile(
    r"service\s*level|\bsla\b|availab|uptime|downtime|outage|unavailab|\brespon(?:se|d|ds|ded)\b|resol|restor|"
    r"\bfix|service\s+commitment|\btarget\b|verfügbar|ausfall|reaktion|entstör|wiederherstell|unterschreit|überschreit|service\s+credit|"
    r"servicegutschrift|störung|incident|severity|priorit|betriebszeit",
    re.I,
)
_CAP_BEFORE_RE = re.compile(
    # "not to exceed in any particular Calendar Month 10%": a time phrase may stand between the verb and the cap
    # "(up to, but not exceeding 50% of one monthly payment)": the participle states the cap as well.
    r"(?:not\s+(?:to\s+)?exceed(?:ing)?(?:,?\s+(?:in|for|during|within|per)\s+[^.;%\d]{0,60}?)?|(?:in\s+no\s+event|under\s+no\s+circumstances)\b[^.;%]{0,80}\bexceed|\bnot\b,?[^.;%\d]{0,60}?\bexceed(?:ing)?|"
    # "Credits will not accumulate ... in an amount more than 8%", "dürfen nicht ... mehr als 10 % betragen".
    r"\b(?:not|never)\b[^.;%]{0,80}\b(?:more|greater|higher)\s+than|\bnicht\b[^.;%]{0,80}\b(?:mehr|höher)\s+als|"
    r"maximum(?:\s+total)?(?:\s+of)?|max\.?|capped\s+at|cap\s+of|up\s+to|limited\s+to|"
    r"no\s+more\s+than|in\s+excess\s+of|höchstens|maximal|begrenzt\s+auf|bis\s+zu|obergrenze\s+von|"
    r"insgesamt\s+(?:jedoch\s+)?(?:nicht\s+mehr\s+als)?|nicht\s+mehr\s+als)\s*(?:jedoch\s+|insgesamt\s+)?"
    r"(?:um\s+|auf\s+)?(?:an?\s+|the\s+|of\s+)?(?:amount\s+(?:equal\s+to|of)\s+)?$",
    re.I,
)
# "The maximum rebate in any month will be 50%", "total credits ... shall be limited to".
_CAP_SUBJECT_RE = re.compile(
    r"(?:maximum|max\.?|total|aggregate|cumulative|gesamt\w*|summe|höchst\w*)\s+(?:\w+\s+)?(?:service\s+)?"
    r"(?:credits?|rebates?|gutschrift\w*|minderung\w*)\b[^.;%]{0,60}$",
    re.I,
)
_CAP_AFTER_RE = re.compile(r"^[^.;]{0,80}?\b(?:begrenzt|gedeckelt|limitiert|beschränkt)\b", re.I)
_FEE_AFTER_RE = re.compile(
    r"^\s*(?:%|percent|per\s?cent|prozent)?\s*(?:of|der|des|dieses|dieser|vom|von|on|from)\s+(?:the\s+|that\s+|"
    r"this\s+|its\s+|your\s+|such\s+|dem\s+|den\s+)?(?:[\w'’-]+\s+){0,4}?(?:fees?|charges?|bills?|mrc|invoice\w*|amount|rent\w*|"
    r"subscription|price|payments?|revenue|"
    # German fee nouns also as the end of a compound ("Monatsgebühr", "Grundentgelt", "Rechnungsbetrag").
    r"\w*(?:entgelt|vergütung|gebühr|preis|rechnung|pauschal|betrag)\w*|\w*kosten)\b",
    re.I,
)
# "credit of", "Gutschrift in Höhe von"; "reduce the monthly fee by", "mindert sich die Vergütung um".
_CREDIT_BEFORE_RE = re.compile(
    rf"(?:credit|rebate|gutschrift|minderung{sla_terms('credit')})\w*\s+(?:[\w-]+\s+){{0,4}}?(?:of|is|equal\s+to|von|"
    r"in\s+höhe\s+von|"
    r"amounting\s+to|:|=)\s*(?:an?\s+amount\s+equal\s+to\s+)?$"
    r"|(?:reduc|minder|kürz|reduzier)\w*\s+(?:[\w'’-]+\s+){0,5}?(?:by|um)\s*$"
    r"|(?:service\s+)?(?:credits?|rebates?|gutschrift(?:en)?)\s*:\s*$"  # a label: "Credits: 5–25% monthly fee"
    # "beträgt die Gutschrift 10 %": the German credit noun right before its percentage.
    rf"|(?:gutschrift|minderung{sla_terms('credit')})\w*\s*$",
    re.I,
)
_MONEY_INTRO_RE = re.compile(
    r"(?:credit|rebate|gutschrift|minderung)\w*[^.;]{0,50}$|(?:sum|amount|betrag|höhe)\s+(?:of|von)\s*$", re.I
)
# "10% credit", "3 % Gutschrift"; "5% discount for less than 99.8% availability" only next to an availability band,
# since "standard fees at a 20% discount" is a price.
_CREDIT_AFTER_RE = re.compile(r"^\s*(?:%|percent|per\s?cent|prozent)?\s*(?:service\s+)?(?P<w>credit|rebate|discount|"
                              r"gutschrift|rabatt|nachlass|minderung)", re.I)
_WEAK_CREDIT_WORD_RE = re.compile(r"discount|rabatt|nachlass", re.I)
_POINTS_AFTER_RE = re.compile(r"^\s*(?:punkte?|points?|percentage\s+points?)", re.I)


@extractor("credits", order=55)
def extract_credits(ctx: DocContext, found: Mapping[str, Any]) -> dict[str, Any]:
    entries = credits_from_tables(ctx) + credits_from_text_rows(ctx) + credits_from_band_lines(ctx)
    ladders, ladder_blocks = credits_from_ladders(ctx)
    entries += _new(entries, ladders)
    seen = {_key(e) for e in entries}
    cap: dict[str, Any] | None = None
    weak_cap: dict[str, Any] | None = None
    parts = sla_parts(ctx)
    fee_lines = credits_from_fee_lines(ctx)
    for s in _candidates(ctx):
        sentence_entries, sentence_cap, sla_context = _from_sentence(s, ctx.language, s.block.index in parts)
        if s.block.index in ladder_blocks:
            sentence_entries = []  # read as a ladder already; the cap ("capped at 50%") still counts
        if sentence_entries or s.block.index in ladder_blocks:
            fee_lines.pop(s.position, None)
        for e in sentence_entries:
            if _key(e) not in seen:
                seen.add(_key(e))
                entries.append(e)
        if sentence_cap is not None and sla_context and cap is None:
            cap = value(sentence_cap, 0.85, s)
        elif sentence_cap is not None and weak_cap is None:
            weak_cap = value(sentence_cap, 0.7, s)
    entries += _new(entries, [e for _, tiers in sorted(fee_lines.items()) for e in tiers])
    out: dict[str, Any] = {}
    if entries:
        out["service_credits"] = entries
    # "The aggregate credits shall not exceed 50%" names no service level; it is the credit cap when the
    # document grants service credits.
    cap = cap or (weak_cap if entries else None)
    if cap is not None:
        out["service_credit_cap"] = cap
    return out


def _new(entries: list[dict[str, Any]], more: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``more`` without the tiers another reader already found."""
    seen = {_key(e) for e in entries}
    return [e for e in more if _key(e) not in seen]


def _key(entry: dict[str, Any]) -> tuple[Any, ...]:
    band = entry.get("threshold") or {}
    return (entry.get("credit_percent"), entry.get("credit_amount"), entry.get("metric"), band.get("upper"),
            band.get("lower"))


# A heading over service-credit terms ("5.3 Service Level Credits", "Availability Credits"): the tiers below it may
# not repeat the word ("Level 1 failure: 5% of the Monthly Fees").
_CREDIT_SECTION_RE = re.compile(
    r"\b(?:service|sla|uptime|availability|performance|downtime)[\s-]+(?:level[\s-]+)?(?:credits?|rebates?)\b", re.I)


def _candidates(ctx: DocContext) -> list[Sentence]:
    """Credit-cue sentences, sentences under a service-credit heading, and German compounds ("Servicegutschrift",
    "Entgeltminderungen")."""
    chosen = ctx.with_cue("CREDIT")
    positions = {s.position for s in chosen}
    if ctx.language != "de":
        extra = [s for s in ctx.body() if s.position not in positions and s.section
                 and _CREDIT_SECTION_RE.search(s.section)]
    else:
        extra = [s for s in ctx.body() if s.position not in positions and _CREDIT_WORD_RE.search(s.text)]
    return sorted([*chosen, *extra], key=lambda s: s.position)


def _from_sentence(s: Sentence, language: str, in_sla_part: bool) -> tuple[list[dict[str, Any]], dict[str, Any] | None,
                                                                          bool]:
    """(credit entries, cap, whether the sentence is about service levels)."""
    text = prepare(s.text, language)
    if _NOT_SERVICE_CREDIT_RE.search(text) or excluded(s.text, NOT_CREDIT, scope=s.section):
        return [], None, False
    sla_context = bool(in_sla_part or (s.section and _CREDIT_WORD_RE.search(s.section)) or _SLA_CONTEXT_RE.search(text))
    entries: list[dict[str, Any]] = []
    cap: dict[str, Any] | None = None
    clause_start = 0
    previous: int | None = None  # end of the last credit taken: "5% (Basic), 10% (Standard)" lists more tiers
    amounts: list[tuple[int, int, dict[str, Any]]] = [
        (m.start, m.end, {"credit_amount": m.amount_str, "currency": m.currency}) for m in find_money(text, language)]
    percents: list[tuple[int, int, dict[str, Any]]] = [
        (st, en, {"credit_percent": to_float(v)}) for v, st, en in find_percentages(text, language)]
    fractions = _fractions(text)
    percents = _with_ranges(text, percents) + [(m.start("share"), m.end("share"), {"credit_percent": share})
                                               for m, share in fractions.values()]
    banded = any(c["credit_percent"] >= 90 for _, _, c in percents)
    for start, end, credit in sorted(amounts + percents, key=lambda x: x[0]):
        before, after = text[max(0, start - 80):start], text[end:end + 80]
        if (_CAP_BEFORE_RE.search(before) or _CAP_SUBJECT_RE.search(before)
                or (re.search(r"\bauf\s*$", before) and _CAP_AFTER_RE.match(after))):
            if cap is None and _CREDIT_WORD_RE.search(text):
                cap = _cap(credit, after)
            continue
        band_after = _BAND_AFTER_RE.match(after) if "credit_percent" in credit else None
        listed = previous is not None and "credit_percent" in credit and bool(
            _LIST_GAP_RE.fullmatch(text[previous:start]) or band_after)
        fraction = fractions.get(start) if "credit_percent" in credit else None
        # "Gutschrift in Höhe einer Tagesmiete (1/30-Monatsmiete)": a fraction of a fee after a credit word.
        fee_fraction = fraction is not None and bool(_CREDIT_WORD_RE.search(before))
        if not sla_context or not (_is_credit(credit, before, after, banded) or listed or fee_fraction):
            continue
        previous = end
        clause = text[clause_start:start]
        clause_start = end
        entries.append({
            **credit,
            "metric": metric_of(clause) or metric_of(text),
            "threshold": _band(re.split(r",|;|\band\b", after)[0], language) if band_after else
            _band(clause, language),
            "basis": _per_unit(_basis_after(after) or (fraction[0].group("fee") if fraction else None),
                               text[end:end + 200]),
            "confidence": 0.75,
            "evidence": s.evidence(),
        })
    return entries, cap, sla_context


# What stands between two listed credit tiers: the class of the one before and a connector ("5% (Basic), 10%
# (Standard)", "5% credit for Standard, 10% for Premium").
_LIST_GAP_RE = re.compile(r"\s*(?:\([^()]{1,30}\))?\s*(?:(?:credit|rebate)\s+)?(?:for\s+[\w-]+(?:\s[\w-]+)?\s*)?"
                          r"(?:,|;|/|\band\b|\bor\b)\s*(?:and\s+|or\s+)?(?:for\s+)?", re.I)

# A further tier stated with its band after it ("..., 25% if below 99.0% and 100% if below 95.0%").
_BAND_AFTER_RE = re.compile(r"\s*(?:%|percent|per\s?cent)?\s*(?:credit\s+)?"
                            r"(?:of\s+(?:the\s+|your\s+)?(?:[\w-]+\s+){0,3}?(?:fees?|bill|charges?|invoice|price)\s+)?"
                            r"(?:if|when|where)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
                            r"(?:is\s+|falls\s+|drops\s+)?(?:below|less\s+than|under|lower\s+than)\b", re.I)

# "5–25 %", "5 % to 25 %", "5 bis 25 %": credit tiers given as the range they span, one number written with "%".
_PERCENT_RANGE_RE = re.compile(
    r"(?<![\d.,])(?P<a>\d{1,2}(?:[.,]\d+)?)\s*(?:%\s*)?(?:–|-|to|bis)\s*(?P<b>\d{1,3}(?:[.,]\d+)?)\s*%")


def _with_ranges(text: str, percents: list[tuple[int, int, dict[str, Any]]]) -> list[tuple[int, int, dict[str, Any]]]:
    """Both ends of a range of credit percentages, each read with the words around the whole range (the lower end
    alone is not followed by its "%" or by "of the monthly fee")."""
    for m in _PERCENT_RANGE_RE.finditer(text):
        low, high = float(m.group("a").replace(",", ".")), float(m.group("b").replace(",", "."))
        if not 0 < low < high <= 100 or low >= 90:  # "99.0–99.5 %" is an availability band
            continue
        percents = [p for p in percents if not (m.start() <= p[0] < m.end())]
        percents += [(m.start(), m.end(), {"credit_percent": low}), (m.start(), m.end(), {"credit_percent": high})]
    return sorted(percents, key=lambda p: p[0])


def _fractions(text: str) -> dict[int, tuple[re.Match[str], float]]:
    """"1/30 der Monatsmiete", "1/360th of the annual fee": a fraction of a fee is that share of it in percent
    (1/30 → 3.333), read like a percentage from then on; by where it starts."""
    out = {}
    for m in FEE_SHARE_RE.finditer(text):
        if "/" in m.group("share"):
            share = share_percent(m.group("share"))
            if share is not None:
                out[m.start("share")] = (m, share)
    return out


# A credit paid per unit of downtime ("je angefangene Stunde Unterschreitung", "for each hour of outage"): the
# record has no field for the unit, so the basis names it with the fee ("Monatsmiete je angefangene Stunde").
_PER_UNIT_RE = re.compile(
    r"\)?\s*(?P<u>(?:je|pro|per|für\s+jede[nr]?|for\s+(?:each|every)|each)\s+(?:(?:angefangene|begonnene|angebrochene|"
    r"volle|started|commenced|full|complete|additional)[nr]?\s+)?(?:\d+\s*)?(?:minuten?|minutes?|stunden?|hours?|"
    r"tage?s?|days?|std\.?|min\.?)\b(?:\s+(?:of\s+)?(?:unterschreitung|ausfall\w*|ausfallzeit|downtime|outage|"
    r"unavailability|überschreitung))?)",
    re.I,
)


def _per_unit(basis: str | None, after: str) -> str | None:
    if basis is None:
        return None
    at = after.find(basis)
    if at < 0:
        return basis
    # The unit may follow what the fee is for: "... annual fee paid by the customer for the affected network services
    # for every 30 minutes of downtime"; not past the end of the clause.
    rest = re.split(r"[.;(]", after[at + len(basis):], maxsplit=1)[0][:120]
    m = _PER_UNIT_RE.search(rest)
    return f"{basis} {' '.join(m.group('u').split())}" if m else basis


# "For every 0.1% of downtime beyond our SLA", "für jede angefangenen 0,1 % Unterschreitung": the credit is paid per
# step below the target, not within a band; the step is kept as the threshold's text, with no bounds.
_STEP_RE = re.compile(r"\b(?:for\s+(?:each|every)|each|every|per|je|pro|für\s+jede[nrs]?)\s+(?:(?:full|started|"
                      r"additional|angefangene[nr]?|volle[nr]?|weitere[nr]?)\s+)?\d+(?:[.,]\d+)?\s*(?:%|percent|"
                      r"per\s?cent|prozent(?:punkte?)?|percentage\s+points?)", re.I)


def _band(text: str, language: str) -> dict[str, Any] | None:
    step = _STEP_RE.search(text)
    if step:
        return {"upper": None, "lower": None, "unit": "percent", "text": " ".join(step.group(0).split())}
    return parse_threshold(text, language) if find_percentages(text, language) else None


def _is_credit(credit: dict[str, Any], before: str, after: str, banded: bool) -> bool:
    """``banded``: the sentence also states an availability-like level (a percentage of 90 or more)."""
    if "credit_amount" in credit:
        return bool(_MONEY_INTRO_RE.search(before))
    if _POINTS_AFTER_RE.match(after) or credit["credit_percent"] <= 0:
        return False
    word = _CREDIT_AFTER_RE.match(after)
    if word and (banded or not _WEAK_CREDIT_WORD_RE.match(word.group("w"))):
        return True
    found = _CREDIT_BEFORE_RE.search(before)
    if found and _REDUCE_BY_RE.match(found.group(0)) and not _FEE_NOUN_RE.search(before):
        found = None  # "We reduce incidents by 60%": only a fee, price or invoice reduced is a credit
    return bool(_FEE_AFTER_RE.match(after) or found)


_REDUCE_BY_RE = re.compile(r"(?:reduc|minder|kürz|reduzier)", re.I)
_FEE_NOUN_RE = re.compile(r"\b(?:fees?|charges?|prices?|invoices?|bills?|payments?|rent|subscription|mrc)\b|"
                          r"entgelt|vergütung|gebühr|preis|rechnung|miete|pauschale|betrag|kosten", re.I)


def _cap(credit: dict[str, Any], after: str) -> dict[str, Any]:
    if "credit_amount" in credit:
        return {"amount": credit["credit_amount"], "currency": credit["currency"], "basis": None}
    return {"percent": credit["credit_percent"], "basis": _basis_after(after)}


def _basis_after(after: str) -> str | None:
    """What a percentage applies to: "of the Monthly Service Charge" → "Monthly Service Charge"."""
    m = re.match(
        r"^\s*(?:%|percent|per\s?cent|prozent)?\s*(?:of|der|des|dieses|dieser|vom|von|on)\s+(?:the\s+|that\s+|this\s+|"
        r"its\s+|your\s+|such\s+|dem\s+|den\s+)?(?P<b>[^,.;:()]{3,60}?)\s*(?:\bfor\b|\bfür\b|\bin\b|\bim\b|\bje\b|"
        r"\bper\b|\bsubject\b|\bbegrenzt\b|\bgedeckelt\b|\bbeschränkt\b|\blimitiert\b|[,.;:()]|$)",
        after,
        re.I,
    )
    return m.group("b").strip() if m else None
