"""Build the eight built-in Word templates (``python templates/build_templates.py``).

The template store seeds ``templates/*.docx`` at first start; the file stem is the template name and the kind is
the stem without its language suffix. Run this script after changing it and commit the regenerated files.

The templates use only the documented generation context (``docsvc/generate/context.py``) and the allow-listed
filters. Every optional value is guarded, every list has a sentence for when it is empty, and table rows are
repeated with docxtpl's ``{%tr for %}`` / paragraphs with ``{%p if %}``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
ACCENT = RGBColor(0x1F, 0x38, 0x64)
ACCENT_HEX = "1F3864"
LIGHT_HEX = "E8EDF5"
MUTED = RGBColor(0x59, 0x59, 0x59)
CONTENT_WIDTH = Cm(16.0)  # A4 with 2.5 cm margins

Texts = dict[str, str]


# --- document scaffolding ---------------------------------------------------------------------------------------

def new_document(language: str, title: str, t: Texts) -> DocxDocument:
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.language = "de-DE" if language == "de" else "en-GB"
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    _styles(doc, language)
    _letterhead(doc, t)
    _footer(doc, t)
    return doc


def _styles(doc: DocxDocument, language: str) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), "Calibri")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "de-DE" if language == "de" else "en-GB")
    rpr.append(lang)
    for name, size, before in (("Title", 20, 0), ("Heading 1", 13, 14), ("Heading 2", 11, 10)):
        style = doc.styles[name]
        style.font.name = "Calibri"
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = ACCENT
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
    title_pr = doc.styles["Title"].element.pPr
    if title_pr is not None:  # the default Title has a bottom border; keep it, in the accent colour
        for border in title_pr.iter(qn("w:bottom")):
            border.set(qn("w:color"), ACCENT_HEX)


def _letterhead(doc: DocxDocument, t: Texts) -> None:
    header = doc.sections[0].header
    table = header.add_table(1, 2, CONTENT_WIDTH)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Cm(9.5), Cm(6.5)
    # No configured company name: no line at all (a placeholder name must never reach a customer).
    # The organisation's logo: the service puts the picture where {{ letterhead.logo }} renders.
    left.paragraphs[0].text = "{%p if letterhead.logo %}"
    _run(left.add_paragraph(), "{{ letterhead.logo }}")
    tag(left, "{%p endif %}")
    tag(left, "{%p if letterhead.company %}")
    _run(left.add_paragraph(), "{{ letterhead.company }}", bold=True, size=14, color=ACCENT)
    tag(left, "{%p endif %}")
    tag(left, "{%p for line in letterhead.address_lines %}")
    _run(left.add_paragraph(), "{{ line }}", size=8.5, color=MUTED)
    tag(left, "{%p endfor %}")
    right.paragraphs[0].text = ""
    for key, expression in (("phone", t["phone"]), ("email", t["email"]), ("website", t["website"])):
        tag(right, f"{{%p if letterhead.{key} %}}")
        paragraph = right.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(paragraph, expression, size=8.5, color=MUTED)
        tag(right, "{%p endif %}")
    first = header.paragraphs[0]._p
    first.getparent().remove(first)  # the default empty paragraph would sit above the letterhead
    _bottom_border(header.add_paragraph())


def _footer(doc: DocxDocument, t: Texts) -> None:
    footer = doc.sections[0].footer
    line = footer.paragraphs[0]
    _top_border(line)
    line.paragraph_format.tab_stops.add_tab_stop(CONTENT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    _run(line, "{% if document.reference %}{{ document.reference }} · {% endif %}{{ document.date|date }}",
         size=8, color=MUTED)
    _run(line, "\t" + t["page"] + " ", size=8, color=MUTED)
    _field(line, "PAGE")
    _run(line, " " + t["of"] + " ", size=8, color=MUTED)
    _field(line, "NUMPAGES")
    tag(footer, "{%p if letterhead.registration %}")
    registration = footer.add_paragraph()
    _run(registration, "{% if letterhead.company %}{{ letterhead.company }} · {% endif %}"
         "{{ letterhead.registration }}", size=7.5, color=MUTED)
    tag(footer, "{%p endif %}")


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as begin / instruction / separate / cached value / end runs."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(8)
        run.font.color.rgb = MUTED
        if kind is not None:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text.strip() == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def _border(paragraph: Paragraph, side: str) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", ACCENT_HEX)):
        edge.set(qn(key), value)
    borders.append(edge)
    ppr.append(borders)


def _bottom_border(paragraph: Paragraph) -> None:
    _border(paragraph, "bottom")


def _top_border(paragraph: Paragraph) -> None:
    _border(paragraph, "top")


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    tbl_pr.append(borders)


def _shade(cell: _Cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(key), value)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row_element: object) -> None:
    tr_pr = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _run(paragraph: Paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
         color: RGBColor | None = None) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size is not None:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color


# --- content helpers --------------------------------------------------------------------------------------------

Container = DocxDocument | _Cell


def tag(container: Container | object, text: str) -> None:
    """A paragraph holding only a docxtpl ``{%p ... %}`` tag (docxtpl removes the paragraph itself)."""
    container.add_paragraph(text)  # type: ignore[attr-defined]


def heading(doc: DocxDocument, text: str, level: int = 1) -> None:
    doc.add_heading(text, level)


def para(container: Container, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
         align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = False, after: float | None = None) -> Paragraph:
    paragraph = container.add_paragraph()
    _run(paragraph, text, bold=bold, italic=italic, size=size)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.left_indent = Cm(1.0)
        paragraph.paragraph_format.right_indent = Cm(1.0)
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def if_else(doc: DocxDocument, condition: str, body: Callable[[], None], otherwise: str) -> None:
    """``body`` when ``condition`` holds, else the sentence ``otherwise`` (in italics)."""
    tag(doc, f"{{%p if {condition} %}}")
    body()
    tag(doc, "{%p else %}")
    para(doc, otherwise, italic=True)
    tag(doc, "{%p endif %}")


def _grid_table(doc: DocxDocument, columns: int, widths: Sequence[float]) -> Table:
    table = doc.add_table(rows=0, cols=columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    return table


def _fill_row(table: Table, values: Sequence[str], widths: Sequence[float], *, header: bool = False,
              size: float = 9) -> None:
    row = table.add_row()
    for cell, value, width in zip(row.cells, values, widths, strict=True):
        cell.width = Cm(width)
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        if header:
            _shade(cell, ACCENT_HEX)
            _run(paragraph, value, bold=True, size=size, color=RGBColor(0xFF, 0xFF, 0xFF))
        else:
            _run(paragraph, value, size=size)
    if header:
        _repeat_header(row._tr)


def _tag_row(table: Table, text: str, widths: Sequence[float]) -> None:
    """A row holding only a docxtpl ``{%tr ... %}`` tag (docxtpl replaces the whole row by the tag)."""
    _fill_row(table, [text] + [""] * (len(widths) - 1), widths)


# Widest glyph advance per point of font size, in cm, with margin: LibreOffice substitutes a wider font (DejaVu
# Sans) where Calibri is missing, and a header that does not fit breaks mid-word ("Quantit|y", "Messzeitra|um").
_CM_PER_CHAR_PT = 0.72 / 28.35
_CELL_PADDING_CM = 0.45


def fit_widths(widths: Sequence[float], words: Sequence[Sequence[str]], size: float) -> list[float]:
    """``widths`` (cm) changed so each column holds its longest word on one line; the room comes from the columns
    with the most slack, and the table keeps its total width."""
    need = [max((len(w) for text in column for w in text.split()), default=0) * size * _CM_PER_CHAR_PT
            + _CELL_PADDING_CM for column in words]
    fitted = list(widths)
    for i, minimum in enumerate(need):
        while fitted[i] < minimum - 0.01:  # rounded widths of an earlier fit stay fitted
            donor = max((j for j in range(len(fitted)) if j != i), key=lambda j: fitted[j] - need[j])
            give = min(minimum - fitted[i], fitted[donor] - need[donor])
            if give <= 0.01:
                raise ValueError(f"the table's columns cannot hold their words: {words}")
            fitted[donor] -= give
            fitted[i] += give
    return [round(w, 2) for w in fitted]


def loop_table(doc: DocxDocument, headers: Sequence[str], loop: str, cells: Sequence[str],
               widths: Sequence[float], *, size: float = 9, words: Sequence[Sequence[str]] = ()) -> Table:
    """A table with a header row and one row per item of ``loop`` ("sla in contract.sla"); ``words`` are the
    fixed words a column's cells can show (labels), which must fit like the header."""
    extra = list(words) + [()] * (len(headers) - len(words))
    widths = fit_widths(widths, [[h, *more] for h, more in zip(headers, extra, strict=True)], size)
    table = _grid_table(doc, len(headers), widths)
    _fill_row(table, headers, widths, header=True, size=size)
    _tag_row(table, f"{{%tr for {loop} %}}", widths)
    _fill_row(table, cells, widths, size=size)
    _tag_row(table, "{%tr endfor %}", widths)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
    return table


def facts_table(doc: DocxDocument, rows: Sequence[tuple[str, str] | tuple[str, str, str]],
                widths: Sequence[float] = (5.0, 11.0)) -> Table:
    """A two-column label/value table; a row with a third element is shown only when that condition holds."""
    table = _grid_table(doc, 2, widths)
    for row in rows:
        if len(row) == 3:
            _tag_row(table, f"{{%tr if {row[2]} %}}", widths)
        _fill_row(table, [row[0], row[1]], widths)
        _shade(table.rows[-1].cells[0], LIGHT_HEX)
        table.rows[-1].cells[0].paragraphs[0].runs[0].bold = True
        if len(row) == 3:
            _tag_row(table, "{%tr endif %}", widths)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
    return table


def stated(expression: str, formatted: str, missing: str) -> str:
    """``formatted`` when ``expression`` is set, else the words for "not stated"."""
    return f"{{% if {expression} %}}{formatted}{{% else %}}{missing}{{% endif %}}"


def page_of(evidence: str, t: Texts) -> str:
    return f"{{% if {evidence}.page %}}{t['p']} {{{{ {evidence}.page }}}}{{% endif %}}"


def title_block(doc: DocxDocument, title: str, subtitle: str) -> None:
    doc.add_paragraph(title, style="Title")
    para(doc, subtitle, bold=True, size=12, after=10)


def save(doc: DocxDocument, stem: str) -> Path:
    path = HERE / f"{stem}.docx"
    doc.save(str(path))
    return path


# --- shared words -----------------------------------------------------------------------------------------------

COMMON: dict[str, Texts] = {
    "en": {
        "phone": "Tel. {{ letterhead.phone }}", "email": "{{ letterhead.email }}",
        "website": "{{ letterhead.website }}",
        "page": "Page", "of": "of", "p": "p.", "missing": "Not stated", "all_sites": "All sites",
    },
    "de": {
        "phone": "Tel. {{ letterhead.phone }}", "email": "{{ letterhead.email }}",
        "website": "{{ letterhead.website }}",
        "page": "Seite", "of": "von", "p": "S.", "missing": "Nicht angegeben", "all_sites": "Alle Standorte",
    },
}  # fmt: skip


def quoted(text: str, language: str) -> str:
    return f"„{text}“" if language == "de" else f"\u201c{text}\u201d"


def _party(path: str) -> str:
    return f"{{% if {path} %}}{{{{ {path}.name }}}}{{% endif %}}"


# --- 1. process documentation -----------------------------------------------------------------------------------

PROCESS: dict[str, Texts] = {
    "en": {
        "title": "Service Delivery Process Documentation",
        "subtitle": "{{ contract.title|default('Service agreement', true) }}",
        "overview": "1. Contract overview", "contract": "Contract", "customer": "Customer", "supplier": "Supplier",
        "status": "Status", "revision": "Record revision", "law": "Governing law", "term": "Initial term",
        "renewal": "Renewal",
        "renewal_text": "{% if contract.auto_renewal %}Renews automatically{% if contract.renewal_term %} for "
                        "{{ contract.renewal_term|duration }}{% endif %}{% if contract.renewal_notice_period %} "
                        "unless notice is given {{ contract.renewal_notice_period|duration }} in advance{% endif %}"
                        "{% elif contract.auto_renewal == false %}No automatic renewal{% else %}Not stated{% endif %}",
        "termination": "Termination notice", "prepared": "Prepared by", "date": "Date",
        "parties": "2. Parties and contacts", "parties_h": "2.1 Parties", "contacts_h": "2.2 Contacts",
        "name": "Name", "role": "Role", "defined_as": "Defined as", "address": "Address",
        "organisation": "Organisation", "email_h": "E-mail", "phone_h": "Phone",
        "no_parties": "No parties were recorded for this contract.",
        "no_contacts": "No contacts were recorded for this contract.",
        "scope": "3. Scope of services", "in_scope": "3.1 Services in scope", "out_scope": "3.2 Services out of scope",
        "service": "Service", "description": "Description", "sites": "Sites", "source": "Source",
        "no_in_scope": "The contract does not list the services in scope.",
        "no_out_scope": "The contract lists no exclusions from the scope.",
        "sla": "4. Service levels", "sla_h": "4.1 Service level matrix", "metric": "Metric", "priority": "Priority",
        "target": "Target", "cover": "Hours of cover", "period": "Measurement period",
        "no_sla": "No SLA terms were found in the contract.",
        "exclusions": "The service levels exclude: {{ contract.sla_exclusions|map('label')|join('; ') }}.",
        "credits_h": "4.2 Service credits", "threshold": "Threshold", "credit": "Credit", "basis": "Basis",
        "no_credits": "The contract defines no service credits.",
        "cap": "Service credits are capped at {% if contract.service_credit_cap.percent %}"
               "{{ contract.service_credit_cap.percent|percent }}{% if contract.service_credit_cap.basis %} of the "
               "{{ contract.service_credit_cap.basis }}{% endif %}{% else %}{{ contract.service_credit_cap.amount|"
               "money(contract.service_credit_cap.currency) }}{% endif %}.",
        "escalation": "5. Escalation path", "level": "Level", "contact": "Contact", "after": "Escalate after",
        "no_escalation": "The contract defines no escalation path.",
        "billing": "6. Billing and payment", "currency": "Currency", "payment_terms": "Payment terms",
        "payment_text": "{{ contract.pricing.payment_terms_days }} days from the invoice date",
        "minimum": "Minimum commitment", "prices_h": "6.1 Prices", "unit": "Unit", "quantity": "Quantity",
        "frequency": "Frequency", "unit_price": "Unit price", "no_prices": "No prices were found in the contract.",
        "review": "7. Price review", "index": "Index", "review_frequency": "Review frequency",
        "cap_h": "Cap", "floor_h": "Floor", "fixed": "Fixed percentage", "base_date": "Base date",
        "notice": "Notice period", "next_price_review": "Next price review", "none": "None",
        "no_review": "The contract contains no price-review clause; prices are fixed for the term.",
        "dates": "8. Key dates", "agreement_date": "Agreement date", "effective_date": "Effective date",
        "expiration_date": "Expiry date", "renewal_date": "Renewal date",
        "notice_deadline": "Notice deadline (last day to give notice)",
        "references": "9. Document references", "reference": "Reference", "document": "Document", "page": "Page",
        "quote": "Quote", "no_references": "No document references were recorded.",
        "documents_h": "Source documents", "filename": "File name", "type": "Type", "uploaded": "Uploaded",
        "checksum": "SHA-256", "no_documents": "No source documents were recorded.",
        "control": "This document was generated from revision {{ contract.revision }} of the contract record on "
                   "{{ document.date|date }}. Page references point to the source documents listed above.",
    },
    "de": {
        "title": "Prozessdokumentation Service Delivery",
        "subtitle": "{{ contract.title|default('Dienstleistungsvertrag', true) }}",
        "overview": "1. Vertragsübersicht", "contract": "Vertrag", "customer": "Kunde", "supplier": "Auftragnehmer",
        "status": "Status", "revision": "Datensatz-Revision", "law": "Anwendbares Recht", "term": "Erstlaufzeit",
        "renewal": "Verlängerung",
        "renewal_text": "{% if contract.auto_renewal %}Verlängert sich automatisch{% if contract.renewal_term %} "
                        "um {{ contract.renewal_term|duration }}{% endif %}{% if contract.renewal_notice_period %}, "
                        "sofern nicht fristgerecht gekündigt wird (Kündigungsfrist: "
                        "{{ contract.renewal_notice_period|duration }}){% endif %}"
                        "{% elif contract.auto_renewal == false %}Keine automatische Verlängerung"
                        "{% else %}Nicht angegeben{% endif %}",
        "termination": "Kündigungsfrist", "prepared": "Erstellt von", "date": "Datum",
        "parties": "2. Vertragsparteien und Ansprechpartner", "parties_h": "2.1 Vertragsparteien",
        "contacts_h": "2.2 Ansprechpartner", "name": "Name", "role": "Rolle", "defined_as": "Bezeichnet als",
        "address": "Anschrift", "organisation": "Organisation", "email_h": "E-Mail", "phone_h": "Telefon",
        "no_parties": "Für diesen Vertrag sind keine Vertragsparteien erfasst.",
        "no_contacts": "Für diesen Vertrag sind keine Ansprechpartner erfasst.",
        "scope": "3. Leistungsumfang", "in_scope": "3.1 Enthaltene Leistungen",
        "out_scope": "3.2 Ausgeschlossene Leistungen", "service": "Leistung", "description": "Beschreibung",
        "sites": "Standorte", "source": "Quelle",
        "no_in_scope": "Der Vertrag führt die enthaltenen Leistungen nicht auf.",
        "no_out_scope": "Der Vertrag nennt keine Ausschlüsse vom Leistungsumfang.",
        "sla": "4. Service Level", "sla_h": "4.1 Service-Level-Matrix", "metric": "Kennzahl", "priority": "Priorität",
        "target": "Zielwert", "cover": "Servicezeit", "period": "Messzeitraum",
        "no_sla": "Im Vertrag wurden keine SLA-Regelungen gefunden.",
        "exclusions": "Von den Service Levels ausgenommen: {{ contract.sla_exclusions|map('label')|join('; ') }}.",
        "credits_h": "4.2 Gutschriften (Service Credits)", "threshold": "Schwelle", "credit": "Gutschrift",
        "basis": "Bezugsgröße", "no_credits": "Der Vertrag sieht keine Gutschriften vor.",
        "cap": "Gutschriften sind begrenzt auf {% if contract.service_credit_cap.percent %}"
               "{{ contract.service_credit_cap.percent|percent }}{% if contract.service_credit_cap.basis %} der "
               "Bezugsgröße „{{ contract.service_credit_cap.basis }}“{% endif %}{% else %}"
               "{{ contract.service_credit_cap.amount|money(contract.service_credit_cap.currency) }}{% endif %}.",
        "escalation": "5. Eskalationsweg", "level": "Stufe", "contact": "Kontakt", "after": "Eskalation nach",
        "no_escalation": "Der Vertrag legt keinen Eskalationsweg fest.",
        "billing": "6. Abrechnung und Zahlung", "currency": "Währung", "payment_terms": "Zahlungsziel",
        "payment_text": "{{ contract.pricing.payment_terms_days }} Tage ab Rechnungsdatum",
        "minimum": "Mindestabnahme", "prices_h": "6.1 Preise", "unit": "Einheit", "quantity": "Menge",
        "frequency": "Turnus", "unit_price": "Einzelpreis", "no_prices": "Im Vertrag wurden keine Preise gefunden.",
        "review": "7. Preisanpassung", "index": "Index", "review_frequency": "Turnus der Überprüfung",
        "cap_h": "Obergrenze", "floor_h": "Untergrenze", "fixed": "Fester Prozentsatz", "base_date": "Basiszeitpunkt",
        "notice": "Ankündigungsfrist", "next_price_review": "Nächste Preisanpassung", "none": "Keine",
        "no_review": "Der Vertrag enthält keine Preisanpassungsklausel; die Preise gelten fest für die Laufzeit.",
        "dates": "8. Wichtige Termine", "agreement_date": "Vertragsdatum", "effective_date": "Vertragsbeginn",
        "expiration_date": "Vertragsende", "renewal_date": "Verlängerungsdatum",
        "notice_deadline": "Kündigungsstichtag (letzter Tag für die Kündigung)",
        "references": "9. Fundstellen", "reference": "Regelung", "document": "Dokument", "page": "Seite",
        "quote": "Zitat", "no_references": "Es sind keine Fundstellen erfasst.",
        "documents_h": "Quelldokumente", "filename": "Dateiname", "type": "Art", "uploaded": "Hochgeladen",
        "checksum": "SHA-256", "no_documents": "Es sind keine Quelldokumente erfasst.",
        "control": "Dieses Dokument wurde am {{ document.date|date }} aus Revision {{ contract.revision }} des "
                   "Vertragsdatensatzes erstellt. Seitenangaben beziehen sich auf die oben genannten Quelldokumente.",
    },
}  # fmt: skip


def build_process_documentation(language: str) -> Path:
    t = COMMON[language] | PROCESS[language]
    doc = new_document(language, t["title"], t)
    title_block(doc, t["title"], t["subtitle"])
    missing = t["missing"]

    heading(doc, t["overview"])
    facts_table(doc, [
        (t["contract"], stated("contract.title", "{{ contract.title }}{% if contract.document_type %} "
                                                 "({{ contract.document_type|label }}){% endif %}", missing)),
        (t["customer"], stated("contract.customer", _party("contract.customer"), missing)),
        (t["supplier"], stated("contract.supplier", _party("contract.supplier"), missing)),
        (t["status"], "{{ contract.status|label }}"),
        (t["law"], stated("contract.governing_law", "{{ contract.governing_law|label }}", missing)),
        (t["term"], stated("contract.initial_term", "{{ contract.initial_term|duration }}", missing)),
        (t["renewal"], t["renewal_text"]),
        (t["termination"], stated("contract.termination_notice_period",
                                  "{{ contract.termination_notice_period|duration }}", missing)),
        (t["prepared"], "{{ document.author }}", "document.author"),
        (t["date"], "{{ document.date|date }}"),
        (t["revision"], "{{ contract.revision }}"),
    ])

    heading(doc, t["parties"])
    heading(doc, t["parties_h"], 2)
    if_else(doc, "contract.parties", lambda: loop_table(
        doc, [t["name"], t["role"], t["defined_as"], t["address"]], "party in contract.parties",
        ["{{ party.name }}", "{{ party.role|label }}",
         "{% if party.defined_as %}" + quoted("{{ party.defined_as }}", language) + "{% endif %}",
         "{{ party.address }}"],
        [5.0, 3.0, 3.0, 5.0]), t["no_parties"])
    heading(doc, t["contacts_h"], 2)
    if_else(doc, "contract.contacts", lambda: loop_table(
        doc, [t["name"], t["role"], t["organisation"], t["email_h"], t["phone_h"]], "person in contract.contacts",
        ["{{ person.name }}", "{{ person.role }}", "{{ person.organisation }}", "{{ person.email }}",
         "{{ person.phone }}"], [3.2, 3.2, 3.6, 3.4, 2.6]), t["no_contacts"])

    heading(doc, t["scope"])
    for key, path, empty in (("in_scope", "contract.scope.in_scope", "no_in_scope"),
                             ("out_scope", "contract.scope.out_of_scope", "no_out_scope")):
        heading(doc, t[key], 2)
        if_else(doc, path, lambda path=path: loop_table(
            doc, [t["description"], t["service"], t["sites"], t["source"]], f"entry in {path}",
            ["{{ entry.text }}", "{{ entry.service }}",
             f"{{% if entry.sites %}}{{{{ entry.sites|join(', ') }}}}{{% else %}}{t['all_sites']}{{% endif %}}",
             page_of("entry.evidence", t)], [7.0, 3.5, 3.5, 2.0]), t[empty])

    heading(doc, t["sla"])
    heading(doc, t["sla_h"], 2)

    def sla_matrix() -> None:
        loop_table(doc, [t["service"], t["metric"], t["priority"], t["target"], t["cover"], t["period"]],
                   "sla in contract.sla",
                   ["{{ sla.service }}", "{{ sla.metric|label }}", "{{ sla.priority }}", "{{ sla|target }}",
                    "{{ sla.hours_of_cover }}", "{{ sla.measurement_period|label }}"],
                   [2.7, 2.7, 2.1, 2.3, 3.0, 3.2])
        tag(doc, "{%p if contract.sla_exclusions %}")
        para(doc, t["exclusions"], size=9)
        tag(doc, "{%p endif %}")

    if_else(doc, "contract.sla", sla_matrix, t["no_sla"])
    heading(doc, t["credits_h"], 2)
    def credits() -> None:
        loop_table(
            doc, [t["metric"], t["threshold"], t["credit"], t["basis"], t["source"]],
            "credit in contract.service_credits",
            ["{{ credit.metric|label }}", "{{ credit.threshold }}",
             "{% if credit.credit_percent %}{{ credit.credit_percent|percent }}{% elif credit.credit_amount %}"
             "{{ credit.credit_amount|money(credit.currency) }}{% endif %}", "{{ credit.basis }}",
             page_of("credit.evidence", t)], [3.0, 3.5, 2.5, 5.0, 2.0])
        # inside the credits branch: "no service credits" next to "credits are capped" contradicts itself
        tag(doc, "{%p if contract.service_credit_cap and (contract.service_credit_cap.percent or "
                 "contract.service_credit_cap.amount) %}")
        para(doc, t["cap"])
        tag(doc, "{%p endif %}")

    if_else(doc, "contract.service_credits", credits, t["no_credits"])

    heading(doc, t["escalation"])
    if_else(doc, "contract.escalation", lambda: loop_table(
        doc, [t["level"], t["name"], t["role"], t["organisation"], t["contact"], t["after"]],
        "step in contract.escalation",
        ["{{ step.level }}", "{{ step.name }}", "{{ step.role }}", "{{ step.organisation }}", "{{ step.contact }}",
         "{{ step.after }}"], [1.4, 3.0, 3.2, 3.4, 3.0, 2.0]), t["no_escalation"])

    heading(doc, t["billing"])
    facts_table(doc, [
        (t["currency"], stated("contract.pricing.currency", "{{ contract.pricing.currency }}", missing)),
        (t["payment_terms"], stated("contract.pricing.payment_terms_days", t["payment_text"], missing)),
        (t["minimum"], stated("contract.pricing.minimum_commitment",
                              "{{ contract.pricing.minimum_commitment.amount|money(contract.pricing.minimum_commitment"
                              ".currency or contract.pricing.currency) }}{% if contract.pricing.minimum_commitment"
                              ".frequency %} ({{ contract.pricing.minimum_commitment.frequency|label }}){% endif %}",
                              missing)),
    ])
    heading(doc, t["prices_h"], 2)
    if_else(doc, "contract.pricing.items", lambda: loop_table(
        doc, [t["description"], t["unit"], t["quantity"], t["frequency"], t["unit_price"], t["source"]],
        "item in contract.pricing.items",
        ["{{ item.description }}", "{{ item.unit }}", "{{ item.quantity|number }}", "{{ item.frequency|label }}",
         "{{ item.unit_price|money(item.currency or contract.pricing.currency) }}", page_of("item.evidence", t)],
        [4.0, 2.2, 2.2, 2.4, 3.2, 2.0]), t["no_prices"])

    heading(doc, t["review"])
    review = "contract.pricing.price_review"

    def review_rules() -> None:
        facts_table(doc, [
            (t["index"], f"{{{{ {review}.index|label }}}}"),
            (t["review_frequency"], stated(f"{review}.frequency", f"{{{{ {review}.frequency|label }}}}", missing)),
            (t["fixed"], f"{{{{ {review}.fixed_percent|percent }}}}", f"{review}.fixed_percent"),
            (t["cap_h"], stated(f"{review}.cap_percent", f"{{{{ {review}.cap_percent|percent }}}}", t["none"])),
            (t["floor_h"], stated(f"{review}.floor_percent", f"{{{{ {review}.floor_percent|percent }}}}", t["none"])),
            (t["base_date"], f"{{{{ {review}.base_date }}}}", f"{review}.base_date"),
            (t["notice"], stated(f"{review}.notice_period", f"{{{{ {review}.notice_period|duration }}}}", missing)),
            (t["next_price_review"], "{{ contract.dates.next_price_review|date }}", "contract.dates.next_price_review"),
        ])
        tag(doc, f"{{%p if {review}.evidence.quote %}}")
        para(doc, quoted(f"{{{{ {review}.evidence.quote }}}}", language), italic=True, indent=True)
        para(doc, f"{{% if {review}.evidence.document %}}{{{{ {review}.evidence.document }}}}{{% endif %}}"
                  f"{{% if {review}.evidence.document and {review}.evidence.page %}}, {{% endif %}}"
                  + page_of(f"{review}.evidence", t), size=8.5, indent=True)
        tag(doc, "{%p endif %}")

    if_else(doc, review, review_rules, t["no_review"])

    heading(doc, t["dates"])
    dates = "contract.dates"
    facts_table(doc, [(t[key], stated(f"{dates}.{key}", f"{{{{ {dates}.{key}|date }}}}", missing)) for key in
                      ("agreement_date", "effective_date", "expiration_date", "renewal_date", "notice_deadline",
                       "next_price_review")], widths=(7.0, 9.0))

    heading(doc, t["references"])
    if_else(doc, "contract.references", lambda: loop_table(
        doc, [t["reference"], t["document"], t["page"], t["quote"]], "ref in contract.references",
        ["{{ ref.label }}", "{{ ref.document }}", "{{ ref.page }}", "{{ ref.quote }}"], [3.5, 3.5, 1.4, 7.6]),
        t["no_references"])
    heading(doc, t["documents_h"], 2)
    if_else(doc, "contract.documents", lambda: loop_table(
        doc, [t["filename"], t["type"], t["uploaded"], t["checksum"]], "source in contract.documents",
        ["{{ source.filename }}", "{{ source.document_type|label }}", "{{ source.uploaded|date }}",
         "{{ source.sha256 }}"], [4.0, 2.5, 2.7, 6.8], size=8), t["no_documents"])
    para(doc, t["control"], italic=True, size=8.5)
    return save(doc, f"process-documentation-{language}")


# --- 2. change request ------------------------------------------------------------------------------------------

CHANGE: dict[str, Texts] = {
    "en": {
        "title": "Change Request", "subtitle": "{{ change_request.reference }} · {{ change_request.title }}",
        "missing_cr": "No change request was supplied for this document.",
        "details": "1. Request details", "reference": "Reference", "title_h": "Title", "contract": "Contract",
        "customer": "Customer", "customer_address": "Customer address",
        "requester": "Requested by", "requested": "Requested on", "status": "Status",
        "implementation": "Planned implementation", "tbc": "To be agreed",
        "description": "2. Description of the change", "no_description": "No description was given.",
        "items": "3. Affected services and sites", "item": "Item", "service": "Service", "site": "Site",
        "qty": "Qty", "check": "Scope", "basis": "Matched scope item", "within": "Within scope",
        "decide": "Needs a decision",
        "no_items": "The request lists no individual services or sites.",
        "summary": "4. Scope check summary",
        "summary_text": "Of {{ change_request.items|length }} requested item(s), "
                        "{{ change_request.items|selectattr('classification', 'equalto', 'in_scope')|list|length }} "
                        "are covered by the existing scope, "
                        "{{ change_request.items|selectattr('classification', 'equalto', 'out_of_scope')|list|length }}"
                        " fall outside it and "
                        "{{ change_request.items|selectattr('classification', 'equalto', 'unclear')|list|length }} "
                        "need a decision.",
        "summary_note": "Items outside the contracted scope, or unclear items confirmed as additional, are charged "
                        "as set out in section 5 once this request is approved.",
        "summary_all_in": "All requested items are covered by the existing scope of the contract.",
        "impact": "5. Price impact",
        "impact_text": "{{ change_request.price_impact.amount|money(change_request.price_impact.currency or "
                       "contract.pricing.currency) }}{% if change_request.price_impact.frequency %} "
                       "({{ change_request.price_impact.frequency|label }}){% endif %}"
                       "{% if change_request.price_impact.description %}: "
                       "{{ change_request.price_impact.description }}{% endif %}",
        "no_impact": "No price impact has been stated for this change.",
        "impact_label": "Estimated price impact",
        "schedule": "6. Implementation",
        "schedule_text": "{% if change_request.implementation_date %}The change is planned to be implemented on "
                         "{{ change_request.implementation_date|date }}.{% else %}The implementation date will be "
                         "agreed once the change is approved.{% endif %} All other terms of the contract "
                         "remain unchanged.",
        "approval": "7. Approval", "role": "Role", "name": "Name", "decision": "Decision", "date": "Date",
        "comment": "Comment", "signature": "Signature", "pending": "Pending",
        "approval_note": "By signing, the parties agree to the change described above.",
        "customer_role": "Customer", "supplier_role": "Supplier",
    },
    "de": {
        "title": "Änderungsantrag", "subtitle": "{{ change_request.reference }} · {{ change_request.title }}",
        "missing_cr": "Für dieses Dokument wurde kein Änderungsantrag übergeben.",
        "details": "1. Angaben zum Antrag", "reference": "Referenz", "title_h": "Titel", "contract": "Vertrag",
        "customer": "Kunde", "customer_address": "Anschrift des Kunden",
        "requester": "Beantragt von", "requested": "Beantragt am", "status": "Status",
        "implementation": "Geplante Umsetzung", "tbc": "Noch festzulegen",
        "description": "2. Beschreibung der Änderung", "no_description": "Es wurde keine Beschreibung angegeben.",
        "items": "3. Betroffene Leistungen und Standorte", "item": "Position", "service": "Leistung",
        "site": "Standort", "qty": "Menge", "check": "Prüfung", "basis": "Zugeordnete Vertragsleistung",
        "within": "Im Umfang enthalten", "decide": "Entscheidung erforderlich",
        "no_items": "Der Antrag nennt keine einzelnen Leistungen oder Standorte.",
        "summary": "4. Ergebnis der Leistungsumfangsprüfung",
        "summary_text": "Von {{ change_request.items|length }} beantragten Positionen sind "
                        "{{ change_request.items|selectattr('classification', 'equalto', 'in_scope')|list|length }} "
                        "durch den bestehenden Leistungsumfang abgedeckt, "
                        "{{ change_request.items|selectattr('classification', 'equalto', 'out_of_scope')|list|length }}"
                        " liegen außerhalb und "
                        "{{ change_request.items|selectattr('classification', 'equalto', 'unclear')|list|length }} "
                        "erfordern eine Entscheidung.",
        "summary_note": "Positionen außerhalb des vereinbarten Leistungsumfangs sowie unklare Positionen, die als "
                        "Zusatzleistung bestätigt werden, werden nach Genehmigung gemäß Abschnitt 5 berechnet.",
        "summary_all_in": "Alle beantragten Positionen sind durch den bestehenden Leistungsumfang abgedeckt.",
        "impact": "5. Auswirkung auf die Preise",
        "impact_text": "{{ change_request.price_impact.amount|money(change_request.price_impact.currency or "
                       "contract.pricing.currency) }}{% if change_request.price_impact.frequency %} "
                       "({{ change_request.price_impact.frequency|label }}){% endif %}"
                       "{% if change_request.price_impact.description %}: "
                       "{{ change_request.price_impact.description }}{% endif %}",
        "no_impact": "Für diese Änderung wurde keine Preisauswirkung angegeben.",
        "impact_label": "Geschätzte Preisauswirkung",
        "schedule": "6. Umsetzung",
        "schedule_text": "{% if change_request.implementation_date %}Die Umsetzung ist für den "
                         "{{ change_request.implementation_date|date }} geplant.{% else %}Der Umsetzungstermin wird "
                         "nach Genehmigung der Änderung vereinbart.{% endif %} Alle übrigen Bestimmungen des Vertrags "
                         "bleiben unverändert.",
        "approval": "7. Genehmigung", "role": "Rolle", "name": "Name", "decision": "Entscheidung", "date": "Datum",
        "comment": "Anmerkung", "signature": "Unterschrift", "pending": "Offen",
        "approval_note": "Mit ihrer Unterschrift stimmen die Parteien der oben beschriebenen Änderung zu.",
        "customer_role": "Kunde", "supplier_role": "Auftragnehmer",
    },
}  # fmt: skip

SIGNATURE_LINE = "______________________"


def build_change_request(language: str) -> Path:
    t = COMMON[language] | CHANGE[language]
    doc = new_document(language, t["title"], t)
    tag(doc, "{%p if change_request %}")
    title_block(doc, t["title"], t["subtitle"])
    cr = "change_request"

    heading(doc, t["details"])
    facts_table(doc, [
        (t["reference"], f"{{{{ {cr}.reference }}}}", f"{cr}.reference"),
        (t["title_h"], f"{{{{ {cr}.title }}}}"),
        (t["contract"], "{{ contract.title }}", "contract.title"),
        (t["customer"], _party("contract.customer"), "contract.customer"),
        (t["customer_address"], "{{ contract.customer.address }}", "contract.customer and contract.customer.address"),
        (t["requester"], stated(f"{cr}.requester", f"{{{{ {cr}.requester }}}}", t["missing"])),
        (t["requested"], stated(f"{cr}.requested_date", f"{{{{ {cr}.requested_date|date }}}}", t["missing"])),
        (t["status"], f"{{{{ {cr}.status|label }}}}"),
        (t["implementation"], stated(f"{cr}.implementation_date", f"{{{{ {cr}.implementation_date|date }}}}",
                                     t["tbc"])),
    ])

    heading(doc, t["description"])
    if_else(doc, f"{cr}.description", lambda: para(doc, f"{{{{ {cr}.description }}}}"), t["no_description"])

    heading(doc, t["items"])
    if_else(doc, f"{cr}.items", lambda: loop_table(
        doc, [t["item"], t["site"], t["qty"], t["check"], t["basis"]], f"item in {cr}.items",
        ["{{ item.description }}{% if item.service %} ({{ item.service }}){% endif %}", "{{ item.site }}",
         "{{ item.quantity|number }}",
         # the customer sees the decision, not the matcher's reasoning ("shared words: …")
         f"{{% if item.classification == 'in_scope' %}}{t['within']}{{% else %}}{t['decide']}{{% endif %}}",
         "{% if item.matched_scope %}{{ item.matched_scope.text }}{% if item.matched_scope.evidence.page %} "
         f"({t['p']} {{{{ item.matched_scope.evidence.page }}}}){{% endif %}}{{% else %}}—{{% endif %}}"],
        [4.4, 2.2, 1.6, 2.8, 5.0], size=8.5, words=[(), (), (), (t["within"], t["decide"])]), t["no_items"])

    heading(doc, t["summary"])

    def summary() -> None:
        para(doc, t["summary_text"])
        tag(doc, f"{{%p if {cr}.items|selectattr('classification', 'equalto', 'in_scope')|list|length == "
                 f"{cr}.items|length %}}")
        para(doc, t["summary_all_in"])
        tag(doc, "{%p else %}")
        para(doc, t["summary_note"])
        tag(doc, "{%p endif %}")

    if_else(doc, f"{cr}.items", summary, t["no_items"])

    heading(doc, t["impact"])
    if_else(doc, f"{cr}.price_impact and {cr}.price_impact.amount",
            lambda: facts_table(doc, [(t["impact_label"], t["impact_text"])]), t["no_impact"])

    heading(doc, t["schedule"])
    para(doc, t["schedule_text"])

    heading(doc, t["approval"])
    para(doc, t["approval_note"])
    headers = [t["role"], t["name"], t["decision"], t["date"], t["comment"], t["signature"]]
    roles = ("Requester", "Approver") if language == "en" else ("Antragsteller", "Genehmiger")  # |label of roles
    widths = fit_widths([2.4, 3.0, 2.8, 2.6, 2.4, 2.8], [
        [t["role"], t["customer_role"], t["supplier_role"], *roles], [t["name"]], [t["decision"], t["pending"]],
        [t["date"]], [t["comment"]], [t["signature"]]], 9)

    def approvals() -> None:
        table = loop_table(doc, headers, f"approval in {cr}.approvals",
                           ["{{ approval.role|label }}", "{{ approval.name }}",
                            f"{{% if approval.decision %}}{{{{ approval.decision|label }}}}{{% else %}}{t['pending']}"
                            "{% endif %}", "{{ approval.date|date }}", "{{ approval.comment }}",
                            SIGNATURE_LINE], widths)
        _tall_rows(table)

    def blank_approvals() -> None:
        table = _grid_table(doc, len(headers), widths)
        _fill_row(table, headers, widths, header=True)
        for role in (t["customer_role"], t["supplier_role"]):
            _fill_row(table, [role, "", "", "", "", SIGNATURE_LINE], widths)
        _tall_rows(table)

    tag(doc, f"{{%p if {cr}.approvals %}}")
    approvals()
    tag(doc, "{%p else %}")
    blank_approvals()
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, t["missing_cr"], italic=True)
    tag(doc, "{%p endif %}")
    return save(doc, f"change-request-{language}")


def _tall_rows(table: Table) -> None:
    """Room to sign: data rows at least 1.2 cm high."""
    for row in table.rows[1:]:
        row.height = Cm(1.2)


# --- 3. price-review letter -------------------------------------------------------------------------------------

LETTER: dict[str, Texts] = {
    "en": {
        "title": "Price review", "our_ref": "Our reference", "date_line": "{{ document.date|date }}",
        "missing_pr": "No price review was supplied for this letter.",
        "subject": "Price review with effect from {{ price_review.effective_date|date }}",
        "salutation": "Dear Sir or Madam,",
        "intro": "In accordance with the price-review provisions of our agreement"
                 "{% if contract.dates.agreement_date %} dated "
                 "{{ contract.dates.agreement_date|date }}{% endif %}, we have carried out the "
                 "{% if price_review.clause.frequency %}{{ price_review.clause.frequency|label|lower }} "
                 "{% endif %}price review as of {{ price_review.review_date|date }}.",
        "basis_h": "Contractual basis",
        "basis": "{% if price_review.mode == 'index' %}The agreement links prices to the "
                 "{{ price_review.clause.index|label }}{% else %}The agreement provides for an agreed percentage "
                 "adjustment{% endif %}{% if price_review.clause.cap_percent %}, with a cap of "
                 "{{ price_review.clause.cap_percent|percent }}{% endif %}{% if price_review.clause.floor_percent %}"
                 "{% if price_review.clause.cap_percent %} and{% else %}, with{% endif %} a floor of "
                 "{{ price_review.clause.floor_percent|percent }}{% endif %}.",
        "clause_source": "Clause",
        "index_h": "Index values used", "index_col": "", "period": "Period", "value": "Index value",
        "base": "Base", "current": "Current", "change": "Change",
        "percent_text": "The agreed adjustment is {{ price_review.raw_percent|percent }}.",
        "cap_hit": "The change of {{ price_review.raw_percent|percent }} exceeds the agreed cap of "
                   "{{ price_review.clause.cap_percent|percent }}. Prices are therefore adjusted by the cap, "
                   "{{ price_review.percent_applied|percent }}.",
        "floor_hit": "The change of {{ price_review.raw_percent|percent }} is below the agreed floor of "
                     "{{ price_review.clause.floor_percent|percent }}. Prices are therefore adjusted by the floor, "
                     "{{ price_review.percent_applied|percent }}.",
        "within": "The change of {{ price_review.raw_percent|percent }} lies within the agreed limits and is applied "
                  "in full: prices change by {{ price_review.percent_applied|percent }}.",
        "lines_h": "New prices",
        "description": "Description", "unit": "Unit", "current_price": "Current price", "new_price": "New price",
        "difference": "Difference", "no_lines": "No prices are affected by this review.",
        "rounding": "Each new price is the current price multiplied by (1 + the percentage applied), rounded "
                    "half-up to the precision stated in the contract and at least to the currency's smallest unit.",
        "effective": "The new prices apply from {{ price_review.effective_date|date }}."
                     "{% if price_review.notice_period %} This letter is sent in accordance with the notice period "
                     "of {{ price_review.notice_period|duration }} agreed in the contract.{% endif %} All other terms "
                     "of the agreement remain unchanged.",
        "calculation_h": "Calculation",
        "calculation": "{{ line.description }}: {{ line.current_price|number }} × (1 + "
                       "{{ price_review.percent_applied|percent }}) = {{ line.new_price|number }}",
        "closing": "If you have any questions about this review, please do not hesitate to contact us.",
        "regards": "Yours faithfully,",
    },
    "de": {
        "title": "Preisanpassung", "our_ref": "Unser Zeichen", "date_line": "{{ document.date|date }}",
        "missing_pr": "Für dieses Schreiben wurde keine Preisanpassung übergeben.",
        "subject": "Preisanpassung zum {{ price_review.effective_date|date }}",
        "salutation": "Sehr geehrte Damen und Herren,",
        "intro": "gemäß der Preisanpassungsklausel unseres Vertrags"
                 "{% if contract.dates.agreement_date %} vom {{ contract.dates.agreement_date|date }}{% endif %} "
                 "haben wir die vereinbarte Preisüberprüfung zum {{ price_review.review_date|date }} durchgeführt.",
        "basis_h": "Vertragliche Grundlage",
        "basis": "{% if price_review.mode == 'index' %}Der Vertrag koppelt die Preise an den Index "
                 "{{ price_review.clause.index|label }}{% else %}Der Vertrag sieht eine Anpassung um einen "
                 "vereinbarten Prozentsatz vor{% endif %}{% if price_review.clause.cap_percent %}, begrenzt auf "
                 "höchstens {{ price_review.clause.cap_percent|percent }}{% endif %}"
                 "{% if price_review.clause.floor_percent %}{% if price_review.clause.cap_percent %} und{% else %},"
                 "{% endif %} mit einer Untergrenze von {{ price_review.clause.floor_percent|percent }}{% endif %}.",
        "clause_source": "Klausel",
        "index_h": "Verwendete Indexwerte", "index_col": "", "period": "Zeitraum", "value": "Indexwert",
        "base": "Basis", "current": "Aktuell", "change": "Veränderung",
        "percent_text": "Die vereinbarte Anpassung beträgt {{ price_review.raw_percent|percent }}.",
        "cap_hit": "Die Veränderung von {{ price_review.raw_percent|percent }} übersteigt die vereinbarte "
                   "Obergrenze von {{ price_review.clause.cap_percent|percent }}. Die Preise werden daher um die "
                   "Obergrenze, {{ price_review.percent_applied|percent }}, angepasst.",
        "floor_hit": "Die Veränderung von {{ price_review.raw_percent|percent }} liegt unter der vereinbarten "
                     "Untergrenze von {{ price_review.clause.floor_percent|percent }}. Die Preise werden daher um die "
                     "Untergrenze, {{ price_review.percent_applied|percent }}, angepasst.",
        "within": "Die Veränderung von {{ price_review.raw_percent|percent }} liegt innerhalb der vereinbarten "
                  "Grenzen und wird vollständig angewendet: Die Preise ändern sich um "
                  "{{ price_review.percent_applied|percent }}.",
        "lines_h": "Neue Preise",
        "description": "Beschreibung", "unit": "Einheit", "current_price": "Bisheriger Preis",
        "new_price": "Neuer Preis", "difference": "Differenz",
        "no_lines": "Von dieser Preisanpassung sind keine Preise betroffen.",
        "rounding": "Jeder neue Preis ergibt sich aus dem bisherigen Preis multipliziert mit (1 + angewendeter "
                    "Prozentsatz), kaufmännisch gerundet auf die im Vertrag angegebene Genauigkeit, mindestens auf "
                    "die kleinste Einheit der Währung.",
        "effective": "Die neuen Preise gelten ab dem {{ price_review.effective_date|date }}."
                     "{% if price_review.notice_period %} Dieses Schreiben erfolgt unter Einhaltung der vertraglich "
                     "vereinbarten Ankündigungsfrist ({{ price_review.notice_period|duration }}).{% endif %} "
                     "Alle übrigen Vertragsbedingungen bleiben unverändert.",
        "calculation_h": "Berechnung",
        "calculation": "{{ line.description }}: {{ line.current_price|number }} × (1 + "
                       "{{ price_review.percent_applied|percent }}) = {{ line.new_price|number }}",
        "closing": "Für Rückfragen zu dieser Preisanpassung stehen wir Ihnen gerne zur Verfügung.",
        "regards": "Mit freundlichen Grüßen",
    },
}  # fmt: skip


def build_price_review_letter(language: str) -> Path:
    t = COMMON[language] | LETTER[language]
    doc = new_document(language, t["title"], t)
    pr = "price_review"
    for party in ("document.recipient", "contract.customer"):
        tag(doc, f"{{%p {'if' if party == 'document.recipient' else 'elif'} {party} %}}")
        para(doc, f"{{{{ {party}.name }}}}", after=0)
        tag(doc, f"{{%p for line in {party}.address_lines %}}")
        para(doc, "{{ line }}", after=0)
        tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, "", after=18)
    para(doc, t["date_line"], align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)
    tag(doc, "{%p if document.reference %}")
    para(doc, f"{t['our_ref']}: {{{{ document.reference }}}}", align=WD_ALIGN_PARAGRAPH.RIGHT, size=9)
    tag(doc, "{%p endif %}")

    tag(doc, f"{{%p if {pr} %}}")
    para(doc, t["subject"], bold=True, size=11.5, after=12)
    para(doc, t["salutation"])
    para(doc, t["intro"])

    heading(doc, t["basis_h"], 2)
    para(doc, t["basis"])
    tag(doc, f"{{%p if {pr}.clause.evidence.quote %}}")
    para(doc, quoted(f"{{{{ {pr}.clause.evidence.quote }}}}", language), italic=True, indent=True, after=0)
    para(doc, f"{t['clause_source']}{{% if {pr}.clause.evidence.document %}}: {{{{ {pr}.clause.evidence.document }}}}"
              f"{{% endif %}}{{% if {pr}.clause.evidence.page %}}, {t['p']} {{{{ {pr}.clause.evidence.page }}}}"
              "{% endif %}", size=8.5, indent=True)
    tag(doc, "{%p endif %}")

    tag(doc, f"{{%p if {pr}.mode == 'index' and {pr}.index %}}")
    heading(doc, t["index_h"], 2)
    widths = [4.0, 5.0, 7.0]
    table = _grid_table(doc, 3, widths)
    _fill_row(table, [f"{{{{ {pr}.index.name|label }}}}", t["period"], t["value"]], widths, header=True)
    _fill_row(table, [t["base"], f"{{{{ {pr}.index.base_period }}}}", f"{{{{ {pr}.index.base_value|number }}}}"],
              widths)
    _fill_row(table, [t["current"], f"{{{{ {pr}.index.current_period }}}}",
                      f"{{{{ {pr}.index.current_value|number }}}}"], widths)
    _fill_row(table, [t["change"], "", f"{{{{ {pr}.index.change_percent|percent }}}}"], widths)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)
    tag(doc, "{%p else %}")
    para(doc, t["percent_text"])
    tag(doc, "{%p endif %}")

    tag(doc, f"{{%p if {pr}.bound == 'cap' %}}")
    para(doc, t["cap_hit"])
    tag(doc, f"{{%p elif {pr}.bound == 'floor' %}}")
    para(doc, t["floor_hit"])
    tag(doc, "{%p else %}")
    para(doc, t["within"])
    tag(doc, "{%p endif %}")

    heading(doc, t["lines_h"], 2)

    def lines() -> None:
        loop_table(doc, [t["description"], t["unit"], t["current_price"], t["new_price"], t["difference"]],
                   f"line in {pr}.lines",
                   ["{{ line.description }}", "{{ line.unit }}", "{{ line.current_price|money(line.currency) }}",
                    "{{ line.new_price|money(line.currency) }}", "{{ line.difference|money(line.currency) }}"],
                   [5.2, 2.8, 2.7, 2.7, 2.6])
        para(doc, t["rounding"], size=8.5)

    if_else(doc, f"{pr}.lines", lines, t["no_lines"])
    para(doc, t["effective"])
    para(doc, t["closing"], after=14)
    para(doc, t["regards"], after=30)
    tag(doc, "{%p if letterhead.signatory %}")
    para(doc, "{{ letterhead.signatory }}", after=0)
    tag(doc, "{%p elif document.author %}")
    para(doc, "{{ document.author }}", after=0)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if letterhead.company %}")
    para(doc, "{{ letterhead.company }}")
    tag(doc, "{%p endif %}")

    tag(doc, f"{{%p if {pr}.lines %}}")
    heading(doc, t["calculation_h"], 2)
    tag(doc, f"{{%p for line in {pr}.lines %}}")
    # written from its parts: the stored calculation text is English and in English number format
    para(doc, t["calculation"], size=8.5, after=1)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p else %}")
    para(doc, t["missing_pr"], italic=True)
    tag(doc, "{%p endif %}")
    return save(doc, f"price-review-letter-{language}")


BUILDERS = (build_process_documentation, build_change_request, build_price_review_letter)


def main() -> None:
    from service_review import build_service_review  # the monthly service review (its own module)

    for build in (*BUILDERS, build_service_review):
        for language in ("en", "de"):
            print(build(language).relative_to(HERE.parent))


if __name__ == "__main__":
    main()
