"""Word templates in the object store: every upload a new immutable, validated version."""
