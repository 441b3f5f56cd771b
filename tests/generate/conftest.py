from __future__ import annotations

import io
import os
from collections.abc import Iterator

import docx
import pytest

from docsvc.generate import RenderPool
from docsvc.generate.pdf import pdf_available

# The PDF tests run against the real LibreOffice: CI (root) installs it in .ci/run, so a missing soffice is a
# skip only for a developer who cannot install it; as root it is a failure to notice.
needs_soffice = pytest.mark.skipif(not pdf_available() and os.geteuid() != 0,
                                   reason="LibreOffice (soffice) is not installed; .ci/run installs it as root")


def make_docx(*paragraphs: str | list[str], header: str | None = None, footer: str | None = None) -> bytes:
    """A small template; a list is one paragraph written as several Word runs (a tag split across runs)."""
    document = docx.Document()
    for paragraph in paragraphs:
        p = document.add_paragraph()
        for run in [paragraph] if isinstance(paragraph, str) else paragraph:
            p.add_run(run)
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    if footer is not None:
        document.sections[0].footer.paragraphs[0].text = footer
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


@pytest.fixture(scope="module")
def pool() -> Iterator[RenderPool]:
    with RenderPool(cpu_seconds=2, memory_mb=1024, timeout_seconds=10) as render_pool:
        yield render_pool
