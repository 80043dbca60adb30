"""Query results (pyarrow Tables) shown to people or handed to programs: a terminal table,
JSON (a list of objects; lists stay lists) or CSV (lists joined with "; ")."""

from __future__ import annotations

import csv
import datetime as dt
import json
from typing import IO, Any, Final, Literal

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
from rich.console import Console
from rich.table import Table

Format = Literal["table", "json", "csv"]
FORMATS: Final[tuple[Format, ...]] = ("table", "json", "csv")
LIST_SEPARATOR: Final = "; "
TABLE_CELL_CHARS: Final = 160
"""Longer cells (evidence sentences, quotes) are cut on the terminal; json and csv keep all."""


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_flat(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def write_json(table: pa.Table, out: IO[str]) -> None:
    rows = [{k: _json_value(v) for k, v in row.items()} for row in table.to_pylist()]
    json.dump(rows, out, ensure_ascii=False, indent=2, default=str)
    out.write("\n")


def write_csv(table: pa.Table, out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.column_names)
    for batch in table.to_batches():
        for row in batch.to_pylist():
            writer.writerow([_flat(v) for v in row.values()])


def print_table(table: pa.Table, console: Console, title: str | None = None) -> None:
    view = Table(title=title, show_lines=False, expand=False)
    for name in table.column_names:
        view.add_column(name, overflow="fold")
    for row in table.to_pylist():
        cells = []
        for value in row.values():
            text = _flat(value)
            if len(text) > TABLE_CELL_CHARS:
                text = text[: TABLE_CELL_CHARS - 1] + "…"
            cells.append(text)
        view.add_row(*cells)
    console.print(view)
    console.print(f"{table.num_rows} rows", style="dim")


def write(table: pa.Table, fmt: Format, out: IO[str], *, title: str | None = None) -> None:
    if fmt == "json":
        write_json(table, out)
    elif fmt == "csv":
        write_csv(table, out)
    else:
        print_table(table, Console(file=out), title)
