"""Streaming an immutable stored object back to a client as a safe download."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.responses import StreamingResponse

from docsvc.documents.filenames import content_disposition, download_filename
from docsvc.storage import ObjectStore

CHUNK = 256 * 1024


def object_download(store: ObjectStore, *, key: str, media_type: str, filename: str, size: int,
                    sha256: str) -> StreamingResponse:
    stream = store.open(key)

    def chunks() -> Iterator[bytes]:
        try:
            while chunk := stream.read(CHUNK):
                yield chunk
        finally:
            stream.close()

    return StreamingResponse(chunks(), media_type=media_type, headers={
        "Content-Disposition": content_disposition(download_filename(filename, media_type)),
        "Content-Length": str(size),
        "X-Content-Type-Options": "nosniff",
        "ETag": f'"{sha256}"',
    })
