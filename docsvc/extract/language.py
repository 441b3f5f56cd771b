"""Document language (en/de) from stop-word frequencies, using spaCy's own stop-word lists.

Contracts are long and formulaic, so counting function words is both fast and reliable; a German contract
quoting English defined terms still has far more "der/die/und" than "the/and".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")


@cache
def _stop_words() -> tuple[frozenset[str], frozenset[str]]:
    """English-only and German-only stop words, loaded on first use.

    Importing them imports spaCy (~1 s on the shared 2-core machine); the isolated parser worker imports this
    module but only calls it for scanned pages, so it must not pay that at start-up.
    """
    from docsvc.extract.nlp.lean_import import import_spacy

    import_spacy()
    from spacy.lang.de.stop_words import STOP_WORDS as DE_STOP
    from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP

    # Words in both lists ("in", "was", "so", "die" is German only) would blur the signal.
    return frozenset(EN_STOP - DE_STOP), frozenset(DE_STOP - EN_STOP)


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: str
    confidence: float


def detect_language(text: str, sample_words: int = 5000) -> LanguageGuess:
    en_only, de_only = _stop_words()
    words = [w.lower() for w in _WORD.findall(text[: sample_words * 8])][:sample_words]
    en = sum(w in en_only for w in words)
    de = sum(w in de_only for w in words)
    de += 3 * sum(any(ch in w for ch in "äöüß") for w in words)
    total = en + de
    if total == 0:
        return LanguageGuess("en", 0.3)
    language = "de" if de > en else "en"
    share = max(en, de) / total
    # Few words make a weak guess even when one side wins outright.
    confidence = round(min(0.99, share * min(1.0, total / 8)), 3)
    return LanguageGuess(language, max(confidence, 0.3))
