"""File type detection from content, never from the file name or the client's declared type.

``sniff_media_type`` looks at the first bytes only, which settles PDF and refuses most other files. A ZIP
container needs its directory to tell a Word document from a spreadsheet or a macro-enabled document, so
``sniff_file`` is the authoritative check; it reads the ZIP directory only after its size has been bounded.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

from docsvc.extract.errors import EncryptedDocument, UnsafeDocument, UnsupportedFileType

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

HEAD_BYTES = 1024
# A PDF starts with "%PDF-"; some writers put a UTF-8 BOM or a line break first, and real files do no more.
# Acrobat's tolerance of "%PDF-" anywhere in the first 1,024 bytes let an executable with those five bytes
# in its header pass as a PDF (issue 10), so anything else before the signature is refused.
_PDF_START = re.compile(rb"(?:\xef\xbb\xbf)?[\t\n\r\x0c ]{0,8}%PDF-")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTENT_TYPES = "[Content_Types].xml"
_MAIN_PART = "word/document.xml"
_CONTENT_TYPES_CAP = 1024 * 1024  # a real one is a few KB
_OLE2_SCAN_BYTES = 4 * 1024 * 1024  # the directory of an encrypted package sits near the start

_OTHER_FORMATS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"{\\rtf", "RTF document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"Rar!", "RAR archive"),
    (b"MZ", "Windows executable"),
    (b"\x7fELF", "ELF executable"),
)


def sniff_media_type(head: bytes, *, name: str = "The file") -> str:
    """Media type from the first bytes (pass at least ``HEAD_BYTES``); raises ``UnsupportedFileType``.

    A ZIP head is reported as DOCX when its first entries look like a Word package; only ``sniff_file`` can
    confirm that (and refuse macro-enabled documents), so treat that answer as provisional.
    """
    if head.startswith(_ZIP_MAGIC):
        if _CONTENT_TYPES.encode() in head or b"word/" in head:
            return DOCX
        raise _unsupported(name, "a ZIP archive that does not look like a Word document")
    if head.startswith(_OLE2_MAGIC):
        _raise_for_ole2(name, head)
    if _PDF_START.match(head):
        return PDF
    raise _unsupported(name, _describe(head))


def sniff_file(path: Path) -> str:
    """Media type of a file on disk, checking a ZIP's directory for a Word main part and for macros."""
    name = path.name
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
        if head.startswith(_OLE2_MAGIC):
            _raise_for_ole2(name, head + fh.read(_OLE2_SCAN_BYTES))
    media_type = sniff_media_type(head, name=name)
    if media_type == DOCX:
        _check_word_package(path)
    return media_type


def _check_word_package(path: Path) -> None:
    # zipfile builds one object per directory entry: bound the count before letting it read the directory.
    from docsvc.extract.parsers.zipsafety import check_entry_count

    check_entry_count(path)
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if _CONTENT_TYPES not in names or _MAIN_PART not in names:
                raise _unsupported(name, "a ZIP archive without a Word document part (" + _office_kind(names) + ")")
            if "word/vbaProject.bin" in names:
                raise _macro_enabled(name)
            with zf.open(_CONTENT_TYPES) as fh:
                content_types = fh.read(_CONTENT_TYPES_CAP)
    except zipfile.BadZipFile as exc:
        raise UnsupportedFileType(f"{name} is not a PDF or DOCX file (detected: damaged ZIP archive: {exc})") from exc
    except (OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise UnsafeDocument(f"{name} is a ZIP archive this service cannot read safely ({exc})") from exc
    if b"macroenabled" in content_types.lower():
        raise _macro_enabled(name)


def _raise_for_ole2(name: str, data: bytes) -> None:
    # Directory entry names in a compound file are UTF-16LE.
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise EncryptedDocument(
            f"{name} is a password-protected Word document; remove the password in Word and upload it again"
        )
    if "WordDocument".encode("utf-16-le") in data:
        raise _unsupported(name, "legacy Word 97-2003 .doc; save it as .docx")
    raise _unsupported(name, "legacy Microsoft Office file (.doc/.xls/.ppt) or a password-protected Office document")


def _office_kind(names: set[str]) -> str:
    if any(n.startswith("xl/") for n in names):
        return "an Excel workbook"
    if any(n.startswith("ppt/") for n in names):
        return "a PowerPoint presentation"
    if "mimetype" in names:
        return "an OpenDocument file"
    return "not an Office document"


def _describe(head: bytes) -> str:
    if not head:
        return "empty file"
    for magic, label in _OTHER_FORMATS:
        if head.startswith(magic):
            return label
    lowered = head[:256].lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "HTML page"
    if lowered.startswith(b"<?xml"):
        return "XML file"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)  # head may end mid-character
    except UnicodeDecodeError:
        return "unknown binary data"
    return "plain text"


def _unsupported(name: str, detected: str) -> UnsupportedFileType:
    return UnsupportedFileType(f"{name} is not a PDF or DOCX file (detected: {detected})")


def _macro_enabled(name: str) -> UnsupportedFileType:
    return UnsupportedFileType(
        f"{name} is a macro-enabled Word document (.docm), which is not accepted; save it as .docx"
    )
