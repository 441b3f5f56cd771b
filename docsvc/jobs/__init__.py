"""Extraction jobs: claiming, running and finishing them, in-process or in separate worker processes."""
