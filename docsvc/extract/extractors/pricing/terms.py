"""Commercial terms around the prices: the contract currency, the invoice payment period, a minimum commitment.

The payment period is the one general rule for paying invoices ("within thirty (30) days of the invoice date",
"net forty-five (45) days", "zahlbar innerhalb von 14 Tagen nach Rechnungsdatum"). Day counts about overdue
amounts, disputes, cure periods or notices are not payment terms, so each candidate is scored on the words
around it and the best one wins.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from docsvc.extract.context import DocContext, Row, Sentence, value
from docsvc.extract.extractors.pricing.common import (
    Currencies,
    classify_frequency,
    currency_in_words,
    may_hold_money,
    money_in,
)
from docsvc.extract.extractors.pricing.text import NOT_PRICE_RE
from docsvc.extract.normalize.durations import find_durations, words_to_digits
from docsvc.extract.normalize.numbers import decimal_str

_INVOICE_RE = re.compile(r"invoic|\bbill(?:ed|ing)?\b|statement|rechnung|faktura", re.I)
# A payment period counted from the end of a billing period ("within five (5) days after the end of each month").
_PERIOD_END_RE = re.compile(
    r"^\s*(?:\)\s*)?(?:of|after|following|from|nach|ab)\s+(?:the\s+)?(?:end|close|ende|ablauf)\s+"
    r"(?:of\s+)?(?:each|the|every|such|a|des|eines|jedes)\s+(?:calendar\s+)?(?:month|quarter|monats|quartals|"
    r"kalendermonats)",
    re.I,
)
_TERMS_LABEL_RE = re.compile(r"payment\s+terms|terms\s+of\s+payment|zahlungsbedingungen|zahlungsziel", re.I)
_PAY_RE = re.compile(r"\bpa(?:y|ys|id|yable|yment|yments)\b|\bdue\b|\bremit|\bsettle|zahlbar|fällig|zahlung|"
                     r"\b(?:be)?zahl(?:t|en)\b|entricht|\bbegleichen|überweis", re.I)
_WITHIN_RE = re.compile(r"(?:within|net|no\s+later\s+than|not\s+later\s+than|innerhalb(?:\s+von)?|binnen|"
                        r"spätestens|of|in)\s*$", re.I)
_FROM_INVOICE_RE = re.compile(
    r"^\s*(?:\)\s*)?(?:net\s+)?(?:from|after|of|following|upon|nach|ab|seit)\s+(?:the\s+|dem\s+|der\s+|des\s+)?"
    r"(?:\w+\s+){0,3}(?:invoice|rechnung|receipt|erhalt|zugang|eingang|rechnungs)",
    re.I,
)
# Day counts in these contexts belong to other rules (late payment, disputes, cure periods, notices, credits).
_OTHER_RULE_RE = re.compile(
    r"overdue|\blate\b|not\s+(?:been\s+)?paid|not\s+make\s+(?:the\s+)?payment|fails?\s+to\s+(?:make\s+)?pay|"
    r"failure\s+to\s+(?:make\s+)?pay|unpaid|past\s+due|delinquen|(?<!un)disput|objection|notice\s+of|"
    r"written\s+notice|cure|terminat|suspen|interest|credit|claim|refund|warrant|reimburs|audit|"
    r"withdraw|verzug|mahnung|kündig|widersp|widerruf|rücktritt|zurücktret|einwend|beanstand|gutschrift|zinsen|"
    r"erstatt|einspruch|rüge|"
    # a money-back guarantee or a free trial runs for days too: "14-day money-back guarantee", "30 Tage testen"
    r"money[\s-]?back|\btrial\b|geld[\s-]?zurück|testphase|testzeitraum|kostenlos\s+test",
    re.I,
)
_CLAUSE_END_RE = re.compile(r"[.;]\s+(?=[A-ZÄÖÜ(])")
# An early-payment discount period ("within 10 days less 2% discount", "10 Tage 2 % Skonto") is not the net period;
# a "net"/"otherwise" between the discount and the day count hands over to the net period.
_DISCOUNT_RE = re.compile(r"skonto|discount|rabatt|nachlass", re.I)
_NO_DISCOUNT_RE = re.compile(r"\b(?:no|without|ohne|keine?n?)\s+$", re.I)
# Sending the invoice is the supplier's period, not the customer's payment period.
_ISSUE_INVOICE_RE = re.compile(r"\b(?:submit|issue|send|render|raise|deliver|prepare)s?\b[^.;]{0,30}invoic|"
                               r"\b(?:stellt|erstellt|übermittelt|versendet)\b[^.;]{0,30}rechnung|"
                               r"rechnung\w*\s+(?:zu\s+)?(?:stellen|erstellen|übermitteln|versenden)", re.I)
_NET_TURN_RE = re.compile(r"\bnet(?:to)?\b|otherwise|\bor\b|\boder\b|ansonsten|\bsonst\b|ohne\s+abzug|rein", re.I)
_NET_RE = re.compile(r"\bnet\s+(\d{1,3})\b(?!\s*(?:%|per\s*cent|percent))", re.I)
_PAYMENT_LABEL_RE = re.compile(r"payment|zahlung|zahlungsziel|zahlungsbedingung|terms\s+of\s+payment", re.I)
_CURRENCY_LABEL_RE = re.compile(r"^\s*(?:currency|währung)\b", re.I)
_CURRENCY_STATEMENT_RE = re.compile(
    r"\b(?:amounts?|charges|fees|prices|payments|sums|figures|preise|entgelte|beträge|vergütungen|währung|"
    r"currency)\b[^.;]{0,60}?\b(?:in|are|stated|expressed|denominated|payable|verstehen)\b",
    re.I,
)
_NO_MINIMUM_RE = re.compile(r"\bno\s+(?:\w+\s+){0,2}minimum|\bkein\w*\s+(?:\w+\s+){0,2}mindest", re.I)
MAX_PAYMENT_DAYS = 180
_DAYS_PER = {"day": 1, "week": 7}
MAX_LABEL_CHARS = 40


@dataclass(frozen=True, slots=True)
class _Candidate:
    days: int
    score: int
    source: Sentence | Row


def _discount_period(before: str, after: str) -> bool:
    """Whether the day count is an early-payment discount period (the discount in its clause, no "net" between)."""
    clause = _CLAUSE_END_RE.split(after)[0][:100]
    found = _DISCOUNT_RE.search(clause)
    if found and not (_NET_TURN_RE.search(clause[: found.start()]) or _NO_DISCOUNT_RE.search(clause[: found.start()])):
        return True
    earlier = list(_DISCOUNT_RE.finditer(before[-45:]))
    return bool(earlier and not _NET_TURN_RE.search(before[-45:][earlier[-1].end():]))


def _score_days(text: str, start: int, end: int) -> int:
    before, after = text[max(0, start - 120): start], text[end: end + 80]
    # Only the clause holding the day count decides whether it belongs to another rule.
    if _OTHER_RULE_RE.search(_CLAUSE_END_RE.split(before)[-1]) or _OTHER_RULE_RE.search(_CLAUSE_END_RE.split(after)[0]):
        return -1
    if _discount_period(before, after):
        return -1
    invoice = _INVOICE_RE.search(before) or _INVOICE_RE.search(after[:60])
    pay = _PAY_RE.search(before) or _PAY_RE.search(after[:50])
    if not (invoice or pay) or (not pay and _ISSUE_INVOICE_RE.search(before[-80:])):
        return 0  # a period for reports, notices, deliveries or for sending the invoice itself
    score = 2 if invoice else 0
    if _WITHIN_RE.search(before):
        score += 1
    if _FROM_INVOICE_RE.search(after):
        score += 1
    if _PERIOD_END_RE.search(after):
        score += 2
    if _TERMS_LABEL_RE.search(before):
        score += 2
    if pay:
        score += 1
    return score


def _day_counts(text: str, language: str) -> list[tuple[int, int, int]]:
    """(days, start, end) for every day count in ``text`` (already converted to digits)."""
    # "binnen zwei Wochen" is a 14-day period.
    out = [(int(d.amount) * _DAYS_PER[d.unit], d.start, d.end) for d in find_durations(text, language)
           if d.unit in _DAYS_PER and d.amount == d.amount.to_integral_value()]
    out += [(int(m.group(1)), m.start(), m.end()) for m in _NET_RE.finditer(text)]
    return out


def _with_neighbours(ctx: DocContext, sent: Sentence) -> str:
    """The sentence, after a short clause label before it ("2.7 Payment Terms.") and, when a layout break cut it
    off mid-sentence ("... shall pay Company within thirty" | "(30) days of receipt"), with its continuation."""
    text = sent.text
    prev = ctx.sentences[sent.position - 1] if sent.position else None
    if prev is not None and len(prev.text) <= MAX_LABEL_CHARS:
        text = f"{prev.text} {text}"
    nxt = ctx.sentences[sent.position + 1] if sent.position + 1 < len(ctx.sentences) else None
    if nxt is not None and not sent.text.rstrip().endswith((".", ";", ":", "!", "?")):
        text = f"{text} {nxt.text}"
    return text


# Payment due at once: "payable upon receipt of invoice", "due immediately", "sofort nach Erhalt der Rechnung zur
# Zahlung fällig", "sofortige Fälligkeit", "ohne Abzug sofort zahlbar".
_IMMEDIATE_RE = re.compile(
    r"\b(?:due|payable)\s+(?:and\s+payable\s+)?(?:immediately|(?:up)?on\s+(?:receipt|presentation)|at\s+once)\b|"
    r"\b(?:sofort|unverzüglich|umgehend)\s+(?:(?:nach|mit|bei|ab)\s+(?:\w+\s+){0,2}?(?:erhalt|zugang|eingang|"
    r"zustellung|rechnungsstellung|rechnungserhalt)\w*\s+(?:\w+\s+){0,5}?)?(?:zur\s+zahlung\s+)?(?:fällig|zahlbar|"
    r"zu\s+(?:be)?zahlen)|\bsofortige[rn]?\s+fälligkeit|\bmit\s+(?:rechnungs)?(?:erhalt|zugang)\s+(?:\w+\s+){0,3}?fällig",
    re.I)


# "due upon receipt and payable as specified in such invoice": the invoice, not the contract, sets the term.
_TERMS_ELSEWHERE_RE = re.compile(r"\bas\s+(?:specified|set\s+forth|stated|indicated|shown)\b|"
                                 r"\bwie\s+(?:auf|in)\s+der\s+rechnung\s+angegeben", re.I)


def payment_terms(ctx: DocContext) -> dict[str, Any] | None:
    candidates: list[_Candidate] = []
    for sent in ctx.with_cue("PAYMENT_TERMS"):
        text = words_to_digits(_with_neighbours(ctx, sent), ctx.language)
        for days, start, end in _day_counts(text, ctx.language):
            score = _score_days(text, start, end)
            if score >= 3 and 0 < days <= MAX_PAYMENT_DAYS:
                candidates.append(_Candidate(days, score, sent))
        if _IMMEDIATE_RE.search(sent.text) and not _OTHER_RULE_RE.search(sent.text) \
                and not _TERMS_ELSEWHERE_RE.search(sent.text):
            candidates.append(_Candidate(0, 3, sent))  # "due on receipt of the invoice": a term of zero days
    for row in ctx.rows():
        cells = [c for c in row.cells if c.strip()]
        if len(cells) == 2 and _PAYMENT_LABEL_RE.search(cells[0]) and len(cells[0]) < 40:
            text = words_to_digits(cells[1], ctx.language)
            counts = _day_counts(text, ctx.language)
            if counts and 0 < counts[0][0] <= MAX_PAYMENT_DAYS and not _OTHER_RULE_RE.search(text):
                candidates.append(_Candidate(counts[0][0], 5, row))
    if not candidates:
        return None
    best = max(candidates, key=lambda c: c.score)  # max() keeps the earliest of equal scores
    return value(best.days, min(0.95, 0.45 + 0.1 * best.score), best.source)


def document_currency(ctx: DocContext, dollar: str | None) -> tuple[str, Sentence | Row] | None:
    """The currency the document states for its charges, else the one most of its amounts are written in."""
    for row in ctx.rows():
        cells = [c for c in row.cells if c.strip()]
        if len(cells) == 2 and _CURRENCY_LABEL_RE.search(cells[0]):
            code = currency_in_words(cells[1])
            if code:
                return code, row
    for sent in ctx.body():
        text = sent.text
        if may_hold_money(text) and _CURRENCY_STATEMENT_RE.search(text) and not money_in(text, ctx.language):
            code = currency_in_words(sent.text)
            if code:
                return code, sent
    counts: Counter[str] = Counter()
    first: dict[str, Sentence | Row] = {}
    for sent in ctx.with_cue("PRICE"):
        for money in money_in(sent.text, ctx.language, dollar):
            if money.currency:
                counts[money.currency] += 1
                first.setdefault(money.currency, sent)
    for row in ctx.rows():
        for money in money_in(row.text, ctx.language, dollar):
            if money.currency:
                counts[money.currency] += 1
                first.setdefault(money.currency, row)
    if not counts:
        return None
    code = counts.most_common(1)[0][0]
    return code, first[code]


def minimum_commitment(ctx: DocContext, currencies: Currencies) -> dict[str, Any] | None:
    """The first minimum commitment stated with an amount ("a monthly minimum of $2,500", "Mindestumsatz")."""
    for sent in ctx.with_cue("MIN_COMMIT"):
        if _NO_MINIMUM_RE.search(sent.text) or NOT_PRICE_RE.search(sent.text):
            continue  # minimum insurance cover or liability is no purchase commitment
        cue = re.search(r"minimum|mindest|committed", sent.text, re.I)
        if cue is None:
            continue
        amounts = [m for m in money_in(sent.text, ctx.language, currencies.dollar) if m.start >= cue.start() - 60]
        if not amounts:
            continue
        money = min(amounts, key=lambda m: abs(m.start - cue.start()))
        window = sent.text[max(0, cue.start() - 40): money.end + 40]
        frequency = classify_frequency(window)
        return value(
            {
                "amount": decimal_str(money.amount),
                "currency": money.currency or currencies.default,
                "frequency": frequency if frequency != "per_unit" else None,
            },
            0.6,
            sent,
        )
    return None
