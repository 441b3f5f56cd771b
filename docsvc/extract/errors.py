"""Typed extraction errors. Each carries a message a contract manager can act on, never a traceback.

``code`` is stable and machine-readable (the API will render it as the problem type); ``str(err)`` is the
human message.
"""

from __future__ import annotations


class ExtractionError(Exception):
    code = "extraction_failed"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnsupportedFileType(ExtractionError):
    code = "unsupported_file_type"


class EncryptedDocument(ExtractionError):
    code = "encrypted_document"


class NoTextLayer(ExtractionError):
    code = "no_text_layer"


class CorruptDocument(ExtractionError):
    code = "corrupt_document"


class DocumentTooLarge(ExtractionError):
    code = "document_too_large"


class UnsafeDocument(ExtractionError):
    """Zip bombs, XML entity tricks, path traversal: refused before any parser sees the content."""

    code = "unsafe_document"


class ResourceLimitExceeded(ExtractionError):
    """The isolated parser ran out of its time or memory budget (decompression bombs, endless streams)."""

    code = "resource_limit_exceeded"


class OcrUnavailable(ExtractionError):
    """A scanned document needs OCR, and Tesseract (or its English and German models) is not installed."""

    code = "ocr_unavailable"
