"""The quantities stage: numbers, money, counts and measures → ``doc.quantities``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from ..doc import Doc
from ..model import Quantity
from ..pipeline import Stage
from .detect import QuantityFinder
from .lexicon import Lexicon, load_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc


class QuantityStage(Stage):
    """Reads every quantity of the text with the lexicon (data/quantities.yaml) and the parse.

    ``lexicon`` names another lexicon file in the same format, to try new words without
    touching Python; by default the built-in one is used, read once per process.
    """

    name: ClassVar[str] = "quantities"
    factory: ClassVar[str] = "dossier.quantities.rules.v1"
    requires: ClassVar[tuple[str, ...]] = ("doc.text", "doc.language", "doc.spacy")
    assigns: ClassVar[tuple[str, ...]] = ("doc.quantities",)

    def __init__(self, lexicon: str | None = None) -> None:
        self.finder = _finder(load_lexicon(Path(lexicon) if lexicon else None))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def predict(self, docs: Sequence[Doc]) -> list[list[Quantity]]:
        """Pure: the quantities of each document, changing nothing."""
        return [self.finder.find(doc.text, doc.language, _parse_of(doc)) for doc in docs]

    @staticmethod
    def set_annotations(docs: Sequence[Doc], found: Sequence[list[Quantity]]) -> None:
        for doc, quantities in zip(docs, found, strict=True):
            doc.quantities = quantities


@cache
def _finder(lexicon: Lexicon) -> QuantityFinder:
    """One finder per lexicon and process: its patterns are compiled once, not per pipeline."""
    return QuantityFinder(lexicon)


def _parse_of(doc: Doc) -> SpacyDoc | None:
    """The parse, when it indexes ``doc.text`` (it is made from a same-length view)."""
    parse = doc.spacy
    if parse is None or len(parse.text) != len(doc.text):
        return None
    return parse
