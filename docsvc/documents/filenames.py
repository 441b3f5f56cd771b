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


# The extension a download gets: the one of the type sniffed from its content, whatever the uploader named it
# ("invoice.exe" holding a PDF is sent as "invoice.pdf", never as an executable's name).
EXTENSIONS = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,10}$")


def download_filename(raw: str, media_type: str) -> str:
    ext = EXTENSIONS.get(media_type.split(";")[0].strip().lower(), "bin")
    stem = _EXTENSION.sub("", safe_filename(raw)).rstrip(" .") or "document"
    return f"{stem[: MAX_NAME - len(ext) - 1]}.{ext}"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """An RFC 6266 header value with an ASCII fallback and the UTF-8 name."""
    safe = safe_filename(filename)
    ascii_name = safe.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"
