"""Rendering a Word template with docxtpl inside our sandboxed environment, in this process.

``render_in_process`` is what the isolated worker runs; call it directly only for trusted templates or where
the caller accepts that CPU and memory are bounded by the ``RenderBudget`` alone (use ``RenderPool``).

docxtpl re-serialises and regex-patches every part's XML and compiles it with Jinja on every render; for a
template rendered again and again that is most of the cost. ``_CachingDocxTemplate`` keeps the patched XML
and the compiled Jinja templates per template (by sha256), so a warm render costs python-docx load + Jinja
render + save.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import signal
import struct
import tempfile
import threading
import time
import zipfile
from collections import OrderedDict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import Environment, Template
from jinja2.exceptions import (
    SecurityError,
    TemplateAssertionError,
    TemplateError,
    TemplateSyntaxError,
    UndefinedError,
)
from lxml import etree

from docsvc.extract.errors import ExtractionError
from docsvc.extract.parsers.isolation import (
    WorkerPool,
    _read_frame,
    _Timeout,
    _Worker,
    _WorkerDied,
    write_frame,
)
from docsvc.extract.parsers.zipsafety import check_docx
from docsvc.generate import errors, formats, links
from docsvc.generate.environment import RenderBudget, make_environment, render_budget, wrap_context
from docsvc.generate.errors import GenerationError, RenderLimitExceeded, TemplateInvalid, TemplateRenderError
from docsvc.generate.fairness import FairSlots

CACHED_TEMPLATES = 32
MAX_TEMPLATE_PAGES = 500  # zipsafety turns this into a paragraph cap
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_LINE_PARAGRAPH_START = re.compile(r"\n<w:p([ >])")
_TAGS = re.compile(r"<[^>]+>")
_LENGTH = struct.Struct(">I")
_OK, _ERROR = b"\x00", b"\x01"  # first byte of a worker's reply: document bytes follow, or a JSON error
_ERRORS: dict[str, type[GenerationError]] = {
    cls.code: cls for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, GenerationError)
}


class _Prepared:
    """What one template's renders share: its bytes, patched part XML and compiled part templates."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.patched: dict[str, str] = {}
        self.compiled: dict[tuple[str, bool], Template] = {}


_cache: OrderedDict[str, _Prepared] = OrderedDict()
_cache_lock = threading.Lock()


def check_package(data: bytes) -> None:
    """Zip/XML safety of an uploaded DOCX (zip bombs, ``..`` entries, DOCTYPE/ENTITY), as ``TemplateInvalid``."""
    with tempfile.TemporaryDirectory(prefix="docsvc-template-") as tmp:
        path = Path(tmp) / "template.docx"  # zipsafety works on paths; the name appears in its messages
        path.write_bytes(data)
        try:
            check_docx(path, max_pages=MAX_TEMPLATE_PAGES)
        except ExtractionError as exc:
            raise TemplateInvalid(exc.message) from None
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if "word/document.xml" not in zf.namelist():
            raise TemplateInvalid("template.docx is not a Word document (it has no word/document.xml)")


def _prepared(data: bytes) -> _Prepared:
    key = hashlib.sha256(data).hexdigest()
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    check_package(data)  # only on first sight: a cached template has passed already
    prepared = _Prepared(data)
    with _cache_lock:
        _cache[key] = prepared
        while len(_cache) > CACHED_TEMPLATES:
            _cache.popitem(last=False)
    return prepared


class _CachingDocxTemplate(DocxTemplate):  # type: ignore[misc]  # docxtpl has no type hints
    def __init__(self, prepared: _Prepared) -> None:
        super().__init__(io.BytesIO(prepared.data))
        self._prepared = prepared

    def patch_xml(self, src_xml: str) -> str:
        patched = self._prepared.patched.get(src_xml)
        if patched is None:
            patched = super().patch_xml(src_xml)
            self._prepared.patched[src_xml] = patched
        return patched

    def render_xml_part(self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Environment) -> str:
        # docxtpl's render_xml_part with the compiled template cached (same line splitting, same post-steps)
        key = (src_xml, False)
        try:
            template = self._prepared.compiled.get(key)
            if template is None:
                template = jinja_env.from_string(_PARAGRAPH_START.sub(r"\n<w:p\1", src_xml))
                self._prepared.compiled[key] = template
            self.current_rendering_part = part
            dst_xml = _LINE_PARAGRAPH_START.sub(r"<w:p\1", template.render(context))
        except TemplateError as exc:
            lineno = getattr(exc, "lineno", None)
            if lineno is not None:  # the paragraph the error sits in, as docxtpl reports it
                lines = _PARAGRAPH_START.sub(r"\n<w:p\1", src_xml).splitlines()
                exc.docx_context = lines[max(lineno - 1, 0) : lineno]  # type: ignore[attr-defined]
            raise
        dst_xml = dst_xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        result: str = self.resolve_listing(dst_xml)
        return result

    def render_properties(self, context: dict[str, Any], jinja_env: Environment) -> None:
        # Core properties are plain strings that python-docx escapes itself: rendering them with
        # autoescape would store "Smith &amp; Sons" as the document title.
        plain = jinja_env.overlay(autoescape=False)
        props = self.docx.core_properties
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            initial = getattr(props, name)
            if initial and "{" in initial:
                key = (initial, True)
                template = self._prepared.compiled.get(key)
                if template is None:
                    template = plain.from_string(initial)
                    self._prepared.compiled[key] = template
                setattr(props, name, template.render(context))


def render_in_process(
    template: bytes,
    context: dict[str, Any],
    *,
    language: str,
    budget: RenderBudget | None = None,
    free_data: bool = False,
) -> bytes:
    """Render ``template`` (DOCX bytes) with ``context``; returns the DOCX bytes of the document.

    Raises ``TemplateInvalid`` for an unreadable or unsafe package, ``TemplateRenderError`` for errors in
    the template, ``RenderLimitExceeded`` when the budget (or memory/recursion) runs out. ``free_data``
    (dry runs) lets ``data.*`` paths that the context lacks render as empty instead of failing.
    """
    env = make_environment(language)
    prepared = _prepared(template)
    try:
        document_meta = context.get("document")
        with render_budget(budget or RenderBudget()), formats.formats_in_effect(
                document_meta if isinstance(document_meta, dict) else None):
            doc = _CachingDocxTemplate(prepared)
            doc.render(wrap_context(context, free_data=free_data), env)
            out = io.BytesIO()
            doc.save(out)
            # A template can assemble a field instruction or attribute from text at render time, which the
            # upload check could not see: the document leaves here without external references either way.
            document, _ = links.scrub(out.getvalue())
    except GenerationError:
        raise
    except (RecursionError, MemoryError, SyntaxError) as exc:
        # SyntaxError: Python's compiler refuses the code Jinja generated ("too many statically nested blocks")
        kind = "needs too much memory" if isinstance(exc, MemoryError) else "nests too deeply"
        raise RenderLimitExceeded(f"the template {kind} to render") from None
    except TemplateError as exc:
        raise TemplateRenderError(describe_template_error(exc)) from None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise TemplateInvalid(f"the template is not a readable Word document ({exc})") from None
    except (ArithmeticError, TypeError, ValueError, IndexError) as exc:
        raise TemplateRenderError(f"the template failed while rendering: {exc}") from None
    return document


def describe_template_error(exc: TemplateError) -> str:
    """A Jinja error as a sentence for a template author."""
    if isinstance(exc, TemplateSyntaxError) and not isinstance(exc, TemplateAssertionError):
        near = " / ".join(t for line in getattr(exc, "docx_context", []) or [] if (t := _TAGS.sub("", line).strip()))
        return f"syntax error in the template: {exc.message}" + (f" (near “{near[:200]}”)" if near else "")
    if isinstance(exc, TemplateAssertionError) and exc.message and exc.message.startswith("No filter named"):
        name = exc.message.removeprefix("No filter named ").strip(" '.")
        return f"the template uses the filter `{name}`, which does not exist or is not allowed"
    if isinstance(exc, SecurityError | UndefinedError):
        return exc.message or str(exc)
    return exc.message or str(exc)


class RenderPool(WorkerPool["_RenderWorker"]):
    """Up to ``size`` warm ``python -m docsvc.generate.worker`` processes; ``render`` blocks while all are busy.

    The design of ``docsvc.extract.parsers.isolation.ParserPool``: a fresh interpreter (not a fork of a
    caller holding large state), ``RLIMIT_AS``/``RLIMIT_CPU`` set in the child per task, the wall-clock
    timeout enforced here by killing the child, and a dead child replaced on the next call. Workers keep
    their compiled-template cache between renders, and the most recently used worker is reused first.
    """

    def __init__(
        self,
        size: int = 1,
        *,
        cpu_seconds: float = 10,
        memory_mb: int = 1024,
        timeout_seconds: float = 30,
        max_output_bytes: int = 50 * 1024 * 1024,
        per_owner: int | None = None,
        wait_seconds: float = 5.0,
    ) -> None:
        self.limits = WorkerLimits(cpu_seconds=cpu_seconds, memory_mb=memory_mb, timeout_seconds=timeout_seconds,
                                   max_output_bytes=max_output_bytes)
        self.worker_class = _RenderWorker
        # By default one owner may hold all but one worker, so another owner always finds one free.
        self.slots = FairSlots(size, per_owner=per_owner or max(size - 1, 1), wait_seconds=wait_seconds,
                               busy=errors.RenderBusy, what="renders")
        super().__init__(size=size)

    def render(self, template: bytes, context: dict[str, Any], *, language: str, free_data: bool = False) -> bytes:
        """Render in a worker; raises ``GenerationError`` subclasses only (see ``render_in_process``), including
        ``RenderBusy`` when the caller's owner (``fairness.owned_by``) holds its share or all workers stay busy."""
        make_environment(language)  # an unknown language fails here, not as a dead worker
        request = encode_request(template, context, language=language, limits=self.limits, free_data=free_data)
        with self.slots.hold(), self._checkout() as worker:  # the slots admit at most `size`: no wait here
            return worker.render(request, self.limits)


@dataclass(frozen=True)
class WorkerLimits:
    cpu_seconds: float
    memory_mb: int
    timeout_seconds: float
    max_output_bytes: int


def encode_request(
    template: bytes, context: dict[str, Any], *, language: str, limits: WorkerLimits, free_data: bool
) -> bytes:
    """Header length, JSON header (language, limits, context), then the template's raw bytes."""
    header = {"language": language, "limits": asdict(limits), "context": context, "free_data": free_data}
    header_bytes = json.dumps(header).encode()
    return _LENGTH.pack(len(header_bytes)) + header_bytes + template


def decode_request(request: bytes) -> tuple[dict[str, Any], bytes]:
    (size,) = _LENGTH.unpack_from(request)
    header: dict[str, Any] = json.loads(request[_LENGTH.size : _LENGTH.size + size])
    return header, request[_LENGTH.size + size :]


def encode_error(exc: GenerationError) -> bytes:
    return _ERROR + json.dumps({"code": exc.code, "message": exc.message}).encode()


def decode_reply(reply: bytes) -> bytes:
    """A worker's answer: the document bytes, or the ``GenerationError`` it reported, raised here."""
    if reply[:1] == _OK:
        return reply[1:]
    error = json.loads(reply[1:])
    raise _ERRORS.get(error["code"], GenerationError)(error["message"])


class _RenderWorker(_Worker):
    """One worker process and its pipes (starting, ``stop`` and the fields come from the parser's worker)."""

    module = "docsvc.generate.worker"

    def render(self, request: bytes, limits: WorkerLimits) -> bytes:
        self._ensure_started()
        deadline = time.monotonic() + limits.timeout_seconds
        try:
            write_frame(self.to_child, request)
            reply = _read_frame(self.from_child, deadline)
        except _Timeout:
            self.stop()
            raise RenderLimitExceeded(
                f"the render took longer than {limits.timeout_seconds:g} s and was stopped"
            ) from None
        except (_WorkerDied, OSError):  # EOF, or EPIPE when writing to a worker that has died
            raise self._render_death_error(limits) from None
        if len(reply) > limits.max_output_bytes + 1:
            self.stop()
            raise RenderLimitExceeded(f"the document is larger than {limits.max_output_bytes:,} bytes")
        try:
            return decode_reply(reply)
        except RenderLimitExceeded:
            self.stop()  # the worker exits after an exhausted limit; do not race it on the next call
            raise

    def _start_failed(self) -> Exception:
        return GenerationError("the isolated render process could not start; see the log for its error")

    def _render_death_error(self, limits: WorkerLimits) -> GenerationError:
        proc = self.proc
        code = proc.wait() if proc is not None else None
        self.stop()
        if code == -signal.SIGKILL:
            # Our limits never send SIGKILL (only the soft CPU limit is set: SIGXCPU); the parent's own kill
            # on a timeout is reported before this. So someone else did: the OOM killer, an operator.
            return errors.RenderInterrupted("the render process was killed from outside (for example by the "
                                            "system running out of memory); try again")
        if code == -signal.SIGXCPU:
            reason = f"used more than {limits.cpu_seconds:g} s of CPU time"
        elif code in (-signal.SIGSEGV, -signal.SIGBUS, -signal.SIGABRT):
            reason = f"crashed (most likely out of its {limits.memory_mb} MB of memory)"
        else:
            reason = f"ran out of its {limits.memory_mb} MB of memory"
        return RenderLimitExceeded(f"the render process {reason} and was stopped")
