"""Opening the store: one DuckDB file, migrated on open, with clear errors.

DuckDB lets one process open a file for writing, or several for reading, never both: the
file lock makes the store's writer single across processes, and a query while an ingest
runs gets :class:`StoreLockedError` naming the fix instead of DuckDB's IOException.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import duckdb

from .errors import NotAStoreError, StoreError, StoreLockedError
from .schema import migrate, pending

DEFAULT_DB: Final = "dossier.duckdb"


def open_store(
    path: str | Path = DEFAULT_DB, *, read_only: bool = False
) -> duckdb.DuckDBPyConnection:
    """A connection to the store at ``path``, its schema brought up to date.

    For writing, the file is created when missing. For reading, a missing file is an
    error, and a database whose schema is behind is migrated first (briefly opened for
    writing), so that queries never read an old shape.
    """
    target = Path(path)
    if read_only:
        if not target.exists():
            raise StoreError(
                f"{target}: no database here — run `dossier ingest SOURCE --db {target}` first, "
                "or pass the right --db"
            )
        con = _connect(target, read_only=True)
        if pending(con):
            con.close()
            _connect(target, read_only=False).close()  # migrates
            con = _connect(target, read_only=True)
        return con
    if target.parent and not target.parent.exists():
        raise StoreError(
            f"{target}: the folder {target.parent} does not exist — create it or choose "
            "another --db"
        )
    return _connect(target, read_only=False)


def _connect(path: Path, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        message = str(exc)
        if "lock" in message.lower():
            raise StoreLockedError(
                f"{path}: another process is using this database (DuckDB allows one writer, "
                "or readers only) — wait for the running `dossier ingest` to finish, or use "
                "another --db"
            ) from None
        if "not a valid duckdb" in message.lower() or "invalid" in message.lower():
            raise NotAStoreError(
                f"{path}: this file is not a DuckDB database — pass the path of a dossier "
                "database with --db, or a new path to create one"
            ) from None
        raise StoreError(f"{path}: the database cannot be opened ({message})") from None
    except duckdb.Error as exc:
        raise StoreError(f"{path}: the database cannot be opened ({exc})") from None
    if not read_only:
        try:
            migrate(con)
        except BaseException:
            con.close()
            raise
    return con
