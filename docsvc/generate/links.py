"""External references in a DOCX: what LibreOffice (or Word, on the reader's machine) would fetch.

A template is uploaded by a user and converted on our server, and LibreOffice follows what a document links
to while it converts: ``<a:blip r:link>`` pictures with ``TargetMode="External"`` relationships to http:// or
file:// URLs (issue 10, finding 1: a request to a loopback port and a local file inside the PDF), attached
templates, sub-documents, OLE links, frames, and field codes (INCLUDEPICTURE, INCLUDETEXT, DDE, LINK …).

``scrub`` finds and removes all of it and says what it removed. It runs three times: on upload (validation
refuses everything except links, which it turns into plain text), on every rendered document (a template
can assemble a field instruction from text at render time) and right before the PDF conversion (so a
document that never passed through validation is safe too). It works on the XML, not on Word's semantics, so
it errs on the side of removing: any relationship that is external or names a URL, any field whose
instruction is one of the fetching kinds or contains a URL.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from posixpath import basename, dirname, join, normpath
from typing import Literal

from lxml import etree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R_NAMESPACES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                 "http://purl.oclc.org/ooxml/officeDocument/relationships")
# Internal relationships of these types are refused too: their content is a document LibreOffice would load
# (an HTML/RTF alternative chunk, an embedded OLE package, a sub-document) with references of its own.
_REFUSED_TYPES = ("aFChunk", "oleObject", "package", "subDocument", "attachedTemplate", "frame")
# Field types that load something from a path or URL; the rest (PAGE, MERGEFIELD, REF …) only compute text.
_FETCHING_FIELDS = frozenset({"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "IMPORT", "LINK", "DDE", "DDEAUTO",
                              "RD", "DATABASE", "EMBED"})
_URL = re.compile(r"(?i)(?:^|[\s\"'(])(?:[a-z][a-z0-9+.-]{1,20}:/|\\\\|//)")
_SCHEME = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]{1,20}:|//|\\\\)")
_FIELD_WORD = re.compile(r"[A-Za-z]+")
# Relationship types of the parts whose fields Word and LibreOffice evaluate: the body (text boxes included),
# headers, footers, notes, comments and the glossary. Found through the relationships, as the readers find
# them, not by part name: a hostile package may call its body anything.
_STORY_TYPES = frozenset({"officeDocument", "document", "header", "footer", "footnotes", "endnotes", "comments",
                          "glossaryDocument"})
_INSTR_BYTES = b"instr"  # local names instrText/delInstrText and the fldSimple attribute, whatever the prefix

Kind = Literal["link", "external"]


@dataclass(frozen=True)
class Removed:
    """One external reference: a ``link`` (a hyperlink, kept as its text) or anything else (refused)."""

    kind: Kind
    part: str  # the package part it sat in ("word/document.xml", "word/settings.xml" …)
    what: str  # "picture linked to http://…", "INCLUDETEXT field", …

    @property
    def message(self) -> str:
        return f"{self.what} in {self.part}"


def scrub(data: bytes) -> tuple[bytes, list[Removed]]:
    """``data`` without external references, and what was removed (``data`` itself when nothing was).

    Raises ``zipfile.BadZipFile`` or ``etree.XMLSyntaxError`` for a damaged package; callers map them.
    """
    removed: list[Removed] = []
    rewritten: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = [info.filename for info in zf.infolist() if not info.is_dir()]
        dropped: dict[str, set[str]] = {}  # part → relationship ids removed from its .rels
        stories: set[str] = set()
        for name in names:
            if name.endswith(".rels"):  # always parsed (they are small): a damaged one is reported here
                cleaned = _scrub_rels(name, zf.read(name), removed, dropped, stories)
                if cleaned is not None:
                    rewritten[name] = cleaned
        for name in names:
            ids = dropped.get(name, set())
            if not ids and name not in stories:  # styles, theme, fonts … hold no fields: not even unpacked
                continue
            raw = zf.read(name)
            if ids or _INSTR_BYTES in raw:
                cleaned = _scrub_part(name, raw, ids, removed)
                if cleaned is not None:
                    rewritten[name] = cleaned
        if not rewritten:
            return data, removed
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as dst:
            for info in zf.infolist():
                replacement = rewritten.get(info.filename)
                body = replacement if replacement is not None else zf.read(info)
                dst.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue(), removed


def _source_part(rels_name: str) -> str:
    """``word/_rels/document.xml.rels`` → ``word/document.xml`` (``_rels/.rels`` → the package itself)."""
    folder = dirname(dirname(rels_name))
    return join(folder, basename(rels_name)[: -len(".rels")]) if folder or basename(rels_name) != ".rels" else ""


def _scrub_rels(name: str, raw: bytes, removed: list[Removed], dropped: dict[str, set[str]],
                stories: set[str]) -> bytes | None:
    root = etree.fromstring(raw, _PARSER)
    part = _source_part(name)
    changed = False
    for rel in list(root):
        if rel.tag != f"{{{_RELS_NS}}}Relationship":
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        external = (rel.get("TargetMode") or "").lower() == "external" or bool(_SCHEME.match(target.strip()))
        if not external and kind in _STORY_TYPES:  # where the story part sits, relative to its source
            stories.add(target.lstrip("/") if target.startswith("/") else normpath(join(dirname(part), target)))
        if not external and kind not in _REFUSED_TYPES:
            continue
        shown = target if len(target) <= 80 else target[:77] + "…"
        if kind == "hyperlink":
            removed.append(Removed("link", part or name, f"a link to {shown}"))
        else:
            where = f"{shown} (external)" if external else f"{shown} (embedded)"
            removed.append(Removed("external", part or name, f"a {_describe(kind)} referring to {where}"))
        dropped.setdefault(part, set()).add(rel.get("Id") or "")
        root.remove(rel)
        changed = True
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if changed else None


def _describe(kind: str) -> str:
    return {"image": "linked picture", "attachedTemplate": "attached template", "subDocument": "sub-document",
            "oleObject": "OLE object", "package": "embedded package", "frame": "frame",
            "aFChunk": "alternative-format chunk (altChunk)"}.get(kind, f"{kind or 'unknown'} relationship")


def _scrub_part(name: str, raw: bytes, ids: set[str], removed: list[Removed]) -> bytes | None:
    root = etree.fromstring(raw, _PARSER)
    changed = _drop_references(root, ids) if ids else False
    changed = _scrub_fields(root, name, removed) or changed
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if changed else None


def _drop_references(root: etree._Element, ids: set[str]) -> bool:
    """Remove what refers to a removed relationship: a hyperlink keeps its text, a linked picture keeps its
    frame (an ``r:link`` next to an ``r:embed`` loses only the link), anything else goes."""
    changed = False
    for element in list(root.iter(etree.Element)):
        for attribute, value in list(element.attrib.items()):
            qname = etree.QName(attribute)
            if qname.namespace not in _R_NAMESPACES or value not in ids:
                continue
            changed = True
            local = etree.QName(element).localname
            if local == "hyperlink":
                _unwrap(element)
            elif qname.localname in ("link", "href") or local == "blip":
                del element.attrib[attribute]
            elif (parent := element.getparent()) is not None:
                parent.remove(element)
            break
    return changed


def _unwrap(element: etree._Element) -> None:
    """Replace ``element`` by its children, in place (a ``w:hyperlink``'s runs become ordinary runs)."""
    parent = element.getparent()
    if parent is None:
        return
    position = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(position + offset, child)
    parent.remove(element)


def _fetching(instruction: str) -> str | None:
    """The field type when ``instruction`` loads something (or contains a URL/UNC path), else None."""
    word = _FIELD_WORD.search(instruction)
    field = word.group(0).upper() if word else ""
    if field in _FETCHING_FIELDS or field == "HYPERLINK":
        return field
    if _URL.search(instruction) or "file:" in instruction.lower():
        return field or "unnamed"
    return None


def _scrub_fields(root: etree._Element, name: str, removed: list[Removed]) -> bool:
    changed = False
    for simple in [el for el in root.iter(etree.Element) if etree.QName(el).localname == "fldSimple"]:
        instruction = next((v for k, v in simple.attrib.items() if etree.QName(k).localname == "instr"), "")
        field = _fetching(instruction)
        if field is not None:
            _record_field(field, name, removed)
            _unwrap(simple)  # the field's last result stays as plain text
            changed = True
    # A complex field is fldChar begin … instrText runs … separate … result … end, possibly nested: the
    # instruction of the innermost open field collects instrText until its separate/end.
    stack: list[list[etree._Element]] = []
    for element in root.iter(etree.Element):
        local = etree.QName(element).localname
        if local == "fldChar":
            kind = next((v for k, v in element.attrib.items() if etree.QName(k).localname == "fldCharType"), "")
            if kind == "begin":
                stack.append([])
            elif kind in ("separate", "end") and stack:
                pieces = stack.pop()
                if kind == "separate":
                    stack.append([])  # the result part of this field: no instruction text expected
                field = _fetching("".join(p.text or "" for p in pieces))
                if field is not None:
                    _record_field(field, name, removed)
                    for piece in pieces:  # an empty instruction: LibreOffice keeps the result text only
                        piece.text = ""
                    changed = True
        elif local in ("instrText", "delInstrText"):
            if stack:
                stack[-1].append(element)
            elif _fetching(element.text or "") is not None:  # an instruction outside any field: clear it
                _record_field(_fetching(element.text or "") or "", name, removed)
                element.text = ""
                changed = True
    return changed


def _record_field(field: str, part: str, removed: list[Removed]) -> None:
    if field == "HYPERLINK":
        removed.append(Removed("link", part, "a HYPERLINK field"))
    else:
        removed.append(Removed("external", part, f"an {field} field" if field[:1] in "AEIOU" else f"a {field} field"))
