"""Term and renewal: initial term, automatic renewal, renewal term and notice periods, as ISO 8601 durations.

Term clauses are formulaic in both languages: "shall continue for an initial period of thirty-six (36) months",
"shall automatically renew for successive one (1) year periods unless either party gives ... notice ... at
least sixty (60) days prior to", "verlängert sich automatisch um jeweils weitere 12 Monate, sofern er nicht mit
einer Frist von drei Monaten zum Ende ... gekündigt wird". Cue phrases pick the sentences; each duration in them
is a notice period or a contract period (see ``durations``), and its place relative to the renewal verb
says whether it is the initial or the renewal term. Key/value rows ("Minimum Term | 24 months") count too.
When the initial term runs from the effective date, the expiration date follows from both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from docsvc.extract.context import DocContext, Row, Sentence, value
from docsvc.extract.extractors import extractor
from docsvc.extract.extractors.term import durations as dur
from docsvc.extract.extractors.term import nda as nda_terms
from docsvc.extract.extractors.term.anniversary import anniversary_end, anniversary_years
from docsvc.extract.extractors.term.durations import Span, add_duration, is_whole, normalise, spans, unit_phrase
from docsvc.extract.extractors.term.labelled import labelled_sentences
from docsvc.extract.extractors.term.notice import Notice, termination_notice
from docsvc.extract.extractors.term.relative import relative_term_fields

_RENEW_VERB_RE = re.compile(
    r"\b(?:renew(?:s|ed|al|able)?|extend(?:s|ed)?|extension|verlänger\w*|stillschweigend|tacit\w*|"
    r"continue[sd]?\s+(?:thereafter\s+)?(?:on\s+(?:an?|1)\s+|from\s+)?(?:year|month|annual)[\s-](?:to[\s-](?:year|month)|"
    r"basis)|continue[sd]?\s+(?:[\w,]+\s+){0,5}?for\s+(?:an?\s+)?(?:additional|further|successive|subsequent))",
    # "on a year to year basis" reads "on 1 year to year basis" once number words are digits
    re.I,
)
_AUTO_RE = re.compile(
    r"automati\w*|tacit\w*|stillschweigend|\bunless\b|\bsofern\s+(?:\w+\s+){0,8}?nicht\b|\bwenn\s+(?:\w+\s+){0,8}?"
    r"nicht\b|\bes\s+sei\s+denn\b|\bfalls\s+(?:\w+\s+){0,8}?nicht\b|until\s+terminated|year[\s-]to[\s-]year|"
    r"month[\s-]to[\s-]month|if\s+(?:neither|no)\b|\babsent\b|in\s+the\s+absence\s+of|"
    # German conditions with the verb first: "Wird der Vertrag nicht ... gekündigt, verlängert er sich",
    # "Erfolgt keine (fristgerechte) Kündigung, ...".
    r"\b(?:wird|werden|erfolgt)\s+(?:\w+\s+){0,8}?(?:nicht|keine)\b|\bnicht\s+(?:\w+\s+){0,4}?gekündigt|"
    r"\bohne\s+(?:\w+\s+)?kündigung|"
    # "Andernfalls verlängert sich die Laufzeit ...", "Otherwise, this Agreement renews ...": unless terminated.
    r"^\W*(?:andernfalls|ansonsten|otherwise)\b",
    re.I,
)
# An option wording ("may renew", "kann") outweighs "unless", but not an explicit "automatically".
_EXPLICIT_AUTO_RE = re.compile(r"automati|stillschweigend|tacit", re.I)
_OPTION_RE = re.compile(r"\boption\b|\bmay\s+(?:\w+\s+)?renew|right\s+to\s+(?:renew|extend)|mutual|upon\s+(?:the\s+)?"
                        r"(?:written\s+)?agreement|einvernehmlich|\bkann\b|\bkönnen\b", re.I)
# The contract (or its term) has to be what renews: "this Agreement shall renew", "Der Vertrag verlängert sich".
_RENEWING_RE = re.compile(r"\b(?:agreement|contract|term|order|subscription|plan|services?|franchise|it|vertrag\w*|"
                          r"laufzeit|vereinbarung|abonnement|er|sie)\b", re.I)
# Renewal only by a new agreement of the parties is no renewal term.
_MUTUAL_RE = re.compile(r"mutual\w*\s+(?:written\s+)?(?:agreement|consent)|einvernehmlich", re.I)
# Renewal words about something other than the contract: warranties, policies, statutes, deadlines, cure periods.
_OTHER_RENEWAL_RE = re.compile(r"warrant|polic(?:y|ies)|insurance|\blease\b|re-enacted|statut|legislation|"
                               r"extends?\s+beyond|\bcure\b|suspension|"
                               r"time\s+for\s+performance|deadline|patent|trademark|registration|letter\s+of\s+credit|"
                               r"reaktions|wiederherstellungs|sla\b|service\s+level", re.I)
_SAME_AS_INITIAL_RE = re.compile(r"same\s+(?:duration|length|period|term)|equal\s+(?:in\s+(?:duration|length)\s+)?"
                                 r"to\s+the\s+(?:initial|original|then|previous)|gleiche[nr]?\s+(?:dauer|laufzeit)",
                                 re.I)
_INITIAL_RE = re.compile(
    r"initial\s+(?:term|period)|minimum\s+(?:term|period)|fixed\s+term|term\s+of\s+(?:this|the)\s+(?:agreement|"
    r"contract|order)|(?:this|the)\s+(?:\w+\s+)?(?:agreement|contract|order(?:\s+form)?)\s+(?:shall|will|is)\s+"
    # defined terms in quotes may stand between: "shall commence on the “Effective Date” and shall continue for"
    r"(?:[^\s.;]+\s+){0,9}?(?:for|continue|remain|have\s+a\s+(?:term|duration)|run|expire)|contract\s+period|"
    r"subscription\s+term|"
    r"service\s+term|\bthe\s+term\s+(?:shall|will|is)|laufzeit|vertragsdauer|mindest\w*dauer|"
    r"(?:remain|continue|be)\s+in\s+(?:full\s+force\s+and\s+)?(?:effect|force)\s+(?:\w+\s+){0,3}?for|"
    r"(?:have|for)\s+a\s+(?:term|duration)\s+of|for\s+an\s+initial|(?:dauer|laufzeit)\s+von|"
    # "is valid for one year", "gilt für drei Jahre", "bestehen für einen Zeitraum von 24 Monaten fort"
    r"\b(?:valid|binding)\s+for\b|\b(?:gültig|gilt)\s+für\b|\bzeitraum\s+von",
    re.I,
)
# "during the term of this Agreement", "following the term", "expiration of the Term": the term is mentioned, not set.
_MENTION_BEFORE_RE = re.compile(r"(?:during|throughout|remainder\s+of|beyond|following|after|while|expiration\s+of|"
                                r"expiry\s+of|end\s+of|während|nach|ablauf)\s+(?:the\s+|this\s+|der\s+|des\s+)?$",
                                re.I)
# The duration of some other defined period: "“DCL Financial Year” means the period of 12 months".
_OTHER_DEFINITION_RE = re.compile(r"[“\"](?![^”\"]*(?:term|period|laufzeit))[^”\"]{1,60}[”\"]\s+(?:means|shall\s+mean)",
                                  re.I)
_DEFINED_INITIAL_AFTER_RE = re.compile(r"^\W*(?:\w+\W+){0,2}\(\s*(?:the\s+)?[“\"'„]*\s*(?:initial\s+)?term", re.I)
# Sub-periods and after-periods: "during the first six months", "for five years after termination".
_SUB_PERIOD_BEFORE_RE = re.compile(r"(?:first|last|during|within|up\s+to|every|each|per|ersten|letzten|innerhalb|"
                                   r"binnen|je)\s+(?:\w+\s+)?$", re.I)
_AFTER_END_RE = re.compile(r"^[^\w;.]*(?:\w+\s+){0,2}(?:(?:after|following|nach|post)\s+(?:the\s+|its\s+|any\s+|"
                           r"such\s+|"
                           r"der\s+|dem\s+)?(?:termination|expir\w*|end\b|beendigung|ablauf|vertragsende)|danach|"
                           r"thereafter)", re.I)
_SURVIVAL = r"non-?compet|surviv|indemn|warrant|gewährleist|haft|after\s+(?:the\s+|its\s+)?(?:termination|expir)"
_SURVIVAL_RE = re.compile(rf"confidential|vertraulich|{_SURVIVAL}", re.I)
# In a confidentiality agreement every clause is about confidential information: only the other words count.
_NDA_SURVIVAL_RE = re.compile(_SURVIVAL, re.I)
# "shall commence on the Effective Date and expire four (4) years thereafter": counted from the start, not after it.
_EXPIRES_BEFORE_RE = re.compile(r"\b(?:expire|end|terminate)s?\s+(?:\w+\s+){0,2}$", re.I)
_NOTICE_FOLLOWUP_RE = re.compile(r"renew|non-renewal|expir|end\s+of\s+the|zum\s+ende|verlängerung|ablauf", re.I)
# "Initial Subscription Term", "Minimum Contract Period", "Mindestvertragslaufzeit", "Festlaufzeit".
_ROW_INITIAL_RE = re.compile(r"^\W*(?:(?:initial|minimum|contract|subscription|service|fixed|committed|agreement|m?nda)"
                             r"\s+){0,2}"
                             r"(?:term|period|duration)\b|^\W*(?:mindest|vertrags|fest|grund)*laufzeit|^\W*(?:mindest)?"
                             r"vertragsdauer", re.I)
_ROW_RENEWAL_RE = re.compile(r"^\W*(?:auto(?:matic)?[\s-]*)?renewal|^\W*(?:automatische\s+)?(?:vertrags)?verlängerung",
                             re.I)
_ROW_NOTICE_RE = re.compile(r"^\W*(?:kündigungsfrist|notice\s+period|(?:non-renewal|cancellation|termination)\s+notice|"
                            r"notice\s+of\s+(?:non-renewal|termination|cancellation))", re.I)
# "Auto-Renewal | No", "Verlängerung | keine".
_ROW_NO_RE = re.compile(r"^\W*(?:no|none|n/?a|nein|keine?)\b", re.I)
# Units in the label ("Minimum Term (months) | 24", "Laufzeit in Monaten | 36") apply to a bare number.
_LABEL_UNIT_RE = re.compile(r"\(\s*(?:in\s+)?(?P<u1>years?|months?|weeks?|days?|jahre[n]?|monate[n]?|wochen|"
                            r"tage[n]?)\s*\)|\bin\s+(?P<u2>years|months|weeks|days|jahren|monaten|wochen|tagen)\b",
                            re.I)
_BARE_NUMBER_RE = re.compile(r"^\s*\d{1,3}\s*$")
# "This Agreement shall not renew automatically", "Eine automatische Verlängerung findet nicht statt".
_NO_RENEWAL_RE = re.compile(
    r"\b(?:not|never)\s+(?:be\s+)?(?:automatically\s+)?(?:renew|extend)|\bno\s+(?:automatic|tacit)\s+(?:renewal|"
    r"extension)|without\s+(?:automatic\s+)?renewal|\bkeine\s+(?:\w+\s+)?(?:vertrags)?verlängerung|"
    r"verlängerung\s+(?:\w+\s+){0,3}?(?:findet\s+nicht|erfolgt\s+nicht|ist\s+ausgeschlossen)|"
    r"verlängert\s+sich\s+nicht\s+(?:automatisch|stillschweigend)|(?:wird|werden)\s+nicht\s+(?:automatisch|"
    r"stillschweigend)\s+verlängert|not\s+(?:be\s+)?subject\s+to\s+(?:any\s+)?(?:automatic|tacit)\s+renewal",
    re.I,
)
# A refused renewal only counts for the contract itself ("This Agreement shall not renew"), not for a period in it.
_CONTRACT_SUBJECT_RE = re.compile(r"\b(?:agreement|contract|subscription|term|vertrag\w*|vereinbarung|laufzeit)\b",
                                  re.I)
_MAX_TERM_MONTHS = 240
_UNIT_HINT_RE = re.compile(r"year|month|week|day|annual|quarter|jahr|monat|woche|\btag|tage|tagen|quartal", re.I)


@dataclass(frozen=True, slots=True)
class _Pick:
    iso: str
    confidence: float
    position: int
    source: Sentence | Row
    from_disclosure: bool = False  # counted from each disclosure (NDA): no end date follows


@dataclass
class _Clause:
    """One analysed sentence or table row."""

    text: str  # normalised
    spans: list[Span]
    position: int
    source: Sentence | Row


def _months(iso: str) -> float:
    n = float(iso[1:-1])
    return {"Y": n * 12, "M": n, "W": n / 4.35, "D": n / 30.4}[iso[-1]]


def _period(span: Span) -> bool:
    """A contract period: not a notice period, whole and in months or years (or weeks/days of a month and more)."""
    d = span.duration
    if span.notice or not is_whole(d) or d.unit not in ("year", "month", "week", "day"):
        return False
    months = _months(d.iso)
    return (d.unit in ("year", "month") or months >= 1) and months <= _MAX_TERM_MONTHS


def _clauses(ctx: DocContext) -> list[_Clause]:
    out = []
    for sent in ctx.with_cue("TERM_CLAUSE", "RENEWAL", "TERMINATION"):
        raw = sent.text
        # "Either party may terminate this Agreement:" + "(a) With sixty (60) days prior written notice; (b) ...":
        # a lead-in ending in a colon is read with the list item after it.
        if raw.rstrip().endswith(":") and sent.position + 1 < len(ctx.sentences):
            raw = f"{raw} {ctx.sentences[sent.position + 1].text}"
        if not (_UNIT_HINT_RE.search(raw) or _EXPLICIT_AUTO_RE.search(raw)):
            continue  # no duration, no "year to year": nothing to read (and number words are slow to convert)
        text = normalise(raw, ctx.language)
        out.append(_Clause(text, spans(text, ctx.language), sent.position, sent))
    return out


def _rows(ctx: DocContext) -> list[tuple[str, _Clause]]:
    """("initial" | "renewal", clause) for key/value rows such as "Minimum Term | 24 months"."""
    out = []
    base = len(ctx.sentences)
    for n, row in enumerate(ctx.rows()):
        cells = [c for c in row.cells if c.strip()]
        if len(cells) < 2:
            continue
        label = cells[0]
        kind = ("renewal" if _ROW_RENEWAL_RE.search(label) else "notice" if _ROW_NOTICE_RE.search(label)
                else "initial" if _ROW_INITIAL_RE.search(label) else "")
        if kind:
            rest = " ".join(cells[1:])
            unit = _LABEL_UNIT_RE.search(label)
            if unit and _BARE_NUMBER_RE.match(rest):
                rest = f"{rest.strip()} {unit.group('u1') or unit.group('u2')}"
            text = normalise(rest, ctx.language)
            out.append((kind, _Clause(text, spans(text, ctx.language), base + n, row)))
    # "Agreement Term: 2 years" written as a line of its own reads like a row.
    for label, rest, sent in labelled_sentences(ctx):
        kind = ("renewal" if _ROW_RENEWAL_RE.search(label) else "initial" if _ROW_INITIAL_RE.search(label) else "")
        if kind and _UNIT_HINT_RE.search(rest) and not nda_terms.outlives(rest, 0, len(rest)):
            text = normalise(rest, ctx.language)
            out.append((kind, _Clause(text, spans(text, ctx.language), sent.position, sent)))
    return out


# "notice of its intention not to renew", "notice of non-renewal": the renewal verb of the notice, not of the term.
_NEGATED_VERB_RE = re.compile(r"(?:\bnot\s+to|\bnon-?|\bnicht\s+zu)\s*$", re.I)


def _renew_verbs(text: str) -> list[re.Match[str]]:
    return [m for m in _RENEW_VERB_RE.finditer(text)
            if not _NEGATED_VERB_RE.search(text[max(0, m.start() - 8): m.start()])]


def _renewal(clauses: list[_Clause], rows: list[tuple[str, _Clause]]) -> tuple[_Clause, int, bool] | None:
    """The renewal clause, the offset of its renewal verb and whether renewal is automatic."""
    best: tuple[int, int, _Clause, int, bool] | None = None
    candidates = [(c, False) for c in clauses] + [(c, True) for kind, c in rows if kind == "renewal"]
    for clause, is_row in candidates:
        verbs = _renew_verbs(clause.text)
        if is_row and _ROW_NO_RE.match(clause.text):
            continue
        if (not verbs and not is_row) or _OTHER_RENEWAL_RE.search(clause.text) or _NO_RENEWAL_RE.search(clause.text):
            continue
        # The verb whose subject is the contract: "... not to renew ..., this Agreement shall automatically renew".
        # A row's label names the contract already; its first verb is the one.
        verb = verbs[0] if is_row and verbs else next(
            (v for v in verbs if _RENEWING_RE.search(clause.text[max(0, v.start() - 200): v.start() + 60])),
            verbs[0] if verbs else None)
        at = verb.start() if verb else 0
        subject = _RENEWING_RE.search(clause.text[max(0, at - 200): at + 60])
        mutual = _MUTUAL_RE.search(clause.text) and not _EXPLICIT_AUTO_RE.search(clause.text)
        if mutual or not (is_row or subject):
            continue
        # A row that states a renewal period ("Renewal Term | 12 months") renews by itself unless it is an option.
        auto = bool(_AUTO_RE.search(clause.text) or is_row) and not (
            _OPTION_RE.search(clause.text) and not _EXPLICIT_AUTO_RE.search(clause.text))
        has_term = any(_period(s) and s.duration.start >= at for s in clause.spans) or bool(
            unit_phrase(clause.text[at:]) or _SAME_AS_INITIAL_RE.search(clause.text))
        rank = (2 if auto else 1) + (2 if has_term else 0)
        if rank >= 2 and (best is None or rank > best[0]):
            best = (rank, -clause.position, clause, at, auto)
    return (best[2], best[3], best[4]) if best else None


def _renewal_term(clause: _Clause, at: int, initial: _Pick | None) -> str | None:
    after = [s for s in clause.spans if _period(s) and s.duration.start >= at]
    if after:
        return after[0].duration.iso
    if _SAME_AS_INITIAL_RE.search(clause.text) and initial:
        return initial.iso
    return unit_phrase(clause.text[at:])


def _renewal_notice(clause: _Clause, clauses: list[_Clause]) -> tuple[str, _Clause] | None:
    notice = [s for s in clause.spans if s.notice and is_whole(s.duration)]
    if notice:
        return notice[0].duration.iso, clause
    # "... unless either party gives notice of its intention not to renew the | Agreement, which notice must be given
    # not less than fifteen (15) days before the end of the term." — the sentencizer split the clause, or the notice
    # rule sits right before or after the renewal sentence.
    nearby = sorted((c for c in clauses if 0 < abs(c.position - clause.position) <= 2),
                    key=lambda c: abs(c.position - clause.position))
    for c in nearby:
        notice = [s for s in c.spans if s.notice and is_whole(s.duration)]
        if notice and _NOTICE_FOLLOWUP_RE.search(c.text):
            return notice[0].duration.iso, c
    return None


def _survives(clause: _Clause, nda: bool) -> bool:
    if nda:
        return _NDA_SURVIVAL_RE.search(clause.text) is not None
    return _SURVIVAL_RE.search(nda_terms.NDA_NAME_RE.sub(" ", clause.text)) is not None


def _initial_term(clauses: list[_Clause], rows: list[tuple[str, _Clause]],
                  nda: bool = False) -> tuple[_Pick, _Clause] | None:
    picks: list[tuple[_Pick, _Clause]] = []
    for kind, clause in rows:
        if kind == "initial":
            found = [s for s in clause.spans if _period(s)
                     and not dur.HEDGE_AFTER_RE.match(clause.text[s.duration.end: s.duration.end + 40])]
            if found:
                picks.append((_Pick(found[0].duration.iso, 0.85, clause.position, clause.source), clause))
    for clause in clauses:
        phrases = [m for m in _INITIAL_RE.finditer(clause.text)
                   if not _MENTION_BEFORE_RE.search(clause.text[max(0, m.start() - 30): m.start()])]
        if not phrases or _survives(clause, nda) or _OTHER_DEFINITION_RE.search(clause.text):
            continue
        verb = _RENEW_VERB_RE.search(clause.text)
        limit = verb.start() if verb else len(clause.text)
        for s in clause.spans:
            d = s.duration
            if not _period(s) or d.start > limit:
                continue
            # The duration belongs to a term phrase close to it ("... (the “Initial Term”)" may follow it).
            if not any(m.start() - 80 <= d.start <= m.end() + 150 for m in phrases):
                continue
            if _SUB_PERIOD_BEFORE_RE.search(clause.text[max(0, d.start - 25): d.start]):
                continue
            after = clause.text[d.end: d.end + 40]
            if (nda and nda_terms.outlives(clause.text, d.start, d.end)) or dur.HEDGE_AFTER_RE.match(after):
                continue
            if _AFTER_END_RE.search(after) and not _DEFINED_INITIAL_AFTER_RE.search(after) and not (
                    re.match(r"\W*thereafter\b", after, re.I)
                    and _EXPIRES_BEFORE_RE.search(clause.text[max(0, d.start - 30): d.start])):
                continue
            picks.append((_Pick(d.iso, 0.8, clause.position, clause.source,
                                nda_terms.counted_from_disclosure(clause.text[d.end: d.end + 80])), clause))
            break
    if not picks:
        return None
    return max(picks, key=lambda p: (p[0].confidence, -p[0].position))


def _expiration(found: Mapping[str, Any], initial: _Pick, clause: _Clause) -> date | None:
    """Effective date + initial term, when the term runs from the effective date (not from an event)."""
    if found.get("expiration_date") or initial.from_disclosure or dur.EVENT_RE.search(clause.text):
        return None
    start = found.get("effective_date")
    if not isinstance(start, Mapping) or not start.get("value"):
        return None
    return add_duration(date.fromisoformat(str(start["value"])), initial.iso)


@extractor("term", order=30)
def extract_term(ctx: DocContext, found: Mapping[str, Any]) -> dict[str, Any]:
    clauses = _clauses(ctx)
    rows = _rows(ctx)
    out: dict[str, Any] = {}
    nda = nda_terms.is_confidentiality_agreement(ctx)
    initial = _initial_term(clauses, rows, nda)
    if initial:
        pick, clause = initial
        out["initial_term"] = value(pick.iso, pick.confidence, pick.source)
        end = _expiration(found, pick, clause)
        if end:
            out["expiration_date"] = value(end.isoformat(), 0.55, pick.source)
    if "initial_term" not in out:
        years = anniversary_years(ctx)
        if years:
            out["initial_term"] = value(f"P{years[0]}Y", 0.7, years[1])
    if "initial_term" not in out:
        out.update(relative_term_fields(ctx, found, nda))  # "shall expire three years from the Effective Date"
    if "expiration_date" not in out:
        anniversary = anniversary_end(ctx, found)
        if anniversary:
            out["expiration_date"] = value(anniversary[0].isoformat(), 0.7, anniversary[1])
    renewal = _renewal(clauses, rows)
    notice_row = next((c for kind, c in rows if kind == "notice" and c.spans), None)
    if renewal is None:
        refused = next((s for s in ctx.with_cue("RENEWAL") if _NO_RENEWAL_RE.search(s.text)
                        and _CONTRACT_SUBJECT_RE.search(s.text) and not _OTHER_RENEWAL_RE.search(s.text)), None)
        if refused:
            out["auto_renewal"] = value(False, 0.8, refused)
    else:
        clause, at, auto = renewal
        out["auto_renewal"] = value(auto, 0.85 if auto else 0.7, clause.source)
        term = _renewal_term(clause, at, initial[0] if initial else None)
        if term:
            out["renewal_term"] = value(term, 0.8 if auto else 0.65, clause.source)
        notice = _renewal_notice(clause, clauses) if auto else None
        if notice is None and auto and notice_row:
            notice, notice_row = (notice_row.spans[0].duration.iso, notice_row), None
        if notice:
            out["renewal_notice_period"] = value(notice[0], 0.8, notice[1].source)
    termination = termination_notice(clauses, renewal[0] if renewal else None)
    if termination is None and notice_row:
        termination = Notice(notice_row.spans[0].duration.iso, 0.6, notice_row.position, notice_row.source)
    if termination:
        out["termination_notice_period"] = value(termination.iso, termination.confidence, termination.source)
    return out
