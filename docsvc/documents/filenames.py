"""Make an uploaded file name safe to store, show and send back in Content-Disposition."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")
MAX_NAME = 180


def safe_filename(raw: str, fallback: str = "document") -> str:
    # Bidi controls (U+202E "right-to-left override" and friends) disguise extensions: "invoice\u202Efdp.exe".
    name = "".join(ch for ch in unicodedata.normalize("NFC", raw) if unicodedata.category(ch) not in ("Cf", "Cc"))
    name = _UNSAFE.sub("_", name).strip(" .")
    name = name.rsplit("/", 1)[-1]
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:MAX_NAME]
    return name or fallback


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """An RFC 6266 header value with an ASCII fallback and the UTF-8 name."""
    safe = safe_filename(filename)
    ascii_name = safe.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"
