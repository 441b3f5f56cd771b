"""Prices written in running text.

A sentence amount is a price only when the wording anchors it as one: a fee noun right before it ("a monthly
service fee of $7.50", "Stundensatz von 95,00 €", "billed at $200") or a charging unit right after it ("$1.10 per
Mbps", "45,00 € je Einsatz"). Amounts near caps, limits, liability, credits, penalties, interest or termination
are not prices, and neither are totals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from docsvc.extract.context import DocContext, Sentence
from docsvc.extract.extractors.pricing.common import (
    Currencies,
    classify_frequency,
    may_hold_money,
    money_in,
    own_cost,
    price_context,
    started_interval,
    unit_phrase,
)
from docsvc.extract.extractors.pricing.describe import LABEL_RE, description
from docsvc.extract.negative_context import NOT_PRICE, excluded
from docsvc.extract.normalize.numbers import (
    NUMBER_WORDS_PATTERN,
    MoneyValue,
    decimal_str,
    number_from_words,
    parse_number,
)

# Words about money that is not a price (checked around each amount).
NOT_PRICE_RE = re.compile(
    r"liabilit|liable|insurance|insured|indemn|damages|penalt|liquidated|credit|(?<!non-)refund|interest\s+(?:at|on|of)|"
    r"late\s+(?:payment|fee|charge)|overdue|terminat|cancel|revenue\s+shar|royalt|commission\s+of\s+\d|"
    r"principal\s+amount|aggregate\s+(?:principal|amount)|capital|haftung|haftet|versicher|vertragsstrafe|pönale|"
    r"gutschrift|verzug|zinsen|schadensersatz|kaution|sicherheitsleistung|kündig|storn|occurrence|per\s+claim|"
    r"(?:exercise|strike)\s+price|ausübungspreis|par\s+value|nennwert",
    re.I,
)
# Words right before an amount that make it a bound rather than a price.
BOUND_BEFORE_RE = re.compile(
    r"\b(?P<bound>not\s+(?:to\s+)?exceed(?:ing)?|maximum(?:\s+of)?|up\s+to|capped\s+at|cap\s+of|limit(?:ed)?\s+(?:to|of)|at\s+"
    r"least|minimum(?:\s+of)?|in\s+excess\s+of|exceed(?:s|ing)?|more\s+than|less\s+than|greater\s+than|over|above|"
    r"below|threshold\s+of|total(?:ling)?(?:\s+of)?|aggregate(?:\s+of)?|höchstens|maximal|bis\s+zu|mindestens|"
    r"insgesamt|über|unter|begrenzt\s+auf)\b\s*(?:[\w-]+\s+){0,5}\(?\s*$",
    re.I,
)
# A figure right after the bound word is what the bound applies to: "booked less than 24 hours ahead incur a $300
# surcharge", "each printer over 299 LPM $150".
_BOUNDS_FIGURE_RE = re.compile(r"\s*\d[\d.,]*\s*(?:%|[^\W\d_])")


def _bounded(before: str) -> bool:
    m = BOUND_BEFORE_RE.search(before)
    return m is not None and not _BOUNDS_FIGURE_RE.match(before, m.end("bound"))


# A sum over items ("The monthly charge (sum of items 1 to 4) is ...") is a total, not a unit price.
_TOTAL_BEFORE_RE = re.compile(r"\b(?:total|sum\s+of|summe|gesamt\w*|insgesamt|aggregate)\b", re.I)
_TOTAL_LABEL_RE = re.compile(r"\b(?:(?:sub-?)?total|summe|gesamt\w*)\s*:\s*$", re.I)  # "Total: €121.84"
_BOUND_AFTER_RE = re.compile(r"^\s*(?:\)\s*)?(?:maximum|minimum|cap\b|in\s+(?:total|the\s+aggregate)|insgesamt|"
                             r"(?:or|and)\s+(?:more|less|above|below)|oder\s+(?:mehr|weniger)|nicht\s+übersteig|"
                             r"(?:does|do|shall|will)\s+not\s+exceed|"
                             # a sum of many charges: "$100,000 in license fees", "€2 Mio. an Umsatz"
                             r"in\s+(?:[\w-]+\s+){0,3}(?:fees|payments|charges|revenues?|royalties|sales)\b|"
                             r"an\s+(?:\w+\s+){0,2}\w*(?:gebühren|zahlungen|umsatz|umsätzen|entgelten)\b)", re.I)
# A fee noun and linking words right before the amount.
_FEE_BEFORE_RE = re.compile(
    r"(?:\b(?:fees?|charges?|rates?|prices?|costs?|sums?|payments?|tariff)\b|"
    r"(?:entgelt|preis|satz|pauschale|gebühr|vergütung|kosten|miete|zahlung)\w*)"
    r"[^.;:$€£]{0,45}?(?:\b(?:of|at|is|are|shall\s+be|will\s+be|amounts?\s+to|equal\s+to|von|beträgt|betragen|"
    r"in\s+höhe\s+von|zu|mit)\b|:)\s*(?:\w+\s+){0,6}?(?:\(\s*)?$"
    r"|\b(?:billed|charged|invoiced|priced|available|provided|offered|berechnet|abgerechnet|verrechnet)\s+"
    r"(?:at|for|mit|zu)\s+(?:a\s+|the\s+)?(?:(?:flat|fixed|hourly|daily|monthly)\s+)?(?:rate\s+of\s+)?(?:\(\s*)?$"
    # the verb itself: "Die Einrichtung kostet einmalig 49 Euro", "The add-on costs just $5"
    r"|\b(?:costs|kostet|kosten)\s+(?:(?:only|just|nur|jeweils|einmalig|monatlich|jährlich|pauschal)\s+){0,2}$",
    re.I,
)
# German word order puts the billing verb after the amount: "je angefangene 30 Minuten mit 45 € berechnet".
_BILLED_AFTER_RE = re.compile(r"^\s*(?:netto\s+|brutto\s+)?(?:\w+\s+){0,2}?(?:berechnet|abgerechnet|verrechnet|"
                              r"in\s+rechnung\s+gestellt)\b", re.I)
_BILLED_BEFORE_RE = re.compile(r"\b(?:mit|zu)\s+(?:je\s+)?$", re.I)
# A charging unit or billing period right after the amount; a unit may carry its own period ("per user per month",
# "pro Nutzer/Monat").
_PERIOD = r"(?:calendar\s+)?(?:month|year|annum|hour|day|week|quarter|monat|jahr|stunde|tag|quartal)\b"
UNIT_AFTER_RE = re.compile(
    r"^\s*(?:\)\s*)?(?:(?:USD|CAD|EUR|GBP|CHF)\s+)?(?:netto\s+|net\s+|\(?(?:exclusive|excluding|zzgl\.?|"
    r"zuzüglich|plus)\s+[\w.]+\)?\s+)?(?P<unit>(?:per|each|for\s+each|je|pro|/)\s*[\w-]+"
    r"(?:\s+(?!(?:per|pro|je|a|an|and|und|or|oder|for|to|the|of|in|zzgl|zuzüglich|plus|net|netto|excl\w*|exkl\w*|"
    r"incl\w*|inkl\w*|\w*rechnet|billed|charged|payable|fällig|bei|if|when|wenn|falls)\b)[\w-]+)?"
    rf"(?:\s*(?:per|pro|je|/|a|an|each)\s*{_PERIOD})?|"
    r"a\s+(?:month|year|day|week)|monthly|annually|yearly|weekly|jährlich|monatlich|im\s+(?:monat|jahr|quartal)\b|"
    r"\(\s*(?:one[\s-]?(?:time|off)|non[\s-]?recurring|einmalig)\s*\)|"
    r"(?:one[\s-]?(?:time|off)|non[\s-]?recurring|einmalig)\b)",
    re.I,
)
# Per-unit rates written in cents or pence ("0,8 Cent je Seite", "1,9 ct/Min.", "2.5 pence per minute"); only with
# a charging unit right after, because a bare "p" or "ct" is too ambiguous.
_SUBUNIT_RE = re.compile(
    r"(?<![\d.,])(?P<num>\d{1,3}(?:[.,]\d+)?)\s*(?P<sub>cents?|ct\.?|pence|p)(?![\w])(?=\s*(?:/|per\b|je\b|pro\b|each\b))",
    re.I,
)
# An amount with a dash for its zero decimals and no currency sign ("160.-/h", "Pauschale 85,– je Einsatz"): the
# dash is written only on money, so it is an amount in the document's currency.
_DASH_AMOUNT_RE = re.compile(r"(?<![\w.,'’])(?P<num>\d{1,3}(?:['’.]\d{3})*|\d+)[.,][-–—]{1,2}(?![-–—\d])")
_OPENS_WITH_AMOUNT_RE = re.compile(r"^\W{0,3}(?:[$€£]\s?|(?:EUR|USD|GBP|CHF)\s)\d")
# How far around an amount words about liability, credits or termination disqualify it.
CONTEXT_BEFORE, CONTEXT_AFTER = 150, 60


@dataclass(frozen=True, slots=True)
class TextItem:
    item: dict[str, Any]
    source: Sentence
    confidence: float


def _frequency(before: str, after: str) -> str | None:
    """A billing period after the amount wins over one before it; a bare "per X" is the fallback."""
    f_after = classify_frequency(after)
    if f_after and f_after != "per_unit":
        return f_after
    f_before = classify_frequency(before)
    if f_before and f_before != "per_unit":
        return f_before
    return f_after or f_before


# Between the two ends of a range ("R1,699 - R4,373 per month", "80 bis 120 €"): the upper end is no unit price.
_RANGE_GAP_RE = re.compile(r"^\s*(?:[-–—]|to|bis)\s*$", re.I)
_RANGE_START_RE = re.compile(r"^\s*(?:[-–—]|to|bis)\s*[$€£]?\s?\d", re.I)
# A list line that opens with its price and names the item after a dash ("€1,500+ – integration projects"); a
# trailing "+" marks a starting price.
_LEADING_PRICE_AFTER_RE = re.compile(r"^\+?\s*[-–—:]\s+(?=[A-Za-zÄÖÜäöü])")
_VALUE_WORDS_RE = re.compile(r"\b(?:value|worth|budget|estimat\w*|total|wert|budget|geschätzt\w*|summe)\b", re.I)
# A count right before a unit price: "ten licences at $40", "zwei Lizenzen zu je 400 €", "5 seats @ £12". A count
# of months or years is a term, not a quantity.
_QUANTITY_BEFORE_RE = re.compile(
    rf"(?<![\w.,])(?P<n>\d{{1,6}}|{NUMBER_WORDS_PATTERN})\s+(?:\(\d+\)\s+)?"
    r"(?!(?:months?|years?|days?|weeks?|hours?|minutes?|monate?n?|jahre?n?|tage?n?|wochen?|stunden?|minuten?)\b)"
    r"[A-Za-zÄÖÜäöüß][\w-]*(?:\s+[A-Za-zÄÖÜäöüß][\w-]*)?\s+"
    r"(?:at|@|à|zu(?:\s+je)?|je|zum\s+preis\s+von(?:\s+je)?)\s+(?:(?:a|an|the)\s+)?"
    r"(?:(?:unit\s+)?(?:price|rate|fee|cost)\s+of\s+)?(?:je\s+)?\(?\s*$",
    re.I,
)
# A computed amount: "3,000 minutes x $0.008 = $24", "2 × 50 €". Only with money on one side: "2 x 10G ports" and
# "1 TB = 1,024 GB" compute nothing about a price.
_MONEY_SIDE = r"(?:[$€£]|\b(?:EUR|USD|GBP|CHF)\b)"
_CALCULATION_RE = re.compile(
    rf"=\s*{_MONEY_SIDE}|=\s*\d[\d.,']*\s*{_MONEY_SIDE}|\d\s*[x×*]\s*{_MONEY_SIDE}\s*\d|"
    rf"{_MONEY_SIDE}\s*\d[\d.,']*\s*[x×*]\s*\d|\d[\d.,']*\s*{_MONEY_SIDE}\s*[x×*]\s*\d"
)


def _worked_example(sent: Sentence) -> bool:
    """A sentence of a worked example: a calculation, a conditional cost, a paragraph an example cue opened
    earlier ("For example, if ... . The overage would cost ..."), or a section headed as one."""
    context = price_context()
    if _CALCULATION_RE.search(sent.text) or context["hypothetical"].search(sent.text):
        return True
    if context["example_lead"].search(sent.block.text[: sent.start]):
        return True
    return bool(sent.section) and bool(context["example_heading"].search(sent.section or ""))


# The next member of an enumeration of prices the sentence opened with a price: "EUR 95 per hour for remote
# support, on-site EUR 120 plus travel", "$40 per user, $400 for the admin console". Short, no figure in between.
_ENUMERATION_GAP_RE = re.compile(r"^(?=[^.;:!?\d$€£]{1,45}$).*(?:,|\band\b|\bund\b|\bsowie\b)", re.I)
# ... unless the second amount is a comparison: "€15 per month, compared with €25 elsewhere".
_COMPARISON_RE = re.compile(r"\b(?:compar\w*|versus|vs\.?|instead|rather\s+than|statt|anstatt|vergleich\w*|gegenüber|"
                            r"normally|regular(?:ly)?|usually|previously|formerly|bisher|vorher|früher|elsewhere|"
                            r"competitor\w*|wettbewerb\w*|andere[nrs]?\s+anbieter)\b", re.I)


def _sentence_item(sent: Sentence, money: MoneyValue, prev_end: int, language: str,
                   costs_internal: bool = False, prev_priced: bool = False) -> TextItem | None:
    """The price item ``money`` states, if its wording makes it one; ``prev_end`` ends the amount before it,
    ``prev_priced`` tells whether that amount was a price."""
    text = sent.text
    context = price_context()
    # The words since the previous amount belong to this one ("a one-time fee of €5,000 and a monthly fee of €1,200").
    before, after = text[max(prev_end, money.start - 120): money.start], text[money.end: money.end + 60]
    near = text[max(0, money.start - CONTEXT_BEFORE): money.end + CONTEXT_AFTER]
    if NOT_PRICE_RE.search(near) or context["not_price"].search(near):
        return None
    clause = re.split(r"[:;]", before)[-1]  # "a total of $160,000 payable as follows: (a) $22,500 per month"
    if _bounded(before[-45:]) or _BOUND_AFTER_RE.search(after) or _TOTAL_BEFORE_RE.search(clause[-80:]):
        return None
    if _TOTAL_LABEL_RE.search(before):
        return None
    if prev_end and _RANGE_GAP_RE.match(text[prev_end: money.start]):
        return None
    if not money.amount and _RANGE_START_RE.match(after):
        return None  # "Price: $0–$199/mo": a range from free up to a price
    # "save R399", "valued at €2,550", "normally $149", "(R1,299 value)": not what the customer pays.
    if context["not_paid_before"].search(before[-40:]) or context["not_paid_after"].search(after):
        return None
    # A short label with a starting price ("Mitarbeiterschulung ab 1.100 €", "Training starts at $500") is a price.
    fee = _FEE_BEFORE_RE.search(before[-80:]) or (
        context["from_before"].search(before) if len(before.split()) <= 5 else None) or (
        _BILLED_BEFORE_RE.search(before) and _BILLED_AFTER_RE.match(after))
    if fee and costs_internal and own_cost(fee.group(0)):
        return None  # "Fixed costs: R53,548/month" in a document that calculates its margins
    unit_m, unit_at = shared_unit(after)
    name_at = unit_at + unit_m.end() if unit_m else 0
    leading = not before.strip(" \t•*-–") and _LEADING_PRICE_AFTER_RE.match(after[name_at:])
    # A short label whose amount carries a tax qualifier ("Monthly: €1,899 (excl. VAT)") prices it; in a longer
    # sentence the amount may be any value ("The estimated contract value is £250,000 excluding VAT"). Read in
    # the block: the sentence splitter may have cut "(excl. VAT)" after "excl.".
    block_after = sent.block.text[sent.start + money.end: sent.start + money.end + 60]
    taxed = (len(before.split()) <= 3 and not _VALUE_WORDS_RE.search(before)
             and context["tax_after"].match(block_after))
    # First-item and additional-item fees in one sentence ("Die erste Lizenz kostet 100 €, jede weitere 50 €").
    # A price-card line that opens with its amount ("$249 for first user, any additional users $49") needs no price
    # word; a sentence ("$1,000,000 for the first breach ...") does.
    card_line = len(text) <= 100 and not text.rstrip().endswith(".") and _OPENS_WITH_AMOUNT_RE.match(text)
    tiered = (context["price_word"].search(text) or card_line) and (
        context["tier_before"].search(before) or context["tier_after"].match(after))
    gap = text[prev_end: money.start]
    enumerated = prev_priced and _ENUMERATION_GAP_RE.match(gap) and not _COMPARISON_RE.search(gap)
    # The fee noun after the amount: "incur a $300 surcharge", "a $15 yearly cost for the certificate".
    fee_after = context["fee_after"].match(after)
    if not fee and not unit_m and not leading and not taxed and not tiered and not enumerated and not fee_after:
        return None
    # "je angefangene 30 Minuten mit 45 € berechnet": the interval may come first.
    started = started_interval(after[:40]) or (started_interval(before[-60:]) if not unit_m else None)
    unit_text = unit_m.group("unit") if unit_m and not started else None
    label = LABEL_RE.match(text[:money.start])
    if leading:
        before = re.split(r"[.;(]", after[name_at + leading.end():])[0]  # the item named after the price
    item = {
        "description": description(before, unit_phrase(unit_text, language) and unit_text,
                                    label.group("label") if label else None,
                                    fee_after.group(0).strip() if fee_after else None),
        "unit_price": decimal_str(money.amount),
        "currency": money.currency,
        "unit": started[0] if started else unit_phrase(unit_text, language),
        "quantity": _quantity(before),
        # Only the unit phrase speaks for this amount; further on the sentence may price something else.
        "frequency": started[1] if started else _frequency(
            before[-80:], unit_m.group(0) if unit_m else fee_after.group(0) if fee_after else ""),
    }
    return TextItem(item, sent, 0.75 if fee and unit_m else 0.6)


# The other amount of an alternative whose charging unit both share: "ab 1,95 € bzw. 2,15 € pro Normzeile", "€80
# or €95 per hour". (The ends of a range, "€29 - €89 per month", stay no unit price.)
_PARTNER_AMOUNT_RE = re.compile(
    r"^\s*(?:or|oder|bzw\.?|resp\.?|respectively)\s+(?:[$€£]\s?|(?:EUR|USD|GBP|CHF)\s)?"
    r"\d[\d.,'’]*(?:\s?(?:[$€£]|EUR|USD|GBP|CHF)\b|\s?[$€£])?",
    re.I,
)


def shared_unit(after: str) -> tuple[re.Match[str] | None, int]:
    """The charging unit right after an amount, or after its alternative partner; and where in
    ``after`` that unit phrase starts."""
    unit_m = UNIT_AFTER_RE.match(after)
    if unit_m:
        return unit_m, 0
    partner = _PARTNER_AMOUNT_RE.match(after)
    if partner:
        unit_m = UNIT_AFTER_RE.match(after[partner.end():])
        if unit_m:
            return unit_m, partner.end()
    return None, 0


def _quantity(before: str) -> float | None:
    m = _QUANTITY_BEFORE_RE.search(before[-80:])
    count = number_from_words(m.group("n")) if m else None
    return float(count) if count else None


def _subunit_amounts(text: str, language: str, currencies: Currencies) -> list[MoneyValue]:
    """Cent and pence rates as amounts of the main unit: a cent is the document's euro or dollar, a penny sterling."""
    out = []
    for m in _SUBUNIT_RE.finditer(text):
        number = parse_number(m.group("num"), language)
        if m.group("sub").lower() in ("pence", "p"):
            currency: str | None = "GBP"
        else:
            currency = currencies.default or currencies.dollar or ("EUR" if language == "de" else "USD")
        if number is not None:
            out.append(MoneyValue(number / 100, currency, m.start(), m.end()))
    return out


# A price card prints the amount alone ("$100") and its charging label in the next block ("One-time onboarding",
# "Per endpoint / month"); the bare amount is at most a sign, a number and a trailing "+" or "*".
_BARE_AMOUNT_TEXT_RE = re.compile(r"^\W{0,2}(?:[$€£]\s?|(?:EUR|USD|GBP|CHF)\s)?\d[\d.,'’]*"
                                  r"(?:\s?(?:[$€£]|EUR|USD|GBP|CHF))?[+*]?\s*$")


def _card_label(sent: Sentence, following: Sentence | None) -> Sentence:
    """``sent`` joined with the next block's first sentence when ``sent`` is a bare amount that sentence labels with
    a charging unit or billing period; otherwise ``sent`` itself."""
    if (following is None or following.block is sent.block or not _BARE_AMOUNT_TEXT_RE.match(sent.text)
            or not UNIT_AFTER_RE.match(" " + following.text[:60])):
        return sent
    return replace(sent, text=f"{sent.text.strip()} – {following.text}")  # read as "$100 – One-time onboarding"


def _dash_amounts(text: str, language: str, currency: str | None, found: list[MoneyValue]) -> list[MoneyValue]:
    """Dash-decimal amounts without a currency sign, in ``currency``, where no amount with a sign already is."""
    out = []
    for m in _DASH_AMOUNT_RE.finditer(text) if currency else ():
        number = parse_number(re.sub(r"['’.]", "", m.group("num")), language)
        if number is not None and not any(o.start <= m.start() < o.end or m.start() <= o.start < m.end()
                                          for o in found):
            out.append(MoneyValue(number, currency, m.start(), m.end()))
    return out


def _not_price_kinds(text: str) -> frozenset[str]:
    """A surcharge in percent restates a price ("50 % surcharge on the hourly rate"); one in money is a fee of its
    own ("visits booked at short notice incur a $300 surcharge")."""
    return NOT_PRICE if "%" in text else NOT_PRICE - {"surcharge"}


def _written_currency(sentences: list[Sentence], language: str, currencies: Currencies) -> str | None:
    """The one currency the amounts of ``sentences`` are written in, if they use only one."""
    codes = {m.currency for sent in sentences if may_hold_money(sent.text)
             for m in money_in(sent.text, language, currencies.dollar) if m.currency}
    return codes.pop() if len(codes) == 1 else None


def sentence_items(ctx: DocContext, sentences: Iterable[Sentence], currencies: Currencies) -> list[TextItem]:
    out = []
    listed = list(sentences)
    dash_currency: str | None = None  # known once a dash-decimal amount needs it
    for at, sent in enumerate(listed):
        sent = _card_label(sent, listed[at + 1] if at + 1 < len(listed) else None)
        has_money, subunit = may_hold_money(sent.text, currencies.letters), _SUBUNIT_RE.search(sent.text)
        dashed = _DASH_AMOUNT_RE.search(sent.text)
        if dashed and dash_currency is None:
            dash_currency = currencies.default or _written_currency(listed, ctx.language, currencies) or ""
        dashed = dashed if dash_currency else None
        # The cheap tests first: most sentences hold no amount, and the negative-context test is the costly one.
        if (not (has_money or subunit or dashed) or excluded(sent.text, _not_price_kinds(sent.text), scope=sent.section)
                or _worked_example(sent)):
            continue
        amounts = money_in(sent.text, ctx.language, currencies.dollar, currencies.letters) if has_money else []
        if subunit:
            amounts = sorted(amounts + _subunit_amounts(sent.text, ctx.language, currencies), key=lambda m: m.start)
        if dashed:
            amounts = sorted(amounts + _dash_amounts(sent.text, ctx.language, dash_currency, amounts),
                             key=lambda m: m.start)
        if not amounts:
            continue
        prev_end, prev_priced = 0, False
        for money in amounts:
            found = _sentence_item(sent, money, prev_end, ctx.language, currencies.costs_internal, prev_priced)
            prev_priced = found is not None
            if found is not None:
                out.append(found)
            prev_end = money.end
    return out
