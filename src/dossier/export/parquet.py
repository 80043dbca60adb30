"""Parquet: one file per table of the store, in a folder (``articles.parquet``,
``events.parquet``…), zstd-compressed, column types as in the store (docs/store.md).

Filters choose articles (publication day, language, source) and events (every event
filter): ``articles`` and the tables of their children keep the chosen articles;
``events``, ``event_parties``, ``event_quantities`` and ``evidence`` keep the chosen events;
``inputs`` keeps the inputs holding a chosen article. ``skips``, ``http_cache`` and
``schema_migrations`` describe the store, not articles: they are written whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import duckdb

from ..store.filters import Filters, Where, article_conditions, event_conditions
from ..store.schema import CROSSDOC_TABLES, MIGRATIONS_TABLE, TABLES
from .records import ExportResult, check_target

EVENT_TABLES: Final = frozenset({"event_parties", "event_quantities", "evidence"})
# Cross-document tables span articles: a filter on articles does not cut them (yet).
WHOLE_TABLES: Final = frozenset({"skips", "http_cache", *(t.name for t in CROSSDOC_TABLES)})


def _query(table: str, filters: Filters) -> tuple[str, list[object]]:
    articles = Where()
    article_conditions(articles, filters)
    chosen_articles = f"SELECT a.id FROM articles a WHERE {articles.sql()}"
    events = Where()
    event_conditions(events, filters)
    chosen_events = (
        "SELECT e.article_id, e.idx FROM events e JOIN articles a ON a.id = e.article_id "
        f"WHERE {events.sql()}"
    )
    if table in WHOLE_TABLES:
        return f"SELECT * FROM {table}", []
    if table == "articles":
        return f"SELECT * FROM articles WHERE id IN ({chosen_articles})", articles.params
    if table == "inputs":
        return f"SELECT * FROM inputs WHERE article_id IN ({chosen_articles})", articles.params
    if table == "events":
        return (
            f"SELECT * FROM events WHERE (article_id, idx) IN ({chosen_events})",
            events.params,
        )
    if table in EVENT_TABLES:
        return (
            f"SELECT * FROM {table} WHERE (article_id, event_idx) IN ({chosen_events})",
            events.params,
        )
    return (
        f"SELECT * FROM {table} WHERE article_id IN ({chosen_articles})",
        articles.params,
    )


def export_parquet(
    con: duckdb.DuckDBPyConnection, out: Path, filters: Filters | None = None
) -> ExportResult:
    check_target(out, folder=True)
    filters = filters or Filters()
    paths = []
    events = 0
    for table in (*(t.name for t in TABLES), MIGRATIONS_TABLE):
        if table == MIGRATIONS_TABLE:
            sql, params = f"SELECT * FROM {MIGRATIONS_TABLE}", list[object]()
        else:
            sql, params = _query(table, filters)
        path = out / f"{table}.parquet"
        # A relation streams to the file: the store is never loaded whole into memory.
        con.sql(sql, params=params).write_parquet(str(path), compression="zstd")
        if table == "events":
            events = _count(con, sql, params)
        paths.append(path)
    return ExportResult(paths, events, [f"{len(paths)} tables written to {out}"])


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> int:
    row = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
    return int(row[0]) if row else 0
