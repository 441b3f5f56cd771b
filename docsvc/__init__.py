"""docsvc: contract extraction and document automation for IT and telecom service delivery."""

__version__ = "0.1.0"
