"""Read the cross-document tables back: what ``dossier stories``, ``story`` and ``copies``
show, as pyarrow Tables (every view has its JSON twin through ``--format json``)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from ..store.errors import StoreError


def stories(con: duckdb.DuckDBPyConnection, limit: int | None = None) -> pa.Table:
    """Stories, the largest first."""
    return con.execute(
        "SELECT story_id, label, first_day, last_day, languages, article_count, source_count "
        "FROM stories ORDER BY article_count DESC, first_day NULLS LAST, story_id "
        + ("LIMIT ?" if limit is not None else ""),
        [limit] if limit is not None else [],
    ).fetch_arrow_table()


@dataclass(frozen=True, slots=True)
class StoryView:
    story: dict[str, object]
    articles: pa.Table
    events: pa.Table
    contradictions: pa.Table


def story(con: duckdb.DuckDBPyConnection, story_id: str) -> StoryView:
    """One story: its articles side by side, its canonical events with their evidence, and
    the figures or statuses its sources disagree on."""
    head = con.execute(
        "SELECT * FROM stories WHERE story_id = ? OR story_id = 'story-' || ?",
        [story_id, story_id],
    ).fetch_arrow_table()
    if head.num_rows == 0:
        raise StoreError(
            f"no story {story_id!r} in the store — list them with `dossier stories`, "
            "or run `dossier crossdoc` after an ingest"
        )
    row = head.to_pylist()[0]
    sid = row["story_id"]
    articles = con.execute(
        """
        SELECT a.published, a.source, a.language, a.title, c.relation AS copy,
               c.copy_of, sa.similarity, a.id AS article_id
        FROM story_articles sa JOIN articles a ON a.id = sa.member_article
        LEFT JOIN copies c ON c.copy_id = a.id
        WHERE sa.story_id = ?
        ORDER BY a.published NULLS LAST, a.id
        """,
        [sid],
    ).fetch_arrow_table()
    events = con.execute(
        """
        SELECT ce.canonical_id, ce.type, ce.status, ce.statuses, ce.date, ce.location_name,
               ce.article_count, ce.source_count, ce.independent_source_count,
               list(DISTINCT coalesce(a.source, a.title) || ': ' || ev.sentence) AS evidence
        FROM canonical_events ce
        JOIN canonical_members cm USING (canonical_id)
        JOIN articles a ON a.id = cm.member_article
        LEFT JOIN evidence ev
          ON ev.article_id = cm.member_article AND ev.event_idx = cm.event_idx
        WHERE ce.story_id = ?
        GROUP BY ALL
        ORDER BY ce.date NULLS LAST, ce.type, ce.canonical_id
        """,
        [sid],
    ).fetch_arrow_table()
    contradictions = con.execute(
        """
        SELECT contradiction_id, subject, kind, reported, value, unit, source, published,
               value_article
        FROM contradictions WHERE story_id = ?
        ORDER BY contradiction_id, published NULLS LAST, value_article
        """,
        [sid],
    ).fetch_arrow_table()
    return StoryView(row, articles, events, contradictions)


def copies(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Every copy with its original, side by side."""
    return con.execute(
        """
        SELECT c.relation, round(c.similarity, 3) AS similarity,
               coalesce(ca.source, ca.title) AS copy, ca.language AS copy_language,
               ca.published AS copy_published,
               coalesce(oa.source, oa.title) AS original, oa.language AS original_language,
               oa.published AS original_published, c.copy_id, c.copy_of
        FROM copies c
        JOIN articles ca ON ca.id = c.copy_id
        JOIN articles oa ON oa.id = c.copy_of
        ORDER BY c.relation, ca.published NULLS LAST, c.copy_id
        """
    ).fetch_arrow_table()


def signals_by_source(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Signals aggregated per site: how many articles, and how many of each signal."""
    return con.execute(
        """
        WITH per_site AS (
            SELECT coalesce(a.source, '(no source)') AS source, count(*) AS articles
            FROM articles a GROUP BY ALL
        )
        SELECT p.source, p.articles, s.signal, count(*) AS signals,
               count(DISTINCT s.signal_article) AS articles_flagged
        FROM source_signals s
        JOIN articles a ON a.id = s.signal_article
        JOIN per_site p ON p.source = coalesce(a.source, '(no source)')
        GROUP BY ALL
        ORDER BY p.source, s.signal
        """
    ).fetch_arrow_table()


def canonical_events(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Canonical events with their member articles and evidence sentences: what an export
    of one event per happening writes (the Parquet export already copies the tables)."""
    return con.execute(
        """
        SELECT ce.*,
               list(DISTINCT cm.member_article ORDER BY cm.member_article) AS articles,
               list(DISTINCT ev.sentence) FILTER (WHERE ev.sentence IS NOT NULL) AS evidence
        FROM canonical_events ce
        JOIN canonical_members cm USING (canonical_id)
        LEFT JOIN evidence ev
          ON ev.article_id = cm.member_article AND ev.event_idx = cm.event_idx
        GROUP BY ALL
        ORDER BY ce.date NULLS LAST, ce.type, ce.canonical_id
        """
    ).fetch_arrow_table()
