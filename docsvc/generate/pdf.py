"""DOCX → PDF with LibreOffice in headless mode.

Each conversion starts ``soffice`` with a throwaway profile (``-env:UserInstallation``): a shared profile
is locked by a running instance, and a second conversion would then silently do nothing. That costs about
1.4 s per document (see LIBRARY-NOTES); a long-running unoserver would be faster but needs Debian's
python3-uno. The process is killed, with its process group, when it outlives ``timeout``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from docsvc.generate.errors import PdfConversionFailed, PdfUnavailable

_BINARIES = ("soffice", "libreoffice")


def _soffice() -> str | None:
    for name in _BINARIES:
        found = shutil.which(name)
        if found:
            return found
    return None


def pdf_available() -> bool:
    """Whether LibreOffice is installed, so ``to_pdf`` can work."""
    return _soffice() is not None


def to_pdf(docx: bytes, *, timeout: float = 120) -> bytes:
    """Convert DOCX bytes to PDF bytes; raises ``PdfUnavailable`` or ``PdfConversionFailed``."""
    binary = _soffice()
    if binary is None:
        raise PdfUnavailable("PDF output needs LibreOffice (soffice), which is not installed on this server")
    with tempfile.TemporaryDirectory(prefix="docsvc-pdf-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx)
        command = [binary, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)]
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)  # its own group: soffice forks a child we must kill too
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise PdfConversionFailed(f"LibreOffice did not finish the PDF within {timeout:g} s") from None
        pdf = work / "out" / "document.pdf"
        if proc.returncode != 0 or not pdf.is_file():
            detail = output.decode(errors="replace").strip()[-300:]
            raise PdfConversionFailed(f"LibreOffice could not convert the document to PDF ({detail or 'no output'})")
        return pdf.read_bytes()
