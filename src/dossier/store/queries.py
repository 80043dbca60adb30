"""Questions asked of the store, answered as pyarrow Tables (``.to_pandas()``, Polars'
``pl.from_arrow`` and R's arrow package take them as they are).

Every query takes the same :class:`Filters`; each filter keeps the rows that match any of
its values, and filters combine with AND:

- ``since`` / ``until``: the day range. An event matches when the days its date covers
  overlap the range; an event without a date of its own is dated by its article's
  publication. Quotes and actors are dated by their article's publication.
- ``actor``: a party (or a quote's speaker) whose name contains the text (any case), or
  whose entity id or PLOVER actor code equals it (``Q7184``, ``RUS``).
- ``country``: ISO 3166-1 alpha-3 or alpha-2; an event matches by its location or by one
  of its parties, an actor by its country, a quote by its speaker's.
- ``type`` (PLOVER, retired names accepted), ``status``: of the event (of the event a quote
  evidences, for quotes; of the events an actor takes part in, for actors).
- ``language`` (ISO 639-1), ``source`` (text contained in the site name or the URL): of
  the article.
"""

from __future__ import annotations

from typing import Any, Final

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from .filters import (
    Filters,
    Where,
    article_conditions,
    event_conditions,
    like_pattern,
    limit_clause,
    run_query,
)


def _parties(role: str) -> str:
    return (
        "coalesce((SELECT list(p.name ORDER BY p.idx) FROM event_parties p "
        "WHERE p.article_id = e.article_id AND p.event_idx = e.idx "
        f"AND p.role = '{role}'), [])"
    )


FIRST_EVIDENCE: Final = (
    "(SELECT v.sentence FROM evidence v WHERE v.article_id = e.article_id "
    "AND v.event_idx = e.idx ORDER BY v.idx LIMIT 1)"
)


def events(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, limit: int | None = None
) -> pa.Table:
    """One row per stored event, with its parties' names, place and article."""
    filters = filters or Filters()
    where = Where()
    event_conditions(where, filters)
    sql = f"""
        SELECT e.article_id, e.idx AS event_idx, e.event_id,
               coalesce(e.date_first_day, a.published_date) AS day,
               e.date, e.date_end, e.date_precision, e.type, e.mode, e.status,
               {_parties("actor")} AS actors, {_parties("recipient")} AS recipients,
               e.location_name AS location, e.location_country AS country,
               e.latitude, e.longitude, e.location_precision, e.confidence,
               {FIRST_EVIDENCE} AS evidence,
               a.published, a.language, a.source, a.url, a.title
        FROM events e JOIN articles a ON a.id = e.article_id
        WHERE {where.sql()}
        ORDER BY a.published_date NULLS LAST, e.article_id, e.idx{limit_clause(limit)}
    """
    return run_query(con, sql, where.params)


def timeline(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, limit: int | None = None
) -> pa.Table:
    """Events in the order they happened, each with the sentence that says so."""
    filters = filters or Filters()
    where = Where()
    event_conditions(where, filters)
    sql = f"""
        SELECT coalesce(e.date_first_day, a.published_date) AS day,
               e.date, e.date_precision, e.type, e.mode, e.status,
               {_parties("actor")} AS actors, {_parties("recipient")} AS recipients,
               e.location_name AS location, {FIRST_EVIDENCE} AS evidence,
               a.source, a.url, a.published, e.confidence, e.article_id, e.event_id
        FROM events e JOIN articles a ON a.id = e.article_id
        WHERE {where.sql()}
        ORDER BY day NULLS LAST, a.published_date NULLS LAST, e.article_id, e.idx
        {limit_clause(limit)}
    """
    return run_query(con, sql, where.params)


def quotes(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, limit: int | None = None
) -> pa.Table:
    """One row per quotation, with its speaker and article."""
    filters = filters or Filters()
    where = Where()
    article_conditions(where, filters)
    for actor in filters.actors:
        where.add(
            "(q.speaker_name ILIKE ? ESCAPE '\\' OR q.speaker_entity_id = ?)",
            like_pattern(actor),
            actor,
        )
    if filters.countries:
        where.add("q.speaker_country IN (SELECT unnest(?))", list(filters.countries))
    if filters.on_events:
        inner = Where()
        if filters.types:
            inner.add("e.type IN (SELECT unnest(?))", list(filters.types))
        if filters.statuses:
            inner.add("e.status IN (SELECT unnest(?))", list(filters.statuses))
        where.add(
            "EXISTS (SELECT 1 FROM events e WHERE e.article_id = q.article_id "
            f"AND e.event_id = q.event_id AND {inner.sql()})",
            *inner.params,
        )
    sql = f"""
        SELECT q.article_id, q.idx AS quote_idx, a.published_date AS day,
               q.speaker_name AS speaker, q.speaker_country, q.speaker_sector,
               q.kind, q.text, q.cue, q.event_id, q.start_char, q.end_char,
               a.language, a.source, a.url
        FROM quotes q JOIN articles a ON a.id = q.article_id
        WHERE {where.sql()}
        ORDER BY a.published_date NULLS LAST, q.article_id, q.idx{limit_clause(limit)}
    """
    return run_query(con, sql, where.params)


def actors(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, limit: int | None = None
) -> pa.Table:
    """One row per actor: linked entities (places that are only places left out), and event
    parties (by name when unlinked), with how often they are mentioned and take part in
    events."""
    filters = filters or Filters()
    art = Where()
    article_conditions(art, filters)
    ev = Where()
    event_conditions(ev, Filters(types=filters.types, statuses=filters.statuses))
    # Without event filters, every entity counts; with them, only parties of those events.
    entity_rows = (
        ""
        if filters.on_events
        else f"""
        SELECT n.article_id, n.entity_id AS key, n.name, n.kind, n.country, n.code,
               n.sector, n.wikidata,
               (SELECT count(*) FROM mentions m WHERE m.article_id = n.article_id
                AND m.entity_idx = n.idx) AS mentions,
               NULL::VARCHAR AS role, NULL::INTEGER AS event_idx
        FROM entities n JOIN articles a ON a.id = n.article_id
        WHERE n.kind IS DISTINCT FROM 'place' AND {art.sql()}
        UNION ALL"""
    )
    params = [] if filters.on_events else list(art.params)
    sql = f"""
        WITH rows AS ({entity_rows}
            SELECT p.article_id, coalesce(p.entity_id, 'name:' || lower(p.name)) AS key,
                   p.name, NULL AS kind, p.country, p.code, p.sector, NULL AS wikidata,
                   0 AS mentions, p.role, p.event_idx
            FROM event_parties p
            JOIN events e ON e.article_id = p.article_id AND e.idx = p.event_idx
            JOIN articles a ON a.id = p.article_id
            WHERE {art.sql()} AND {ev.sql()}
        )
        SELECT key AS actor_id, mode(name) AS name, max(kind) AS kind,
               mode(country) AS country, mode(code) AS code, mode(sector) AS sector,
               max(wikidata) AS wikidata, count(DISTINCT article_id) AS articles,
               sum(mentions)::BIGINT AS mentions,
               count(DISTINCT CASE WHEN role = 'actor' THEN article_id || ':' || event_idx END)
                   AS events_as_actor,
               count(DISTINCT CASE WHEN role = 'recipient'
                                   THEN article_id || ':' || event_idx END)
                   AS events_as_recipient
        FROM rows
        GROUP BY key
        HAVING {_actor_having(filters)}
        ORDER BY articles DESC, events_as_actor + events_as_recipient DESC, name
        {limit_clause(limit)}
    """
    params += [*art.params, *ev.params, *_actor_having_params(filters)]
    return run_query(con, sql, params)


def _actor_having(f: Filters) -> str:
    parts = [
        "(mode(name) ILIKE ? ESCAPE '\\' OR key = ? OR upper(mode(code)) = upper(?))"
        for _ in f.actors
    ]
    if f.countries:
        parts.append("mode(country) IN (SELECT unnest(?))")
    return " AND ".join(parts) if parts else "TRUE"


def _actor_having_params(f: Filters) -> list[Any]:
    params: list[Any] = [v for a in f.actors for v in (like_pattern(a), a, a)]
    if f.countries:
        params.append(list(f.countries))
    return params


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table: a summary for the demo, the tests and ``--help`` texts."""
    from .schema import TABLES

    result = {}
    for table in TABLES:
        row = con.execute(f"SELECT count(*) FROM {table.name}").fetchone()
        result[table.name] = int(row[0]) if row else 0
    return result


TABLE_VIEWS: Final[dict[str, tuple[str, ...]]] = {
    "events": ("day", "type", "mode", "status", "actors", "recipients", "location",
               "confidence", "source"),
    "timeline": ("day", "type", "status", "actors", "recipients", "location", "evidence",
                 "source"),
    "quotes": ("day", "speaker", "kind", "text", "cue", "source"),
    "actors": ("name", "kind", "country", "sector", "articles", "mentions",
               "events_as_actor", "events_as_recipient"),
    "search": ("score", "title", "source", "published", "snippet"),
}  # fmt: skip
"""The columns ``--format table`` shows (json and csv give every column)."""
