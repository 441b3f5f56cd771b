"""The monthly service review built-in (``service-review-en/-de.docx``), built by ``build_templates.py``.

Everything comes from ``service_review`` (a stored SLA report, see docsvc/sla_reports/review_context.py) and the
contract record; every list has its sentence for when it is empty, so the document is sendable as is.
"""

from __future__ import annotations

from pathlib import Path

from build_templates import (
    COMMON,
    Texts,
    _fill_row,
    _grid_table,
    _tag_row,
    facts_table,
    heading,
    if_else,
    loop_table,
    new_document,
    para,
    save,
    stated,
    tag,
    title_block,
)
from docx.shared import Pt

SR = "service_review"
REVIEW: dict[str, Texts] = {
    "en": {
        "title": "Monthly Service Review",
        "subtitle": "{{ contract.title|default('Service agreement', true) }} · {{ service_review.period }}",
        "overview": "Overview", "customer": "Customer", "supplier": "Supplier", "period": "Period",
        "period_text": "{{ service_review.period_start|date }} – {{ service_review.period_end|date }}",
        "hours": "Hours of service",
        "hours_text": "{{ service_review.hours }}{% if service_review.holidays %}, excluding public holidays "
                      "({{ service_review.holidays }}){% endif %}",
        "revision": "Contract record revision", "prepared": "Prepared by", "date": "Date",
        "summary_h": "1. Summary",
        "summary": "Service levels met: {{ service_review.met }} of {{ service_review.terms }}; missed: "
                   "{{ service_review.missed }}{% if service_review.not_judged %}; not judged for lack of data: "
                   "{{ service_review.not_judged }}{% endif %}. Incidents opened in the period: "
                   "{{ service_review.incidents }}.",
        "unreviewed": "Some contract values used in this review have not yet been confirmed by a contract manager "
                      "(marked *); the figures may change once they are reviewed.",
        "scorecard_h": "2. Service level scorecard", "service": "Service", "level": "Service level", "metric": "Metric",
        "priority": "Priority", "target": "Target", "achieved": "Achieved", "met": "Result", "margin": "Margin",
        "met_yes": "Met", "met_no": "Missed", "met_none": "Not judged", "dash": "–",
        "no_scorecard": "The contract states no service levels.",
        "achieved_note": "Availability is measured over the hours of service; response and resolution show the "
                         "slowest incident of the period.",
        "unjudged_h": "Other metrics reported", "value": "Value",
        "unjudged_note": "These metrics have no target in the contract; they are reported, not judged.",
        "trend_h": "3. Trend", "missed": "Missed", "not_judged": "Not judged", "lowest": "Availability",
        "credit_col": "Credit", "only_period": "This is the first reported period; earlier periods will show here.",
        "credits_h": "4. Service credits",
        "credits_intro": "The following service levels were missed and earn a credit under the contract:",
        "credit_pct": "Credit",
        "credit_total": "The credits total {{ service_review.credit.percent_total|percent }}"
                        "{% if service_review.credit.capped and service_review.credit.cap_percent %}, limited by the "
                        "contractual cap to {{ service_review.credit.cap_percent|percent }}{% endif %}.",
        "credit_money": "Credit due: {{ service_review.credit.amount_due|money(service_review.credit.currency) }}"
                        "{% if service_review.credit.fee %} ({{ service_review.credit.percent_due|percent }} of the "
                        "period's fixed fee of {{ service_review.credit.fee|money(service_review.credit.currency) }})"
                        "{% endif %}.",
        "credit_percent_only": "Credit due: {{ service_review.credit.percent_due|percent }} of the period's fee "
                               "(the fee is not stated in the contract record).",
        "no_credits": "No service credit is due for this period.",
        "changes_h": "5. Open change requests", "reference": "Reference", "change_title": "Change",
        "status": "Status", "implementation": "Planned for",
        "no_changes": "There are no open change requests.",
        "deadlines_h": "6. Upcoming deadlines", "due": "Due", "deadline": "Deadline", "kind": "Kind",
        "no_deadlines": "No contractual deadlines fall due in the next 90 days.",
        "billing_h": "7. Billing", "item": "Item", "issue": "Issue", "expected": "Contract", "invoiced": "Invoiced",
        "difference": "Difference", "no_billing": "The latest billing check found no mismatches.",
        "missing_sr": "No SLA report was supplied for this service review.",
    },
    "de": {
        "title": "Monatlicher Service-Review",
        "subtitle": "{{ contract.title|default('Dienstleistungsvertrag', true) }} · {{ service_review.period }}",
        "overview": "Überblick", "customer": "Kunde", "supplier": "Auftragnehmer", "period": "Zeitraum",
        "period_text": "{{ service_review.period_start|date }} – {{ service_review.period_end|date }}",
        "hours": "Servicezeiten", "hours_text": "{{ service_review.hours }}{% if service_review.holidays %}, ohne "
                                               "gesetzliche Feiertage ({{ service_review.holidays }}){% endif %}",
        "revision": "Stand der Vertragsdaten", "prepared": "Erstellt von", "date": "Datum",
        "summary_h": "1. Zusammenfassung",
        "summary": "Eingehaltene Service-Levels: {{ service_review.met }} von {{ service_review.terms }}; verfehlt: "
                   "{{ service_review.missed }}{% if service_review.not_judged %}; mangels Daten nicht bewertet: "
                   "{{ service_review.not_judged }}{% endif %}. Im Zeitraum gemeldete Störungen: "
                   "{{ service_review.incidents }}.",
        "unreviewed": "Einige verwendete Vertragswerte sind noch nicht von einem Vertragsmanager bestätigt "
                      "(mit * markiert); die Zahlen können sich nach der Prüfung ändern.",
        "scorecard_h": "2. Service-Level-Übersicht", "service": "Leistung", "level": "Service-Level",
        "metric": "Kennzahl",
        "priority": "Priorität", "target": "Ziel", "achieved": "Erreicht", "met": "Ergebnis", "margin": "Abstand",
        "met_yes": "Erfüllt", "met_no": "Verfehlt", "met_none": "Nicht bewertet", "dash": "–",
        "no_scorecard": "Der Vertrag nennt keine Service-Levels.",
        "achieved_note": "Die Verfügbarkeit wird über die Servicezeiten gemessen; bei Reaktions- und Lösungszeit "
                         "steht die langsamste Störung des Zeitraums.",
        "unjudged_h": "Weitere berichtete Kennzahlen", "value": "Wert",
        "unjudged_note": "Für diese Kennzahlen nennt der Vertrag kein Ziel; sie werden berichtet, nicht bewertet.",
        "trend_h": "3. Entwicklung", "missed": "Verfehlt", "not_judged": "Nicht bewertet", "lowest": "Verfügbarkeit",
        "credit_col": "Gutschrift",
        "only_period": "Dies ist der erste berichtete Zeitraum; frühere Zeiträume erscheinen künftig hier.",
        "credits_h": "4. Service-Gutschriften",
        "credits_intro": "Folgende Service-Levels wurden verfehlt und begründen eine Gutschrift nach dem Vertrag:",
        "credit_pct": "Gutschrift",
        "credit_total": "Die Gutschriften betragen zusammen {{ service_review.credit.percent_total|percent }}"
                        "{% if service_review.credit.capped and service_review.credit.cap_percent %}, begrenzt durch "
                        "die vertragliche Obergrenze auf {{ service_review.credit.cap_percent|percent }}{% endif %}.",
        "credit_money": "Fällige Gutschrift: "
                        "{{ service_review.credit.amount_due|money(service_review.credit.currency) }}"
                        "{% if service_review.credit.fee %} ({{ service_review.credit.percent_due|percent }} der "
                        "festen Vergütung des Zeitraums von "
                        "{{ service_review.credit.fee|money(service_review.credit.currency) }}){% endif %}.",
        "credit_percent_only": "Fällige Gutschrift: {{ service_review.credit.percent_due|percent }} der Vergütung des "
                               "Zeitraums (die Vergütung ist in den Vertragsdaten nicht angegeben).",
        "no_credits": "Für diesen Zeitraum ist keine Service-Gutschrift fällig.",
        "changes_h": "5. Offene Änderungsanträge", "reference": "Zeichen", "change_title": "Änderung",
        "status": "Status", "implementation": "Geplant für",
        "no_changes": "Es gibt keine offenen Änderungsanträge.",
        "deadlines_h": "6. Anstehende Fristen", "due": "Fällig", "deadline": "Frist", "kind": "Art",
        "no_deadlines": "In den nächsten 90 Tagen laufen keine vertraglichen Fristen ab.",
        "billing_h": "7. Abrechnung", "item": "Position", "issue": "Abweichung", "expected": "Vertrag",
        "invoiced": "Rechnung", "difference": "Differenz",
        "no_billing": "Die letzte Rechnungsprüfung hat keine Abweichungen gefunden.",
        "missing_sr": "Für diesen Service-Review wurde kein SLA-Bericht übergeben.",
    },
}  # fmt: skip


def _result(t: Texts, path: str) -> str:
    return (f"{{% if {path}.met %}}{t['met_yes']}{{% elif {path}.met == false %}}{t['met_no']}{{% else %}}"
            f"{t['met_none']}{{% endif %}}")


def build_service_review(language: str) -> Path:
    t = COMMON[language] | REVIEW[language]
    doc = new_document(language, t["title"], t)
    title_block(doc, t["title"], t["subtitle"])
    missing = t["missing"]
    tag(doc, f"{{%p if {SR} %}}")
    facts_table(doc, [
        (t["customer"], stated("contract.customer", "{{ contract.customer.name }}", missing)),
        (t["supplier"], stated("contract.supplier", "{{ contract.supplier.name }}", missing)),
        (t["period"], t["period_text"]),
        (t["hours"], t["hours_text"]),
        (t["prepared"], "{{ document.author }}", "document.author"),
        (t["date"], "{{ document.date|date }}"),
        (t["revision"], "{{ contract.revision }}"),
    ])

    heading(doc, t["summary_h"])
    para(doc, t["summary"])
    tag(doc, f"{{%p if {SR}.unreviewed %}}")
    para(doc, t["unreviewed"], italic=True, size=9)
    tag(doc, "{%p endif %}")

    heading(doc, t["scorecard_h"])
    star = "{% if row.unreviewed %} *{% endif %}"

    def scorecard() -> None:
        # Widths set by hand, not by fit_widths: "Geschäftsstunden" needs about 3 cm in the substitute font, which
        # fit_widths' deliberately wide estimate (3.9 cm) cannot give three columns at once (PDFs checked).
        widths = [3.8, 3.35, 3.35, 2.3, 3.2]
        table = _grid_table(doc, 5, widths)
        _fill_row(table, [t["level"], t["target"], t["achieved"], t["met"], t["margin"]], widths, header=True,
                  size=8.5)
        _tag_row(table, f"{{%tr for row in {SR}.scorecard %}}", widths)
        _fill_row(table, ["{% if row.service %}{{ row.service }}: {% endif %}{{ row.metric|label }}"
                          "{% if row.priority %} ({{ row.priority }}){% endif %}" + star, "{{ row.target|target }}",
                          stated("row.achieved", "{{ row.achieved|target }}", t["dash"]), _result(t, "row"),
                          stated("row.margin", "{{ row.margin|target }}", t["dash"])], widths, size=8.5)
        _tag_row(table, "{%tr endfor %}", widths)
        doc.add_paragraph().paragraph_format.space_after = Pt(2)
        para(doc, t["achieved_note"], size=8.5)

    if_else(doc, f"{SR}.scorecard", scorecard, t["no_scorecard"])
    tag(doc, f"{{%p if {SR}.unjudged %}}")
    heading(doc, t["unjudged_h"], 2)
    loop_table(doc, [t["service"], t["metric"], t["priority"], t["value"]], f"item in {SR}.unjudged",
               ["{{ item.service }}", "{{ item.metric|label }}", "{{ item.priority }}", "{{ item.value|target }}"],
               [4.5, 4.5, 3.0, 4.0], size=9)
    para(doc, t["unjudged_note"], size=8.5)
    tag(doc, "{%p endif %}")

    heading(doc, t["trend_h"])
    loop_table(doc, [t["period"], t["met_yes"], t["missed"], t["not_judged"], t["lowest"], t["credit_col"]],
               f"p in {SR}.trend",
               ["{{ p.period }}", "{{ p.met }}", "{{ p.missed }}", "{{ p.not_judged }}",
                stated("p.availability", "{{ p.availability|percent }}", t["dash"]),
                stated("p.credit_amount", f"{{{{ p.credit_amount|money({SR}.credit.currency) }}}}",
                       stated("p.credit_percent", "{{ p.credit_percent|percent }}", t["dash"]))],
               [2.4, 2.2, 2.4, 2.8, 3.0, 3.2], size=9)
    tag(doc, f"{{%p if {SR}.trend|length < 2 %}}")
    para(doc, t["only_period"], italic=True, size=9)
    tag(doc, "{%p endif %}")

    heading(doc, t["credits_h"])

    def credits() -> None:
        para(doc, t["credits_intro"]).paragraph_format.keep_with_next = True
        loop_table(doc, [t["service"], t["metric"], t["priority"], t["achieved"], t["credit_pct"]],
                   f"line in {SR}.credit.lines",
                   ["{{ line.service }}", "{{ line.metric|label }}", "{{ line.priority }}",
                    stated("line.achieved", "{{ line.achieved|target }}", t["dash"]),
                    "{% if line.percent %}{{ line.percent|percent }}{% endif %}{% if line.amount %}"
                    f"{{% if line.percent %}} + {{% endif %}}{{{{ line.amount|money({SR}.credit.currency) }}}}"
                    "{% endif %}"], [3.6, 3.4, 2.6, 3.2, 3.2], size=9)
        para(doc, t["credit_total"])
        tag(doc, f"{{%p if {SR}.credit.amount_due %}}")
        para(doc, t["credit_money"], bold=True)
        tag(doc, "{%p else %}")
        para(doc, t["credit_percent_only"], bold=True)
        tag(doc, "{%p endif %}")

    if_else(doc, f"{SR}.credit.lines", credits, t["no_credits"])

    heading(doc, t["changes_h"])
    if_else(doc, f"{SR}.change_requests", lambda: loop_table(
        doc, [t["reference"], t["change_title"], t["status"], t["implementation"]], f"cr in {SR}.change_requests",
        ["{{ cr.reference }}", "{{ cr.title }}", "{{ cr.status|label }}", "{{ cr.implementation_date|date }}"],
        [2.6, 7.4, 2.8, 3.2], size=9), t["no_changes"])

    heading(doc, t["deadlines_h"])
    if_else(doc, f"{SR}.deadlines", lambda: loop_table(
        doc, [t["due"], t["deadline"], t["kind"]], f"d in {SR}.deadlines",
        ["{{ d.due|date }}", "{{ d.title }}{% if not d.reviewed %} *{% endif %}", "{{ d.kind|label }}"],
        [3.4, 9.0, 3.6], size=9), t["no_deadlines"])

    heading(doc, t["billing_h"])
    if_else(doc, f"{SR}.billing_mismatches", lambda: loop_table(
        doc, [t["item"], t["issue"], t["expected"], t["invoiced"], t["difference"]], f"m in {SR}.billing_mismatches",
        ["{{ m.description }}", "{{ m.kind|label }}", "{{ m.expected }}", "{{ m.invoiced }}", "{{ m.difference }}"],
        [4.6, 3.4, 2.6, 2.6, 2.8], size=9), t["no_billing"])
    tag(doc, "{%p else %}")
    para(doc, t["missing_sr"], italic=True)
    tag(doc, "{%p endif %}")
    return save(doc, f"service-review-{language}")
