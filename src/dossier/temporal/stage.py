"""The TIME stage: temporal expressions of a French or English article, as TimeExpr."""

from __future__ import annotations

from typing import ClassVar

from ..doc import Doc
from ..pipeline import Stage
from .annotate import find_times, warm_up
from .lexicon import LANGUAGES


class TimeStage(Stage):
    """Fills ``doc.times`` (the contract) and ``doc.extras["times"]`` (with TimeML mods).

    Rule-based: the grammar and lexicons (data/time_*.yaml) are compiled once per process;
    the governing verb's tense comes from ``doc.spacy``.
    """

    name: ClassVar[str] = "times"
    factory: ClassVar[str] = "dossier.times.rules.v1"
    requires: ClassVar[tuple[str, ...]] = ("doc.text", "doc.language", "doc.spacy")
    assigns: ClassVar[tuple[str, ...]] = ("doc.times",)

    def __init__(self) -> None:
        warm_up()

    def __call__(self, doc: Doc) -> Doc:
        if doc.language not in LANGUAGES:
            doc.warn(
                f"times: no temporal grammar for language {doc.language!r} "
                f"(available: {', '.join(LANGUAGES)}); no time expressions were extracted"
            )
            doc.times = []
            return doc
        result = find_times(doc.text, doc.language, published=doc.published, sdoc=doc.spacy)
        doc.times = [timex.to_model() for timex in result.timexes]
        doc.extras["times"] = result.timexes
        for warning in result.warnings:
            doc.warn(warning)
        return doc
