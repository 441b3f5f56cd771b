from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from docsvc.extract.errors import EncryptedDocument, UnsafeDocument, UnsupportedFileType
from docsvc.extract.sniff import DOCX, PDF, sniff_file, sniff_media_type


@pytest.mark.parametrize(
    ("head", "detected"),
    [
        (b"", "empty file"),
        (b"\x89PNG\r\n\x1a\n....", "PNG image"),
        (b"{\\rtf1\\ansi hello}", "RTF document"),
        (b"<!DOCTYPE html><html>", "HTML page"),
        (b"Dear customer, please find attached", "plain text"),
        (b"PK\x03\x04\x14\x00\x00\x00xl/workbook.xml", "a ZIP archive that does not look like a Word document"),
    ],
)
def test_other_files_are_named_in_the_error(head: bytes, detected: str) -> None:
    with pytest.raises(UnsupportedFileType, match=rf"^scan\.bin is not a PDF or DOCX file \(detected: {detected}"):
        sniff_media_type(head, name="scan.bin")


def test_pdf_signature_must_open_the_file() -> None:
    """Only what real PDFs put before "%PDF-" (a BOM, a line break) is allowed; issue 10 finding 14."""
    for lead in (b"", b"\xef\xbb\xbf", b"\r\n", b" \n", b"\xef\xbb\xbf\n"):
        assert sniff_media_type(lead + b"%PDF-1.4\n") == PDF
    for lead in (b"\x00" * 500, b"MZ\x90\x00" + b"\x00" * 60, b"junk", b"\n" * 20):
        with pytest.raises(UnsupportedFileType):
            sniff_media_type(lead + b"%PDF-1.4\n")


def test_word_package_is_recognised(docs: dict[str, Path]) -> None:
    path = docs["contract_docx_en"]
    assert sniff_media_type(path.read_bytes()[:1024]) == DOCX
    assert sniff_file(path) == DOCX
    assert sniff_file(docs["contract_pdf_en"]) == PDF


def _zip(tmp_path: Path, name: str, parts: dict[str, bytes]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for part, data in parts.items():
            zf.writestr(part, data)
    path = tmp_path / name
    path.write_bytes(buf.getvalue())
    return path


def test_spreadsheets_and_macro_documents_are_refused(tmp_path: Path) -> None:
    xlsx = _zip(tmp_path, "prices.docx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<x/>"})
    with pytest.raises(UnsupportedFileType, match="an Excel workbook"):
        sniff_file(xlsx)
    vba = _zip(
        tmp_path,
        "m.docx",
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>", "word/vbaProject.bin": b"\x00"},
    )
    with pytest.raises(UnsupportedFileType, match="macro-enabled"):
        sniff_file(vba)


def test_compound_files_are_explained(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    path = tmp_path / "old.doc"
    path.write_bytes(ole + "WordDocument".encode("utf-16-le"))
    with pytest.raises(UnsupportedFileType, match="Word 97-2003"):
        sniff_file(path)
    path.write_bytes(ole + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(EncryptedDocument, match="password-protected"):
        sniff_file(path)


def test_zip_directory_size_is_bounded_before_reading_it(tmp_path: Path) -> None:
    path = _zip(tmp_path, "many.docx", {f"word/p{i}.xml": b"" for i in range(2001)} | {"[Content_Types].xml": b""})
    with pytest.raises(UnsafeDocument, match="ZIP entries"):
        sniff_file(path)
