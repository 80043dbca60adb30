"""Quote attribution on PolNeAR: content spans, then who is credited with them.

Gold is the first annotator's attributions (see ``AttributionDocument.attributions``); an
attribution's content may be discontinuous and is compared by its extent, from its first to
its last fragment. A predicted quote matches a gold content when they overlap, one to one
(greedy by end offset, as relaxed TempEval matching); ``content_strict_f1`` needs identical
extents. PolNeAR annotates beliefs and intentions as well as speech, so recall is bounded
well below 1 for a quote finder: that is the published task, not a bug.

Source attribution accuracy is measured on the matched pairs. The speaker is right when one
of its entity's mentions overlaps a gold source span (a pronoun source counts when
coreference made it a mention), or when its name and the source share a word of three
letters or more, case folded ("Trump" vs "Donald Trump"). A gold attribution without a
source is right only when the quote has no speaker either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from ..model import Article, Quote
from .alignment import Alignment
from .analysis import Analyse, GoldText, default_analyse
from .datasets import Attribution, AttributionDocument, TextSpan, load_polnear
from .metrics import prf

__all__ = ["run_polnear", "score_polnear", "speaker_matches"]

_WORD: Final = re.compile(r"\w{3,}")


def _extent(attribution: Attribution) -> tuple[int, int] | None:
    if not attribution.contents:
        return None
    return attribution.contents[0].start, max(span.end for span in attribution.contents)


def _words(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(text)}


def speaker_matches(
    article: Article, alignment: Alignment, quote: Quote, attribution: Attribution
) -> bool:
    """Whether the quote's speaker is the gold source (see the module docstring)."""
    speaker = quote.speaker
    if not attribution.has_source or not attribution.sources:
        return speaker is None
    if speaker is None:
        return False
    sources: Sequence[TextSpan] = attribution.sources
    for entity in article.entities:
        if speaker.entity is None or entity.id != speaker.entity:
            continue
        for mention in entity.mentions:
            extent = alignment.span(mention.start, mention.end)
            if extent and any(s.start < extent[1] and extent[0] < s.end for s in sources):
                return True
    source_words = set().union(*(_words(span.text) for span in sources))
    return bool(_words(speaker.name) & source_words)


def _pairs(
    gold: Sequence[tuple[tuple[int, int], Attribution]],
    pred: Sequence[tuple[tuple[int, int], Quote]],
) -> list[tuple[Attribution, Quote]]:
    unmatched = sorted(pred, key=lambda item: (item[0][1], item[0][0]))
    pairs = []
    for (start, end), attribution in sorted(gold, key=lambda item: (item[0][1], item[0][0])):
        partner = next((p for p in unmatched if p[0][0] < end and start < p[0][1]), None)
        if partner is not None:
            unmatched.remove(partner)
            pairs.append((attribution, partner[1]))
    return pairs


def score_polnear(
    documents: Sequence[AttributionDocument], articles: Sequence[Article | None]
) -> dict[str, float]:
    """Content P/R/F1 (overlap), strict content F1, and source attribution accuracy."""
    if len(documents) != len(articles):
        raise ValueError(f"{len(documents)} documents but {len(articles)} records")
    gold_total = pred_total = matched = exact = right = 0
    for document, article in zip(documents, articles, strict=True):
        gold = [(x, a) for a in document.attributions if (x := _extent(a)) is not None]
        gold_total += len(gold)
        if article is None:
            continue
        alignment = Alignment(article.text, document.text)
        pred = [(x, q) for q in article.quotes if (x := alignment.span(q.start, q.end))]
        pred_total += len(pred)
        exact += len({x for x, _ in gold} & {x for x, _ in pred})
        pairs = _pairs(gold, pred)
        matched += len(pairs)
        right += sum(speaker_matches(article, alignment, q, a) for a, q in pairs)
    overlap = prf(matched, pred_total - matched, gold_total - matched)
    strict = prf(exact, pred_total - exact, gold_total - exact)
    return {
        "content_precision": overlap.precision,
        "content_recall": overlap.recall,
        "content_f1": overlap.f1,
        "content_strict_f1": strict.f1,
        "source_accuracy": right / matched if matched else 0.0,
        "documents": float(len(documents)),
    }


def run_polnear(
    root: Path, *, limit: int | None = None, analyse: Analyse = default_analyse
) -> dict[str, float]:
    """Score the first ``limit`` test articles (all 84 by default), sorted by article id."""
    documents = load_polnear(root)[:limit]
    texts = [GoldText(f"polnear:{d.article_id}", d.text, language="en") for d in documents]
    return score_polnear(documents, analyse(texts))
