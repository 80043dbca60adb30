"""What the cross-document stages compare, computed once per article per run.

Sentence vectors are encoded in one batch for many articles (the encoder is much faster per
sentence on batches); the lead vector (title and first sentences) is what stories compare,
the full list of sentence vectors is what copy alignment compares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np

from ..model import Article
from .embeddings import DIMENSIONS, Vectors, encode, sentences
from .shingles import folded_hash, shingles

LEAD_SENTENCES: Final = 3
"""Title plus three sentences: news puts the happening (who, what, where, when) in the lead.
On the examples the lead vector separates the Geneva reports (fr–en cosine 0.63) from the
other Ukraine-crisis articles better than the mean of all sentences (0.83 for Geneva fr–en,
but also 0.82 for two unrelated Ukraine-aid reports)."""

ENTITY_KINDS: Final = frozenset({"person", "organization", "state", "place", "group"})


@dataclass(slots=True)
class Features:
    article_id: str
    language: str | None
    source: str | None
    day: dt.date | None
    folded: str
    shingles: set[str]
    sentences: list[str]
    vectors: Vectors
    lead: Vectors
    entities: frozenset[str]
    entity_names: dict[str, str] = field(default_factory=dict)
    figures: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()
    quotes: tuple[str, ...] = ()
    title: str | None = None


def publication_day(published: str | None) -> dt.date | None:
    """The day of an ISO date or datetime, None when absent or unreadable."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def figure_key(value: float | None, unit: str | None) -> str | None:
    if value is None:
        return None
    return f"{value:g} {unit or ''}".strip()


def build_features(articles: Sequence[Article]) -> list[Features]:
    """Features for every article. Only the title and lead sentences are encoded here (one
    batch for all articles): the rest of the sentences are encoded by
    :func:`complete_vectors`, for the articles that copy detection compares."""
    split = [sentences(a.text) for a in articles]
    heads = [[a.title] if a.title else [] for a in articles]
    batch: list[str] = []
    for head, body in zip(heads, split, strict=True):
        batch.extend(head)
        batch.extend(body[:LEAD_SENTENCES])
    encoded = encode(batch)
    out: list[Features] = []
    at = 0
    for article, head, body in zip(articles, heads, split, strict=True):
        width = len(head) + min(len(body), LEAD_SENTENCES)
        lead_vectors = encoded[at : at + width]
        at += width
        out.append(
            Features(
                article_id=article.id,
                language=article.language,
                source=article.source,
                day=publication_day(article.published),
                folded=folded_hash(article.text),
                shingles=shingles(article.text),
                sentences=body,
                vectors=lead_vectors[len(head) :],
                lead=_mean_unit(lead_vectors),
                entities=frozenset(e.id for e in article.entities if e.kind in ENTITY_KINDS),
                entity_names={e.id: e.name for e in article.entities if e.kind in ENTITY_KINDS},
                figures=frozenset(
                    k for q in article.quantities if (k := figure_key(q.value, q.unit)) is not None
                ),
                dates=frozenset(t.value for t in article.times if t.value),
                quotes=tuple(q.text for q in article.quotes if q.direct),
                title=article.title,
            )
        )
    return out


def complete_vectors(features: Sequence[Features]) -> None:
    """Encode the sentences after the lead, in one batch, for features that lack them."""
    unique = {f.article_id: f for f in features}  # a feature may come in several pairs
    todo = [f for f in unique.values() if len(f.vectors) < len(f.sentences)]
    rest = [s for f in todo for s in f.sentences[len(f.vectors) :]]
    encoded = encode(rest)
    at = 0
    for f in todo:
        missing = len(f.sentences) - len(f.vectors)
        f.vectors = np.vstack([f.vectors, encoded[at : at + missing]]).astype(np.float32)
        at += missing


def _mean_unit(vectors: Vectors) -> Vectors:
    if len(vectors) == 0:
        return np.zeros(DIMENSIONS, dtype=np.float32)
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    unit: Vectors = (mean / norm if norm else mean).astype(np.float32)
    return unit
