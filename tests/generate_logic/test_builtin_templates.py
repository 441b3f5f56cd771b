"""The built-in Word templates render the sample context and a bare one, in both languages, and read well."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from docsvc.generate import render_in_process, validate_template
from docsvc.generate.context import GenerationContext
from docsvc.generate.sample import sample_context

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NAMES = ("process-documentation", "change-request", "price-review-letter", "service-review")
BUILTIN = [f"{name}-{language}" for name in NAMES for language in ("en", "de")]
# The service review is generated only from a stored SLA report (the general route refuses it with a 422), so
# its context always has the report; the bare-context check is for templates rendered from a record alone.
FROM_A_RECORD = [stem for stem in BUILTIN if not stem.startswith("service-review")]


def render(stem: str, context: dict[str, Any]) -> bytes:
    language = stem.rsplit("-", 1)[1]
    return render_in_process((TEMPLATES / f"{stem}.docx").read_bytes(), context, language=language)


def text_of(docx: bytes) -> str:
    """Body, tables, headers and footers as plain text, one paragraph or cell a line."""
    document = Document(io.BytesIO(docx))
    parts: list[str] = []

    def walk(container: Any) -> None:
        for paragraph in container.paragraphs:
            parts.append(paragraph.text)
        for table in container.tables:
            for row in table.rows:
                parts.append(" | ".join(cell.text for cell in row.cells))

    walk(document)
    for section in document.sections:
        walk(section.header)
        walk(section.footer)
    return "\n".join(parts)


def bare_context(language: str) -> dict[str, Any]:
    """The smallest valid context: every optional value unset, every list empty."""
    context = {
        "document": {"date": "2025-07-01", "language": language},
        "contract": {"id": "c-1", "revision": 1},
        "change_request": {"id": "cr-1", "title": "Bare request", "status": "draft"},
        "price_review": {"id": "pr-1", "review_date": "2025-07-01", "effective_date": "2025-07-01",
                         "mode": "percent", "raw_percent": "2.5000", "percent_applied": "2.5000",
                         "clause": {"index": "fixed_percent"}},
    }
    return GenerationContext.model_validate(context).model_dump(mode="json")


def test_every_builtin_template_exists() -> None:
    assert sorted(path.stem for path in TEMPLATES.glob("*.docx")) == sorted(BUILTIN)


@pytest.mark.parametrize("stem", BUILTIN)
def test_passes_validation_without_repairs(stem: str) -> None:
    report = validate_template((TEMPLATES / f"{stem}.docx").read_bytes(), language=stem.rsplit("-", 1)[1])
    assert report.ok, report.problems
    assert (report.problems, report.repairs) == ([], [])
    assert "letterhead.company" in report.variables and "document.date" in report.variables


@pytest.mark.parametrize("stem", BUILTIN)
def test_renders_the_sample_with_escaping_and_no_leftover_tags(stem: str) -> None:
    language = stem.rsplit("-", 1)[1]
    text = text_of(render(stem, sample_context(language)))
    assert not re.search(r"\{[{%#]|[}%#]\}", text), text
    assert "Smith & Sons <Print>" in text  # escaped on the way in, intact in the document
    assert "Acme Managed Services" in text  # letterhead
    assert "DOC-0001" in text and ("1 July 2025" if language == "en" else "1. Juli 2025") in text
    assert "Example Road 1" in text and "service@example.com" in text and "Registered in England" in text


@pytest.mark.parametrize("stem", FROM_A_RECORD)
def test_renders_a_bare_context(stem: str) -> None:
    language = stem.rsplit("-", 1)[1]
    text = text_of(render(stem, bare_context(language)))
    assert not re.search(r"\{[{%#]|[}%#]\}", text), text
    assert "None" not in text
    assert "Your Company Ltd" not in text  # no organisation configured: no company line, never a placeholder


def test_process_documentation_en_sections() -> None:
    text = text_of(render("process-documentation-en", sample_context("en")))
    for expected in ("Service Delivery Process Documentation", "Managed Print Services Agreement",
                     "Smith & Sons <Print> Ltd | Customer | “Customer”",
                     "Maintenance and repair of all multifunction printers | Managed Print | London, Leeds | p. 4",
                     "Consumables other than toner | Managed Print | All sites | p. 5",
                     "Managed Print | Availability |  | 99.5% | Mon-Fri 08:00-18:00 | Monthly",
                     "Managed Print | Response time | P1 | 4 hours | 24x7 | Monthly",
                     "The service levels exclude: scheduled maintenance.",
                     "Service credits are capped at 15% of the monthly charges.",
                     "2 | Jane O'Neil | Service Delivery Manager",
                     "30 days from the invoice date", "£12,000.00 (Annual)",
                     "Mono click charge | per page |  | Per unit | £0.0045 | p. 8",
                     "Device rental A3 MFP | per device | 12 | Monthly | £1,234.50 | p. 8",
                     "Cap | 5%", "Floor | 0%", "Notice period | 3 months",
                     "“Prices are reviewed annually in line with the index, capped at 5%.”",
                     "Notice deadline (last day to give notice) | 31 March 2027",
                     "Governing law | msa-2024.pdf | 12 | This Agreement is governed",
                     "Renews automatically for 1 year unless notice is given 3 months in advance"):
        assert expected in text, expected


def test_process_documentation_de_reads_german() -> None:
    text = text_of(render("process-documentation-de", sample_context("de")))
    for expected in ("Prozessdokumentation Service Delivery", "Verfügbarkeit", "Reaktionszeit", "P1",
                     "99,5\u00a0%", "4 Stunden", "1.234,50\u00a0€", "0,0045\u00a0€", "Obergrenze | 5\u00a0%",
                     "Ankündigungsfrist | 3 Monate", "31. März 2027", "Alle Standorte", "Berlin, Hamburg",
                     "„Kunde“", "Seite", "(Kündigungsfrist: 3 Monate)"):
        assert expected in text, expected


@pytest.mark.parametrize("language", ["en", "de"])
def test_empty_sections_read_well(language: str) -> None:
    text = text_of(render(f"process-documentation-{language}", bare_context(language)))
    sentences = {
        "en": ("No SLA terms were found in the contract.", "The contract defines no service credits.",
               "The contract defines no escalation path.", "No prices were found in the contract.",
               "The contract contains no price-review clause", "No document references were recorded.",
               "No parties were recorded", "Expiry date | Not stated"),
        "de": ("Im Vertrag wurden keine SLA-Regelungen gefunden.", "Der Vertrag sieht keine Gutschriften vor.",
               "Der Vertrag legt keinen Eskalationsweg fest.", "Im Vertrag wurden keine Preise gefunden.",
               "keine Preisanpassungsklausel", "Es sind keine Fundstellen erfasst.",
               "keine Vertragsparteien erfasst", "Vertragsende | Nicht angegeben"),
    }[language]
    for sentence in sentences:
        assert sentence in text, sentence


def test_change_request_en() -> None:
    text = text_of(render("change-request-en", sample_context("en")))
    for expected in ("Change Request", "CR-0001 · Two more devices", "Requested by | Tom Smith & Co <IT>",
                     "Requested on | 2 May 2025", "Status | Submitted", "Planned implementation | 1 June 2025",
                     "Add two A3 devices at the Leeds office.",
                     "A3 MFP (Managed Print) | Leeds | 2 | Within scope | "
                     "Maintenance and repair of all multifunction printers (p. 4)",
                     "Scan station (Scanning) | Leeds | 1 | Needs a decision | —",
                     "Of 2 requested item(s), 1 are covered by the existing scope, 0 fall outside it and 1 need",
                     "£2,469.00 (Monthly): 2 × device rental",
                     "Customer |  | Pending |  |  | ______________________"):
        assert expected in text, expected


def test_change_request_de_and_bare_defaults() -> None:
    text = text_of(render("change-request-de", sample_context("de")))
    for expected in ("Änderungsantrag", "Im Umfang enthalten", "Entscheidung erforderlich",
                     "Beantragt am | 2. Mai 2025",
                     "2.469,00\u00a0€ (Monatlich)", "Genehmigung", "Unterschrift"):
        assert expected in text, expected
    bare = text_of(render("change-request-en", bare_context("en")))
    for expected in ("The request lists no individual services or sites.",
                     "No price impact has been stated for this change.", "Planned implementation | To be agreed",
                     "will be agreed once the change is approved", "Customer |  |  |  |  | ______",
                     "Supplier |  |  |  |  | ______"):
        assert expected in bare, expected


def test_price_review_letter_en() -> None:
    text = text_of(render("price-review-letter-en", sample_context("en")))
    for expected in ("Smith & Sons <Print> Ltd\n1 High Street, London EC1A 1AA", "Our reference: DOC-0001",
                     "Price review with effect from 1 July 2025",
                     "Dear Sir or Madam,", "dated 15 June 2024", "annual price review as of 1 July 2025",
                     "The agreement links prices to the CPI, with a cap of 5% and a floor of 0%.",
                     "“Prices are reviewed annually in line with the index, capped at 5%.”",
                     "Clause: msa-2024.pdf, p. 9",
                     "CPI | Period | Index value", "Base | 2024-06 | 128.0", "Current | 2025-06 | 136.0",
                     "Change |  | 6.25%",
                     "The change of 6.25% exceeds the agreed cap of 5%. Prices are therefore adjusted by the cap, 5%.",
                     "Mono click charge | per page | £0.0045 | £0.0047 | £0.0002",
                     "The new prices apply from 1 July 2025.", "notice period of 3 months",
                     "Yours faithfully,", "Jane O'Neil", "Mono click charge: 0.0045 × (1 + 5%) = 0.0047"):
        assert expected in text, expected


def test_price_review_letter_de_and_bounds() -> None:
    context = sample_context("de")
    context["price_review"] |= {"raw_percent": "-1.3000", "percent_applied": "0", "bound": "floor"}
    text = text_of(render("price-review-letter-de", context))
    for expected in ("Sehr geehrte Damen und Herren,", "Preisanpassung zum 1. Juli 2025", "Index VPI",
                     "begrenzt auf höchstens 5\u00a0% und mit einer Untergrenze von 0\u00a0%",
                     "Die Veränderung von -1,3\u00a0% liegt unter der vereinbarten Untergrenze von 0\u00a0%",
                     "0,0045\u00a0€ | 0,0047\u00a0€", "vereinbarten Ankündigungsfrist (3 Monate)",
                     "Mit freundlichen Grüßen"):
        assert expected in text, expected
    bare = text_of(render("price-review-letter-en", bare_context("en")))
    for expected in ("The agreed adjustment is 2.5%.", "within the agreed limits", "No prices are affected",
                     "The agreement provides for an agreed percentage adjustment."):
        assert expected in bare, expected


def test_credit_cap_only_where_credits_exist() -> None:
    """A contract with a cap but no credit table must not read "no service credits. Credits are capped at 20%."."""
    for language, none, capped in (("en", "defines no service credits", "credits are capped"),
                                  ("de", "keine Gutschriften",
                                   "Gutschriften sind begrenzt")):
        context = sample_context(language)
        context["contract"]["service_credits"] = []
        context["contract"]["service_credit_cap"] = {"percent": "20", "amount": None, "currency": None,
                                                     "basis": "monthly charges"}
        text = text_of(render(f"process-documentation-{language}", context))
        assert none in text and capped not in text, text
        with_credits = text_of(render(f"process-documentation-{language}", sample_context(language)))
        assert none not in with_credits


def test_priority_as_the_contract_writes_it() -> None:
    context = sample_context("en")
    context["contract"]["sla"][1]["priority"] = "Severity A"
    text = text_of(render("process-documentation-en", context))
    assert "Severity A" in text and "Priority 1" not in text
