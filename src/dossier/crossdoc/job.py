"""The cross-document job over a store: read articles, write the cross-document tables.

One run reads every stored article, keeps the stories already stored (an article placed
once stays in its story; new articles join the open stories or start new ones), recomputes
copies, signals, canonical events and contradictions, and replaces those tables in one
transaction, so that a reader never sees half a run.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from ..model import Article
from ..store.reader import read_articles
from ..store.schema import (
    CANONICAL_EVENTS,
    CANONICAL_MEMBERS,
    CONTRADICTIONS,
    COPIES,
    CROSSDOC_TABLES,
    SOURCE_SIGNALS,
    STORIES,
    STORY_ARTICLES,
    Table,
)
from .canonical import CanonicalEvent, Mention, independent_keys, merge, source_key
from .contradictions import Row as ContradictionRow
from .contradictions import event_contradictions, tracked_figures
from .copies import CopyLink, aligned_copies, identical_and_near, resolve, roots
from .features import Features, build_features, publication_day
from .signals import Signal, article_signals, copy_signals
from .stories import Story, StoryIndex


@dataclass(slots=True)
class CrossdocSummary:
    """What one run found; ``lines()`` is what the CLI prints."""

    articles: int = 0
    new_articles: int = 0
    copies: Counter[str] = field(default_factory=Counter)
    signals: int = 0
    stories: int = 0
    canonical_events: int = 0
    contradictions: int = 0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        copies = ", ".join(f"{n} {relation}" for relation, n in sorted(self.copies.items()))
        return [
            f"cross-document: {self.articles} articles ({self.new_articles} new to stories) "
            f"in {self.seconds:.1f} s",
            f"  stories            {self.stories}",
            f"  copies             {sum(self.copies.values())}"
            + (f"  ({copies})" if copies else ""),
            f"  source signals     {self.signals}",
            f"  canonical events   {self.canonical_events}",
            f"  contradictions     {self.contradictions}  (rows: one per reported value)",
        ]


@dataclass(slots=True)
class CrossdocResult:
    """Everything one run computed, before it is written."""

    links: list[CopyLink]
    signals: list[Signal]
    stories: list[Story]
    canonical: list[CanonicalEvent]
    contradictions: list[ContradictionRow]
    story_of: dict[str, str]
    new_articles: int
    features: dict[str, Features]


def analyse(
    articles: Sequence[Article], stored: Sequence[tuple[str, str, float | None]] = ()
) -> CrossdocResult:
    """The cross-document analysis of ``articles``; ``stored`` holds the (story id, article
    id, similarity) rows of an earlier run, which keep their stories."""
    features = build_features(articles)
    by_id = {f.article_id: f for f in features}
    index = StoryIndex()
    kept: dict[str, list[tuple[Features, float | None]]] = defaultdict(list)
    for story_id, article_id, similarity in stored:
        if article_id in by_id:
            kept[story_id].append((by_id[article_id], similarity))
    for story_id, members in kept.items():
        index.restore(story_id, [f for f, _ in members])
        index.stories[-1].similarities = [s if s is not None else 1.0 for _, s in members]
    direct = identical_and_near(features)
    new = [f for f in features if f.article_id not in index.story_of]
    index.add(new, copy_of=roots(resolve(direct)))
    groups = [story.members for story in index.stories if story.size > 1]
    direct.update(aligned_copies(features, groups, known=set(direct)))
    links = resolve(direct)
    copy_of = roots(links)

    articles_by_id = {a.id: a for a in articles}
    signals = [s for a in articles for s in article_signals(a)]
    signals.extend(copy_signals(articles_by_id, links))

    story_of = {article_id: index.stories[i].story_id for article_id, i in index.story_of.items()}
    keys = independent_keys({a.id: a.source for a in articles}, copy_of)
    mentions = [
        Mention(a.id, i, event, story_of.get(a.id), a.source, a.published, keys[a.id])
        for a in articles
        for i, event in enumerate(a.events)
    ]
    canonical = merge(mentions)
    per_story: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        per_story[story_of[a.id]].append(a)
    contradictions = event_contradictions(canonical) + tracked_figures(per_story)
    return CrossdocResult(
        links, signals, index.stories, canonical, contradictions, story_of, len(new), by_id
    )


def story_rows(
    stories: Sequence[Story], articles: dict[str, Article], features: dict[str, Features]
) -> list[dict[str, Any]]:
    rows = []
    for story in stories:
        members = [articles[i] for i in story.members if i in articles]
        days = [d for a in members if (d := publication_day(a.published))]
        rows.append(
            {
                "story_id": story.story_id,
                "label": story_label(story, articles, features),
                "first_day": min(days) if days else None,
                "last_day": max(days) if days else None,
                "languages": sorted({a.language for a in members if a.language}),
                "article_count": len(members),
                "source_count": len({source_key(a.source, a.id) for a in members}),
            }
        )
    return rows


def story_label(story: Story, articles: dict[str, Article], features: dict[str, Features]) -> str:
    """The title of the article nearest the story's centroid, else its most common entities."""
    centroid = story.vector_sum / max(float(np.linalg.norm(story.vector_sum)), 1e-9)
    titled = [i for i in story.members if i in articles and articles[i].title]
    if titled:
        best = max(titled, key=lambda i: float(np.dot(features[i].lead, centroid)))
        return str(articles[best].title)
    names: dict[str, str] = {}
    for i in story.members:
        if i in features:
            names.update(features[i].entity_names)
    top = [names.get(e, e) for e, _ in story.entities.most_common(3)]
    return ", ".join(top) or story.story_id


def run_crossdoc(con: duckdb.DuckDBPyConnection) -> CrossdocSummary:
    """Run the cross-document job on an open (writable) store and replace its tables."""
    started = time.perf_counter()
    articles = list(read_articles(con))
    stored = [
        (str(s), str(a), None if sim is None else float(sim))
        for s, a, sim in con.execute(
            "SELECT story_id, member_article, similarity FROM story_articles "
            "ORDER BY story_id, member_article"
        ).fetchall()
    ]
    result = analyse(articles, stored)
    by_id = {a.id: a for a in articles}
    features = result.features
    tables: dict[str, list[dict[str, Any]]] = {
        COPIES.name: [
            {
                "copy_id": link.copy_id,
                "copy_of": link.copy_of,
                "relation": link.relation,
                "similarity": link.similarity,
                "evidence": json.dumps(link.evidence, ensure_ascii=False),
            }
            for link in result.links
        ],
        SOURCE_SIGNALS.name: [
            {
                "signal_article": s.article_id,
                "source": s.source,
                "signal": s.signal,
                "detail": s.detail,
                "start_char": s.start,
                "end_char": s.end,
            }
            for s in result.signals
        ],
        STORIES.name: story_rows(result.stories, by_id, features),
        STORY_ARTICLES.name: [
            {"story_id": story.story_id, "member_article": member, "similarity": similarity}
            for story in result.stories
            for member, similarity in zip(story.members, story.similarities, strict=True)
        ],
        CANONICAL_EVENTS.name: [event.row() for event in result.canonical],
        CANONICAL_MEMBERS.name: [
            {
                "canonical_id": event.canonical_id,
                "member_article": m.article_id,
                "event_idx": m.event_idx,
            }
            for event in result.canonical
            for m in event.members
        ],
        CONTRADICTIONS.name: [
            {
                "contradiction_id": r.contradiction_id,
                "story_id": r.story_id,
                "canonical_id": r.canonical_id,
                "subject": r.subject,
                "kind": r.kind,
                "value_article": r.value_article,
                "source": r.source,
                "published": r.published,
                "value": r.value,
                "unit": r.unit,
                "reported": r.reported,
                "start_char": r.start,
                "end_char": r.end,
            }
            for r in result.contradictions
        ],
    }
    replace_tables(con, tables)
    return CrossdocSummary(
        articles=len(articles),
        new_articles=result.new_articles,
        copies=Counter(link.relation for link in result.links),
        signals=len(result.signals),
        stories=len(result.stories),
        canonical_events=len(result.canonical),
        contradictions=len({r.contradiction_id for r in result.contradictions}),
        seconds=time.perf_counter() - started,
    )


def replace_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Every cross-document table replaced in one transaction."""
    specs: dict[str, Table] = {t.name: t for t in CROSSDOC_TABLES}
    con.begin()
    try:
        for name, spec in specs.items():
            con.execute(f"DELETE FROM {name}")
            rows = tables.get(name, [])
            if not rows:
                continue
            batch = pa.Table.from_pylist(rows, schema=spec.arrow_schema())
            view = f"_crossdoc_{name}"
            con.register(view, batch)
            try:
                columns = ", ".join(spec.column_names)
                con.execute(f"INSERT INTO {name} ({columns}) SELECT {columns} FROM {view}")
            finally:
                con.unregister(view)
        con.commit()
    except BaseException:
        con.rollback()
        raise
