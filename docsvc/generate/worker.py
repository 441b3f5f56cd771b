"""The isolated renderer's process: ``python -m docsvc.generate.worker REQUEST_FD REPLY_FD``.

Reads one request per frame (see ``render.encode_request``), renders under the request's limits and answers
with ``b"\\x00" + docx bytes`` or ``b"\\x01" + {"code", "message"}``. Exits when the parent closes the request
pipe, and after any exhausted limit (a MemoryError may leave the heap half-freed; a fresh process is cheap).
Compiled templates stay cached in ``render``'s process-wide cache between requests, which is what makes a
repeated render of the same template fast.
"""

from __future__ import annotations

import resource
import sys

from docsvc.extract.parsers.child import apply_limits, read_frame
from docsvc.extract.parsers.isolation import write_frame
from docsvc.generate.environment import RenderBudget, make_environment
from docsvc.generate.errors import GenerationError, RenderLimitExceeded
from docsvc.generate.filters import LOCALES
from docsvc.generate.render import decode_request, encode_error, render_in_process

_OK = b"\x00"


def main(argv: list[str]) -> int:
    request_fd, reply_fd = int(argv[1]), int(argv[2])
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a killed worker must not write a multi-GB core file
    for language in LOCALES:  # load babel's locale data before the first request's clock starts
        make_environment(language)
    write_frame(reply_fd, b"ready")
    while True:
        request = read_frame(request_fd)
        if request is None:
            return 0
        header, template = decode_request(request)
        limits = header["limits"]
        apply_limits(cpu_seconds=limits["cpu_seconds"], memory_mb=limits["memory_mb"])
        exhausted = False
        try:
            budget = RenderBudget(seconds=limits["timeout_seconds"])
            document = render_in_process(template, header["context"], language=header["language"], budget=budget,
                                         free_data=header["free_data"])
            if len(document) > limits["max_output_bytes"]:
                raise RenderLimitExceeded(f"the document is larger than {limits['max_output_bytes']:,} bytes")
            reply = _OK + document
        except GenerationError as exc:
            reply = encode_error(exc)
            exhausted = isinstance(exc, RenderLimitExceeded)
        write_frame(reply_fd, reply)
        if exhausted:
            return 1
        del reply, template, request  # do not hold the last document while waiting


if __name__ == "__main__":
    sys.exit(main(sys.argv))
