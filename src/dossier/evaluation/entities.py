"""French news NER on the Est Républicain sentences of Sequoia: per-type P/R/F1.

Our entity kinds are mapped onto the corpus's types: person → PERS, place and state → LOC,
organization → ORG; ``group`` and ``other`` have no counterpart and are not scored. Gold is
each mention's in-context (``final``) type, so a metonymic "Paris" meaning the government
is ORG. EVE and PROD (22 gold mentions) are types we do not produce; they are left out of
the micro average rather than counted as misses, and reported nowhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final

from ..model import Article
from .alignment import Alignment
from .analysis import Analyse, GoldText, default_analyse
from .datasets import NerSentence, load_sequoia_ner
from .metrics import Span, span_prf, span_prf_by_label

__all__ = ["KIND_TO_SEQUOIA", "SEQUOIA_TYPES", "predicted_spans", "run_sequoia", "score_sequoia"]

KIND_TO_SEQUOIA: Final[Mapping[str, str]] = {
    "person": "PERS",
    "place": "LOC",
    "state": "LOC",
    "organization": "ORG",
}
SEQUOIA_TYPES: Final = ("PERS", "LOC", "ORG")


def predicted_spans(
    article: Article | None, gold_text: str, kinds: Mapping[str, str] = KIND_TO_SEQUOIA
) -> list[Span]:
    """Every mention of an entity whose kind maps to a label, as a span of ``gold_text``."""
    if article is None:
        return []
    alignment = Alignment(article.text, gold_text)
    spans: list[Span] = []
    for entity in article.entities:
        label = kinds.get(entity.kind)
        if label is None:
            continue
        for mention in entity.mentions:
            extent = alignment.span(mention.start, mention.end)
            if extent is not None:
                spans.append((extent[0], extent[1], label))
    return spans


def score_sequoia(
    sentences: Sequence[NerSentence], articles: Sequence[Article | None]
) -> dict[str, float]:
    """Strict (exact offsets and type) P/R/F1 per type and micro-averaged over the three."""
    if len(sentences) != len(articles):
        raise ValueError(f"{len(sentences)} sentences but {len(articles)} records")
    gold: list[Span] = []
    pred: list[Span] = []
    # Spans of different sentences must not match each other: offset them apart.
    offset = 0
    for sentence, article in zip(sentences, articles, strict=True):
        gold.extend(
            (offset + e.start, offset + e.end, e.label)
            for e in sentence.final_entities()
            if e.label in SEQUOIA_TYPES
        )
        pred.extend(
            (offset + s, offset + e, label)
            for s, e, label in predicted_spans(article, sentence.text)
        )
        offset += len(sentence.text) + 1
    scores: dict[str, float] = {}
    by_label = span_prf_by_label(gold, pred)
    for label in SEQUOIA_TYPES:
        result = by_label.get(label)
        scores[f"{label}_precision"] = result.precision if result else 0.0
        scores[f"{label}_recall"] = result.recall if result else 0.0
        scores[f"{label}_f1"] = result.f1 if result else 0.0
    micro = span_prf(gold, pred, typed=True)
    scores.update(
        micro_precision=micro.precision,
        micro_recall=micro.recall,
        micro_f1=micro.f1,
        documents=float(len(sentences)),
    )
    return scores


def run_sequoia(
    root: Path, *, limit: int | None = None, analyse: Analyse = default_analyse
) -> dict[str, float]:
    """Score the first ``limit`` sentences (all 524 by default), each analysed on its own."""
    sentences = load_sequoia_ner(root)[:limit]
    texts = [GoldText(f"sequoia:{s.sent_id}", s.text, language="fr") for s in sentences]
    return score_sequoia(sentences, analyse(texts))
