"""Rows for the API: paging, JSON-ready values, and the text condition the event and
article queries share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from ..store.filters import Filters, Where, event_conditions, run_query
from ..store.search import term_pattern, terms

Row = dict[str, Any]


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


def rows_of(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> list[Row]:
    return [jsonable(r) for r in run_query(con, sql, params).to_pylist()]


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> int:
    rows = rows_of(con, sql, params)
    return int(next(iter(rows[0].values()))) if rows else 0


def paged(rows: list[Row], total: int, page: Page) -> Row:
    return {"total": total, "limit": page.limit, "offset": page.offset, "rows": rows}


def text_conditions(where: Where, q: str | None) -> None:
    """Articles whose text or title holds every term of ``q`` (the search's matching)."""
    if not q or not q.strip():
        return
    for pattern in (term_pattern(t) for t in terms(q)):
        where.add(
            "(regexp_matches(a.text, ?) OR regexp_matches(coalesce(a.title, ''), ?))",
            pattern,
            pattern,
        )


def event_where(filters: Filters, q: str | None) -> Where:
    where = Where()
    event_conditions(where, filters)
    text_conditions(where, q)
    return where
