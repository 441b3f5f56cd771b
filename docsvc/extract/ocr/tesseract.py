"""Tesseract through pytesseract: is it installed, which languages does it have, and words with boxes.

pytesseract starts one ``tesseract`` process per call; pages therefore run in parallel from threads, each
waiting on its own process. Tesseract's OpenMP threads are limited to one (LIBRARY-NOTES: 11.4 s a page with
the default thread pool fighting itself on two cores, 1.24 s with ``OMP_THREAD_LIMIT=1``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from dataclasses import dataclass
from functools import lru_cache

import pytesseract
from PIL import Image

from docsvc.extract.errors import OcrUnavailable
from docsvc.extract.ocr.numbers import fix_number, split_glued

INSTALL_HINT = "install Debian's tesseract-ocr, tesseract-ocr-eng and tesseract-ocr-deu packages"
LANGUAGES = {"en": "eng", "de": "deu"}
_LOCK = threading.Lock()  # pytesseract keeps the command in a module global


@dataclass(frozen=True, slots=True)
class OcrStatus:
    """What ``docsvc check`` and ``/readyz`` report about OCR."""

    available: bool
    command: str
    version: str | None = None
    languages: tuple[str, ...] = ()
    message: str = ""

    def as_dict(self) -> dict[str, object]:
        return {"available": self.available, "command": self.command, "version": self.version,
                "languages": list(self.languages), "message": self.message}


@lru_cache(maxsize=8)
def status(command: str = "tesseract") -> OcrStatus:
    """Whether ``command`` runs and has the English and German models (cached per command)."""
    resolved = shutil.which(command)
    if resolved is None:
        return OcrStatus(False, command, message=f"OCR unavailable: `{command}` not found; {INSTALL_HINT}")
    try:
        done = subprocess.run([resolved, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
        version_run = subprocess.run([resolved, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return OcrStatus(False, command, message=f"OCR unavailable: `{command}` does not run ({exc}); {INSTALL_HINT}")
    languages = tuple(sorted(ln.strip() for ln in done.stdout.splitlines()[1:] if ln.strip()))
    version = (version_run.stdout or version_run.stderr).split("\n", 1)[0].strip() or None
    missing = [code for code in LANGUAGES.values() if code not in languages]
    if done.returncode != 0 or missing:
        lacking = "+".join(missing) or "language"
        return OcrStatus(False, command, version, languages,
                         f"OCR unavailable: tesseract lacks the {lacking} model; {INSTALL_HINT}")
    return OcrStatus(True, command, version, languages, "ok")


@dataclass(frozen=True, slots=True)
class RawWord:
    """One word as tesseract reports it, in pixels of the image it was given."""

    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float
    line: tuple[int, int, int]  # (block, paragraph, line) numbers: tesseract's own line grouping


def read_words(image: Image.Image, *, command: str, languages: str, timeout: float) -> list[RawWord]:
    """Words with boxes and confidence (0-100). Page segmentation 3: automatic layout, columns apart."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # inherited by every tesseract process started from here
    with _LOCK:
        pytesseract.pytesseract.tesseract_cmd = command
    # pytesseract hands the image over as a temporary file, PNG unless the image says otherwise: compressing a
    # 300 dpi page takes 0.5-1.7 s (as long as the OCR itself), writing it uncompressed (PGM) milliseconds.
    image = image.copy()
    image.format = "PPM"
    try:
        data = pytesseract.image_to_data(
            image, lang=languages, config="--psm 3", output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise OcrUnavailable(f"OCR unavailable: `{command}` not found; {INSTALL_HINT}") from exc
    out: list[RawWord] = []
    for i, text in enumerate(data["text"]):
        text = split_glued(fix_number(text.strip()))  # "1'18O.00", "4Business": misreadings in amounts
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        out.append(RawWord(text, int(data["left"][i]), int(data["top"][i]), int(data["width"][i]),
                           int(data["height"][i]), conf,
                           (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))))
    return out


def mean_confidence(found: list[RawWord]) -> float:
    """Mean word confidence weighted by length: one confident long word outweighs specks read as "i"."""
    weight = sum(len(w.text) for w in found)
    return sum(w.conf * len(w.text) for w in found) / weight if weight else 0.0
