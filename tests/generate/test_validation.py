from __future__ import annotations

import dataclasses
import io
import json
import zipfile

import pytest

from docsvc.generate import render_in_process, validate_template
from docsvc.generate.sample import sample_context
from tests.generate.conftest import make_docx, texts


def _errors(data: bytes, language: str = "en") -> list[dict[str, object]]:
    report = validate_template(data, language=language)
    assert not report.ok
    assert report.prepared is None
    return [dataclasses.asdict(p) for p in report.problems if p.severity == "error"]


def _with_part(base: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, content if info.filename == name else src.read(info))
        if name not in src.namelist():
            dst.writestr(name, content)
    return out.getvalue()


def test_valid_template_passes_and_lists_its_variables() -> None:
    data = make_docx("Dear {{ contract.customer.name }},",
                     "{% for s in contract.sla %}{{ s.metric|label }}: {{ s|target }}{% endfor %}",
                     "{{ data.anything.goes }}", footer="{{ document.reference }}")
    report = validate_template(data, language="en")
    assert report.ok, report.problems
    assert report.prepared == data  # nothing to repair
    assert report.variables == ["contract.customer.name", "contract.sla[].metric", "data.anything",
                                "document.reference"]
    stored = dataclasses.asdict(report)
    stored.pop("prepared")
    json.dumps(stored)  # the template store keeps the report as JSON


def test_syntax_error_names_the_paragraph() -> None:
    [problem] = _errors(make_docx("Intro", "More", "{% if contract.title %}never closed"))
    assert problem["code"] == "syntax_error"
    assert problem["paragraph"] == 3
    assert problem["excerpt"] == "{% if contract.title %}never closed"
    assert "endif" in str(problem["suggestion"])


def test_misspelt_variable_gets_a_suggestion() -> None:
    [problem] = _errors(make_docx("{{ contract.partys }}"))
    assert problem["message"] == ("`contract.partys` is not in the generation context; "
                                  "did you mean `contract.parties`?")
    assert problem["location"] == "document"


def test_unknown_path_inside_a_loop_is_resolved_to_the_item_schema() -> None:
    [problem] = _errors(make_docx("{% for s in contract.sla %}{{ s.targett }}{% endfor %}"))
    assert problem["code"] == "unknown_variable"
    assert "`s.targett`" in str(problem["message"]) and "item of `contract.sla`" in str(problem["message"])
    assert "s.target_" in str(problem["message"])


def test_index_access_and_table_row_loops_are_checked() -> None:
    [problem] = _errors(make_docx("{{ contract.parties[0].nam }}"))
    assert "did you mean `contract.parties[0].name`?" in str(problem["message"])
    assert validate_template(make_docx("{{ contract.parties[0].name }}"), language="en").ok


def test_unknown_filter_gets_a_suggestion() -> None:
    [problem] = _errors(make_docx("{{ contract.pricing.minimum_commitment.amount|monee }}"))
    assert problem["code"] == "unknown_filter"
    assert "did you mean `money`?" in str(problem["message"])


def test_header_and_footer_variables_are_checked() -> None:
    problems = _errors(make_docx("body", header="{{ contract.titel }}", footer="{{ document.refrence }}"))
    assert {(p["location"], p["code"]) for p in problems} == {("header1", "unknown_variable"),
                                                             ("footer1", "unknown_variable")}


def test_doctype_in_a_part_is_refused() -> None:
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    [problem] = _errors(_with_part(make_docx("x"), "word/footnotes.xml", evil))
    assert problem["code"] == "unsafe_package"
    assert "DOCTYPE" in str(problem["message"])


def test_zip_bomb_and_path_traversal_are_refused() -> None:
    bomb = _with_part(make_docx("x"), "word/media/big.bin", b"\0" * (20 * 1024 * 1024))
    assert "zip bomb" in str(_errors(bomb)[0]["message"])
    traversal = _with_part(make_docx("x"), "../../evil.xml", b"<x/>")
    assert "unsafe path" in str(_errors(traversal)[0]["message"])


def test_not_a_docx() -> None:
    assert _errors(b"%PDF-1.7 ...")[0]["code"] == "not_docx"
    no_document = io.BytesIO()
    with zipfile.ZipFile(no_document, "w") as zf:
        zf.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'content-types"/>')
    assert _errors(no_document.getvalue())[0]["code"] == "not_docx"


def test_split_runs_and_curly_quotes_are_repaired_into_a_template_that_renders() -> None:
    data = make_docx(["Title: {{ contr", "act.ti", "tle }} end"],
                     "{{ contract.title|default(“none”) }} and {{ document.author|replace(‘x’, ‘y’) }}",
                     "{{ contract.customer.name|default(„—“) }}")
    report = validate_template(data, language="de")
    assert report.ok, report.problems
    assert report.repairs[0] == "re-joined tag `{{ contract.title }}` split across 3 Word runs in paragraph 1"
    assert sum("curly quotes" in r for r in report.repairs) == 3
    assert report.prepared is not None
    out = render_in_process(report.prepared, sample_context("de"), language="de")
    assert texts(out) == ["Title: Managed Print Services Agreement end",
                          "Managed Print Services Agreement and Jane O'Neil",
                          "Smith & Sons <Print> GmbH"]


def test_a_tag_left_open_in_its_paragraph_is_reported() -> None:
    problems = _errors(make_docx("{{ contract.title", "}}"))
    assert problems[0]["code"] == "tag_not_closed" and problems[0]["paragraph"] == 1


def test_dry_run_failure_is_an_error() -> None:
    [problem] = _errors(make_docx("{{ contract.title|money('GBP') }}"))
    assert problem["code"] == "dry_run_failed"
    assert "money filter needs a number" in str(problem["message"])


def test_reports_are_cached_but_not_shared() -> None:
    data = make_docx("{{ contract.partys }}")
    first = validate_template(data, language="en")
    first.problems.clear()
    assert validate_template(data, language="en").problems


@pytest.mark.parametrize("part", ["word/document.xml", "word/_rels/document.xml.rels"])
def test_malformed_xml_is_a_validation_problem(part: str) -> None:
    """Issue 10, finding 13: an XMLSyntaxError at upload was a 500."""
    broken = _with_part(make_docx("Hello {{ contract.title }}"), part, b"<w:document><w:body><w:p></w:body>")
    report = validate_template(broken, language="en")
    assert not report.ok
    assert [p.code for p in report.problems] == ["malformed_xml"]
    assert "damaged" in report.problems[0].message and report.problems[0].suggestion


@pytest.mark.parametrize(("tag", "message"), [
    ("{{ " + "(" * 100 + "1" + ")" * 100 + " }}", "brackets more than 20 deep"),
    ("{% if 1 %}" * 300 + "x" + "{% endif %}" * 300, "nest more than 40 deep"),
    ("{% for a in contract.sla %}" * 40 + "x" + "{% endfor %}" * 40, "loops nest more than 16 deep"),
    ("{{ " + "- " * 50 + "1 }}", "more than 10 prefix operators"),
    ("{{ contract.title" + "|trim" * 200 + " }}", "more than 120 levels deep"),
])
def test_deep_nesting_is_refused_before_parsing(tag: str, message: str) -> None:
    """Issue 10, finding 13: RecursionError in the web process; now found by loops, with the paragraph."""
    report = validate_template(make_docx("Hello", tag), language="en")
    assert not report.ok
    [problem] = report.problems
    assert problem.code == "too_deeply_nested" and message in problem.message
    assert problem.paragraph == 2


def test_reasonable_nesting_passes() -> None:
    tag = "{% if contract.title %}" * 10 + "{{ ((((1 + 2) * 3) - 4)) }}" + "{% endif %}" * 10
    assert validate_template(make_docx(tag), language="en").ok
