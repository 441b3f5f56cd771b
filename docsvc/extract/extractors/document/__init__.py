"""Document-level fields: document type and title (``doctype``), scope of services (``scope``)."""
