"""The dashboard's event questions: the events, paged, and the aggregates drawn beside
them (facets, timeline, map, network), all under the CLI's filters."""

from __future__ import annotations

from collections import defaultdict
from typing import Final

import duckdb

from ..store.filters import Filters
from .paging import Page, Row, event_where, paged, rows_of, scalar

FACET_SIZE: Final = 20
"""Values shown per facet: the dashboard's side panel has room for about this many."""
NETWORK_EDGES: Final = 150
"""Heaviest actor→recipient edges drawn: past a few hundred, a force layout in the
browser becomes a hairball nobody can click."""

# ------------------------------------------------------------------------------ events

_EVENT_FROM: Final = "FROM events e JOIN articles a ON a.id = e.article_id"


def events(
    con: duckdb.DuckDBPyConnection, filters: Filters, page: Page, q: str | None = None
) -> Row:
    """Events, newest first, each with its parties, place, first evidence and figures."""
    where = event_where(filters, q)
    total = scalar(con, f"SELECT count(*) {_EVENT_FROM} WHERE {where.sql()}", where.params)
    # The page's keys first, then their columns: sorting narrow rows is what makes a page
    # of 100,000 events cheap (measured: 36 ms against 175 ms for sorting whole rows).
    rows = rows_of(
        con,
        f"""
        WITH page AS (
            SELECT e.article_id, e.idx, coalesce(e.date_first_day, a.published_date) AS day
            {_EVENT_FROM}
            WHERE {where.sql()}
            ORDER BY day DESC NULLS LAST, e.article_id, e.idx
            LIMIT ? OFFSET ?
        )
        SELECT e.article_id, e.idx AS event_idx, e.event_id, page.day, e.date, e.date_end,
               e.date_precision, e.type, e.mode, e.status, e.confidence,
               e.location_name, e.location_country, e.latitude, e.longitude,
               e.location_precision, a.title, a.source, a.url, a.published, a.language
        FROM page
        JOIN events e ON e.article_id = page.article_id AND e.idx = page.idx
        JOIN articles a ON a.id = e.article_id
        ORDER BY page.day DESC NULLS LAST, e.article_id, e.idx
        """,
        [*where.params, page.limit, page.offset],
    )
    return paged(_with_event_children(con, rows), total, page)


def _with_event_children(con: duckdb.DuckDBPyConnection, rows: list[Row]) -> list[Row]:
    ids = sorted({r["article_id"] for r in rows})
    parties: dict[tuple[str, int], dict[str, list[Row]]] = defaultdict(
        lambda: {"actor": [], "recipient": []}
    )
    evidence: dict[tuple[str, int], list[Row]] = defaultdict(list)
    figures: dict[tuple[str, int], list[Row]] = defaultdict(list)
    if ids:
        for p in rows_of(
            con,
            "SELECT article_id, event_idx, role, entity_id AS entity, name, country, code, "
            "sector FROM event_parties WHERE list_contains(?, article_id) "
            "ORDER BY article_id, event_idx, role, idx",
            [ids],
        ):
            key = (p.pop("article_id"), p.pop("event_idx"))
            parties[key][p.pop("role")].append(p)
        for v in rows_of(
            con,
            "SELECT article_id, event_idx, sentence, start_char AS start, end_char AS end, "
            "trigger, trigger_start_char AS trigger_start, trigger_end_char AS trigger_end "
            "FROM evidence WHERE list_contains(?, article_id) "
            "ORDER BY article_id, event_idx, idx",
            [ids],
        ):
            evidence[(v.pop("article_id"), v.pop("event_idx"))].append(v)
        for f in rows_of(
            con,
            "SELECT article_id, event_idx, value, value_max, unit, kind, qualifier, text, "
            "start_char AS start, end_char AS end FROM event_quantities "
            "WHERE list_contains(?, article_id) ORDER BY article_id, event_idx, idx",
            [ids],
        ):
            figures[(f.pop("article_id"), f.pop("event_idx"))].append(f)
    out = []
    for r in rows:
        key = (r["article_id"], r["event_idx"])
        out.append(
            {
                "article_id": r["article_id"],
                "event_idx": r["event_idx"],
                "event_id": r["event_id"],
                "day": r["day"],
                "date": r["date"],
                "date_end": r["date_end"],
                "date_precision": r["date_precision"],
                "type": r["type"],
                "mode": r["mode"],
                "status": r["status"],
                "confidence": r["confidence"],
                "actors": parties[key]["actor"],
                "recipients": parties[key]["recipient"],
                "location": None
                if r["location_name"] is None
                else {
                    "name": r["location_name"],
                    "country": r["location_country"],
                    "lat": r["latitude"],
                    "lon": r["longitude"],
                    "precision": r["location_precision"],
                },
                "evidence": evidence[key],
                "quantities": figures[key],
                "article": {
                    "title": r["title"],
                    "source": r["source"],
                    "url": r["url"],
                    "published": r["published"],
                    "language": r["language"],
                },
            }
        )
    return out


def facets(con: duckdb.DuckDBPyConnection, filters: Filters, q: str | None = None) -> Row:
    """Counts of events per value of each filter, under the current filters: one scan
    with grouping sets for the event and article columns, one for the parties."""
    where = event_where(filters, q)
    cond = where.sql()
    columns = {
        "type": "e.type",
        "status": "e.status",
        "country": "e.location_country",
        "language": "a.language",
        "source": "a.source",
        "month": "strftime(coalesce(e.date_first_day, a.published_date), '%Y-%m')",
    }
    select = ", ".join(f"{expr} AS {name}" for name, expr in columns.items())
    sets = ", ".join(f"({name})" for name in columns)
    grouped = rows_of(
        con,
        f"SELECT {select}, count(*) AS n {_EVENT_FROM} WHERE {cond} "
        f"GROUP BY GROUPING SETS ({sets})",
        where.params,
    )
    result: Row = {}
    for name in columns:
        values = [
            {"value": r[name], "n": r["n"]}
            for r in grouped
            if r[name] is not None and all(r[o] is None for o in columns if o != name)
        ]
        if name == "month":
            values.sort(key=lambda v: v["value"])
        else:
            values.sort(key=lambda v: (-v["n"], v["value"]))
        result[name] = values[:FACET_SIZE] if name != "month" else values[-FACET_SIZE:]
    result["actor"] = rows_of(
        con,
        f"""
        SELECT coalesce(p.entity_id, p.name) AS value, mode(p.name) AS label,
               count(DISTINCT (e.article_id, e.idx)) AS n
        {_EVENT_FROM} JOIN event_parties p ON p.article_id = e.article_id
             AND p.event_idx = e.idx
        WHERE {cond} GROUP BY 1 ORDER BY n DESC, label LIMIT {FACET_SIZE}
        """,
        where.params,
    )
    return {
        k: result[k] for k in ("type", "status", "country", "actor", "language", "source", "month")
    }


def timeline(con: duckdb.DuckDBPyConnection, filters: Filters, q: str | None = None) -> Row:
    """Events per day and type, for the timeline chart."""
    where = event_where(filters, q)
    rows = rows_of(
        con,
        f"""
        SELECT coalesce(e.date_first_day, a.published_date) AS day, e.type, count(*) AS n
        {_EVENT_FROM} WHERE {where.sql()} AND day IS NOT NULL
        GROUP BY 1, 2 ORDER BY 1, 2
        """,
        where.params,
    )
    return {"rows": rows}


def map_points(con: duckdb.DuckDBPyConnection, filters: Filters, q: str | None = None) -> Row:
    """Places with their event counts and precision, and events per country."""
    where = event_where(filters, q)
    points = rows_of(
        con,
        f"""
        SELECT e.location_name AS name, e.location_country AS country,
               round(e.latitude, 4) AS lat, round(e.longitude, 4) AS lon,
               coalesce(e.location_precision, 'unknown') AS precision, count(*) AS n
        {_EVENT_FROM}
        WHERE {where.sql()} AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5 ORDER BY n DESC, name
        """,
        where.params,
    )
    countries = rows_of(
        con,
        f"""
        SELECT e.location_country AS country, count(*) AS n {_EVENT_FROM}
        WHERE {where.sql()} AND e.location_country IS NOT NULL
        GROUP BY 1 ORDER BY n DESC, country
        """,
        where.params,
    )
    unplaced = scalar(
        con,
        f"SELECT count(*) {_EVENT_FROM} WHERE {where.sql()} AND e.latitude IS NULL",
        where.params,
    )
    return {"points": points, "countries": countries, "unplaced": unplaced}


def network(con: duckdb.DuckDBPyConnection, filters: Filters, q: str | None = None) -> Row:
    """Actors as nodes; actor → recipient edges typed by event type, weighted by events."""
    where = event_where(filters, q)
    edges = rows_of(
        con,
        f"""
        SELECT coalesce(s.entity_id, 'name:' || lower(s.name)) AS source,
               coalesce(t.entity_id, 'name:' || lower(t.name)) AS target,
               e.type, count(*) AS weight,
               mode(s.name) AS source_name, mode(t.name) AS target_name,
               mode(s.country) AS source_country, mode(t.country) AS target_country
        {_EVENT_FROM}
        JOIN event_parties s ON s.article_id = e.article_id AND s.event_idx = e.idx
             AND s.role = 'actor'
        JOIN event_parties t ON t.article_id = e.article_id AND t.event_idx = e.idx
             AND t.role = 'recipient'
        WHERE {where.sql()}
        GROUP BY 1, 2, 3 ORDER BY weight DESC, source, target, e.type
        LIMIT {NETWORK_EDGES}
        """,
        where.params,
    )
    nodes: dict[str, Row] = {}
    for edge in edges:
        for end in ("source", "target"):
            node = nodes.setdefault(
                edge[end],
                {
                    "id": edge[end],
                    "name": edge[f"{end}_name"],
                    "country": edge[f"{end}_country"],
                    "weight": 0,
                },
            )
            node["weight"] += edge["weight"]
    for edge in edges:
        for key in ("source_name", "target_name", "source_country", "target_country"):
            edge.pop(key)
    return {"nodes": sorted(nodes.values(), key=lambda n: (-n["weight"], n["id"])), "edges": edges}
