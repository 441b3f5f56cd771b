"""DOCX → PDF with LibreOffice in headless mode: bounded, limited and cut off from the network.

Issue 10 found two problems here. LibreOffice follows a document's external links while converting (a
request to a loopback port, a local file embedded in the PDF: finding 1), and every request started its own
``soffice`` with no limit (16 concurrent requests, 17 processes, 2.7 GB: finding 9). So a conversion:

* gets a document scrubbed of external references (``links.scrub``) once more, whatever produced it;
* runs in one of ``slots`` fair slots (``FairSlots``; busy → ``ConversionBusy``, a 503 with Retry-After),
  each with its own LibreOffice profile (a shared profile is locked by a running instance, and a second
  conversion would silently do nothing); the profile disables macros and never updates links;
* runs in a new network namespace (``unshare --net``: as root, or as a user where the kernel allows user
  namespaces), which has no interface but a down loopback, so nothing can be fetched from anywhere. Where
  neither works the conversion runs without it, relying on the scrub and the profile, and says so in the log
  once (``isolation`` tells which applies);
* runs under ``prlimit`` (address space, CPU seconds, no core file; a Python trampoline where util-linux is
  missing), and is killed with its process group
  when it outlives the timeout.

Starting ``soffice`` costs ~1.4 s per document (LIBRARY-NOTES); a warm instance per slot would be faster but
needs Debian's python3-uno.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import weakref
import zipfile
from pathlib import Path

from lxml import etree

from docsvc.generate import links
from docsvc.generate.errors import ConversionBusy, PdfConversionFailed, PdfUnavailable
from docsvc.generate.fairness import FairSlots

log = logging.getLogger(__name__)

_BINARIES = ("soffice", "libreoffice")
_NAMESPACES = (["unshare", "--net"], ["unshare", "--user", "--map-root-user", "--net"])
# Writer's link update mode 0 is NEVER (sw/inc/linkenum.hxx); macro security level 3 is "very high".
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
<item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""  # noqa: E501 - one registry item per line, as LibreOffice writes them


_TRAMPOLINE = ("import os, resource, sys; m, c = int(sys.argv[1]), int(sys.argv[2]); "
               "resource.setrlimit(resource.RLIMIT_AS, (m, m)); resource.setrlimit(resource.RLIMIT_CPU, (c, c)); "
               "resource.setrlimit(resource.RLIMIT_CORE, (0, 0)); os.execvp(sys.argv[3], sys.argv[3:])")


def _soffice() -> str | None:
    for name in _BINARIES:
        found = shutil.which(name)
        if found:
            return found
    return None


def pdf_available() -> bool:
    """Whether LibreOffice is installed, so ``to_pdf`` can work."""
    return _soffice() is not None


@functools.cache
def network_isolation() -> tuple[str, ...]:
    """The command prefix that runs a program without network, or () where the kernel allows none."""
    for prefix in _NAMESPACES:
        if shutil.which(prefix[0]) is None:
            continue
        try:
            probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if probe.returncode == 0:
            return tuple(prefix)
    log.warning("LibreOffice runs WITHOUT a network namespace (unshare --net is not permitted here); external "
                "references are still removed from documents before conversion")
    return ()


class PdfConverter:
    """At most ``slots`` LibreOffice conversions at once, each limited in memory, CPU and time."""

    def __init__(self, slots: int = 2, *, per_owner: int | None = None, timeout_seconds: float = 60,
                 memory_mb: int = 1024, wait_seconds: float = 5.0, isolate: bool = True) -> None:
        self.timeout_seconds, self.memory_mb, self.isolate = timeout_seconds, memory_mb, isolate
        self.slots = FairSlots(slots, per_owner=per_owner or max(slots - 1, 1), wait_seconds=wait_seconds,
                               busy=ConversionBusy, what="PDF conversions")
        self._home = Path(tempfile.mkdtemp(prefix="docsvc-soffice-"))  # profiles, one per slot
        self._cleanup = weakref.finalize(self, shutil.rmtree, self._home, ignore_errors=True)  # also at exit

    @property
    def isolation(self) -> str:
        prefix = network_isolation() if self.isolate else ()
        return " ".join(prefix) if prefix else "none"

    def convert(self, docx: bytes) -> bytes:
        """DOCX bytes → PDF bytes; raises ``PdfUnavailable``, ``ConversionBusy`` or ``PdfConversionFailed``."""
        binary = _soffice()
        if binary is None:
            raise PdfUnavailable("PDF output needs LibreOffice (soffice), which is not installed on this server")
        try:
            docx, _ = links.scrub(docx)
        except (zipfile.BadZipFile, etree.XMLSyntaxError, ValueError, KeyError) as exc:
            raise PdfConversionFailed(f"the document is not a readable Word file ({exc})") from None
        with self.slots.hold() as slot, tempfile.TemporaryDirectory(prefix="docsvc-pdf-") as tmp:
            return self._run(binary, docx, self._profile(slot), Path(tmp))

    def _profile(self, slot: int) -> Path:
        profile = self._home / f"slot-{slot}"
        settings = profile / "user" / "registrymodifications.xcu"
        if not settings.is_file():
            settings.parent.mkdir(parents=True, exist_ok=True)
            settings.write_text(_PROFILE, encoding="utf-8")
        (profile / "user" / ".lock").unlink(missing_ok=True)  # left by a conversion that was killed
        return profile

    def _run(self, binary: str, docx: bytes, profile: Path, work: Path) -> bytes:
        source = work / "document.docx"
        source.write_bytes(docx)
        prefix = list(network_isolation()) if self.isolate else []
        command = [*prefix, *self._limits(), binary, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)]
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                cwd=work, start_new_session=True)  # own group: soffice forks a child we must kill too
        try:
            output, _ = proc.communicate(timeout=self.timeout_seconds)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            shutil.rmtree(profile, ignore_errors=True)  # a killed instance may leave it half-written
            raise PdfConversionFailed(f"LibreOffice did not finish the PDF within {self.timeout_seconds:g} s") from None
        finally:
            _kill_group(proc.pid)  # soffice.bin may outlive the soffice wrapper script
        pdf = work / "out" / "document.pdf"
        if proc.returncode != 0 or not pdf.is_file():
            detail = output.decode(errors="replace").strip()[-300:]
            raise PdfConversionFailed(f"LibreOffice could not convert the document to PDF ({detail or 'no output'})")
        return pdf.read_bytes()

    def _limits(self) -> list[str]:
        """A command prefix that sets the rlimits and execs the rest (rlimits are inherited by soffice.bin)."""
        memory, cpu = self.memory_mb * 1024 * 1024, int(self.timeout_seconds) + 1
        if shutil.which("prlimit"):
            return ["prlimit", f"--as={memory}", f"--cpu={cpu}", "--core=0", "--"]
        # Without util-linux: a Python trampoline (preexec_fn is not safe in a threaded server)
        return [sys.executable, "-c", _TRAMPOLINE, str(memory), str(cpu)]

    def close(self) -> None:
        self._cleanup()


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


@functools.cache
def converter(slots: int = 2, per_owner: int | None = None, timeout_seconds: float = 60, memory_mb: int = 1024,
              wait_seconds: float = 5.0) -> PdfConverter:
    """One converter per configuration and process, so its slots bound every caller of this process."""
    return PdfConverter(slots, per_owner=per_owner, timeout_seconds=timeout_seconds, memory_mb=memory_mb,
                        wait_seconds=wait_seconds)


def to_pdf(docx: bytes, *, timeout: float = 60) -> bytes:
    """Convert DOCX bytes to PDF bytes with the process's default converter (see ``PdfConverter.convert``)."""
    return converter(timeout_seconds=timeout).convert(docx)
