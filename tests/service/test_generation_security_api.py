"""Issue 10 over the API: hostile template uploads are clear 422s (never 500s), busy generation is a 503 with
Retry-After, and a template's hyperlink ends as plain text in a generated PDF."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pypdfium2
from fastapi.testclient import TestClient

from docsvc.generate import pdf
from docsvc.models import Role
from docsvc.runtime import Runtime
from tests.generate.conftest import make_docx, needs_soffice
from tests.generate.hostile_docx import CORPUS, LINKS
from tests.service.conftest import bearer
from tests.service.test_generation_api import generate, priced  # noqa: F401 - the fixture


def upload(client: TestClient, key: str, data: bytes, name: str = "hostile") -> Any:
    return client.post("/v1/templates", files={"file": ("t.docx", data)},
                       data={"name": name, "kind": "custom", "language": "en"}, headers=bearer(key))


def _broken_xml() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx("x"))) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            body = b"<w:document><w:body><w:p></w:body>" if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info, body)
    return out.getvalue()


def test_hostile_template_uploads_are_clear_422s(client: TestClient, keys: dict[Role, str], tmp_path: Any) -> None:
    coordinator = keys[Role.COORDINATOR]
    secret = tmp_path / "secret.png"
    cases = {
        "linked picture": CORPUS["picture linked to a local file"][0]("http://127.0.0.1:9", str(secret), ""),
        "INCLUDETEXT field": CORPUS["INCLUDETEXT field (complex)"][0]("http://127.0.0.1:9", "", ""),
        "damaged": _broken_xml(),
        "brackets more than": make_docx("{{ " + "(" * 100 + "1" + ")" * 100 + " }}"),
        "nest more than": make_docx("{% if 1 %}" * 300 + "x" + "{% endif %}" * 300),
    }
    for expected, data in cases.items():
        answer = upload(client, coordinator, data)
        assert answer.status_code == 422, (expected, answer.status_code, answer.text[:300])
        assert answer.headers["content-type"] == "application/problem+json"
        assert expected in answer.json()["detail"], answer.json()["detail"]
        assert answer.json()["template"]["status"] == "rejected"
    link = upload(client, coordinator, LINKS["external hyperlink"]("http://127.0.0.1:9", "", ""), name="linked")
    assert link.status_code == 201, link.text
    assert any("plain text" in r for r in link.json()["report"]["repairs"])


def test_busy_generation_is_503_with_retry_after(client: TestClient, keys: dict[Role, str], runtime: Runtime,
                                                 priced: str) -> None:  # noqa: F811 - the fixture
    coordinator = keys[Role.COORDINATOR]
    slots = runtime.renderer.slots
    slots.wait_seconds = 0.05
    with slots.hold(None), slots.hold(None):  # every render worker taken by someone else
        busy = generate(client, coordinator, priced, template="process-documentation")
        refused_upload = upload(client, coordinator, make_docx("Dear {{ contract.title }}"), name="while-busy")
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
    assert busy.json()["code"] == "generation_busy" and busy.json()["reason"] == "render_busy"
    assert refused_upload.status_code == 503 and refused_upload.headers["Retry-After"] == "5"
    assert client.get("/v1/templates/while-busy", headers=bearer(coordinator)).status_code == 404  # not stored
    assert generate(client, coordinator, priced, template="process-documentation").status_code == 201
    if not pdf.pdf_available():
        return
    s = runtime.settings
    converter = pdf.converter(s.pdf_workers, s.pdf_per_customer, s.pdf_timeout_seconds, s.pdf_memory_mb,
                              s.generation_wait_seconds)
    converter.slots.wait_seconds = 0.05
    with converter.slots.hold(None), converter.slots.hold(None):
        busy_pdf = generate(client, coordinator, priced, template="process-documentation", format="pdf")
    assert busy_pdf.status_code == 503 and busy_pdf.json()["reason"] == "conversion_busy"
    assert busy_pdf.headers["Retry-After"] == "5"


@needs_soffice
def test_links_of_a_template_are_plain_text_in_the_generated_pdf(client: TestClient, keys: dict[Role, str],
                                                                 priced: str) -> None:  # noqa: F811
    """A hyperlink is accepted at upload as its text: the PDF shows the text and carries no live link."""
    coordinator = keys[Role.COORDINATOR]
    linked = LINKS["external hyperlink"]("http://127.0.0.1:9", "", "")
    assert upload(client, coordinator, linked, name="with-link").status_code == 201
    made = generate(client, coordinator, priced, template="with-link", format="pdf")
    assert made.status_code == 201, made.text
    body = client.get(f"/v1/generated/{made.json()['id']}/file", headers=bearer(coordinator)).content
    assert b"127.0.0.1:9" not in body and b"/URI" not in body
    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(body))
    assert "our website" in text
