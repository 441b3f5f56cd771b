"""Governing law: the jurisdiction whose law the parties chose, as an English name ("New York", "Germany").

A sentence counts only when a law expression ("laws of the State of X", "English law", "Recht der
Bundesrepublik Deutschland", "österreichisches Recht") names a known place *and* the sentence (or its section
heading) speaks of choosing a law ("governed by", "construed in accordance with", "unterliegt", "es gilt").
That keeps out the many other law mentions: companies "organized under the laws of Delaware", export laws,
"as required by law". Terms of service add consumer caveats and per-region choices; those are scored so the
provider's default choice (or the one for users outside the US) wins.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from docsvc.extract.context import DocContext, Row, Sentence, value
from docsvc.extract.extractors import extractor
from docsvc.extract.extractors.law.places import ADJECTIVE_PATTERN, PLACE_PATTERN, adjective_place, place_name

# Words allowed between "laws of" and the place: "the State of", "der Bundesrepublik", "des US-Bundesstaats".
_FILLER = (r"(?:(?:the|state|states|commonwealth|province|federal|people[’']s|republic|kingdom|grand|duchy|"
           r"principality|"
           r"canton|substantive|internal|of|der|des|dem|den|us-bundesstaat(?:e?s)?|bundesstaat(?:e?s)?|"
           r"staat(?:e?s)?|freistaat(?:e?s)?|republik|bundesrepublik|fürstentum(?:s)?|königreich(?:e?s)?|"
           r"großherzogtum(?:s)?|kanton(?:s)?|provinz)\s+)*")
_LAW_EXPR_RE = re.compile(
    rf"\blaws?\s+(?:and\s+(?:\w+\s+){{1,2}})?(?:in\s+force\s+)?(?:of|in)\s+{_FILLER}(?P<p1>{PLACE_PATTERN})"
    rf"|\b(?:rechts?|rechtes|gesetze[ns]?|rechtsordnung)\s+(?:der|des|von|in)\s+{_FILLER}(?P<p2>{PLACE_PATTERN})"
    rf"|\b(?:rechts?|gesetze[ns]?)\s+(?P<p4>{PLACE_PATTERN})s?(?![\w-])"  # genitive: "den Gesetzen Englands"
    rf"|\b(?P<p3>{PLACE_PATTERN})\s+(?:substantive\s+)?laws?\b"
    rf"|(?<![\w-])(?P<adj>{ADJECTIVE_PATTERN})\s+(?:substantive\s+|materielle[smn]?\s+)?(?:laws?|rechts?)\b",
    re.I,
)
# "submit to the courts of the Republic of Ireland and to the application of the law in that jurisdiction",
# "construed in accordance with the laws of that State ... made in the State of New Jersey".
_THAT_JURISDICTION_RE = re.compile(
    r"\b(?:laws?|gesetze[ns]?|rechts?)\s+(?:in|of|der|des)\s+(?:that|this|such|said|dieser|diese[sm]|jener)\s+"
    r"(?:jurisdiction|country|state|gerichtsbarkeit|rechtsordnung|land(?:es)?|staat(?:es)?)",
    re.I,
)
# A place named as a state or court seat, for sentences that name the law only indirectly (see above) or split
# it ("governed by the internal laws, and not by the laws regarding conflicts of laws, of the State of Ohio").
_STATE_OF_RE = re.compile(
    rf"\b(?:courts?|gerichte[n]?|state|commonwealth|province|staat(?:es)?|bundesstaat(?:es)?)\s+(?:of|in|der|des|von)"
    rf"\s+{_FILLER}(?P<p>{PLACE_PATTERN})",
    re.I,
)
# Verbs that choose a law ("governed by", "unterliegt") against ones that merely refer to law ("subject to").
_STRONG_CHOICE_RE = re.compile(
    r"\bgovern|\bconstru|\binterpret|choice\s+of\s+law|unterlieg|unterstell|\bgilt\b|\bgelten\b|anwendbar|anzuwend|"
    r"ausgelegt|auszulegen|finde[tn]\s+(?:\w+\s+){0,12}?anwendung|regier|geregelt|maßgeb|richte[nt]\s+sich|rechtswahl"
    r"|subject\s+(?:\w+\s+){0,2}to\s+(?:the\s+)?(?:\w+\s+){0,4}laws?\b|application\s+of\s+(?:the\s+)?(?:\w+\s+)?laws?\b"
    r"|anwendung\s+(?:de[rs]\s+)?(?:\w+\s+)?(?:gesetze|rechts)",
    re.I,
)
_WEAK_CHOICE_RE = re.compile(
    r"\bapplicable\s+law|subject\s+(?:\w+\s+){0,2}to\b|in\s+accordance\s+with\s+(?:the\s+)?(?:\w+\s+)?laws?|"
    r"\bappl(?:y|ies|ied|ication)\b|\benforced\b|unterwirft|angewandt|angewendet|anwendung",
    re.I,
)
_THIS_CONTRACT_RE = re.compile(
    r"\b(?:this|these|the)\s+(?:\w+\s+){0,3}(?:agreement|contract|terms|deed|amendment|order|conditions|"
    r"addendum|t&cs?|gtcs?)(?!\w)|\b(?:diese[rsmn]?|der|die|den)\s+(?:\w+\s+){0,2}(?:vertrag|vereinbarung|bedingungen|agb|"
    r"nutzungsbedingungen|vertragsverhältnis|rahmenvertrag)",
    re.I,
)
_HEADING = (r"governing\s+law|applicable\s+law|choice\s+of\s+law|law\s+and\s+jurisdiction|anwendbares\s+recht|"
            r"geltendes\s+recht|rechtswahl|anzuwendendes\s+recht")
_HEADING_RE = re.compile(_HEADING, re.I)
# A run-in heading opens the clause ("14.2 Governing Law. ...", "§ 12 Anwendbares Recht"); inside a sentence the
# same words are no heading ("comply with all applicable laws of the United Kingdom").
_HEADING_START_RE = re.compile(rf"^\W*(?:(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]?\s+|§\s*\d+\s+)?(?:{_HEADING})", re.I)
# Party descriptions name a law too ("a corporation organized under the laws of Delaware", "ein Unternehmen nach
# dem Recht des Staates Delaware", "eine nach deutschem Recht gegründete Gesellschaft").
_INCORPORATED_BEFORE_RE = re.compile(
    r"(?:\b(?:organi[sz]ed|incorporated|existing|formed|registered|established|chartered|constituted|standing)"
    r"[\w\s,]{0,40}?\s(?:under|pursuant\s+to|in\s+accordance\s+with)\s+(?:the\s+)?"
    r"|(?:unternehmen|gesellschaft|firma|company|corporation)\s+(?:nach|gemäß)\s+(?:dem\s+)?)$",
    re.I,
)
_INCORPORATED_AFTER_RE = re.compile(r"^\W*(?:\w+\s+){0,2}(?:gegründet|errichtet|eingetragen|bestehend|existierend|"
                                    r"organisiert|company|corporation|gesellschaft)", re.I)
# Consumer caveats ("you keep the protection of the mandatory law of your country") are exceptions to the choice.
_CONSUMER_RE = re.compile(r"consumer|mandatory|verbraucher|zwingend", re.I)
# Choices conditioned on where the user lives: the clause for users outside the US / in Europe is the one that
# applies to the readers of EN/DE contracts; a clause for US residents only is not.
_RESIDENCE_RE = re.compile(r"resident|residence|residing|reside|\blive\s+in|located\s+in|based\s+in|wohnsitz|"
                           r"aufenthalt|wohnhaft|ansässig|\bleben\b", re.I)
_EUROPE_RE = re.compile(r"\bEU\b|\bEEA\b|\bEWR\b|europ|outside|außerhalb|except|other\s+than|ausgenommen|"
                        r"mit\s+ausnahme|remaining|übrigen", re.I)
# "regardless of your residence" confirms the choice instead of carving out an exception.
_REGARDLESS_RE = re.compile(r"regardless|irrespective|notwithstanding|ungeachtet|unabhängig|unbeschadet", re.I)
# A federal choice ("laws of the United States and, where federal law is silent, of New York") defers to a state.
_FEDERAL = frozenset({"United States"})
_CONTEXT_CHARS = 150  # of the paragraph before a sentence: "Residents of the EEA. These Terms are governed by..."


@dataclass(frozen=True, slots=True)
class _Candidate:
    place: str
    score: int
    position: int
    source: Sentence | Row


def places(text: str) -> list[tuple[str, int]]:
    """(English place name, offset) of each chosen law named in ``text``, skipping party descriptions."""
    out = []
    for m in _LAW_EXPR_RE.finditer(text):
        if _INCORPORATED_BEFORE_RE.search(text[max(0, m.start() - 60): m.start()]):
            continue
        if _INCORPORATED_AFTER_RE.search(text[m.end(): m.end() + 40]):
            continue
        if m.group("adj"):
            place = adjective_place(m.group("adj"))
        else:
            place = place_name(m.group("p1") or m.group("p2") or m.group("p3") or m.group("p4"))
        if place:
            out.append((place, m.start()))
    if not out and _THAT_JURISDICTION_RE.search(text):
        out = _states(text)
    return out


def _states(text: str) -> list[tuple[str, int]]:
    return [(p, m.start()) for m in _STATE_OF_RE.finditer(text) if (p := place_name(m.group("p")))]


def _main_place(text: str, found: list[tuple[str, int]]) -> tuple[str, int]:
    place, offset = found[0]
    if place in _FEDERAL:
        # "the laws of the United States and the State of Florida": the state law is the answer.
        state = [s for s in _states(text[offset: offset + 120]) if s[0] not in _FEDERAL]
        return next((f for f in found if f[0] not in _FEDERAL), (state[0][0], offset) if state else found[0])
    return place, offset


def _score(text: str, heading: bool, offset: int, before: str) -> int:
    """How surely ``text`` states the governing law named at ``offset``; ``before`` is the paragraph before it."""
    score = 3 if _STRONG_CHOICE_RE.search(text) else 1 if _WEAK_CHOICE_RE.search(text) else 0
    if _THIS_CONTRACT_RE.search(text[:offset]):
        score += 1
    if heading:
        score += 1  # the clause sits under (or starts with) a "Governing law" heading
    consumer = _CONSUMER_RE.search(text)
    if consumer:
        # A default choice followed by a consumer caveat still names the default first.
        score -= 3 if consumer.start() < offset else 1
    condition = before + " " + text[:offset]
    residence = _RESIDENCE_RE.search(condition)
    if residence and not _REGARDLESS_RE.search(condition[max(0, residence.start() - 30): residence.start()]):
        score += 1 if _EUROPE_RE.search(condition) else -2
    return score


def _in_law_section(sent: Sentence) -> bool:
    """Whether a "Governing law" heading opens the sentence, its paragraph or its section."""
    lead = sent.block.text[: sent.start] if sent.start <= _CONTEXT_CHARS else ""
    return bool(_HEADING_START_RE.match(f"{lead} {sent.text}") or (sent.section and _HEADING_RE.search(sent.section)))


def _sentence_candidates(ctx: DocContext) -> list[_Candidate]:
    out = []
    for sent in ctx.with_cue("GOVERNING_LAW", "LAW_WORD"):
        before = sent.block.text[max(0, sent.start - _CONTEXT_CHARS): sent.start]
        chooses = _STRONG_CHOICE_RE.search(sent.text) or _WEAK_CHOICE_RE.search(sent.text)
        heading = _in_law_section(sent)
        if not (chooses or heading):
            continue  # cannot reach the minimum score; skip the costly place search
        found = places(sent.text)
        if not found and _STRONG_CHOICE_RE.search(sent.text) and _THIS_CONTRACT_RE.search(sent.text):
            found = _states(sent.text)
        if not found:
            continue
        place, offset = _main_place(sent.text, found)
        score = _score(sent.text, heading, offset, before)
        if score >= 2:
            out.append(_Candidate(place, score, sent.position, sent))
    return out


def _table_candidates(ctx: DocContext) -> list[_Candidate]:
    """Key/value rows ("Governing law | Ireland") and per-country tables with a "Choice of Law" column."""
    out = []
    base = len(ctx.sentences)
    for t_index, table in enumerate(ctx.tables):
        texts = table.texts()
        header = texts[0] if texts else []
        column = next((i for i, cell in enumerate(header) if _HEADING_RE.search(cell)), None)
        if column is not None and column > 0:
            rows = [(r, places(cells[column]) or _bare(cells[column])) for r, cells in enumerate(texts[1:], 1)
                    if column < len(cells)]
            counts = Counter(found[0][0] for _, found in rows if found)
            if counts:
                # The law most rows share is the default; the others are regional exceptions.
                place = counts.most_common(1)[0][0]
                r = next(r for r, found in rows if found and found[0][0] == place)
                out.append(_Candidate(place, 4, base + t_index, Row(table, r)))
            continue
        for r, cells in enumerate(texts):
            cells = [c for c in cells if c.strip()]
            if len(cells) >= 2 and _HEADING_RE.search(cells[0]):
                found = places(" ".join(cells[1:])) or _bare(" ".join(cells[1:]))
                if found:
                    out.append(_Candidate(found[0][0], 4, base + t_index, Row(table, r)))
    return out


_BARE_PLACE_RE = re.compile(rf"(?<![\w-])(?:{PLACE_PATTERN})(?![\w-])", re.I)


def _bare(text: str) -> list[tuple[str, int]]:
    """Place names standing alone, for table cells that hold only the answer ("Ireland")."""
    return [(p, m.start()) for m in _BARE_PLACE_RE.finditer(text) if (p := place_name(m.group(0)))]


_CONFIDENCE = {2: 0.6, 3: 0.75, 4: 0.85, 5: 0.9}


@extractor("governing_law", order=40)
def extract_governing_law(ctx: DocContext, found: Mapping[str, Any]) -> dict[str, Any]:
    candidates = _sentence_candidates(ctx) + _table_candidates(ctx)
    if not candidates:
        return {}
    best = max(candidates, key=lambda c: (c.score, -c.position))
    return {"governing_law": value(best.place, _CONFIDENCE.get(best.score, 0.95), best.source)}
