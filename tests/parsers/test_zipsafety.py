from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from docsvc.extract.errors import DocumentTooLarge, UnsafeDocument
from docsvc.extract.parsers.zipsafety import check_docx

_CT = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/odd.bin" ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)


def _package(tmp_path: Path, parts: dict[str, bytes]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        for name, data in parts.items():
            zf.writestr(name, data)
    path = tmp_path / "package.docx"
    path.write_bytes(buf.getvalue())
    return path


def test_plain_package_passes(tmp_path: Path) -> None:
    check_docx(_package(tmp_path, {"word/document.xml": b"<w:document><w:p/></w:document>"}), max_pages=10)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"/etc/passwd": b"x"}, "unsafe path"),
        ({"C:/evil.xml": b"<x/>"}, "unsafe path"),
        ({"word\\..\\evil.xml": b"<x/>"}, "unsafe path"),
        ({"word/document.xml": '<?xml version="1.0" encoding="UTF-16"?><d/>'.encode("utf-16")}, "not UTF-8 XML"),
        ({"word/document.xml": b'<?xml version="1.0" encoding="UTF-7"?><d/>'}, "not UTF-8 XML"),
        # declared as the main document by content type, so it is checked although its name is not .xml
        ({"word/odd.bin": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><d>&e;</d>'}, "DOCTYPE"),
        ({"word/document.xml": b"<d>" + b" " * (64 * 1024 - 5) + b"<!ENTITY x 'y'></d>"}, "ENTITY"),
    ],
)
def test_unsafe_parts_are_refused(tmp_path: Path, parts: dict[str, bytes], message: str) -> None:
    with pytest.raises(UnsafeDocument, match=message):
        check_docx(_package(tmp_path, parts), max_pages=10)


def test_duplicate_entries_are_refused(tmp_path: Path) -> None:
    path = _package(tmp_path, {"word/document.xml": b"<d/>"})
    with zipfile.ZipFile(path, "a") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr("word/document.xml", b"<other/>")
    with pytest.raises(UnsafeDocument, match="twice"):
        check_docx(path, max_pages=10)


def test_paragraphs_are_counted_across_chunk_boundaries(tmp_path: Path) -> None:
    xml = b"<w:document>" + b"<w:p/>" * 4001 + b"</w:document>"
    with pytest.raises(DocumentTooLarge, match="4,001 paragraphs"):
        check_docx(_package(tmp_path, {"word/document.xml": xml}), max_pages=10)
