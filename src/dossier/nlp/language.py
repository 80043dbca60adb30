"""Offline language identification with py3langid, restricted to the languages in play.

Restricting the candidate set matters: unrestricted langid turns short French lines into
Walloon or Occitan. The set covers the languages of the knowledge base's names.
"""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

LANGUAGES = ("fr", "en", "de", "es", "it", "pt", "nl", "ru", "uk", "el", "ar", "tr", "pl", "zh")

# Below this many letters a line says too little for a language guess to be trusted
# (measured on our examples: one-line teasers of ~40 letters are still identified correctly).
MIN_LETTERS = 25
# py3langid's normalised probability under which we report "undetermined".
MIN_CONFIDENCE = 0.5


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(LANGUAGES))
    return ident


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and confidence, or (None, p) when the text is too short or unclear."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < MIN_LETTERS:
        return None, 0.0
    lang, prob = _identifier().classify(text)
    if prob < MIN_CONFIDENCE:
        return None, float(prob)
    return str(lang), float(prob)
