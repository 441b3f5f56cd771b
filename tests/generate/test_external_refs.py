"""Issue 10, finding 1: no template makes the server fetch a URL or embed a local file, in DOCX or PDF output.

A loopback HTTP listener records every request; a local PNG of a recognisable size and a text file with a
marker stand for the server's secrets. Every hostile template is refused at upload; rendered and converted
anyway (validation bypassed), the output carries no external reference, LibreOffice makes no request and the
PDF holds neither secret. Two controls show the detectors can fail: LibreOffice does fetch when both the scrub
and the network namespace are turned off, and an embedded copy of the secret picture is found in the PDF.
"""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2
import pytest

from docsvc.generate import links, render_in_process, validate_template
from docsvc.generate.pdf import PdfConverter, network_isolation, to_pdf
from docsvc.generate.sample import sample_context
from tests.generate.conftest import needs_soffice
from tests.generate.hostile_docx import (
    CORPUS,
    LINKS,
    SECRET_SIZE,
    SECRET_TEXT,
    _complex_field,
    _patch,
    _picture,
    secret_png,
)


@dataclass
class Listener:
    url: str
    requests: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    record = Listener("")

    class Handler(http.server.BaseHTTPRequestHandler):
        def _any(self) -> None:
            record.requests.append(f"{self.command} {self.path}")
            body = secret_png()
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_HEAD = do_OPTIONS = do_POST = do_PROPFIND = _any  # noqa: N815 - http.server's names

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    record.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield record
    server.shutdown()


@dataclass(frozen=True)
class Secrets:
    png: str
    txt: str


@pytest.fixture(scope="module")
def secrets(tmp_path_factory: pytest.TempPathFactory) -> Secrets:
    folder = tmp_path_factory.mktemp("secrets")
    (folder / "secret.png").write_bytes(secret_png())
    (folder / "secret.txt").write_text(SECRET_TEXT)
    return Secrets(str(folder / "secret.png"), str(folder / "secret.txt"))


def _assert_no_references(document: bytes, listener: Listener, secrets: Secrets) -> None:
    """Checked on the raw package, independently of ``links.scrub``."""
    with zipfile.ZipFile(io.BytesIO(document)) as zf:
        for name in zf.namelist():
            data = zf.read(name)
            assert b'TargetMode="External"' not in data, name
            for needle in (listener.url.encode(), secrets.png.encode(), secrets.txt.encode(), b"DDEAUTO"):
                assert needle not in data, (name, needle)


def _assert_clean_pdf(pdf: bytes, listener: Listener) -> None:
    assert pdf.startswith(b"%PDF")
    width, height = SECRET_SIZE
    assert not (f"/Width {width}".encode() in pdf and f"/Height {height}".encode() in pdf), "secret picture"
    document = pypdfium2.PdfDocument(pdf)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert SECRET_TEXT not in text
    assert listener.url.encode() not in pdf  # no live link either


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_upload_refuses_external_references(case: str, listener: Listener, secrets: Secrets) -> None:
    build, what = CORPUS[case]
    report = validate_template(build(listener.url, secrets.png, secrets.txt), language="en")
    assert not report.ok and report.prepared is None
    refused = [p for p in report.problems if p.code == "external_reference"]
    assert refused and any(what in p.message for p in refused), report.problems
    assert listener.requests == []


@pytest.mark.parametrize("case", sorted(LINKS))
def test_upload_turns_links_into_plain_text(case: str, listener: Listener, secrets: Secrets) -> None:
    report = validate_template(LINKS[case](listener.url, secrets.png, secrets.txt), language="en")
    assert report.ok and report.prepared is not None, report.problems
    assert any("plain text" in r for r in report.repairs)
    _assert_no_references(report.prepared, listener, secrets)
    with zipfile.ZipFile(io.BytesIO(report.prepared)) as zf:
        assert b"our website" in zf.read("word/document.xml")  # the link's text stays


@pytest.mark.parametrize("case", sorted(CORPUS) + sorted(LINKS))
def test_rendered_documents_carry_no_external_references(case: str, listener: Listener, secrets: Secrets) -> None:
    build = CORPUS[case][0] if case in CORPUS else LINKS[case]
    document = render_in_process(build(listener.url, secrets.png, secrets.txt), sample_context("en"), language="en")
    _assert_no_references(document, listener, secrets)
    assert links.scrub(document)[1] == []


@pytest.fixture(scope="module")
def unisolated() -> Iterator[PdfConverter]:
    converter = PdfConverter(1, isolate=False)  # the scrub alone must hold, even where unshare is not allowed
    yield converter
    converter.close()


@needs_soffice
@pytest.mark.parametrize("case", sorted(CORPUS) + sorted(LINKS))
def test_pdf_conversion_fetches_nothing(case: str, listener: Listener, secrets: Secrets,
                                        unisolated: PdfConverter) -> None:
    build = CORPUS[case][0] if case in CORPUS else LINKS[case]
    # The hostile document itself, handed to a converter without a network namespace: what it could fetch
    # is removed by the converter's own scrub (and its profile). The render's scrub is covered above.
    _assert_clean_pdf(unisolated.convert(build(listener.url, secrets.png, secrets.txt)), listener)
    assert listener.requests == []


@needs_soffice
def test_generated_pdf_of_a_hostile_template_is_clean(listener: Listener, secrets: Secrets) -> None:
    """The service's path (render, then the default converter) with the local-file picture."""
    hostile = CORPUS["picture linked to a local file"][0](listener.url, secrets.png, secrets.txt)
    _assert_clean_pdf(to_pdf(render_in_process(hostile, sample_context("en"), language="en")), listener)
    assert listener.requests == []


def _convert_with(hostile: bytes, *, isolate: bool, profile: str | None = None) -> None:
    converter = PdfConverter(1, isolate=isolate)
    try:
        if profile is not None:
            settings = converter._profile(0) / "user" / "registrymodifications.xcu"
            settings.write_text(profile)
        converter.convert(hostile)
    finally:
        converter.close()


_PLAIN_PROFILE = '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry"/>'


@needs_soffice
def test_control_libreoffice_fetches_when_every_defence_is_off(
        listener: Listener, secrets: Secrets, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shows the listener and LibreOffice really meet when nothing stands between them (the 04e0c69 path)."""
    hostile = CORPUS["picture linked over http"][0](listener.url, secrets.png, secrets.txt)
    monkeypatch.setattr(links, "scrub", lambda data: (data, []))
    before = len(listener.requests)
    _convert_with(hostile, isolate=False, profile=_PLAIN_PROFILE)
    assert any(r.endswith("/x.png") for r in listener.requests[before:]), listener.requests
    del listener.requests[before:]


@needs_soffice
def test_profile_alone_blocks_the_fetch(listener: Listener, secrets: Secrets, monkeypatch: pytest.MonkeyPatch) -> None:
    hostile = CORPUS["picture linked over http"][0](listener.url, secrets.png, secrets.txt)
    monkeypatch.setattr(links, "scrub", lambda data: (data, []))
    _convert_with(hostile, isolate=False)
    assert listener.requests == []


@needs_soffice
def test_network_namespace_alone_blocks_the_fetch(listener: Listener, secrets: Secrets,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    if not network_isolation():
        pytest.skip("this kernel allows no network namespace here; the scrub and the profile are the defences")
    hostile = CORPUS["picture linked over http"][0](listener.url, secrets.png, secrets.txt)
    monkeypatch.setattr(links, "scrub", lambda data: (data, []))
    _convert_with(hostile, isolate=True, profile=_PLAIN_PROFILE)
    assert listener.requests == []


@needs_soffice
def test_control_an_embedded_secret_picture_is_detected(tmp_path: Path, listener: Listener) -> None:
    embedded = _patch(_picture('r:embed="rId91"'), {"word/_rels/document.xml.rels": (
        '<Relationship Id="rId91" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
        'Target="media/secret.png"/>')})
    with zipfile.ZipFile(io.BytesIO(embedded)) as zf, zipfile.ZipFile(out := io.BytesIO(), "w") as dst:
        for info in zf.infolist():
            data = zf.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1)
            dst.writestr(info, data)
        dst.writestr("word/media/secret.png", secret_png())
    with pytest.raises(AssertionError, match="secret picture"):
        _assert_clean_pdf(to_pdf(out.getvalue()), listener)


def test_context_values_cannot_inject_a_fetching_field(listener: Listener, secrets: Secrets) -> None:
    """A template whose field instruction is a variable passes upload (nothing external yet); the value that
    makes it an INCLUDEPICTURE of the listener is removed from the rendered document."""
    template = _patch(_complex_field("{{ data.instruction }}"))
    report = validate_template(template, language="en")
    assert report.ok and report.prepared is not None, report.problems
    context = sample_context("en")
    context["data"] = {"instruction": f'INCLUDEPICTURE "{listener.url}/ctx.png" \\d'}
    document = render_in_process(report.prepared, context, language="en")
    _assert_no_references(document, listener, secrets)
    context["data"] = {"instruction": "PAGE"}  # a harmless field stays as it is
    with zipfile.ZipFile(io.BytesIO(render_in_process(report.prepared, context, language="en"))) as zf:
        assert b">PAGE</w:instrText>" in zf.read("word/document.xml")


def test_a_body_under_another_part_name_is_still_scrubbed(listener: Listener, secrets: Secrets) -> None:
    """Readers find the body through the package relationships, so the scrub does too, not by its name."""
    hostile = CORPUS["INCLUDEPICTURE field (simple)"][0](listener.url, secrets.png, secrets.txt)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(hostile)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info).replace(b"word/document.xml", b"word/styles2.xml")
            dst.writestr(info.filename.replace("document.xml", "styles2.xml"), data)
    renamed = out.getvalue()
    assert "word/styles2.xml" in zipfile.ZipFile(io.BytesIO(renamed)).namelist()
    cleaned, removed = links.scrub(renamed)
    assert [r.part for r in removed] == ["word/styles2.xml"]
    _assert_no_references(cleaned, listener, secrets)
