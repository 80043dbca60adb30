"""``dossier import-parquet``: the Spark job's Parquet tables into a DuckDB store.

The store is opened (created and migrated) as ``dossier ingest`` opens it, so the store's
queries, exports and the dashboard read the result as they read a local ingest. Needs
DuckDB only, not pyspark: the tables can be copied from the cluster and imported on a
laptop.

In one transaction, for a folder written by ``dossier spark`` (one sub-folder per table,
``day=…`` partitions inside):

- articles replace stored articles with the same id, with all their child rows; when the
  folder holds one id in two day partitions (two runs whose inputs shared a text but not
  a publication date), the earliest day's record is kept, then the first by input name;
- inputs are upserted by locator (``first_seen`` kept for a known one); an article no
  input holds any more is deleted, as the local writer does;
- skips are upserted, their ``attempts`` counted up, and deleted for stored locators;
- cross-document tables present in the folder replace the stored ones whole.

Bookkeeping columns the job leaves out (:data:`.partition.BOOKKEEPING`) get the import
time, as the local writer gives them its write time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import duckdb

from ..store.database import open_store
from ..store.errors import StoreError
from ..store.schema import ARTICLES, CHILD_TABLES, CROSSDOC_TABLES, INPUTS, SKIPS, Table, utc_now
from .partition import output_columns


class ParquetImportError(StoreError):
    """A folder that is not the output of ``dossier spark``, or a table of the wrong shape."""


@dataclass
class ImportSummary:
    db: Path
    rows: dict[str, int] = field(default_factory=dict)  # table → rows imported

    def lines(self) -> list[str]:
        tables = ", ".join(f"{t} {n}" for t, n in self.rows.items())
        return [f"imported into {self.db}: {tables or 'nothing'}"]


_STAGE: Final = "_dossier_import_"


def _files(folder: Path, table: Table) -> str | None:
    """The glob of the table's Parquet files, or None when the folder has none."""
    root = folder / table.name
    if not root.is_dir() or not any(root.rglob("*.parquet")):
        return None
    return str(root / "**" / "*.parquet")


def _stage(con: duckdb.DuckDBPyConnection, table: Table, glob: str, partitioned: bool) -> str:
    """A temporary table of the Parquet rows, columns checked and cast to the store's."""
    hive = ", hive_partitioning = true, hive_types = {'day': VARCHAR}" if partitioned else ""
    source = f"read_parquet('{_quote(glob)}', union_by_name = true{hive})"
    present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    expected = output_columns(table) if partitioned else list(table.column_names)
    missing = [c for c in expected if c not in present]
    if missing or (partitioned and "day" not in present):
        raise ParquetImportError(
            f"{glob}: the Parquet files of table {table.name} lack the columns "
            f"{', '.join(missing) or 'day'} — give the folder `dossier spark --output` wrote"
        )
    types = {c.name: c.type for c in table.columns}
    casts = ", ".join(f'CAST("{c}" AS {types[c]}) AS "{c}"' for c in expected)
    name = staged_name(table.name)
    day = ", day" if partitioned else ""
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT {casts}{day} FROM {source}")
    return name


def _quote(text: str) -> str:
    return text.replace("'", "''")


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _insert(
    con: duckdb.DuckDBPyConnection, table: Table, select: str, extra: Sequence[str] = ()
) -> None:
    columns = ", ".join(f'"{c}"' for c in table.column_names)
    con.execute(f"INSERT INTO {table.name} ({columns}) {select} {' '.join(extra)}")


def _select(table: Table, staged: str, fills: dict[str, str], where: str = "") -> str:
    parts = [fills.get(c, f's."{c}"') for c in table.column_names]
    return f"SELECT {', '.join(parts)} FROM {staged} s {where}"


def import_parquet(folder: Path, db: Path) -> ImportSummary:
    """Load the tables of ``folder`` into the store ``db``; see the module docstring."""
    if not folder.is_dir():
        raise ParquetImportError(
            f"{folder}: no such folder — give the folder `dossier spark --output` wrote"
        )
    globs = {t.name: _files(folder, t) for t in (ARTICLES, INPUTS, SKIPS, *CHILD_TABLES)}
    crossdoc = {t.name: _files(folder, t) for t in CROSSDOC_TABLES}
    if not any(globs.values()) and not any(crossdoc.values()):
        raise ParquetImportError(
            f"{folder}: no table of dossier in it (no articles/, inputs/… folder with Parquet "
            "files) — give the folder `dossier spark --output` wrote"
        )
    summary = ImportSummary(db)
    con = open_store(db)
    try:
        now = utc_now()
        con.begin()
        try:
            _import_articles(con, globs, now, summary)
            _import_crossdoc(con, crossdoc, summary)
        except BaseException:
            con.rollback()
            raise
        con.commit()
    finally:
        con.close()
    return summary


def _import_articles(
    con: duckdb.DuckDBPyConnection,
    globs: dict[str, str | None],
    now: object,
    summary: ImportSummary,
) -> None:
    staged = {name: _stage(con, _table(name), glob, True) for name, glob in globs.items() if glob}
    summary.rows.update(load_staged(con, staged, now))


def staged_name(table: str) -> str:
    """The temporary table :func:`load_staged` reads the rows of ``table`` from."""
    return f"{_STAGE}{table}"


def load_staged(
    con: duckdb.DuckDBPyConnection, staged: dict[str, str], now: object
) -> dict[str, int]:
    """Store the rows of temporary tables (table name → temporary table holding the job's
    columns of that table and ``day``) as the module docstring says; returns the rows
    imported per table. The caller holds the transaction."""
    rows: dict[str, int] = {}
    stamp = "CAST(? AS TIMESTAMP)"
    if "articles" in staged:
        # One record per id: the earliest day, then the first input (module docstring).
        con.execute(
            f"CREATE TEMP TABLE {_STAGE}chosen AS SELECT id, day FROM {staged['articles']} "
            "QUALIFY row_number() OVER (PARTITION BY id ORDER BY day, input) = 1"
        )
        ids = f"SELECT id FROM {_STAGE}chosen"
        for child in CHILD_TABLES:
            con.execute(f"DELETE FROM {child.name} WHERE article_id IN ({ids})")
        con.execute(f"DELETE FROM articles WHERE id IN ({ids})")
        where = f"WHERE (s.id, s.day) IN (SELECT id, day FROM {_STAGE}chosen)"
        con.execute(
            "INSERT INTO articles "
            + _select(ARTICLES, staged["articles"], {"ingested_at": stamp}, where),
            [now],
        )
        rows["articles"] = _count(con, f"SELECT count(*) FROM {_STAGE}chosen")
        for child in CHILD_TABLES:
            if child.name not in staged:
                continue
            where = f"WHERE (s.article_id, s.day) IN (SELECT id, day FROM {_STAGE}chosen)"
            _insert(con, child, _select(child, staged[child.name], {}, where))
            rows[child.name] = _count(con, f"SELECT count(*) FROM {staged[child.name]}")
    if "inputs" in staged:
        before = con.execute(
            f"SELECT DISTINCT article_id FROM inputs WHERE locator IN "
            f"(SELECT locator FROM {staged['inputs']})"
        ).fetchall()
        fills = {"first_seen": stamp, "last_seen": stamp}
        updates = [c for c in output_columns(INPUTS) if c != "locator"] + ["last_seen"]
        con.execute(
            "INSERT INTO inputs "
            + _select(INPUTS, staged["inputs"], fills)
            + " ON CONFLICT (locator) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in updates),
            [now, now],
        )
        rows["inputs"] = _count(con, f"SELECT count(*) FROM {staged['inputs']}")
        _delete_orphans(con, [row[0] for row in before])
        con.execute(f"DELETE FROM skips WHERE locator IN (SELECT locator FROM {staged['inputs']})")
    if "skips" in staged:
        fills = {"attempts": "1", "first_seen": stamp, "last_seen": stamp}
        con.execute(
            "INSERT INTO skips "
            + _select(SKIPS, staged["skips"], fills)
            + " ON CONFLICT (locator, stage, error) DO UPDATE SET input = excluded.input, "
            "reason = excluded.reason, fingerprint = excluded.fingerprint, "
            "attempts = skips.attempts + 1, last_seen = excluded.last_seen",
            [now, now],
        )
        rows["skips"] = _count(con, f"SELECT count(*) FROM {staged['skips']}")
    return rows


def _delete_orphans(con: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
    """Articles that an input held before the import and none holds after it."""
    if not ids:
        return
    orphans = [
        row[0]
        for row in con.execute(
            "SELECT id FROM (SELECT unnest(?) AS id) WHERE id NOT IN "
            "(SELECT article_id FROM inputs)",
            [ids],
        ).fetchall()
    ]
    if not orphans:
        return
    for child in CHILD_TABLES:
        con.execute(f"DELETE FROM {child.name} WHERE article_id IN (SELECT unnest(?))", [orphans])
    con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?))", [orphans])


def _import_crossdoc(
    con: duckdb.DuckDBPyConnection, globs: dict[str, str | None], summary: ImportSummary
) -> None:
    for name, glob in globs.items():
        if glob is None:
            continue
        table = _table(name)
        staged = _stage(con, table, glob, False)
        con.execute(f"DELETE FROM {name}")
        _insert(con, table, _select(table, staged, {}))
        summary.rows[name] = _count(con, f"SELECT count(*) FROM {staged}")


def _table(name: str) -> Table:
    from ..store.schema import TABLES_BY_NAME

    return TABLES_BY_NAME[name]
