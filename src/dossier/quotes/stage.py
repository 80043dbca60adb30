"""The quote stage: quotation marks, speech cues and speakers → ``doc.quotes``.

Rules, not a model: quotation marks are paired by :mod:`.marks`, cues and speakers found
by :mod:`.attribution` over spaCy's parse, speakers resolved by a
:class:`~.speakers.SpeakerResolver` (inside the article until the linker plugs in its own).
The spans of each quote's cue and speaker mention are kept in ``doc.extras["quotes"]``, for
scorers and ``--explain``: the contract's ``Speaker`` has no offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..doc import Doc
from ..model import Quote, Speaker
from ..pipeline import Stage
from .attribution import Attribution, attribute
from .cues import SpeakerTables, load_cues, load_tables
from .marks import find_quotes
from .speakers import ArticleSpeakerResolver, SpeakerMention, SpeakerResolver
from .view import ArticleView

__all__ = ["QuoteEvidence", "QuoteStage"]

EXTRAS_KEY = "quotes"


@dataclass(frozen=True, slots=True)
class QuoteEvidence:
    """Where a quote's cue and speaker stand in ``doc.text`` (None where there is none);
    one per ``doc.quotes`` entry, same order."""

    cue: tuple[int, int] | None
    speaker: tuple[int, int] | None
    inherited: bool


class QuoteStage(Stage):
    name: ClassVar[str] = "quotes"
    factory: ClassVar[str] = "dossier.quotes.rules.v1"
    requires: ClassVar[tuple[str, ...]] = ("doc.text", "doc.language", "doc.spacy")
    assigns: ClassVar[tuple[str, ...]] = ("doc.quotes",)

    def __init__(self, resolver: SpeakerResolver | None = None) -> None:
        self.tables: SpeakerTables = load_tables()
        self.resolver: SpeakerResolver = resolver or ArticleSpeakerResolver(self.tables)

    def __call__(self, doc: Doc) -> Doc:
        lexicon = load_cues(doc.language)
        doc.quotes = []
        doc.extras[EXTRAS_KEY] = []
        if lexicon is None or doc.spacy is None:
            doc.warn(
                f"quotes: no speech cues for language {doc.language!r}; only French and "
                "English are covered (dossier/data/speech_cues.yaml), so no quotes were found"
            )
            return doc
        quotes = [q for q in find_quotes(doc.text) if q.depth == 0]
        view = ArticleView(doc.text, doc.spacy, lexicon, self.tables, quotes)
        found = attribute(view)
        speakers = self._speakers(doc, found)
        for item, speaker in zip(found, speakers, strict=True):
            doc.quotes.append(
                Quote(
                    text=doc.text[item.start : item.end],
                    start=item.start,
                    end=item.end,
                    direct=item.kind != "indirect",
                    kind=item.kind,
                    cue=doc.text[item.cue[0] : item.cue[1]] if item.cue else None,
                    speaker=speaker,
                )
            )
            doc.extras[EXTRAS_KEY].append(QuoteEvidence(item.cue, item.speaker, item.inherited))
        return doc

    def _speakers(self, doc: Doc, found: list[Attribution]) -> list[Speaker | None]:
        """Resolve each distinct speaker mention once, in text order."""
        first_content: dict[tuple[int, int], tuple[int, int]] = {}
        for item in found:
            if item.speaker is not None:
                first_content.setdefault(item.speaker, (item.start, item.end))
        spans = sorted(first_content)
        mentions = [
            SpeakerMention(start, end, doc.text[start:end], first_content[(start, end)])
            for start, end in spans
        ]
        resolved = dict(zip(spans, self.resolver.resolve(doc, mentions), strict=True))
        return [resolved[item.speaker] if item.speaker is not None else None for item in found]
