"""Click options shared by the commands of several modules (``cli``, ``crossdoc``,
``server``), so that ``--db`` and ``--format`` read and behave the same everywhere."""

from __future__ import annotations

from pathlib import Path

import click

DB_OPTION = click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("dossier.duckdb"),
    show_default=True,
    help="The DuckDB database file.",
)
FORMAT_OPTION = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="table: for reading; json: a list of objects; csv: lists joined with '; '.",
)
