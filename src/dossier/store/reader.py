"""Stored rows back into Article records (the contract), one article or many."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import duckdb

from ..model import Article
from .errors import StoreError
from .rows import Row, article_from_rows
from .schema import CHILD_TABLES

_CHUNK = 500
"""Articles read per round of queries: one query per table per chunk, not per article."""


def read_article(con: duckdb.DuckDBPyConnection, article_id: str) -> Article:
    """The record stored under ``article_id``; StoreError when there is none."""
    found = list(read_articles(con, [article_id]))
    if not found:
        raise StoreError(
            f"no article {article_id!r} in the store — list ids with "
            "`SELECT id, title FROM articles`"
        )
    return found[0]


def read_articles(
    con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None
) -> Iterator[Article]:
    """Records for ``ids`` (in that order; unknown ids are left out), or every article."""
    if ids is None:
        ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        per_article: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
        heads = con.execute(
            "SELECT * FROM articles WHERE id IN (SELECT unnest(?))", [chunk]
        ).fetch_arrow_table()
        for row in heads.to_pylist():
            per_article[row["id"]]["articles"].append(row)
        for table in CHILD_TABLES:
            rows = con.execute(
                f"SELECT * FROM {table.name} WHERE article_id IN (SELECT unnest(?))", [chunk]
            ).fetch_arrow_table()
            for row in rows.to_pylist():
                per_article[row["article_id"]][table.name].append(row)
        for article_id in chunk:
            if article_id in per_article:
                yield article_from_rows(per_article[article_id])
