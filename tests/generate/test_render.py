from __future__ import annotations

import io
import time

import docx
import pytest

from docsvc.generate import RenderLimitExceeded, RenderPool, TemplateRenderError, render_in_process
from docsvc.generate.errors import PdfUnavailable
from docsvc.generate.pdf import pdf_available, to_pdf
from docsvc.generate.sample import sample_context
from tests.generate.conftest import make_docx, needs_soffice, texts


def _sla_table_template() -> bytes:
    document = docx.Document()
    document.add_paragraph("SLAs for {{ contract.customer.name }}")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for s in contract.sla %}"
    table.cell(1, 0).text = "{{ s.metric|label }}"
    table.cell(1, 1).text = "{{ s|target }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_table_row_loop_renders_one_row_per_sla_and_keeps_names_intact() -> None:
    out = render_in_process(_sla_table_template(), sample_context("de"), language="de")
    document = docx.Document(io.BytesIO(out))
    assert document.paragraphs[0].text == "SLAs for Smith & Sons <Print> GmbH"
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows == [["Verfügbarkeit", "99,5\u00a0%"], ["Reaktionszeit", "4 Stunden"], ["Lösungszeit", "1 Werktag"]]


def test_undefined_variable_is_a_clear_error() -> None:
    with pytest.raises(TemplateRenderError, match=r"the template uses `contract.foo`, which is not defined"):
        render_in_process(make_docx("{{ contract.foo }}"), sample_context("en"), language="en")


def test_none_renders_as_empty_text() -> None:
    context = sample_context("en")
    context["contract"]["title"] = None
    assert texts(render_in_process(make_docx("[{{ contract.title }}]"), context, language="en")) == ["[]"]


def test_pool_renders_and_reuses_its_worker(pool: RenderPool) -> None:
    template = make_docx("{{ contract.title }} for {{ contract.customer.name }}")
    first = pool.render(template, sample_context("en"), language="en")
    pids = pool.pids
    second = pool.render(template, sample_context("en"), language="en")
    assert texts(first) == texts(second) == ["Managed Print Services Agreement for Smith & Sons <Print> Ltd"]
    assert pool.pids == pids


def test_pool_cpu_limit_kills_the_worker_and_the_next_render_works() -> None:
    burner = make_docx("{% for i in range(300) %}{% for j in range(3000) %}{{ (i * j) ** 50 }}{% endfor %}"
                       "{% endfor %}")
    with RenderPool(cpu_seconds=1, timeout_seconds=20) as pool:
        pool.render(make_docx("warm"), sample_context("en"), language="en")
        started = time.monotonic()
        with pytest.raises(RenderLimitExceeded, match="CPU time"):
            pool.render(burner, sample_context("en"), language="en")
        assert time.monotonic() - started < 10
        assert texts(pool.render(make_docx("{{ document.reference }}"), sample_context("en"), language="en")) == [
            "DOC-0001"
        ]


def test_pool_wall_clock_timeout() -> None:
    slow = make_docx("{% for i in range(300) %}{% for j in range(3000) %}{{ (i * j) ** 50 }}{% endfor %}"
                     "{% endfor %}")
    with RenderPool(cpu_seconds=30, timeout_seconds=1) as pool:
        with pytest.raises(RenderLimitExceeded, match="longer than 1 s"):
            pool.render(slow, sample_context("en"), language="en")
        assert texts(pool.render(make_docx("ok"), sample_context("en"), language="en")) == ["ok"]


def test_pool_output_limit() -> None:
    with RenderPool(max_output_bytes=1000) as pool, pytest.raises(RenderLimitExceeded, match="larger than"):
        pool.render(make_docx("x"), sample_context("en"), language="en")


def test_pdf_unavailable_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    assert not pdf_available()
    with pytest.raises(PdfUnavailable, match="LibreOffice"):
        to_pdf(make_docx("x"))


@needs_soffice
def test_pdf_conversion() -> None:
    assert to_pdf(make_docx("Hello")).startswith(b"%PDF")
