"""Typed generation errors. Each carries a message a template author or operator can act on.

``code`` is stable and machine-readable (the API renders it as the problem type); ``str(err)`` is the human
message. Jinja's own exceptions never leave this package: they are mapped to these.
"""

from __future__ import annotations


class GenerationError(Exception):
    code = "generation_failed"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TemplateInvalid(GenerationError):
    """The upload is not a usable Word template (not a DOCX, unsafe ZIP/XML, failed validation)."""

    code = "template_invalid"


class TemplateRenderError(GenerationError):
    """The template failed while rendering: an undefined variable, a blocked attribute, a bad filter argument."""

    code = "template_render_error"


class RenderLimitExceeded(GenerationError):
    """The render ran out of its CPU, memory, wall-clock or output budget and was stopped."""

    code = "render_limit_exceeded"


class RenderInterrupted(GenerationError):
    """The render process was killed from outside (the kernel's OOM killer, an operator): not the template's
    fault, and a retry normally succeeds."""

    code = "render_interrupted"


class PdfUnavailable(GenerationError):
    """No LibreOffice (``soffice``) on this host, so DOCX cannot be converted to PDF."""

    code = "pdf_unavailable"


class PdfConversionFailed(GenerationError):
    code = "pdf_conversion_failed"


class GenerationBusy(GenerationError):
    """Every slot of a bounded pool is taken, or the caller already holds its share of them: retryable."""

    code = "generation_busy"
    retry_after = 5  # seconds; a render takes well under a second, a PDF conversion one to a few seconds


class RenderBusy(GenerationBusy):
    code = "render_busy"


class ConversionBusy(GenerationBusy):
    code = "conversion_busy"
