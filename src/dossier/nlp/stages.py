"""The language and spaCy stages."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import ClassVar

from ..doc import Doc, Paragraph
from ..pipeline import Stage
from .language import LANGUAGES, detect_language
from .models import MODEL_PACKAGES, load_model

_ISO_639_1 = re.compile(r"^[a-z]{2}$")
# A paragraph whose language differs from the article's is reported only when the guess
# is this sure: short French lines with English names otherwise raise false alarms.
_SWITCH_CONFIDENCE = 0.95


class LanguageStage(Stage):
    name: ClassVar[str] = "language"
    factory: ClassVar[str] = "dossier.language.v1"
    requires: ClassVar[tuple[str, ...]] = ("doc.text",)
    assigns: ClassVar[tuple[str, ...]] = ("doc.language", "doc.paragraphs")

    def __call__(self, doc: Doc) -> Doc:
        given = (doc.raw.language or "").strip().lower() or None
        if given and not _ISO_639_1.match(given):
            doc.warn(
                f"language {doc.raw.language!r} is not an ISO 639-1 code (like 'fr'); "
                "it was detected instead"
            )
            given = None
        detected, _ = detect_language(doc.text)
        doc.language = given or detected
        if doc.language is None:
            doc.warn(
                "the language could not be determined (text too short or mixed); "
                f"pass it with --lang, one of {', '.join(LANGUAGES)}"
            )
        offset = 0
        doc.paragraphs = []
        for number, line in enumerate(doc.text.split("\n"), start=1):
            lang, prob = detect_language(line)
            doc.paragraphs.append(Paragraph(offset, offset + len(line), lang))
            if doc.language and lang and lang != doc.language and prob >= _SWITCH_CONFIDENCE:
                doc.warn(f"paragraph {number} looks {lang}, the article {doc.language}")
            offset += len(line) + 1
        return doc


class SpacyStage(Stage):
    name: ClassVar[str] = "nlp"
    factory: ClassVar[str] = "dossier.nlp.spacy.v1"
    requires: ClassVar[tuple[str, ...]] = ("doc.text", "doc.language")
    assigns: ClassVar[tuple[str, ...]] = ("doc.spacy", "doc.sents")

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        self.pipe([doc])
        return doc

    def pipe(self, docs: Sequence[Doc]) -> list[Doc]:
        by_language: dict[str | None, list[Doc]] = defaultdict(list)
        for doc in docs:
            by_language[doc.language].append(doc)
        for language, group in by_language.items():
            model = load_model(language)
            if model.degraded:
                wanted = " or ".join(MODEL_PACKAGES.get(language or "", ())) or "none exists yet"
                for doc in group:
                    doc.warn(
                        f"no spaCy model for language {language!r} ({wanted}): "
                        "only sentences are analysed, no parse or named entities"
                    )
            texts = (d.nlp_text or d.text for d in group)
            for doc, parsed in zip(
                group, model.nlp.pipe(texts, batch_size=self.batch_size), strict=True
            ):
                doc.spacy = parsed
        return list(docs)
