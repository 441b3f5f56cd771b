"""spaCy pipelines for English and German: blank models plus docsvc's own components (no downloads)."""
