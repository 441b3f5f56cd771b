"""Template validation on upload: is this DOCX safe, a Word document, valid Jinja, and does it use only the
documented context? Every problem is reported with where it sits and what to do about it.

Steps, each only when the previous ones passed: ZIP/XML safety (``zipsafety``, shared with extraction) →
``word/document.xml`` present → per part (document, headers, footers, footnotes, endnotes) split tags and
curly quotes repaired → Jinja syntax (with the paragraph number and text) → variable paths and filters
against ``context_schema()`` → a dry-run render on ``sample_context(language)``.

Reports are cached by sha256 of the upload and language, so re-validating the same bytes is free.
"""

from __future__ import annotations

import copy
import hashlib
import io
import re
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Literal

from jinja2 import TemplateSyntaxError
from lxml import etree

from docsvc.generate import links, nesting
from docsvc.generate.environment import make_environment
from docsvc.generate.errors import GenerationBusy, GenerationError, TemplateInvalid
from docsvc.generate.render import RenderPool, check_package, render_in_process
from docsvc.generate.repair import W_P, PartRepair, repair_part
from docsvc.generate.sample import sample_context
from docsvc.generate.variables import VariableChecker, leaf_paths

CACHED_REPORTS = 64
_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_MARKER = "docsvc-p"  # paragraph number, set on <w:p> only in the copy that is analysed
_MARKER_RE = re.compile(rf'{_MARKER}="(\d+)"')
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_EXTERNAL_HINT = ("remove it, or insert pictures and documents into the template itself "
                  "(Insert > Pictures > This Device, not Insert and Link); fields may not load files")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass
class Problem:
    severity: Literal["error", "warning"]
    code: str
    message: str
    location: str | None = None  # "document", "header1", "footer2", "footnotes", "endnotes"
    paragraph: int | None = None  # 1-based within the part, table-cell paragraphs included
    excerpt: str | None = None
    suggestion: str | None = None


@dataclass
class ValidationReport:
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)  # "contract.title", "contract.sla[].metric"
    prepared: bytes | None = None  # the repaired template; None unless ok


_cache: OrderedDict[tuple[str, str], ValidationReport] = OrderedDict()
_cache_lock = threading.Lock()


def validate_template(data: bytes, *, language: str, pool: RenderPool | None = None) -> ValidationReport:
    """Check an uploaded template; ``pool`` runs the dry-run render isolated (else in-process, sandboxed)."""
    key = (hashlib.sha256(data).hexdigest(), language)
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return copy.deepcopy(_cache[key])
    report = _validate(data, language, pool)
    with _cache_lock:
        _cache[key] = report
        while len(_cache) > CACHED_REPORTS:
            _cache.popitem(last=False)
    return copy.deepcopy(report)


def _validate(data: bytes, language: str, pool: RenderPool | None) -> ValidationReport:
    make_environment(language)  # ValueError for an unsupported language: a caller bug, not a template problem
    package = _package_problem(data)
    if package is not None:
        return ValidationReport(ok=False, problems=[package])
    try:
        data, removed = links.scrub(data)
    except (zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        return ValidationReport(ok=False, problems=[_malformed(exc)])
    problems = [Problem("error", "external_reference", f"the template refers to something outside the document: "
                        f"{r.message}", r.part, suggestion=_EXTERNAL_HINT) for r in removed if r.kind == "external"]
    repairs = [f"{r.message} was turned into plain text (documents carry no live links)"
               for r in removed if r.kind == "link"]
    used: set[str] = set()
    rewritten: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted((n for n in zf.namelist() if _PARTS.match(n)), key=lambda n: (n != "word/document.xml", n))
        for name in names:
            where = _PARTS.match(name).group(1)  # type: ignore[union-attr]  # filtered above
            try:
                root = etree.fromstring(zf.read(name), _PARSER)
            except etree.XMLSyntaxError as exc:
                return ValidationReport(ok=False, problems=[_malformed(exc, where)])
            part = repair_part(root, where)
            repairs += part.repairs
            problems += _check_part(root, part, where, language, used)
            if part.changed:
                rewritten[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        prepared = _rewrite(zf, rewritten) if rewritten else data
    if not any(p.severity == "error" for p in problems):
        problems += _dry_run(prepared, language, pool)
    ok = not any(p.severity == "error" for p in problems)
    return ValidationReport(ok=ok, problems=problems, repairs=repairs, variables=leaf_paths(used),
                            prepared=prepared if ok else None)


def _malformed(exc: Exception, where: str | None = None) -> Problem:
    # lxml's message ("Opening and ending tag mismatch: … line 1") is what a template author can act on
    return Problem("error", "malformed_xml", f"the document's XML is damaged: {exc}", where,
                   suggestion="open the template in Word and save it again as a new .docx")


def _package_problem(data: bytes) -> Problem | None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return Problem("error", "not_docx", "this is an old Word 97-2003 (.doc) file, or an encrypted document",
                       suggestion='open it in Word and save it as "Word Document (*.docx)" without a password')
    if not data.startswith(b"PK"):
        return Problem("error", "not_docx", "the file is not a Word document (.docx)",
                       suggestion='save the template from Word as "Word Document (*.docx)"')
    try:
        check_package(data)
    except TemplateInvalid as exc:
        code = "not_docx" if "word/document.xml" in exc.message else "unsafe_package"
        return Problem("error", code, exc.message, suggestion="save the template again from Word as a new .docx")
    return None


def _check_part(root: etree._Element, part: PartRepair, where: str, language: str, used: set[str]) -> list[Problem]:
    problems = [
        Problem("error", "tag_not_closed", f"a tag is opened in paragraph {p.number} but not closed there",
                where, p.number, _excerpt(p.text), "keep every {{ … }} and {% … %} tag inside one paragraph")
        for p in part.unclosed
    ]
    texts = {p.number: p.text for p in part.paragraphs}
    if not any("{" in t for t in texts.values()):
        return problems
    if where == "endnotes":
        problems.append(Problem("warning", "endnotes_not_rendered", "tags in endnotes are not filled in "
                                "(only the body, headers, footers and footnotes are)", where,
                                suggestion="move the variables into the body or a footnote"))
    source, line_paragraphs = _analysis_source(root)
    env = make_environment(language)
    tree = None
    try:
        # Jinja's parser, our checker and its compiler recurse once per nesting level: bound the nesting
        # first (iteratively), so no template drives the web process into deep recursion.
        too_deep = nesting.check_tokens(env, source)
        tree = env.parse(source) if too_deep is None else None
        too_deep = too_deep or nesting.check_tree(tree)
    except TemplateSyntaxError as exc:
        number = _paragraph_of(line_paragraphs, exc.lineno)
        problems.append(Problem("error", "syntax_error", f"syntax error: {exc.message}", where, number,
                                _excerpt(texts.get(number or 0)), _syntax_hint(exc.message or "")))
        return problems
    except RecursionError:  # not expected after the checks above; a 422 all the same, never a 500
        too_deep = nesting.TooDeep("the template nests too deeply to be read", None)
    if too_deep is not None or tree is None:
        deep = too_deep or nesting.TooDeep("the template nests too deeply to be read", None)
        number = _paragraph_of(line_paragraphs, deep.lineno)
        problems.append(Problem("error", "too_deeply_nested", deep.message, where, number,
                                _excerpt(texts.get(number or 0)), nesting.HINT))
        return problems
    checker = VariableChecker(set(env.filters), set(env.globals))
    checker.check(tree)
    used |= checker.used
    seen: set[tuple[str, int | None]] = set()
    for finding in checker.findings:
        number = _paragraph_of(line_paragraphs, finding.lineno)
        if (finding.message, number) not in seen:
            seen.add((finding.message, number))
            problems.append(Problem("error", finding.code, finding.message, where, number,
                                    _excerpt(texts.get(number or 0)), finding.suggestion))
    return problems


def _analysis_source(root: etree._Element) -> tuple[str, list[int | None]]:
    """The Jinja source docxtpl would compile for this part, and the paragraph number of each line."""
    from docxtpl import DocxTemplate  # imported here: only validation needs docxtpl's patcher standalone

    marked = copy.deepcopy(root)
    for number, paragraph in enumerate(marked.iter(W_P), 1):
        paragraph.set(_MARKER, str(number))
    xml = etree.tostring(marked, encoding="unicode")
    source = _PARAGRAPH_START.sub(r"\n<w:p\1", DocxTemplate.patch_xml(None, xml))
    line_paragraphs: list[int | None] = []
    current: int | None = None
    for line in source.split("\n"):
        found = _MARKER_RE.search(line)
        current = int(found.group(1)) if found else current
        line_paragraphs.append(current)
    return source, line_paragraphs


def _paragraph_of(line_paragraphs: list[int | None], lineno: int | None) -> int | None:
    if not lineno or not line_paragraphs:
        return None
    return line_paragraphs[min(lineno, len(line_paragraphs)) - 1]


def _syntax_hint(message: str) -> str:
    for block in ("for", "if", "macro", "call", "filter", "with", "set"):
        if f"'end{block}'" in message:
            return f"close the block with {{% end{block} %}} (for a table row: {{%tr end{block} %}})"
    return "check the tag's spelling and that every {{ has its }} and every {% its %}"


def _dry_run(prepared: bytes, language: str, pool: RenderPool | None) -> list[Problem]:
    try:
        if pool is not None:
            pool.render(prepared, sample_context(language), language=language, free_data=True)
        else:
            render_in_process(prepared, sample_context(language), language=language, free_data=True)
    except GenerationBusy:
        raise  # not the template's fault: the upload is answered 503, and nothing is cached or stored
    except GenerationError as exc:
        return [Problem("error", "dry_run_failed", f"rendering with the sample context failed: {exc.message}",
                        suggestion="fix the template so it renders with every optional section filled in")]
    return []


def _rewrite(zf: zipfile.ZipFile, parts: dict[str, bytes]) -> bytes:
    """A copy of the package with the repaired parts replaced, every other entry byte-for-byte."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in zf.infolist():
            data = parts.get(info.filename)
            dst.writestr(info, data if data is not None else zf.read(info), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _excerpt(text: str | None) -> str | None:
    if not text:
        return None
    return text if len(text) <= 200 else text[:197] + "…"
