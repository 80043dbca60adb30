"""The schema: migrations recorded and applied in order, versions checked, clear errors on
open, and docs/store.md describing every table and column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dossier.store.database import open_store
from dossier.store.errors import NotAStoreError, StoreError, StoreLockedError, StoreVersionError
from dossier.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    TABLES,
    Migration,
    current_version,
    migrate,
)

from .conftest import ROOT


def test_store_schema_new_database_records_every_migration(tmp_path: Path) -> None:
    con = open_store(tmp_path / "s.duckdb")
    rows = con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert rows == [(m.version, m.name) for m in MIGRATIONS]
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert {t.name for t in TABLES} <= tables
    con.close()


def test_store_schema_pending_migrations_are_applied_once_in_order(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    migrate(con)
    later = (
        *MIGRATIONS,
        Migration(
            SCHEMA_VERSION + 1, "add a column", ("ALTER TABLE articles ADD COLUMN x INTEGER",)
        ),
    )
    assert [m.version for m in migrate(con, later)] == [SCHEMA_VERSION + 1]
    assert migrate(con, later) == []
    assert current_version(con) == SCHEMA_VERSION + 1
    con.close()


def test_store_schema_a_failed_migration_is_rolled_back(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    migrate(con)
    broken = (
        *MIGRATIONS,
        Migration(SCHEMA_VERSION + 1, "broken", ("CREATE TABLE t (a INT)", "NOT SQL")),
    )
    with pytest.raises(duckdb.Error):
        migrate(con, broken)
    assert current_version(con) == SCHEMA_VERSION
    assert con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 't'"
    ).fetchone() == (0,)
    con.close()


def test_store_schema_a_database_from_a_newer_dossier_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_migrations VALUES (999, 'future', now())")
    con.close()
    with pytest.raises(StoreVersionError, match=r"version 999.*upgrade dossier"):
        open_store(path)


def test_store_open_for_reading_a_missing_database_says_to_ingest_first(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database here — run `dossier ingest"):
        open_store(tmp_path / "none.duckdb", read_only=True)


def test_store_open_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are notes, not a database\n" * 100)
    with pytest.raises(NotAStoreError, match="not a DuckDB database"):
        open_store(path)


def test_store_open_while_another_process_writes_names_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    open_store(path).close()
    script = (
        f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('held', flush=True); "
        "time.sleep(60)"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
            with pytest.raises(StoreLockedError, match="another process is using this database"):
                open_store(path, read_only=True)
        finally:
            holder.kill()


def test_store_docs_describe_every_table_and_column() -> None:
    doc = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"### `{table.name}`" in doc, f"docs/store.md lacks the table {table.name}"
        section = doc.split(f"### `{table.name}`", 1)[1].split("\n### ", 1)[0]
        for column in table.column_names:
            assert f"| `{column}` |" in section, f"docs/store.md: {table.name}.{column} missing"
