"""The cross-document stage inside Spark: dossier.crossdoc's own job, in one task.

:func:`crossdoc_batches` is the ``mapInArrow`` body: it receives every row of the article
tables the job wrote (one struct column per table, as many batches as Spark likes), loads
them into an in-memory DuckDB store exactly as ``dossier import-parquet`` would load them
into a file (same de-duplication across day partitions), runs
:func:`dossier.crossdoc.run_crossdoc` on it — the function ``dossier crossdoc`` runs on a
local store — and yields the rows of the cross-document tables. The rows are therefore
the local ones, by construction.

Why one task: ``run_crossdoc`` clusters stories greedily, article by article in id order,
over all the articles; no partition of the articles is known to give the same stories.
A partitioned version needs from :mod:`dossier.crossdoc` a blocking key that no story can
cross (see docs/scaling.md); until then this stage holds the corpus's article records in
one executor's memory, and is the part of the job that does not scale out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Final

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]

from ..store.schema import CROSSDOC_TABLES, MIGRATIONS, Table
from .partition import ARTICLE_TABLES, SPARK_TYPES, output_schema

CHUNK_ROWS: Final = 5_000
"""Rows of one cross-document table per output row (a list column): Arrow batches of a
few megabytes."""


def _struct_ddl(table: Table) -> str:
    fields = ", ".join(f"`{c.name}`: {SPARK_TYPES[c.type]}" for c in table.columns)
    return f"STRUCT<{fields}>"


CROSSDOC_DDL: Final = ", ".join(f"`{t.name}` ARRAY<{_struct_ddl(t)}>" for t in CROSSDOC_TABLES)
CROSSDOC_SCHEMA: Final = pa.schema(
    [(t.name, pa.list_(pa.struct(list(t.arrow_schema())))) for t in CROSSDOC_TABLES]
)


def crossdoc_batches(batches: Iterable[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """``mapInArrow`` body (module docstring). Input columns: ``day`` and one struct
    column per article table (null on rows of the other tables)."""
    import duckdb

    from ..crossdoc import run_crossdoc
    from .parquet_import import load_staged, staged_name

    con = duckdb.connect(":memory:")
    try:
        for migration in MIGRATIONS:
            for statement in migration.statements:
                con.execute(statement)
        staged: dict[str, str] = {}
        for table in ARTICLE_TABLES:
            name = staged_name(table.name)
            columns = ", ".join(f'"{f.name}" {_duck(table, f.name)}' for f in output_schema(table))
            con.execute(f"CREATE TEMP TABLE {name} ({columns}, day VARCHAR)")
            staged[table.name] = name
        for batch in batches:
            _stage_batch(con, batch, staged)
        load_staged(con, staged, dt.datetime(1970, 1, 1))  # bookkeeping: not output
        run_crossdoc(con)
        for table in CROSSDOC_TABLES:
            rows = con.execute(f"SELECT * FROM {table.name}").fetch_arrow_table().to_pylist()
            for start in range(0, len(rows), CHUNK_ROWS):
                out: dict[str, list[dict[str, object]]] = {t.name: [] for t in CROSSDOC_TABLES}
                out[table.name] = rows[start : start + CHUNK_ROWS]
                yield pa.RecordBatch.from_pylist([out], schema=CROSSDOC_SCHEMA)
    finally:
        con.close()


def _duck(table: Table, column: str) -> str:
    return next(c.type for c in table.columns if c.name == column)


def _stage_batch(con: object, batch: pa.RecordBatch, staged: dict[str, str]) -> None:
    import duckdb

    assert isinstance(con, duckdb.DuckDBPyConnection)
    days = batch.column("day")
    for table in ARTICLE_TABLES:
        if table.name not in batch.schema.names:
            continue
        column = batch.column(table.name)
        present = column.is_valid()
        if not pc.any(present).as_py():
            continue
        chosen = pc.filter(column, present)
        rows = pa.Table.from_struct_array(chosen).append_column("day", pc.filter(days, present))
        view = f"_dossier_crossdoc_{table.name}"
        con.register(view, rows)
        try:
            con.execute(f"INSERT INTO {staged[table.name]} BY NAME SELECT * FROM {view}")
        finally:
            con.unregister(view)
