"""spaCy pipelines for English and German: blank models plus docsvc's own components (no downloads).

Importing this package imports spaCy without its command line (see ``lean_import``), so it comes before any
``spacy`` import in docsvc.
"""

from docsvc.extract.nlp.lean_import import import_spacy

import_spacy()
