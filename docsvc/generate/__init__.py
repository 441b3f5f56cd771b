"""Document generation from Word templates (issue 4)."""
