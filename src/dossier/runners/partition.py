"""The per-partition work of the Spark runner, in plain Python and Arrow (no pyspark here).

Two functions run inside Spark's ``mapInArrow``; both take and yield ``pyarrow``
RecordBatches and are pure functions of their input and of plain arguments:

- :func:`read_batches` turns files (``binaryFile`` rows: path and bytes) or Parquet
  records into raw articles, with the parsers of :mod:`dossier.ingest` — the very code
  ``dossier ingest`` runs, so a record's ``input``, locator and fingerprint are the same;
- :func:`analyse_batches` runs the pipeline over them and flattens each record into the
  rows of the store's tables with :func:`dossier.store.rows.article_rows`, one output row
  per input with one list column per table.

The pipeline is built once per Python worker from a :class:`~dossier.pipeline.PipelineConfig`
(:func:`worker_pipeline`), as the local process pool does: nothing but that plain
description travels from the driver, and Spark reuses its Python workers across tasks.

Every row carries its **read order** (source, rank, path, position): the order in which
``dossier ingest`` would read the same sources, so the Spark job can settle duplicates the
way the local run does (the first input with a text makes its article row; the last read
of a locator makes its inputs row).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import PurePosixPath
from typing import Any, Final

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from ..doc import RawArticle
from ..errors import InputError
from ..ingest.readers import (
    ARTICLE_SUFFIXES,
    JSONL_SUFFIXES,
    from_bytes,
    from_named_bytes,
    jsonl_record,
    read_jsonl,
)
from ..ingest.run import fingerprint_of, locator_of
from ..ingest.warc import Ignored, is_warc_name, read_warc
from ..pipeline import Pipeline, PipelineConfig
from ..store.rows import Row, article_rows, day_range
from ..store.schema import ARTICLES, CHILD_TABLES, INPUTS, SKIPS, Table

BOOKKEEPING: Final[Mapping[str, tuple[str, ...]]] = {
    "articles": ("ingested_at",),
    "inputs": ("first_seen", "last_seen"),
    "skips": ("attempts", "first_seen", "last_seen"),
}
"""Columns that say when a row was written into a store, not what the input holds: the
Spark job leaves them out, so that a rerun writes identical rows, and ``import-parquet``
fills them with the import time (and ``attempts`` with 1), as the local writer would."""

ARTICLE_TABLES: Final[tuple[Table, ...]] = (ARTICLES, *CHILD_TABLES)
"""The tables of one article's record: written for the article chosen for each id."""
RUN_TABLES: Final[tuple[Table, ...]] = (*ARTICLE_TABLES, INPUTS, SKIPS)
"""Every table the per-article part of the Spark job writes, partitioned by day."""

UNDATED: Final = "undated"
"""The ``day`` partition of rows whose publication day is unknown."""

PIPE_BATCH_SIZE: Final = 16
"""Articles per pipeline batch, as in ``dossier ingest`` (spaCy's sweet spot here)."""

_EPOCH: Final = dt.datetime(1970, 1, 1)  # dropped before output (BOOKKEEPING)

# Read order ranks inside a folder source: ``dossier ingest`` reads WARC files first, then
# the article files (text, HTML, JSON Lines), each group sorted by path.
RANK_WARC: Final = 0
RANK_ARTICLES: Final = 1


def output_columns(table: Table) -> list[str]:
    """The store's columns of ``table`` that the Spark job writes, in the store's order."""
    dropped = BOOKKEEPING.get(table.name, ())
    return [c for c in table.column_names if c not in dropped]


def output_schema(table: Table) -> pa.Schema:
    """The Arrow schema of the Parquet files of ``table`` (the store's, less bookkeeping)."""
    full = table.arrow_schema()
    return pa.schema([full.field(name) for name in output_columns(table)])


# ---------------------------------------------------------------------- the Spark schemas

SPARK_TYPES: Final[Mapping[str, str]] = {
    "VARCHAR": "STRING",
    "VARCHAR[]": "ARRAY<STRING>",
    "INTEGER": "INT",
    "BIGINT": "BIGINT",
    "DOUBLE": "DOUBLE",
    "BOOLEAN": "BOOLEAN",
    "DATE": "DATE",
    "TIMESTAMP": "TIMESTAMP_NTZ",
}


def _struct_ddl(table: Table) -> str:
    types = {c.name: c.type for c in table.columns}
    fields = ", ".join(f"`{name}`: {SPARK_TYPES[types[name]]}" for name in output_columns(table))
    return f"STRUCT<{fields}>"


_ORDER_DDL: Final = "order_source INT, order_rank INT, order_path STRING, order_pos BIGINT"

RAW_DDL: Final = (
    f"{_ORDER_DDL}, outcome STRING, locator STRING, input STRING, fingerprint STRING, "
    "day STRING, data BINARY, content_type STRING, encoding STRING, url STRING, "
    "published STRING, language STRING, title STRING, author STRING, site STRING, "
    "id STRING, fetched_at STRING, stage STRING, error STRING, reason STRING"
)
"""What :func:`read_batches` yields: one row per input (``outcome`` ``raw``), per input
that cannot be read (``skip``, with stage, error and reason) or per WARC record that is not
an article (``ignored``, with the reason)."""

ANALYSED_DDL: Final = (
    f"{_ORDER_DDL}, outcome STRING, locator STRING, fingerprint STRING, article_id STRING, "
    "day STRING, reason STRING, "
    + ", ".join(f"`{t.name}` ARRAY<{_struct_ddl(t)}>" for t in ARTICLE_TABLES)
    + f", input_row {_struct_ddl(INPUTS)}, skip_row {_struct_ddl(SKIPS)}"
)
"""What :func:`analyse_batches` yields: one row per input (``outcome`` ``article``,
``skip`` or ``ignored``), with the rows of each store table it adds."""


def _arrow_struct(table: Table) -> pa.StructType:
    return pa.struct(list(output_schema(table)))


_RAW_FIELDS: Final = (
    "data", "content_type", "encoding", "url", "published", "language", "title", "author",
    "site", "id", "fetched_at",
)  # fmt: skip

RAW_SCHEMA: Final = pa.schema(
    [
        ("order_source", pa.int32()),
        ("order_rank", pa.int32()),
        ("order_path", pa.string()),
        ("order_pos", pa.int64()),
        ("outcome", pa.string()),
        ("locator", pa.string()),
        ("input", pa.string()),
        ("fingerprint", pa.string()),
        ("day", pa.string()),
        ("data", pa.binary()),
        *[(name, pa.string()) for name in _RAW_FIELDS[1:]],
        ("stage", pa.string()),
        ("error", pa.string()),
        ("reason", pa.string()),
    ]
)

ANALYSED_SCHEMA: Final = pa.schema(
    [
        ("order_source", pa.int32()),
        ("order_rank", pa.int32()),
        ("order_path", pa.string()),
        ("order_pos", pa.int64()),
        ("outcome", pa.string()),
        ("locator", pa.string()),
        ("fingerprint", pa.string()),
        ("article_id", pa.string()),
        ("day", pa.string()),
        ("reason", pa.string()),
        *[(t.name, pa.list_(_arrow_struct(t))) for t in ARTICLE_TABLES],
        ("input_row", _arrow_struct(INPUTS)),
        ("skip_row", _arrow_struct(SKIPS)),
    ]
)


# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Order:
    """Where an input comes in ``dossier ingest``'s reading of the same sources."""

    source: int
    rank: int
    path: str
    pos: int

    def columns(self) -> Row:
        return {
            "order_source": self.source,
            "order_rank": self.rank,
            "order_path": self.path,
            "order_pos": self.pos,
        }


def local_name(path: str) -> str:
    """The name ``dossier ingest`` gives a file: Spark's ``file:`` URIs become the plain
    absolute path (so the same absolute sources give the same ``input`` either way); other
    schemes (``hdfs://``, ``s3a://``) are kept as they are."""
    if path.startswith("file://"):
        return path[len("file://") :]
    if path.startswith("file:"):
        return path[len("file:") :]
    return path


def path_key(name: str) -> str:
    """Sorts as ``sorted(Path…)`` does in the local readers (part by part)."""
    return "\x00".join(PurePosixPath(name).parts)


def is_article_file(name: str) -> bool:
    """Files a folder source contributes: what ``dossier ingest`` reads from a folder,
    less feeds and URL lists, which need the network."""
    return is_warc_name(name) or PurePosixPath(name).suffix.lower() in ARTICLE_SUFFIXES


def read_file(
    data: bytes, name: str, *, max_bytes: int
) -> Iterator[RawArticle | InputError | Ignored]:
    """The items of one file, with the parsers ``dossier ingest`` uses for it.

    Unlike the local reader, a JSON Lines file is not refused whole when it is larger than
    ``max_bytes``: dumps of millions of articles are the point here; the limit applies to
    each record instead.
    """
    if is_warc_name(name):
        yield from read_warc(io.BytesIO(data), name, max_bytes=max_bytes)
        return
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        for item in read_jsonl(data, name):
            if isinstance(item, RawArticle) and len(item.data) > max_bytes:
                yield from from_bytes(item.data, item.source, sniff=False, max_bytes=max_bytes)
            else:
                yield item
        return
    yield from from_named_bytes(data, name, max_bytes=max_bytes)


def parquet_record(record: Mapping[str, Any], name: str, row: int) -> RawArticle | InputError:
    """A Parquet record with the fields of an ingest JSON Lines line (``text`` or ``html``,
    ``id``, ``url``, ``published``, ``language``, ``source``, ``title``, ``author``),
    checked by the JSON Lines parser itself; named ``file:row`` (from 1) like a line."""
    fields = {k: v for k, v in record.items() if v is not None}
    line = json.dumps(fields, ensure_ascii=False, default=str).encode("utf-8")
    try:
        return jsonl_record(line, f"{name}:{row + 1}")
    except InputError as exc:
        return exc


def _day_of(value: str | None) -> str:
    first, _ = day_range(value)
    return first.isoformat() if first else UNDATED


def _raw_row(item: RawArticle | InputError | Ignored, order: Order) -> Row:
    row: Row = dict.fromkeys(RAW_SCHEMA.names)
    row.update(order.columns())
    if isinstance(item, RawArticle):
        row.update(
            outcome="raw",
            locator=locator_of(item),
            input=item.source,
            fingerprint=fingerprint_of(item),
            day=_day_of(item.published),
        )
        for name in _RAW_FIELDS:
            row[name] = getattr(item, name)
    elif isinstance(item, Ignored):
        row.update(outcome="ignored", locator=item.source, input=item.source, reason=item.reason)
    else:
        row.update(
            outcome="skip",
            locator=item.source,
            input=item.source,
            day=UNDATED,
            stage="read",
            error=type(item).__name__,
            reason=str(item),
        )
    return row


def read_batches(
    batches: Iterable[pa.RecordBatch], *, max_bytes: int, parquet: bool = False
) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body of the read step.

    Files come as rows of ``path``, ``content``, ``source_idx`` (the source's position on
    the command line) and ``explicit`` (the source names this very file); Parquet records
    (``parquet=True``) as rows of their fields with ``source_idx``, ``file_path`` and
    ``row_index``. One output batch per input batch.
    """
    for batch in batches:
        rows: list[Row] = []
        for record in batch.to_pylist():
            if parquet:
                name = local_name(record.pop("file_path"))
                index = int(record.pop("row_index"))
                order = Order(record.pop("source_idx"), 0, path_key(name), index)
                rows.append(_raw_row(parquet_record(record, name, index), order))
                continue
            name = local_name(record["path"])
            if not record["explicit"] and not is_article_file(name):
                continue
            rank = RANK_WARC if is_warc_name(name) and not record["explicit"] else RANK_ARTICLES
            items = read_file(record["content"], name, max_bytes=max_bytes)
            for pos, item in enumerate(items):
                order = Order(record["source_idx"], rank, path_key(name), pos)
                rows.append(_raw_row(item, order))
        yield pa.RecordBatch.from_pylist(rows, schema=RAW_SCHEMA)


# ---------------------------------------------------------------------------- analysing

_WORKER: dict[str, tuple[PipelineConfig, Pipeline]] = {}


def worker_pipeline(config: PipelineConfig) -> Pipeline:
    """The pipeline of this Python worker, built from ``config`` on first use (the models
    load once per worker; Spark reuses workers across tasks)."""
    held = _WORKER.get("pipeline")
    if held is None or held[0] != config:
        from ..registry import build_pipeline

        held = (config, build_pipeline(config))
        _WORKER["pipeline"] = held
    return held[1]


def _raw_of(row: Mapping[str, Any]) -> RawArticle:
    return RawArticle(source=row["input"], **{name: row[name] for name in _RAW_FIELDS})


def _empty_analysed(row: Mapping[str, Any]) -> Row:
    out: Row = {name: row.get(name) for name in ANALYSED_SCHEMA.names}
    for table in ARTICLE_TABLES:
        out[table.name] = []
    out["article_id"] = out["input_row"] = out["skip_row"] = None
    return out


def _skip_out(
    row: Mapping[str, Any], stage: str, error: str, reason: str, *, read: bool, name: str
) -> Row:
    out = _empty_analysed(row)
    out["outcome"] = "skip"
    out["skip_row"] = {
        "locator": row["locator"],
        "input": name,
        "stage": stage,
        "error": error,
        "reason": reason,
        # A read error has no fingerprint in the local run either: nothing was read whole.
        "fingerprint": None if read else row["fingerprint"],
    }
    return out


def _strip(table: Table, rows: Sequence[Row]) -> list[Row]:
    columns = output_columns(table)
    return [{c: r[c] for c in columns} for r in rows]


def _analysed(row: Mapping[str, Any], doc: Any, pipeline: Pipeline, signature: str) -> Row:
    """The output row of one analysed input, as ``dossier ingest`` would store it."""
    if doc.error is not None:
        stage = next((s.name for s in pipeline.stages if s.name not in doc.stages), "?")
        error = doc.error
        return _skip_out(
            row, stage, type(error).__name__, str(error), read=False, name=error.source
        )
    try:
        article = doc.to_article()
    except Exception as exc:  # noqa: BLE001 - a record that breaks the contract is skipped
        reason = (
            f"{doc.raw.source}: the record breaks the contract ({exc}) — report it with the input"
        )
        return _skip_out(row, "record", type(exc).__name__, reason, read=False, name=doc.raw.source)
    rows = article_rows(article, pipeline=signature, ingested_at=_EPOCH)
    out = _empty_analysed(row)
    for table in ARTICLE_TABLES:
        out[table.name] = _strip(table, rows.get(table.name, []))
    out.update(
        outcome="article",
        article_id=article.id,
        day=_day_of(article.published),
        input_row={
            "locator": row["locator"],
            "input": row["input"],
            "article_id": article.id,
            "raw_sha256": article.raw_sha256 or "",
            "fingerprint": row["fingerprint"],
            "pipeline": signature,
            "fetched_at": row["fetched_at"],
        },
    )
    return out


def analyse_rows(
    rows: Iterable[Mapping[str, Any]], config: PipelineConfig, *, batch_size: int = PIPE_BATCH_SIZE
) -> Iterator[Row]:
    """The analysed output row of every read row, in order, ``batch_size`` at a time."""
    pipeline = worker_pipeline(config)
    signature = ",".join(config.stages)  # dossier.ingest.run.pipeline_signature
    iterator = iter(rows)
    while chunk := list(islice(iterator, batch_size)):
        todo = [r for r in chunk if r["outcome"] == "raw"]
        docs = iter(pipeline.pipe([_raw_of(r) for r in todo], batch_size=batch_size))
        for row in chunk:
            if row["outcome"] == "raw":
                yield _analysed(row, next(docs), pipeline, signature)
            elif row["outcome"] == "skip":
                yield _skip_out(
                    row, row["stage"], row["error"], row["reason"], read=True, name=row["input"]
                )
            else:
                yield _empty_analysed(row)


def analyse_batches(
    batches: Iterable[pa.RecordBatch], *, config: PipelineConfig, batch_size: int = PIPE_BATCH_SIZE
) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body of the analysis step: one output batch per pipeline batch, so
    that a task's memory holds a few articles, not its whole partition."""

    def rows() -> Iterator[Row]:
        for batch in batches:
            yield from batch.to_pylist()

    out: list[Row] = []
    for row in analyse_rows(rows(), config, batch_size=batch_size):
        out.append(row)
        if len(out) >= batch_size:
            yield pa.RecordBatch.from_pylist(out, schema=ANALYSED_SCHEMA)
            out = []
    if out:
        yield pa.RecordBatch.from_pylist(out, schema=ANALYSED_SCHEMA)
