"""API keys and role rules."""
