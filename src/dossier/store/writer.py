"""The store's single writer: batches of analysed inputs, each in one transaction.

Identity is by content hash, so reruns are upserts and never duplicates:

- an **article** is its cleaned text (``articles.id`` = ``Article.id``, sha256); two inputs
  with the same text share one article row;
- an **input** is its locator (URL, else path or ``path#id``); ``inputs.fingerprint``
  hashes its raw bytes with the metadata given alongside them, so a rerun recognises an
  unchanged input before analysing it (:meth:`StoreWriter.known`), and a changed one at
  the same locator replaces its article — child rows included — in the same transaction.

A batch either lands whole (articles, their child rows, inputs, skips, HTTP validators) or
not at all: a run killed between two commits loses only the batch in flight, which the
next run analyses again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from ..model import Article
from .rows import Row, article_rows
from .schema import (
    ARTICLES,
    CHILD_TABLES,
    HTTP_CACHE,
    INPUTS,
    SKIPS,
    TABLES_BY_NAME,
    utc_now,
)

Outcome = Literal["new", "duplicate", "updated", "reanalysed"]
OUTCOMES: Final[tuple[Outcome, ...]] = ("new", "duplicate", "updated", "reanalysed")
"""new: a new input with a new article; duplicate: a new input whose text is already
stored (a copy); updated: a known input whose text changed (its old article is replaced);
reanalysed: a known input re-read (new bytes or a new pipeline) whose text did not change."""


@dataclass(frozen=True, slots=True)
class Analysed:
    """One input and the record the pipeline made of it."""

    locator: str
    input: str
    fingerprint: str
    article: Article
    fetched_at: str | None = None


@dataclass(frozen=True, slots=True)
class Skip:
    """An input that could not be stored: where (stage) and why (reason)."""

    locator: str
    input: str
    stage: str
    error: str
    reason: str
    fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class HttpValidators:
    """What a server said about a URL, for the next conditional GET."""

    url: str
    etag: str | None
    last_modified: str | None
    status: int
    content_sha256: str | None


@dataclass
class BatchOutcome:
    counts: Counter[str] = field(default_factory=Counter)
    outcomes: dict[str, Outcome] = field(default_factory=dict)  # locator → outcome


def known_key(locator: str, fingerprint: str) -> str:
    return f"{locator}\x00{fingerprint}"


class StoreWriter:
    """Writes batches for one pipeline. One per process: DuckDB's file lock sees to the
    rest (a second writing process cannot open the file)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, pipeline: str) -> None:
        self.con = con
        self.pipeline = pipeline

    def known(self) -> set[str]:
        """``known_key(locator, fingerprint)`` of every input stored by this pipeline: the
        inputs a rerun can skip without reading further."""
        rows = self.con.execute(
            "SELECT locator, fingerprint FROM inputs WHERE pipeline = ?", [self.pipeline]
        ).fetchall()
        return {known_key(locator, fingerprint) for locator, fingerprint in rows}

    def write(
        self,
        analysed: Sequence[Analysed],
        skips: Sequence[Skip] = (),
        validators: Sequence[HttpValidators] = (),
    ) -> BatchOutcome:
        """Store one batch atomically; returns what happened to each input."""
        now = utc_now()
        self.con.begin()
        try:
            outcome = self._write(_last_per_locator(analysed), now)
            self._write_skips(skips, now)
            self._write_validators(validators, now)
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()
        return outcome

    # -- the steps of one transaction

    def _write(self, analysed: Sequence[Analysed], now: dt.datetime) -> BatchOutcome:
        outcome = BatchOutcome()
        if not analysed:
            return outcome
        locators = [a.locator for a in analysed]
        previous = dict(
            self.con.execute(
                "SELECT locator, article_id FROM inputs WHERE locator IN (SELECT unnest(?))",
                [locators],
            ).fetchall()
        )
        ids = sorted({a.article.id for a in analysed})
        stored = dict(
            self.con.execute(
                "SELECT id, pipeline FROM articles WHERE id IN (SELECT unnest(?))", [ids]
            ).fetchall()
        )
        # Articles stored by another pipeline are replaced: their child rows come from it.
        stale = [i for i, pipeline in stored.items() if pipeline != self.pipeline]
        self._delete_articles(stale)
        present = {i for i, pipeline in stored.items() if pipeline == self.pipeline}
        rows: dict[str, list[Row]] = {}
        for item in analysed:
            article = item.article
            before = previous.get(item.locator)
            if before is None:
                kind: Outcome = "duplicate" if article.id in present else "new"
            else:
                kind = "updated" if before != article.id else "reanalysed"
            outcome.outcomes[item.locator] = kind
            outcome.counts[kind] += 1
            if article.id not in present:
                present.add(article.id)
                for table, table_rows in article_rows(
                    article, pipeline=self.pipeline, ingested_at=now
                ).items():
                    rows.setdefault(table, []).extend(table_rows)
        for table, table_rows in rows.items():
            self._insert(table, table_rows)
        self._upsert_inputs(analysed, now)
        replaced = {before for loc, before in previous.items() if before not in ids}
        self._delete_orphans(sorted(replaced))
        self.con.execute("DELETE FROM skips WHERE locator IN (SELECT unnest(?))", [locators])
        return outcome

    def _upsert_inputs(self, analysed: Sequence[Analysed], now: dt.datetime) -> None:
        rows = [
            {
                "locator": a.locator,
                "input": a.input,
                "article_id": a.article.id,
                "raw_sha256": a.article.raw_sha256 or "",
                "fingerprint": a.fingerprint,
                "pipeline": self.pipeline,
                "fetched_at": a.fetched_at,
                "first_seen": now,
                "last_seen": now,
            }
            for a in analysed
        ]
        updates = ("input", "article_id", "raw_sha256", "fingerprint", "pipeline",
                   "fetched_at", "last_seen")  # fmt: skip
        self._insert(
            INPUTS.name,
            rows,
            on_conflict="ON CONFLICT (locator) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in updates),
        )

    def _write_skips(self, skips: Sequence[Skip], now: dt.datetime) -> None:
        unique = {(s.locator, s.stage, s.error): s for s in skips}
        if not unique:
            return
        rows = [
            {
                "locator": s.locator,
                "input": s.input,
                "stage": s.stage,
                "error": s.error,
                "reason": s.reason,
                "fingerprint": s.fingerprint,
                "attempts": 1,
                "first_seen": now,
                "last_seen": now,
            }
            for s in unique.values()
        ]
        self._insert(
            SKIPS.name,
            rows,
            on_conflict="ON CONFLICT (locator, stage, error) DO UPDATE SET "
            "input = excluded.input, reason = excluded.reason, "
            "fingerprint = excluded.fingerprint, attempts = skips.attempts + 1, "
            "last_seen = excluded.last_seen",
        )

    def _write_validators(self, validators: Sequence[HttpValidators], now: dt.datetime) -> None:
        unique = {v.url: v for v in validators}
        if not unique:
            return
        rows = [
            {
                "url": v.url,
                "etag": v.etag,
                "last_modified": v.last_modified,
                "status": v.status,
                "content_sha256": v.content_sha256,
                "fetched_at": now,
            }
            for v in unique.values()
        ]
        self._insert(
            HTTP_CACHE.name,
            rows,
            on_conflict="ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, status = excluded.status, "
            "content_sha256 = excluded.content_sha256, fetched_at = excluded.fetched_at",
        )

    def _delete_articles(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        for table in CHILD_TABLES:
            self.con.execute(
                f"DELETE FROM {table.name} WHERE article_id IN (SELECT unnest(?))", [list(ids)]
            )
        self.con.execute(f"DELETE FROM {ARTICLES.name} WHERE id IN (SELECT unnest(?))", [list(ids)])

    def _delete_orphans(self, ids: Sequence[str]) -> None:
        """Articles no input holds any more (an updated input's old text)."""
        if not ids:
            return
        held = {
            row[0]
            for row in self.con.execute(
                "SELECT DISTINCT article_id FROM inputs WHERE article_id IN (SELECT unnest(?))",
                [list(ids)],
            ).fetchall()
        }
        self._delete_articles([i for i in ids if i not in held])

    def _insert(self, table: str, rows: Iterable[Row], on_conflict: str = "") -> None:
        spec = TABLES_BY_NAME[table]
        batch = pa.Table.from_pylist(list(rows), schema=spec.arrow_schema())
        name = f"_dossier_batch_{table}"
        self.con.register(name, batch)
        try:
            columns = ", ".join(spec.column_names)
            self.con.execute(
                f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {name} {on_conflict}"
            )
        finally:
            self.con.unregister(name)


def _last_per_locator(analysed: Sequence[Analysed]) -> list[Analysed]:
    """One item per locator (the last read wins), in first-seen order."""
    last: dict[str, Analysed] = {}
    for item in analysed:
        last.pop(item.locator, None)
        last[item.locator] = item
    return list(last.values())
