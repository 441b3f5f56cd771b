"""Implementations of the CLI commands (kept apart from argument parsing in ``docsvc.cli``)."""
