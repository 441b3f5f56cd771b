"""Document generation from Word templates (issue 4)."""

from docsvc.generate.environment import make_environment
from docsvc.generate.errors import (
    GenerationError,
    PdfConversionFailed,
    PdfUnavailable,
    RenderInterrupted,
    RenderLimitExceeded,
    TemplateInvalid,
    TemplateRenderError,
)
from docsvc.generate.pdf import pdf_available, to_pdf
from docsvc.generate.render import RenderPool, render_in_process
from docsvc.generate.validation import Problem, ValidationReport, validate_template

__all__ = [
    "GenerationError",
    "PdfConversionFailed",
    "PdfUnavailable",
    "Problem",
    "RenderInterrupted",
    "RenderLimitExceeded",
    "RenderPool",
    "TemplateInvalid",
    "TemplateRenderError",
    "ValidationReport",
    "make_environment",
    "pdf_available",
    "render_in_process",
    "to_pdf",
    "validate_template",
]
