"""Seeded random mutations of real PDF and DOCX files, and a runner that pushes them through a ``ParserPool``.

Mutant ``i`` of a run is a pure function of ``(seed, format, i)`` and the seed files: its generator is
``random.Random(f"{seed}/{fmt}/{i}")``, so any mutant can be rebuilt on its own (``benchmarks/reliability.py
--replay``). Nothing hostile is stored in the repository; seeds are the generated contracts of
``tests/fixtures/documents.py`` and, when present, a few small files of the shared corpus (read, never copied).
"""

from __future__ import annotations

import io
import random
import re
import time
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from docsvc.extract.errors import ExtractionError
from docsvc.extract.parsers import ParseLimits, ParserPool
from docsvc.extract.types import ParsedDocument
from tests.corpus import CORPUS
from tests.fixtures.documents import (
    CONTRACTS,
    write_contract_docx,
    write_contract_pdf,
    write_merged_table_docx,
    write_scanned_pdf,
    write_two_column_pdf,
)
from tests.parsers.checks import assert_well_formed

# Tight budgets: a clean seed parses in well under 0.1 s, so anything near these limits is a mutant gone wild.
LIMITS = ParseLimits(max_pages=50, max_bytes=20 * 1024 * 1024, timeout_seconds=3.0, memory_mb=512)
# Allowed on top of the timeout per file: a replacement worker's start-up (~0.3 s idle) on a busy 2-core box.
WALL_MARGIN = 4.0

Seed = tuple[str, bytes]  # name, content
Mutator = Callable[[random.Random, bytes, bytes], bytes]  # (rng, data, another seed's data) -> mutant


# --- seeds ----------------------------------------------------------------------------------------------------


def generated_seeds(directory: Path, fmt: str) -> list[Seed]:
    """The project's own generated documents of format ``fmt`` ("pdf" or "docx")."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for lang, contract in CONTRACTS.items():
        if fmt == "pdf":
            paths.append(write_contract_pdf(directory / f"contract_{lang}.pdf", contract))
        else:
            paths.append(write_contract_docx(directory / f"contract_{lang}.docx", contract))
    if fmt == "pdf":
        paths += [write_two_column_pdf(directory / "two_column.pdf"), write_scanned_pdf(directory / "scanned.pdf")]
    else:
        paths.append(write_merged_table_docx(directory / "merged.docx"))
    return [(p.name, p.read_bytes()) for p in paths]


CORPUS_SETS = {"pdf": ("cuad-dev/pdf", "synthetic-dev/pdf"), "docx": ("tos-dev/docx", "synthetic-dev/docx")}


def corpus_seeds(fmt: str, per_set: int = 2) -> list[Seed]:
    """The ``per_set`` smallest files of each corpus folder for ``fmt``; empty when the corpus is absent."""
    seeds: list[Seed] = []
    for folder in CORPUS_SETS[fmt]:
        directory = CORPUS / folder
        if not directory.is_dir():
            continue
        files = sorted(directory.glob(f"*.{fmt}"), key=lambda p: (p.stat().st_size, p.name))[:per_set]
        seeds += [(f"{folder.split('/')[0]}/{p.name}", p.read_bytes()) for p in files]
    return seeds


# --- byte-level operators (both formats) ----------------------------------------------------------------------


def _pos(rng: random.Random, data: bytes) -> int:
    return rng.randrange(len(data) + 1)


def _span(rng: random.Random, data: bytes) -> tuple[int, int]:
    start = rng.randrange(max(1, len(data)))
    length = rng.choice([1, 4, 16, 256, 4096, max(1, len(data) // 2)])
    return start, min(len(data), start + length)


def flip_bytes(rng: random.Random, data: bytes, other: bytes) -> bytes:
    out = bytearray(data)
    if not out:
        return other[: _pos(rng, other)]
    for _ in range(rng.choice([1, 1, 2, 4, 16, 64])):
        i = rng.randrange(len(out))
        out[i] = out[i] ^ (1 << rng.randrange(8)) if rng.random() < 0.5 else rng.randrange(256)
    return bytes(out)


def delete_range(rng: random.Random, data: bytes, other: bytes) -> bytes:
    start, end = _span(rng, data)
    return data[:start] + data[end:]


def duplicate_range(rng: random.Random, data: bytes, other: bytes) -> bytes:
    start, end = _span(rng, data)
    at = _pos(rng, data)
    return data[:at] + data[start:end] * rng.choice([1, 1, 2, 8]) + data[at:]


def insert_bytes(rng: random.Random, data: bytes, other: bytes) -> bytes:
    at = _pos(rng, data)
    return data[:at] + rng.randbytes(rng.choice([1, 8, 64, 1024])) + data[at:]


def truncate(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randrange(max(1, len(data)))]


def splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: _pos(rng, data)] + other[_pos(rng, other) :]


BYTE_OPERATORS: dict[str, Mutator] = {
    "flip_bytes": flip_bytes,
    "delete_range": delete_range,
    "duplicate_range": duplicate_range,
    "insert_bytes": insert_bytes,
    "truncate": truncate,
    "splice": splice,
}


# --- PDF-aware operators --------------------------------------------------------------------------------------

_TOKENS = [
    *(b"obj", b"endobj", b"stream", b"endstream", b"<<", b">>", b"[", b"]", b"(", b")", b"\\", b"BT", b"ET", b"Tf"),
    *(b"xref", b"trailer", b"startxref", b"%%EOF", b"/Length 0", b"/Filter /FlateDecode", b"/ObjStm"),
    *(b"/Type /Pages", b"/Kids [1 0 R]", b"1 0 R", b"9999999 0 R", b"/Count -1", b"/Count 2147483647"),
    *(b"/MediaBox [0 0 0 0]", b"1e308", b"-0", b"99999999999999999999"),
]


def _lie(rng: random.Random, value: int) -> bytes:
    choices = [0, 1, value - 1, value + 1, value * 2, value // 2, 2**31 - 1, 2**32 + value, 2**63, 10**20, -1]
    return str(rng.choice(choices)).encode()


def _replace_match(rng: random.Random, data: bytes, pattern: bytes, new: Callable[[re.Match[bytes]], bytes]) -> bytes:
    matches = list(re.finditer(pattern, data))
    if not matches:
        return flip_bytes(rng, data, data)
    m = rng.choice(matches)  # one edit per call; stacked operators make several
    return data[: m.start(1)] + new(m) + data[m.end(1) :]


def insert_token(rng: random.Random, data: bytes, other: bytes) -> bytes:
    at = _pos(rng, data)
    return data[:at] + b" " + rng.choice(_TOKENS) + b" " + data[at:]


def lie_length(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A wrong ``/Length`` (too short, too long, absurd, negative) or an indirect one to a missing object."""

    def new(m: re.Match[bytes]) -> bytes:
        return b"99999 0 R" if rng.random() < 0.15 else _lie(rng, int(m.group(1)))

    return _replace_match(rng, data, rb"/Length\s+(\d+)", new)


def lie_xref(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """A wrong offset in the xref table, or a wrong ``startxref`` (the corpus PDFs may use xref streams)."""
    if rng.random() < 0.4:
        return _replace_match(rng, data, rb"startxref\s+(\d+)", lambda m: _lie(rng, int(m.group(1))))

    def offset(m: re.Match[bytes]) -> bytes:
        return b"%010d" % (abs(int(_lie(rng, int(m.group(1))))) % 10**10)

    return _replace_match(rng, data, rb"(\d{10}) \d{5} [nf]", offset)


def renumber_objects(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """An ``N G obj`` header or an ``N G R`` reference pointing at another, a missing or an absurd object."""
    numbers = [int(m.group(1)) for m in re.finditer(rb"(\d+)\s+\d+\s+obj", data)] or [1]

    def new(m: re.Match[bytes]) -> bytes:
        if rng.random() < 0.5:
            return str(rng.choice(numbers)).encode()  # a duplicate / self reference
        return _lie(rng, int(m.group(1)))

    pattern = rb"(\d+)\s+\d+\s+obj" if rng.random() < 0.5 else rb"(\d+)\s+\d+\s+R\b"
    return _replace_match(rng, data, pattern, new)


def deep_nesting(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """``[[[[`` or ``<<<<`` thousands deep, inside an object body, a content stream or anywhere."""
    depth = rng.choice([64, 1_000, 10_000, 100_000])
    opener = rng.choice([b"[", b"<<", b"<< /A "])
    closer = {b"[": b"]", b"<<": b">>", b"<< /A ": b">>"}[opener]
    nest = opener * depth + (closer * depth if rng.random() < 0.5 else b"")
    anchors = [m.end() for m in re.finditer(rb"\bobj\b|\bstream\r?\n|/Kids\s*|/Contents\s*", data)]
    at = rng.choice(anchors) if anchors and rng.random() < 0.8 else _pos(rng, data)
    return data[:at] + nest + data[at:]


def zero_stream(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """The bytes of one stream replaced by zeros (same length), by random bytes, or removed."""
    spans = [(m.end(), data.find(b"endstream", m.end())) for m in re.finditer(rb"stream\r?\n", data)]
    spans = [(s, e) for s, e in spans if e > s]
    if not spans:
        return flip_bytes(rng, data, other)
    start, end = rng.choice(spans)
    kind = rng.random()
    body = bytes(end - start) if kind < 0.6 else rng.randbytes(end - start) if kind < 0.85 else b""
    return data[:start] + body + data[end:]


PDF_OPERATORS: dict[str, Mutator] = {
    **BYTE_OPERATORS,
    "insert_token": insert_token,
    "lie_length": lie_length,
    "lie_xref": lie_xref,
    "renumber_objects": renumber_objects,
    "deep_nesting": deep_nesting,
    "zero_stream": zero_stream,
}


# --- DOCX-aware operators: rewrite the package with one entry changed -----------------------------------------

Entries = list[tuple[zipfile.ZipInfo, bytes]]
_XML_WEIGHTED = ("word/document.xml", "word/document.xml", "[Content_Types].xml", "word/_rels/document.xml.rels")


def _read_entries(data: bytes) -> Entries | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [(info, zf.read(info)) for info in zf.infolist()]
    except Exception:  # an earlier byte-level mutation broke the package: fall back to bytes
        return None


def _write_entries(entries: Entries) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is one of the mutations
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for info, content in entries:
                zf.writestr(info, content)
    return buf.getvalue()


def _pick_xml(rng: random.Random, entries: Entries) -> int:
    names = [info.filename for info, _ in entries]
    wanted = rng.choice(_XML_WEIGHTED)
    if wanted in names and rng.random() < 0.7:
        return names.index(wanted)
    xml = [i for i, name in enumerate(names) if name.endswith((".xml", ".rels"))]
    return rng.choice(xml or list(range(len(names))))


def _entry_mutator(edit: Callable[[random.Random, Entries], Entries]) -> Mutator:
    def mutate(rng: random.Random, data: bytes, other: bytes) -> bytes:
        entries = _read_entries(data)
        if not entries:
            return flip_bytes(rng, data, other)
        return _write_entries(edit(rng, entries))

    mutate.__name__ = edit.__name__
    return mutate


def _with_xml(rng: random.Random, entries: Entries, change: Callable[[bytes], bytes]) -> Entries:
    i = _pick_xml(rng, entries)
    info, content = entries[i]
    return entries[:i] + [(info, change(content))] + entries[i + 1 :]


def unclosed_tag(rng: random.Random, entries: Entries) -> Entries:
    def change(xml: bytes) -> bytes:
        closers = list(re.finditer(rb"</[^>]+>", xml))
        kind = rng.random()
        if closers and kind < 0.5:
            m = rng.choice(closers)
            return xml[: m.start()] + xml[m.end() :]
        if kind < 0.75:
            return xml[: rng.randrange(max(1, len(xml)))]
        at = _pos(rng, xml)
        return xml[:at] + rng.choice([b"<w:p>", b"<", b"<w:t>&", b"]]>", b"<![CDATA[", b"<?pi"]) + xml[at:]

    return _with_xml(rng, entries, change)


_DOCTYPES = [
    b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE d [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>',
    b'<!DOCTYPE d [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;]>',
    b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    b'<!DOCTYPE d [<!ENTITY x "internal entity">]>',
    b'<!DOCTYPE d SYSTEM "file:///dev/zero">',
]


def doctype_injection(rng: random.Random, entries: Entries) -> Entries:
    doctype = rng.choice(_DOCTYPES)

    def change(xml: bytes) -> bytes:
        decl = re.match(rb"<\?xml[^>]*\?>\s*", xml)
        at = decl.end() if decl else 0
        xml = xml[:at] + doctype + xml[at:]
        texts = list(re.finditer(rb"<w:t(?: [^>]*)?>", xml))
        if texts:
            m = rng.choice(texts)
            xml = xml[: m.end()] + b"&x;" + xml[m.end() :]
        return xml

    return _with_xml(rng, entries, change)


def huge_attribute(rng: random.Random, entries: Entries) -> Entries:
    size = rng.choice([64 * 1024, 1024 * 1024, 8 * 1024 * 1024, 40 * 1024 * 1024])

    def change(xml: bytes) -> bytes:
        tags = [m.end(1) for m in re.finditer(rb"<([A-Za-z][\w:.-]*)", xml)]
        at = rng.choice(tags) if tags else _pos(rng, xml)
        return xml[:at] + b' w:huge="' + b"A" * size + b'"' + xml[at:]

    return _with_xml(rng, entries, change)


def xml_bytes(rng: random.Random, entries: Entries) -> Entries:
    """Byte-level damage inside one XML part of an otherwise valid package (bad UTF-8, control characters)."""

    def change(xml: bytes) -> bytes:
        if rng.random() < 0.5:
            at = _pos(rng, xml)
            junk = rng.choice([b"\x00", b"&#0;", b"&#xFFFE;", b"\xff\xfe", b"\xc3", b"&undefined;"])
            return xml[:at] + junk + xml[at:]
        return flip_bytes(rng, xml, xml)

    return _with_xml(rng, entries, change)


def deep_elements(rng: random.Random, entries: Entries) -> Entries:
    depth = rng.choice([300, 5_000, 100_000])

    def change(xml: bytes) -> bytes:
        body = xml.find(b"<w:body>")
        at = body + len(b"<w:body>") if body >= 0 else _pos(rng, xml)
        tag = rng.choice([b"w:p", b"w:tbl", b"w:sdt", b"x"])
        return xml[:at] + b"<%s>" % tag * depth + b"</%s>" % tag * depth + xml[at:]

    return _with_xml(rng, entries, change)


def bad_relationship(rng: random.Random, entries: Entries) -> Entries:
    targets = [
        b"../../../../etc/passwd",
        b"/etc/passwd",
        b"http://127.0.0.1:9/x",
        b"word/missing.xml",
        b"",
        b"document.xml",
    ]

    def change(xml: bytes) -> bytes:
        matches = list(re.finditer(rb'Target="([^"]*)"', xml))
        if not matches:
            return xml
        m = rng.choice(matches)
        external = b' TargetMode="External"' if rng.random() < 0.3 else b""
        return xml[: m.start(1)] + rng.choice(targets) + b'"' + external + xml[m.end(1) + 1 :]

    rels = [i for i, (info, _) in enumerate(entries) if info.filename.endswith(".rels")]
    if not rels:
        return unclosed_tag(rng, entries)
    i = rng.choice(rels)
    info, content = entries[i]
    return entries[:i] + [(info, change(content))] + entries[i + 1 :]


def rename_entry(rng: random.Random, entries: Entries) -> Entries:
    i = _pick_xml(rng, entries)
    info, content = entries[i]
    name = info.filename
    new_name = rng.choice(
        [
            name.upper(),
            "../" * 8 + name,
            "/" + name,
            name.replace("/", "\\"),
            name + ".bak",
            entries[rng.randrange(len(entries))][0].filename,  # collides with another entry
            "x/" * 200 + name,
            name.replace("document", "döcument"),
        ]
    )
    renamed = zipfile.ZipInfo(new_name, date_time=info.date_time)
    renamed.compress_type = info.compress_type
    return entries[:i] + [(renamed, content)] + entries[i + 1 :]


def drop_entry(rng: random.Random, entries: Entries) -> Entries:
    i = _pick_xml(rng, entries) if rng.random() < 0.7 else rng.randrange(len(entries))
    return entries[:i] + entries[i + 1 :]


def duplicate_entry(rng: random.Random, entries: Entries) -> Entries:
    i = _pick_xml(rng, entries)
    info, content = entries[i]
    junk = rng.choice([b"", b"<x/>", content[: len(content) // 2], rng.randbytes(256)])
    twin = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    return [*entries, (twin, junk)] if rng.random() < 0.5 else [(twin, junk), *entries]


def recompress(rng: random.Random, entries: Entries) -> Entries:
    """One entry stored, bzip2- or LZMA-compressed: valid ZIP, methods Word itself never writes."""
    i = rng.randrange(len(entries))
    info, content = entries[i]
    changed = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    changed.compress_type = rng.choice([zipfile.ZIP_STORED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
    return entries[:i] + [(changed, content)] + entries[i + 1 :]


DOCX_OPERATORS: dict[str, Mutator] = {
    **BYTE_OPERATORS,
    **{
        edit.__name__: _entry_mutator(edit)
        for edit in (
            unclosed_tag,
            doctype_injection,
            huge_attribute,
            xml_bytes,
            deep_elements,
            bad_relationship,
            rename_entry,
            drop_entry,
            duplicate_entry,
            recompress,
        )
    },
}
# Package-level edits are the interesting part for DOCX: byte damage mostly ends at the ZIP CRC check.
_DOCX_WEIGHTS = {name: (1 if name in BYTE_OPERATORS else 3) for name in DOCX_OPERATORS}
OPERATORS = {"pdf": PDF_OPERATORS, "docx": DOCX_OPERATORS}


# --- mutants --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mutant:
    index: int
    fmt: str
    seed_name: str
    operators: tuple[str, ...]
    data: bytes

    @property
    def label(self) -> str:
        return f"{self.fmt}#{self.index} from {self.seed_name} via {'+'.join(self.operators)}"


def make_mutant(seed: int, fmt: str, index: int, seeds: list[Seed]) -> Mutant:
    rng = random.Random(f"{seed}/{fmt}/{index}")
    operators = OPERATORS[fmt]
    names = sorted(operators)
    weights = [_DOCX_WEIGHTS[n] if fmt == "docx" else 1 for n in names]
    seed_name, data = rng.choice(seeds)
    chosen = tuple(rng.choices(names, weights=weights, k=rng.choice([1, 1, 1, 2, 3])))
    for name in chosen:
        other = rng.choice(seeds)[1]
        data = operators[name](rng, data, other)
    return Mutant(index, fmt, seed_name, chosen, data)


def mutants(seed: int, fmt: str, count: int, seeds: list[Seed]) -> Iterator[Mutant]:
    for index in range(count):
        yield make_mutant(seed, fmt, index, seeds)


# --- running them ---------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    mutant: str  # Mutant.label
    outcome: str  # "parsed", an ExtractionError code, or "UNEXPECTED <type>"
    seconds: float
    message: str = ""
    names_file: bool = True  # the error message names the file (the project's convention)
    worker_gone: bool = False  # no live worker after this file: it was killed or exited
    defect: str = ""  # what ``check`` found wrong with the parsed document
    note: str = ""  # a known, tolerated oddity ``check`` reported (see ``check_document``)

    @property
    def ok(self) -> bool:
        return not self.outcome.startswith("UNEXPECTED") and (self.outcome == "parsed" or bool(self.message.strip()))


def run_mutants(
    pool: ParserPool,
    batch: Iterable[Mutant],
    directory: Path,
    *,
    limits: ParseLimits | None = None,
    check: Callable[[ParsedDocument], str] | None = None,
) -> list[Outcome]:
    """Parse each mutant in ``pool``; exceptions other than ``ExtractionError`` are recorded, not raised.

    ``check`` runs on every parsed document (after the clock stops): an ``AssertionError`` it raises is
    recorded as the outcome's ``defect``, a string it returns as its ``note``.
    """
    directory.mkdir(parents=True, exist_ok=True)
    results = []
    for mutant in batch:
        path = directory / f"mutant_{mutant.fmt}_{mutant.index:05d}.{mutant.fmt}"
        path.write_bytes(mutant.data)
        started = time.monotonic()
        try:
            doc: ParsedDocument | None = pool.parse(path, limits=limits)
            result = Outcome(mutant.label, "parsed", 0.0)
        except ExtractionError as exc:
            result = Outcome(mutant.label, exc.code, 0.0, str(exc), names_file=path.name in str(exc))
            doc = None
        except Exception as exc:  # the contract under test: this must never happen
            result = Outcome(mutant.label, f"UNEXPECTED {type(exc).__name__}", 0.0, str(exc)[:300])
            doc = None
        result.seconds = time.monotonic() - started
        result.worker_gone = not pool.pids
        if doc is not None and check is not None:
            try:
                result.note = check(doc)
            except AssertionError as exc:
                result.defect = str(exc).splitlines()[0][:300] if str(exc) else "assertion failed"
        results.append(result)
        path.unlink()
    return results


def check_document(doc: ParsedDocument) -> str:
    """``assert_well_formed``: every invariant of the document model holds (a failure is a parser defect).

    Damaged PDFs with a zero font size, text matrix or MediaBox once gave boxes with ``top == bottom``; the
    parser now gives every box a minimal height and falls back to a Letter page for a degenerate MediaBox.
    """
    assert_well_formed(doc)
    return ""


def problems(results: list[Outcome], limits: ParseLimits = LIMITS) -> dict[str, list[Outcome]]:
    """The mutants breaking each part of the parse contract, by name (empty lists when all is well)."""
    return {
        "other exception or empty message": [r for r in results if not r.ok],
        "over timeout + margin": [r for r in results if r.seconds > limits.timeout_seconds + WALL_MARGIN],
        "malformed parsed document": [r for r in results if r.defect],
        "message does not name the file": [r for r in results if not r.names_file],
    }


PROBLEMS = tuple(problems([]))


def listing(bad: list[Outcome]) -> str:
    return "\n".join(f"{r.mutant}: {r.outcome} {r.defect or r.message!r}" for r in bad[:20])


def operators_used(results: list[Outcome]) -> set[str]:
    return {op for r in results for op in r.mutant.split(" via ")[1].split("+")}


def counts(results: Iterable[Outcome]) -> Counter[str]:
    return Counter(r.outcome for r in results)


def summary(fmt: str, results: list[Outcome]) -> str:
    by_outcome = ", ".join(f"{k} {v}" for k, v in sorted(counts(results).items(), key=lambda kv: -kv[1]))
    slowest = max((r.seconds for r in results), default=0.0)
    notes = Counter(r.note for r in results if r.note)
    noted = "".join(f"; {n} parsed with {note}" for note, n in notes.items())
    return f"{fmt}: {len(results)} mutants: {by_outcome}{noted}; slowest {slowest:.2f} s"
