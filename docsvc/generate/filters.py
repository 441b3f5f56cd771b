"""The filters a template may use, bound to the document's language.

Values arrive the way ``GenerationContext`` publishes them: money and percentages as decimal *strings*, dates
as ISO strings, durations as ISO 8601 strings. Everything is computed with ``Decimal`` so ``0.0045`` stays
``0.0045``. ``None`` (an unset optional field) formats as the empty string, the same as ``{{ none_value }}``
renders (see ``environment._finalize``); authors who want a dash write ``{{ x|money|default("—", true) }}``.

German output uses the CLDR spacing babel produces: a no-break space (U+00A0) between amount and unit
(``1.234,56\u00a0€``, ``5\u00a0%``), which also keeps Word from breaking the line inside an amount.

Another engineer writes the built-in templates against exactly these filter names and signatures.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import (
    format_currency,
    format_decimal,
    get_currency_precision,
    get_decimal_symbol,
    get_group_symbol,
)
from babel.units import format_unit
from jinja2 import Undefined
from jinja2 import filters as jinja_filters
from jinja2.exceptions import TemplateRuntimeError

from docsvc.generate import formats
from docsvc.generate.bounded import BOUNDED_FILTERS

LOCALES = {"en": "en_GB", "de": "de_DE"}

# Jinja's built-ins that stay available: none of them runs code, reaches attributes outside the sandbox
# (``selectattr``/``map``/``sort`` resolve attribute names through the sandboxed ``getattr``) or grows a
# string beyond its input. Left out on purpose: ``attr`` (attribute access by string), ``format`` (printf
# formatting: width specifiers allocate without bound), ``safe`` (would let a value inject WordprocessingML),
# ``center``/``indent``/``wordwrap`` (amplify), ``tojson``/``pprint``/``xmlattr``/``urlize`` (not document
# text), ``random`` (documents must be reproducible). ``replace`` is re-implemented with a size bound.
SAFE_BUILTINS = (
    "abs", "batch", "capitalize", "count", "d", "default", "dictsort", "first", "groupby", "int", "items", "join",
    "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr", "reverse", "round", "select",
    "selectattr", "slice", "sort", "string", "striptags", "sum", "title", "trim", "truncate", "unique", "upper",
    "wordcount",
)  # fmt: skip
MAX_REPLACE_CHARS = 1_000_000

_ISO_DURATION = re.compile(
    r"^P(?!$)(?:(?P<years>\d+(?:\.\d+)?)Y)?(?:(?P<months>\d+(?:\.\d+)?)M)?(?:(?P<weeks>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<days>\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?$"
)
_DURATION_UNITS = ("years", "months", "weeks", "days", "hours", "minutes", "seconds")
_CLDR_UNIT = {"years": "duration-year", "months": "duration-month", "weeks": "duration-week",
              "days": "duration-day", "hours": "duration-hour", "minutes": "duration-minute",
              "seconds": "duration-second"}  # fmt: skip
_SHORT_DATE = {"en": "dd/MM/yyyy", "de": "dd.MM.yyyy"}  # CLDR's de short date has a 2-digit year

# (singular, plural) for units CLDR does not know
_BUSINESS_UNITS = {
    "en": {"business_hours": ("business hour", "business hours"), "business_days": ("business day", "business days")},
    "de": {"business_hours": ("Geschäftsstunde", "Geschäftsstunden"), "business_days": ("Werktag", "Werktage")},
}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "availability": "Availability", "response_time": "Response time", "resolution_time": "Resolution time",
        "percent": "Percent", "seconds": "Seconds", "minutes": "Minutes", "hours": "Hours",
        "business_hours": "Business hours", "days": "Days", "business_days": "Business days",
        "P1": "Priority 1", "P2": "Priority 2", "P3": "Priority 3", "P4": "Priority 4", "P5": "Priority 5",
        "in_scope": "In scope", "out_of_scope": "Out of scope", "unclear": "Unclear",
        "draft": "Draft", "submitted": "Submitted", "approved": "Approved", "rejected": "Rejected",
        "customer": "Customer", "supplier": "Supplier", "transferor": "Transferor", "transferee": "Transferee",
        "remaining_party": "Remaining party", "other": "Other",
        "monthly": "Monthly", "quarterly": "Quarterly", "annual": "Annual", "per_unit": "Per unit",
        "cap": "Cap", "floor": "Floor", "index": "Index", "fixed_percent": "Fixed percentage",
        "pending": "Pending", "accepted": "Accepted", "active": "Active", "percentage_points": "percentage points",
        "hourly": "Hourly", "daily": "Daily", "weekly": "Weekly", "yearly": "Annual", "one_off": "One-off",
        "requester": "Requester", "approver": "Approver",
        "contract": "Contract", "sla": "SLA", "terms_of_service": "Terms of service", "order_form": "Order form",
        "amendment": "Amendment", "novation": "Novation",
        # the SLA extractor's exclusion labels, read mid-sentence
        "scheduled maintenance": "scheduled maintenance", "emergency maintenance": "emergency maintenance",
        "force majeure": "force majeure", "customer-caused": "faults caused by the customer",
        "third-party": "third-party faults", "suspension": "suspension of the service",
    },
    "de": {
        "availability": "Verfügbarkeit", "response_time": "Reaktionszeit", "resolution_time": "Lösungszeit",
        "percent": "Prozent", "seconds": "Sekunden", "minutes": "Minuten", "hours": "Stunden",
        "business_hours": "Geschäftsstunden", "days": "Tage", "business_days": "Werktage",
        "P1": "Priorität 1", "P2": "Priorität 2", "P3": "Priorität 3", "P4": "Priorität 4", "P5": "Priorität 5",
        "in_scope": "Im Leistungsumfang", "out_of_scope": "Nicht im Leistungsumfang", "unclear": "Unklar",
        "draft": "Entwurf", "submitted": "Eingereicht", "approved": "Genehmigt", "rejected": "Abgelehnt",
        "customer": "Kunde", "supplier": "Auftragnehmer", "transferor": "Übertragender",
        "transferee": "Übernehmender", "remaining_party": "Verbleibende Partei", "other": "Sonstige",
        "monthly": "Monatlich", "quarterly": "Vierteljährlich", "annual": "Jährlich", "per_unit": "Pro Einheit",
        "cap": "Obergrenze", "floor": "Untergrenze", "index": "Index", "fixed_percent": "Fester Prozentsatz",
        "pending": "Offen", "accepted": "Akzeptiert", "active": "Aktiv", "percentage_points": "Prozentpunkte",
        "hourly": "Stündlich", "daily": "Täglich", "weekly": "Wöchentlich", "yearly": "Jährlich",
        "one_off": "Einmalig", "requester": "Antragsteller", "approver": "Genehmiger",
        "contract": "Vertrag", "sla": "SLA", "terms_of_service": "Geschäftsbedingungen", "order_form": "Bestellschein",
        "amendment": "Nachtrag", "novation": "Vertragsübernahme",
        "scheduled maintenance": "geplante Wartung", "emergency maintenance": "Notfallwartung",
        "force majeure": "höhere Gewalt", "customer-caused": "vom Kunden verursachte Störungen",
        "third-party": "Störungen Dritter", "suspension": "Sperrung der Leistung",
        # governing law and other place names as extracted (English) read in German in a German document
        "Germany": "Deutschland", "Austria": "Österreich", "Switzerland": "Schweiz",
        "England and Wales": "England und Wales", "England": "England", "Scotland": "Schottland",
        "United Kingdom": "Vereinigtes Königreich", "Ireland": "Irland", "Netherlands": "Niederlande",
        "France": "Frankreich", "Belgium": "Belgien", "Luxembourg": "Luxemburg", "Italy": "Italien",
        "Spain": "Spanien", "United States": "Vereinigte Staaten", "Northern Ireland": "Nordirland",
    },
}  # fmt: skip


def _empty(value: Any) -> bool:
    """None, "" or a lenient Undefined (a dry run's ``data.*``); a StrictUndefined raises its error here."""
    if isinstance(value, Undefined):
        return str(value) == ""
    return value is None or (isinstance(value, str) and value.strip() == "")


def _decimal(value: Any, filter_name: str) -> Decimal:
    if isinstance(value, bool):  # bool is an int; True must not format as 1
        raise TemplateRuntimeError(f"the {filter_name} filter needs a number, not {value!r}")
    if isinstance(value, Decimal):
        return value
    try:
        number = Decimal(str(value).strip()) if isinstance(value, str | int) else Decimal(str(value))
    except InvalidOperation:
        raise TemplateRuntimeError(f"the {filter_name} filter needs a number, not {value!r}") from None
    if not number.is_finite():
        raise TemplateRuntimeError(f"the {filter_name} filter needs a finite number, not {value!r}")
    return number


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


_FRACTION = re.compile(r"0\.0+|0(?=[^0#,.]*$)")  # the digits part of a CLDR currency pattern's last "0" group


def _pattern(min_places: int, max_places: int) -> str:
    return "#,##0" + ("." + "0" * min_places + "#" * (max_places - min_places) if max_places else "")


class Formatters:
    """The project's filters for one language; ``as_filters()`` gives the mapping Jinja needs."""

    def __init__(self, language: str) -> None:
        if language not in LOCALES:
            raise ValueError(f"unsupported language {language!r}; expected one of {sorted(LOCALES)}")
        self.language = language
        self.locale = Locale.parse(LOCALES[language])
        standard = self.locale.currency_formats["standard"]
        self._currency_pattern = standard.pattern.split(";")[0]
        self._group, self._decimal = get_group_symbol(self.locale), get_decimal_symbol(self.locale)

    def _styled(self, text: str) -> str:
        """``text`` with the organisation's number style (docsvc/generate/formats.py) when one is in effect."""
        configured = formats.current()
        if configured is None:
            return text
        return formats.restyle_number(text, locale_group=self._group, locale_decimal=self._decimal,
                                      style=configured.number)

    def money(self, value: Any, currency: str | None = None) -> str:
        """``£1,234.56`` / ``1.234,56 €``: the currency's minor unit at least, the value's own precision if more."""
        if _empty(value):
            return ""
        number = _decimal(value, "money")
        if currency is None:
            return self.number(number, max(2, _places(number)))
        code = currency.upper()
        # Exactly the places the contract states, never fewer than the currency's minor unit: "0.0390" stays
        # £0.0390 (babel's decimal_quantization=False would drop the stated trailing zero).
        places = max(_places(number), get_currency_precision(code))
        pattern = _FRACTION.sub("0." + "0" * places if places else "0", self._currency_pattern, count=1)
        return self._styled(format_currency(number, code, format=pattern, currency_digits=False, locale=self.locale))

    def number(self, value: Any, decimals: int | None = None) -> str:
        """Locale-grouped decimal; ``decimals`` pads or rounds (half-even) to that many places."""
        if _empty(value):
            return ""
        number = _decimal(value, "number")
        if decimals is None:
            return self._styled(format_decimal(number, format=_pattern(_places(number), _places(number)),
                                               locale=self.locale))
        decimals = max(0, min(int(decimals), 20))
        return self._styled(format_decimal(number, format=_pattern(decimals, decimals), locale=self.locale))

    def percent(self, value: Any) -> str:
        """``"5"`` → ``5%`` (en) / ``5 %`` (de): the value is the percentage itself, not a fraction."""
        if _empty(value):
            return ""
        number = _decimal(value, "percent").normalize()
        places = _places(number)
        # CLDR writes "5 %" in German, with a no-break space; the % in a pattern multiplies by 100
        pattern = _pattern(places, places) + ("\u00a0%" if self.language == "de" else "%")
        return self._styled(format_decimal(number / 100, format=pattern, locale=self.locale))

    def date(self, value: Any, style: str = "long") -> str:
        """``1 July 2025`` / ``1. Juli 2025``; ``short`` → ``01/07/2025`` / ``01.07.2025``; ``medium`` as CLDR."""
        if _empty(value):
            return ""
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        else:
            try:
                day = dt.date.fromisoformat(str(value).strip()[:10])
            except ValueError:
                raise TemplateRuntimeError(f"the date filter needs an ISO date (YYYY-MM-DD), not {value!r}") from None
        if style == "short":
            return format_date(day, _SHORT_DATE[self.language], locale=self.locale)
        if style not in ("long", "medium", "full"):
            raise TemplateRuntimeError(f"the date filter's style is short, medium, long or full, not {style!r}")
        configured = formats.current()
        if style == "long" and configured is not None:  # the default style is the organisation's date format
            return format_date(day, configured.date, locale=self.locale)
        return format_date(day, style, locale=self.locale)

    def duration(self, value: Any) -> str:
        """ISO 8601 ``P3M`` → ``3 months`` / ``3 Monate``; text that is not ISO 8601 is returned unchanged."""
        if _empty(value):
            return ""
        match = _ISO_DURATION.match(str(value).strip())
        if not match:
            return str(value)  # free text such as "4 hours" or "immediately" already reads well
        parts = [
            format_unit(Decimal(amount), _CLDR_UNIT[unit], length="long", locale=self.locale)
            for unit in _DURATION_UNITS
            if (amount := match.group(unit)) is not None
        ]
        return format_list(parts, locale=self.locale)

    def label(self, value: Any) -> str:
        """An enum value of the context in words (``response_time`` → ``Response time`` / ``Reaktionszeit``)."""
        if _empty(value):
            return ""
        text = str(value)
        known = LABELS[self.language].get(text)
        if known is not None:
            return known
        words = text.replace("_", " ").replace("-", " ").strip()
        return words[:1].upper() + words[1:]

    def target(self, sla: Any) -> str:
        """An SLA's target with its unit: ``99.9%`` / ``99,9 %``, ``4 hours`` / ``4 Stunden``, ``8 business hours``."""
        if _empty(sla):
            return ""
        if not isinstance(sla, Mapping):
            raise TemplateRuntimeError("the target filter needs an SLA (with target_value and target_unit)")
        # an SLA term, or a figure of a service review (value and unit)
        value, unit = sla.get("target_value", sla.get("value")), sla.get("target_unit", sla.get("unit"))
        if _empty(value):
            return ""
        number = _decimal(value, "target")
        if unit == "percent":
            return self.percent(number)
        if unit in _BUSINESS_UNITS[self.language]:
            singular, plural = _BUSINESS_UNITS[self.language][unit]
            return f"{self.number(number)} {singular if number == 1 else plural}"
        cldr = _CLDR_UNIT.get(str(unit))
        if cldr is not None:
            return self._styled(format_unit(number, cldr, length="long", locale=self.locale))
        return f"{self.number(number)} {self.label(unit)}".strip() if unit else self.number(number)

    def as_filters(self) -> dict[str, Callable[..., Any]]:
        return {
            "money": self.money, "number": self.number, "percent": self.percent, "date": self.date,
            "duration": self.duration, "label": self.label, "target": self.target,
        }  # fmt: skip


def bounded_replace(value: Any, old: str, new: str, count: int | None = None) -> str:
    """Jinja's ``replace`` with the result size checked before it is built."""
    text, old, new = str(value), str(old), str(new)
    occurrences = text.count(old) if old else len(text) + 1
    if count is not None and count >= 0:
        occurrences = min(occurrences, count)
    if len(text) + occurrences * (len(new) - len(old)) > MAX_REPLACE_CHARS:
        raise TemplateRuntimeError(f"replace would produce more than {MAX_REPLACE_CHARS:,} characters")
    return text.replace(old, new, -1 if count is None else count)


def filters_for(language: str) -> dict[str, Callable[..., Any]]:
    """Every filter a template in ``language`` may use: the project's own plus the safe Jinja built-ins."""
    builtin: dict[str, Callable[..., Any]] = {name: jinja_filters.FILTERS[name] for name in SAFE_BUILTINS}
    builtin["replace"] = bounded_replace
    return builtin | BOUNDED_FILTERS | Formatters(language).as_filters()
