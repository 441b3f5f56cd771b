"""ZIP and XML checks that run before python-docx (or lxml) sees any part of a DOCX.

python-docx reads every part of the package into memory and parses the XML ones with lxml, so a zip bomb,
an entity-expansion bomb or a part with a million paragraphs would cost memory before any limit applies.
These checks only stream bytes: the ZIP directory (after bounding its size) and each XML part in chunks.
"""

from __future__ import annotations

import re
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from lxml import etree

from docsvc.extract.errors import CorruptDocument, DocumentTooLarge, UnsafeDocument

MAX_ENTRIES = 2000  # Word writes 10-30 parts, plus one per image
MAX_ENTRY_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # python-docx holds every part in memory at once
MAX_XML_PART_BYTES = 64 * 1024 * 1024
MAX_RATIO = 100  # real parts compress 3-35x; deflate can reach ~1000x on repeated bytes
RATIO_FLOOR_BYTES = 1024 * 1024  # small parts may compress well without being a threat
PARAGRAPHS_PER_PAGE = 400  # a generous ceiling, turned into a paragraph cap from ParseLimits.max_pages

_CHUNK = 64 * 1024
_EOCD = b"PK\x05\x06"
_EOCD_STRUCT = struct.Struct("<4s4H2LH")
_MAX_COMMENT = 0xFFFF
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")  # XML is case-sensitive: lower-case variants are not declarations
_PARAGRAPH = re.compile(rb"<(?:\w{1,16}:)?p[\s/>]")
_OVERLAP = 20  # longer than any marker or paragraph tag, so one straddling two chunks is still seen
_XML_DECL_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_SAFE_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")
_CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def check_entry_count(path: Path) -> None:
    """Refuse a ZIP whose end-of-directory record announces more entries than a Word document has.

    A missing record is left for ``zipfile`` to report as a damaged archive.
    """
    size = path.stat().st_size
    with path.open("rb") as fh:
        tail_len = min(size, _EOCD_STRUCT.size + _MAX_COMMENT)
        fh.seek(size - tail_len)
        tail = fh.read(tail_len)
    pos = tail.rfind(_EOCD)
    if pos < 0 or len(tail) - pos < _EOCD_STRUCT.size:
        return
    entries = _EOCD_STRUCT.unpack_from(tail, pos)[5]
    if entries > MAX_ENTRIES:  # 0xFFFF (ZIP64: "see the other record") lands here too
        raise UnsafeDocument(
            f"{path.name} contains more than {MAX_ENTRIES:,} ZIP entries; a Word document has far fewer"
        )


def check_docx(path: Path, *, max_pages: int) -> None:
    """Raise ``UnsafeDocument`` (or ``DocumentTooLarge``) unless the package is safe to hand to python-docx."""
    check_entry_count(path)
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_directory(name, infos)
            xml_types = _xml_content_types(name, zf)
            paragraphs = 0
            for info in infos:
                paragraphs += _scan_part(name, zf, info, declared_xml=xml_types(info.filename))
    except zipfile.BadZipFile as exc:
        raise CorruptDocument(f"{name} is a damaged ZIP archive and cannot be read as a Word document ({exc})") from exc
    except (EOFError, NotImplementedError, ValueError, etree.XMLSyntaxError) as exc:  # truncated or odd streams
        raise CorruptDocument(f"{name} could not be unpacked ({exc})") from exc
    max_paragraphs = max_pages * PARAGRAPHS_PER_PAGE
    if paragraphs > max_paragraphs:
        raise DocumentTooLarge(
            f"{name} contains {paragraphs:,} paragraphs, more than the {max_paragraphs:,} this service reads "
            f"({max_pages} pages)"
        )


def _xml_content_types(name: str, zf: zipfile.ZipFile) -> Callable[[str], bool]:
    """Which parts the package declares as XML: python-docx picks its parsers by content type, not by name."""
    try:
        info = zf.getinfo(_CONTENT_TYPES)
    except KeyError:
        raise CorruptDocument(f"{name} is not a valid Word document (it has no {_CONTENT_TYPES})") from None
    _scan_part(name, zf, info, declared_xml=True)  # the DTD check must come before lxml reads it
    with zf.open(info) as fh:
        root = etree.fromstring(fh.read(MAX_XML_PART_BYTES), _SAFE_PARSER)
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for el in root:
        ctype = el.get("ContentType", "")
        if el.tag == f"{{{_CT_NS}}}Default":
            defaults[el.get("Extension", "").lower()] = ctype
        elif el.tag == f"{{{_CT_NS}}}Override":
            overrides[el.get("PartName", "").lstrip("/").lower()] = ctype

    def is_xml(entry: str) -> bool:
        key = entry.lower()
        ctype = overrides.get(key) or defaults.get(key.rpartition(".")[2], "")
        return "xml" in ctype.lower()

    return is_xml


def _check_directory(name: str, infos: list[zipfile.ZipInfo]) -> None:
    seen: set[str] = set()
    total = 0
    for info in infos:
        entry = info.filename
        if not _is_safe_name(entry):
            raise UnsafeDocument(f"{name} contains a ZIP entry with an unsafe path ({entry!r})")
        key = entry.lower()
        if key in seen:  # two parts with one name: readers disagree about which one counts
            raise UnsafeDocument(f"{name} contains the ZIP entry {entry!r} twice")
        seen.add(key)
        if info.flag_bits & 0x1:
            raise UnsafeDocument(f"{name} contains encrypted ZIP entries, which a Word document never has")
        if info.file_size > MAX_ENTRY_BYTES:
            raise UnsafeDocument(f"{name}: the part {entry!r} unpacks to {_mb(info.file_size)}, over the limit")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise UnsafeDocument(
                f"{name} looks like a zip bomb: the part {entry!r} expands {ratio:,.0f}x to {_mb(info.file_size)}"
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise UnsafeDocument(f"{name} unpacks to {_mb(total)}, more than the {_mb(MAX_TOTAL_BYTES)} allowed")


def _is_safe_name(entry: str) -> bool:
    if not entry or "\x00" in entry or "\\" in entry or entry.startswith("/") or re.match(r"^[A-Za-z]:", entry):
        return False
    return ".." not in PurePosixPath(entry).parts


def _scan_part(name: str, zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, declared_xml: bool) -> int:
    """Stream one part; if it is XML, refuse DTDs and odd encodings and return its paragraph count."""
    if info.is_dir():
        return 0
    with zf.open(info) as fh:
        first = fh.read(_CHUNK)
        if not first or not (declared_xml or _looks_like_xml(info.filename, first)):
            return 0
        _check_encoding(name, info.filename, first)
        paragraphs = 0
        size = 0
        previous = b""
        chunk = first
        while chunk:
            size += len(chunk)
            if size > MAX_XML_PART_BYTES:
                raise UnsafeDocument(f"{name}: the XML part {info.filename!r} is larger than {_mb(MAX_XML_PART_BYTES)}")
            window = previous + chunk
            for marker in _FORBIDDEN:
                if marker in window:
                    raise UnsafeDocument(
                        f"{name} contains an XML {marker[2:].decode()} declaration in {info.filename!r}; "
                        "Word never writes one, and it can be used to read files or exhaust memory"
                    )
            # a tag lying wholly inside the overlap was counted with the previous chunk
            paragraphs += sum(1 for m in _PARAGRAPH.finditer(window) if m.end() > len(previous))
            previous = chunk[-_OVERLAP:]
            chunk = fh.read(_CHUNK)
    return paragraphs


def _looks_like_xml(entry: str, first: bytes) -> bool:
    if entry.lower().endswith((".xml", ".rels", ".vml")):
        return True
    return first.removeprefix(_UTF8_BOM).lstrip().startswith(b"<") or first.startswith(_UTF16_STARTS)


def _check_encoding(name: str, entry: str, first: bytes) -> None:
    """Only UTF-8 parts can be scanned byte-wise; UTF-16 or UTF-7 could hide a DOCTYPE from the scan."""
    body = first.removeprefix(_UTF8_BOM).lstrip()
    declared = _XML_DECL_ENCODING.match(body)
    if (
        not body.startswith(b"<")
        or b"\x00" in first[:512]
        or (declared and declared.group(1).lower() not in _SAFE_ENCODINGS)
    ):
        raise UnsafeDocument(f"{name}: the XML part {entry!r} is not UTF-8 XML, the only form Word writes")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.0f} MB"
