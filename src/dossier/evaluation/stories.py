"""Story clustering on ECB+: do articles about the same seminal event end up together?

Gold clusters are ECB+ sub-topics (topic number + ``ecb``/``ecbplus``): each topic holds
two different events of one kind (two earthquakes), so clustering by topic alone is not
enough. Scored on the conventional test topics 36–45 (210 documents) with B-cubed P/R/F1
and the adjusted Rand index.

Stories are cross-document, so no single ``Article`` record carries them. The scorer asks
the registered ``stories`` stage for a clustering through :class:`StoryClusterer`: its
class must offer ``cluster(articles) -> one hashable story key per article``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Final

from ..model import Article
from .analysis import Analyse, GoldText, default_analyse
from .datasets import EcbDocument, load_ecbplus
from .metrics import adjusted_rand_index, bcubed

__all__ = ["TEST_TOPICS", "StoryClusterer", "run_ecbplus", "score_ecbplus"]

TEST_TOPICS: Final = range(36, 46)
"""Test topics of the usual ECB+ split (Cybulska and Vossen 2015)."""

StoryClusterer = Callable[[Sequence[Article | None]], Sequence[Hashable]]
"""Records in, one story key per record out (records that failed get a key of their own)."""


def score_ecbplus(
    documents: Sequence[EcbDocument], stories: Sequence[Hashable]
) -> dict[str, float]:
    """B-cubed and ARI between the gold sub-topics and the predicted story keys."""
    if len(documents) != len(stories):
        raise ValueError(f"{len(documents)} documents but {len(stories)} story keys")
    gold = {document.doc_id: document.cluster for document in documents}
    pred = {document.doc_id: story for document, story in zip(documents, stories, strict=True)}
    b3 = bcubed(gold, pred)
    return {
        "bcubed_precision": b3.precision,
        "bcubed_recall": b3.recall,
        "bcubed_f1": b3.f1,
        "ari": adjusted_rand_index(gold, pred),
        "documents": float(len(documents)),
    }


def _round_robin(documents: Sequence[EcbDocument], limit: int | None) -> list[EcbDocument]:
    if limit is None:
        return list(documents)
    rank: dict[str, int] = {}
    ranked = []
    for document in documents:  # already in (topic, sub-topic, number) order
        rank[document.cluster] = rank.get(document.cluster, -1) + 1
        ranked.append((rank[document.cluster], document.topic, document.subtopic, document))
    ranked.sort(key=lambda item: item[:3])
    return [item[3] for item in ranked[:limit]]


def registered_clusterer() -> StoryClusterer:
    """The registered ``stories`` stage's ``cluster`` method, or a clear error."""
    from ..registry import stage_class

    stage = stage_class("stories")()
    cluster = getattr(stage, "cluster", None)
    if not callable(cluster):
        raise NotImplementedError(
            f"the stories stage ({stage.factory}) has no cluster(articles) method: give it one "
            "returning a story key per article, or adapt dossier.evaluation.stories"
        )

    def clusterer(articles: Sequence[Article | None]) -> Sequence[Hashable]:
        keys: Sequence[Hashable] = cluster(articles)
        return keys

    return clusterer


def run_ecbplus(
    root: Path,
    *,
    limit: int | None = None,
    analyse: Analyse = default_analyse,
    clusterer: StoryClusterer | None = None,
) -> dict[str, float]:
    """Score the test topics (all 210 documents by default); with ``limit``, the first
    documents of every sub-topic in turn, so that a sample still has clusters to find."""
    documents = _round_robin([d for d in load_ecbplus(root) if d.topic in TEST_TOPICS], limit)
    texts = [GoldText(f"ecbplus:{d.doc_id}", d.text, language="en") for d in documents]
    articles = analyse(texts)
    return score_ecbplus(documents, (clusterer or registered_clusterer())(articles))
