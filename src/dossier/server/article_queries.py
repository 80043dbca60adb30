"""Articles, one article with its relations, search, actors, quotes and figures."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import duckdb

from ..store import queries
from ..store.filters import Filters, Where, article_conditions, event_conditions
from ..store.reader import read_articles
from ..store.search import search
from .errors import NotFoundError
from .event_queries import FACET_SIZE
from .paging import Page, Row, jsonable, paged, rows_of, scalar, text_conditions

# ----------------------------------------------------------------------------- articles


def _article_where(filters: Filters, q: str | None) -> Where:
    where = Where()
    article_conditions(where, filters)
    text_conditions(where, q)
    if filters.on_events or filters.actors or filters.countries:
        inner = Where()
        event_conditions(inner, replace(filters, since=None, until=None, languages=(), sources=()))
        where.add(
            f"EXISTS (SELECT 1 FROM events e WHERE e.article_id = a.id AND {inner.sql()})",
            *inner.params,
        )
    return where


def articles(
    con: duckdb.DuckDBPyConnection, filters: Filters, page: Page, q: str | None = None
) -> Row:
    """Articles, newest first, with how many events, quotes and figures each holds."""
    where = _article_where(filters, q)
    total = scalar(con, f"SELECT count(*) FROM articles a WHERE {where.sql()}", where.params)
    rows = rows_of(
        con,
        f"""
        WITH page AS (
            SELECT a.id, a.published_date FROM articles a WHERE {where.sql()}
            ORDER BY a.published_date DESC NULLS LAST, a.id
            LIMIT ? OFFSET ?
        )
        SELECT a.id, a.title, a.source, a.url, a.published, a.language,
               (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events,
               (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes,
               (SELECT count(*) FROM quantities q WHERE q.article_id = a.id) AS figures,
               length(a.text) AS characters
        FROM page JOIN articles a ON a.id = page.id
        ORDER BY page.published_date DESC NULLS LAST, a.id
        """,
        [*where.params, page.limit, page.offset],
    )
    return paged(rows, total, page)


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> Row:
    """One article's record, with where it sits among the others: its story, the
    article it copies and the copies of it, its source signals, its canonical events."""
    found = list(read_articles(con, [article_id]))
    if not found:
        raise NotFoundError(f"no article {article_id!r} in the store — list them at /api/articles")
    record = found[0].model_dump(mode="json")
    story = rows_of(
        con,
        "SELECT s.story_id, s.label FROM story_articles m JOIN stories s USING (story_id) "
        "WHERE m.member_article = ?",
        [article_id],
    )
    copy_of = rows_of(
        con,
        "SELECT c.copy_of AS article_id, c.relation, c.similarity, a.title, a.source "
        "FROM copies c LEFT JOIN articles a ON a.id = c.copy_of WHERE c.copy_id = ?",
        [article_id],
    )
    copies = rows_of(
        con,
        "SELECT c.copy_id AS article_id, c.relation, c.similarity, a.title, a.source "
        "FROM copies c LEFT JOIN articles a ON a.id = c.copy_id WHERE c.copy_of = ? "
        "ORDER BY c.copy_id",
        [article_id],
    )
    signals = rows_of(
        con,
        "SELECT signal, detail, start_char AS start, end_char AS end FROM source_signals "
        "WHERE signal_article = ? ORDER BY start_char NULLS LAST, signal",
        [article_id],
    )
    canonical = rows_of(
        con,
        "SELECT event_idx, canonical_id FROM canonical_members WHERE member_article = ? "
        "ORDER BY event_idx",
        [article_id],
    )
    return {
        "article": record,
        "story": story[0] if story else None,
        "copy_of": copy_of[0] if copy_of else None,
        "copies": copies,
        "signals": signals,
        "canonical": {str(r["event_idx"]): r["canonical_id"] for r in canonical},
    }


def search_articles(con: duckdb.DuckDBPyConnection, text: str, filters: Filters, page: Page) -> Row:
    """The CLI's search (every term, accent-insensitive, ranked), paged, with facets of the
    matching articles by language and source."""
    table = search(con, text, filters, limit=None)
    rows = [jsonable(r) for r in table.to_pylist()]
    by: dict[str, dict[str, int]] = {"language": defaultdict(int), "source": defaultdict(int)}
    for r in rows:
        for key, counts in by.items():
            if r[key] is not None:
                counts[r[key]] += 1
    result = paged(rows[page.offset : page.offset + page.limit], len(rows), page)
    result["facets"] = {
        key: [
            {"value": v, "n": n}
            for v, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
        ]
        for key, counts in by.items()
    }
    return result


# ---------------------------------------------------------------------- actors, quotes


def actors(con: duckdb.DuckDBPyConnection, filters: Filters, page: Page) -> Row:
    table = queries.actors(con, filters)
    rows = [jsonable(r) for r in table.slice(page.offset, page.limit).to_pylist()]
    return paged(rows, table.num_rows, page)


def quotes(con: duckdb.DuckDBPyConnection, filters: Filters, page: Page) -> Row:
    table = queries.quotes(con, filters, limit=page.offset + page.limit)
    where = Where()
    article_conditions(where, filters)
    rows = [jsonable(r) for r in table.slice(page.offset, page.limit).to_pylist()]
    total = (
        scalar(
            con,
            "SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"WHERE {where.sql()}",
            where.params,
        )
        if not (filters.actors or filters.countries or filters.on_events)
        else len(queries.quotes(con, filters))
    )
    return paged(rows, total, page)


def figures(
    con: duckdb.DuckDBPyConnection,
    filters: Filters,
    page: Page,
    kind: Sequence[str] = (),
    unit: Sequence[str] = (),
) -> Row:
    """Every figure of the articles, with the event it measures when it is bound to one.
    Event filters (type, status, actor, country) keep the figures bound to such events."""
    where = Where()
    article_conditions(where, filters)
    if kind:
        where.add("q.kind IN (SELECT unnest(?))", list(kind))
    if unit:
        where.add("q.unit IN (SELECT unnest(?))", list(unit))
    bound = "LEFT JOIN"
    if filters.on_events or filters.actors or filters.countries:
        bound = "JOIN"
        event_conditions(where, replace(filters, since=None, until=None, languages=(), sources=()))
    base = f"""
        FROM quantities q JOIN articles a ON a.id = q.article_id
        {bound} event_quantities b ON b.article_id = q.article_id
            AND b.start_char = q.start_char AND b.end_char = q.end_char
        {bound} events e ON e.article_id = b.article_id AND e.idx = b.event_idx
        WHERE {where.sql()}
    """
    total = scalar(con, f"SELECT count(*) {base}", where.params)
    rows = rows_of(
        con,
        f"""
        SELECT q.article_id, q.idx AS figure_idx, q.value, q.value_max, q.unit, q.kind,
               q.qualifier, q.text, q.start_char AS start, q.end_char AS end,
               e.idx AS event_idx, e.type AS event_type, e.status AS event_status,
               a.title, a.source, a.published, a.language
        {base}
        ORDER BY a.published_date DESC NULLS LAST, q.article_id, q.idx
        LIMIT ? OFFSET ?
        """,
        [*where.params, page.limit, page.offset],
    )
    return paged(rows, total, page)
