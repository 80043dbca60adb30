"""The cross-document tables: stories, canonical events with their evidence, and
contradictions with every reported value."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import duckdb

from ..store import queries
from ..store.filters import Filters, Where, like_pattern
from .errors import NotFoundError
from .paging import Page, Row, paged, rows_of, scalar

# ---------------------------------------------------------------- cross-document tables


def _story_where(filters: Filters) -> Where:
    where = Where()
    if filters.since:
        where.add("coalesce(s.last_day, s.first_day) >= ?", filters.since)
    if filters.until:
        where.add("coalesce(s.first_day, s.last_day) <= ?", filters.until)
    for language in filters.languages:
        where.add("list_contains(s.languages, ?)", language)
    if filters.sources:
        where.add(
            "EXISTS (SELECT 1 FROM story_articles m JOIN articles a ON a.id = m.member_article "
            "WHERE m.story_id = s.story_id AND ("
            + " OR ".join(
                "a.source ILIKE ? ESCAPE '\\' OR a.url ILIKE ? ESCAPE '\\'" for _ in filters.sources
            )
            + "))",
            *[p for s in filters.sources for p in (like_pattern(s), like_pattern(s))],
        )
    return where


def stories(con: duckdb.DuckDBPyConnection, filters: Filters, page: Page) -> Row:
    where = _story_where(filters)
    total = scalar(con, f"SELECT count(*) FROM stories s WHERE {where.sql()}", where.params)
    rows = rows_of(
        con,
        f"""
        SELECT s.story_id, s.label, s.first_day, s.last_day, s.languages, s.article_count,
               s.source_count,
               (SELECT count(*) FROM canonical_events c WHERE c.story_id = s.story_id)
                   AS canonical_events,
               (SELECT count(DISTINCT x.contradiction_id) FROM contradictions x
                WHERE x.story_id = s.story_id) AS contradictions
        FROM stories s WHERE {where.sql()}
        ORDER BY s.article_count DESC, s.last_day DESC NULLS LAST, s.story_id
        LIMIT ? OFFSET ?
        """,
        [*where.params, page.limit, page.offset],
    )
    return paged(rows, total, page)


def story(con: duckdb.DuckDBPyConnection, story_id: str) -> Row:
    """A story: its sources side by side (language, copy relations), its canonical events
    with every member's evidence, and its contradictions with each reported value."""
    head = rows_of(con, "SELECT * FROM stories WHERE story_id = ?", [story_id])
    if not head:
        raise NotFoundError(f"no story {story_id!r} in the store — list them at /api/stories")
    members = rows_of(
        con,
        """
        SELECT a.id AS article_id, a.title, a.source, a.url, a.published, a.language,
               m.similarity, c.copy_of, c.relation, c.similarity AS copy_similarity,
               (SELECT count(*) FROM source_signals g WHERE g.signal_article = a.id)
                   AS signals
        FROM story_articles m JOIN articles a ON a.id = m.member_article
        LEFT JOIN copies c ON c.copy_id = a.id
        WHERE m.story_id = ?
        ORDER BY a.published NULLS LAST, a.id
        """,
        [story_id],
    )
    canonical = canonicalrows_of(con, "c.story_id = ?", [story_id], limit=None)
    return {
        "story": head[0],
        "articles": members,
        "canonical_events": canonical,
        "contradictions": _grouped_contradictions(con, "x.story_id = ?", [story_id]),
    }


def _parties_json(value: Any) -> list[Any]:
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return []
    return parsed if isinstance(parsed, list) else []


def canonicalrows_of(
    con: duckdb.DuckDBPyConnection,
    condition: str,
    params: Sequence[Any],
    limit: int | None,
    offset: int = 0,
) -> list[Row]:
    paging = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = rows_of(
        con,
        f"SELECT c.* FROM canonical_events c WHERE {condition} "
        f"ORDER BY c.date DESC NULLS LAST, c.canonical_id{paging}",
        params,
    )
    ids = [r["canonical_id"] for r in rows]
    evidence: dict[str, list[Row]] = defaultdict(list)
    if ids:
        for v in rows_of(
            con,
            """
            SELECT m.canonical_id, m.member_article AS article_id, m.event_idx, a.source,
                   a.language, a.published, e.status, v.sentence, v.start_char AS start,
                   v.end_char AS end, v.trigger
            FROM canonical_members m
            JOIN articles a ON a.id = m.member_article
            LEFT JOIN events e ON e.article_id = m.member_article AND e.idx = m.event_idx
            LEFT JOIN evidence v ON v.article_id = m.member_article
                 AND v.event_idx = m.event_idx
            WHERE m.canonical_id IN (SELECT unnest(?))
            ORDER BY m.canonical_id, a.published NULLS LAST, m.member_article, m.event_idx,
                     v.idx
            """,
            [ids],
        ):
            found = evidence[v.pop("canonical_id")]
            # One sentence can evidence two merged events of one article: list it once.
            if not any(
                (e["article_id"], e["start"], e["end"]) == (v["article_id"], v["start"], v["end"])
                for e in found
            ):
                found.append(v)
    for r in rows:
        r["actors"] = _parties_json(r["actors"])
        r["recipients"] = _parties_json(r["recipients"])
        r["evidence"] = evidence[r["canonical_id"]]
    return rows


def canonical_events(
    con: duckdb.DuckDBPyConnection, filters: Filters, page: Page, story_id: str | None = None
) -> Row:
    where = Where()
    if story_id:
        where.add("c.story_id = ?", story_id)
    if filters.types:
        where.add("c.type IN (SELECT unnest(?))", list(filters.types))
    if filters.statuses:
        where.add("list_has_any(c.statuses, ?)", list(filters.statuses))
    if filters.countries:
        where.add("c.location_country IN (SELECT unnest(?))", list(filters.countries))
    for actor in filters.actors:
        where.add(
            "(c.actors ILIKE ? ESCAPE '\\' OR c.recipients ILIKE ? ESCAPE '\\')",
            like_pattern(actor),
            like_pattern(actor),
        )
    if filters.since:
        where.add("TRY_CAST(left(c.date, 10) AS DATE) >= ?", filters.since)
    if filters.until:
        where.add("TRY_CAST(left(c.date, 10) AS DATE) <= ?", filters.until)
    total = scalar(
        con, f"SELECT count(*) FROM canonical_events c WHERE {where.sql()}", where.params
    )
    rows = canonicalrows_of(con, where.sql(), where.params, page.limit, page.offset)
    return paged(rows, total, page)


def _grouped_contradictions(
    con: duckdb.DuckDBPyConnection, condition: str, params: Sequence[Any]
) -> list[Row]:
    rows = rows_of(
        con,
        f"""
        SELECT x.contradiction_id, x.story_id, x.canonical_id, x.subject, x.kind,
               x.value_article AS article_id, x.source, x.published, x.value, x.unit,
               x.reported, x.start_char AS start, x.end_char AS end, a.language
        FROM contradictions x LEFT JOIN articles a ON a.id = x.value_article
        WHERE {condition}
        ORDER BY x.contradiction_id, x.published NULLS LAST, x.value_article, x.start_char
        """,
        params,
    )
    groups: dict[str, Row] = {}
    for r in rows:
        group = groups.setdefault(
            r["contradiction_id"],
            {
                "contradiction_id": r["contradiction_id"],
                "story_id": r["story_id"],
                "canonical_id": r["canonical_id"],
                "subject": r["subject"],
                "kind": r["kind"],
                "values": [],
            },
        )
        group["values"].append(
            {
                k: r[k]
                for k in (
                    "article_id",
                    "source",
                    "language",
                    "published",
                    "value",
                    "unit",
                    "reported",
                    "start",
                    "end",
                )
            }
        )
    return list(groups.values())


def contradictions(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    page: Page,
    story_id: str | None = None,
    kind: Sequence[str] = (),
) -> Row:
    """Disagreements, one per contradiction id, each with every reported value."""
    where = Where()
    if story_id:
        where.add("x.story_id = ?", story_id)
    if kind:
        where.add("x.kind IN (SELECT unnest(?))", list(kind))
    if filters.sources:
        where.any_of("x.source ILIKE ? ESCAPE '\\'", [like_pattern(s) for s in filters.sources])
    if filters.since:
        where.add("TRY_CAST(left(x.published, 10) AS DATE) >= ?", filters.since)
    if filters.until:
        where.add("TRY_CAST(left(x.published, 10) AS DATE) <= ?", filters.until)
    ids = rows_of(
        con,
        f"SELECT DISTINCT x.contradiction_id FROM contradictions x WHERE {where.sql()} ORDER BY 1",
        where.params,
    )
    chosen = [r["contradiction_id"] for r in ids[page.offset : page.offset + page.limit]]
    groups = (
        _grouped_contradictions(con, "x.contradiction_id IN (SELECT unnest(?))", [chosen])
        if chosen
        else []
    )
    return paged(groups, len(ids), page)


def overview(con: duckdb.DuckDBPyConnection) -> Row:
    """Rows per table: what the store holds."""
    return {"tables": queries.counts(con)}
