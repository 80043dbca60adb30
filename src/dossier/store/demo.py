"""``dossier demo`` (``make demo``): the examples, end to end, in a fresh database.

Ingests ``examples/`` into a new store, prints the timeline of events with the sentence
each was read from, writes every export next to the database, and says where it all is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from ..crossdoc import run_crossdoc
from ..export import FORMATS, export
from ..ingest.progress import default_reporter
from ..ingest.run import IngestOptions, ingest
from .database import open_store
from .queries import counts, timeline

EXPORT_NAMES = {
    "plover": "events.plover.jsonl",
    "acled": "events.acled.csv",
    "gdelt": "events.gdelt.tsv",
    "parquet": "parquet",
    "gexf": "actors.gexf",
    "geojson": "events.geojson",
}


def _fresh(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    for path in (db_path, db_path.with_name(db_path.name + ".wal")):
        path.unlink(missing_ok=True)


def _print_timeline(rows: list[dict[str, Any]], console: Console) -> None:
    for row in rows:
        day = row["day"].isoformat() if row["day"] else "undated"
        who = ", ".join(row["actors"]) or "?"
        whom = ", ".join(row["recipients"])
        where = f" in {row['location']}" if row["location"] else ""
        arrow = f" → {whom}" if whom else ""
        console.print(
            f"[bold]{day}[/] {row['type']} [italic]({row['status']})[/] "
            f"{escape(who)}{escape(arrow)}{escape(where)}  [dim]{escape(row['source'] or '')}[/]"
        )
        if row["evidence"]:
            console.print(f"    “{escape(row['evidence'])}”", style="dim")


def run_demo(examples_dir: Path, db_path: Path, console: Console | None = None) -> None:
    console = console or Console(soft_wrap=True)  # paths stay whole for copy and paste
    _fresh(db_path)
    console.print(f"[bold]Ingesting[/] {examples_dir} into {db_path} …")
    summary = ingest([str(examples_dir)], IngestOptions(db=db_path), reporter=default_reporter())
    for line in summary.lines():
        console.print(escape(line))
    con = open_store(db_path)
    try:
        console.rule("Across articles")
        for line in run_crossdoc(con).lines():
            console.print(escape(line))
    finally:
        con.close()
    con = open_store(db_path, read_only=True)
    try:
        rows = timeline(con).to_pylist()
        console.rule("Timeline")
        if rows:
            _print_timeline(rows, console)
        else:
            stages = con.execute("SELECT any_value(pipeline) FROM articles").fetchone()
            console.print(
                "No events stored: the pipeline that ran has no events stage yet "
                f"({stages[0] if stages else 'no articles'}). Quotes, times and figures are "
                "stored; rerun the demo once the events stage is registered."
            )
        out = db_path.parent / "exports"
        out.mkdir(exist_ok=True)
        console.rule("Exports")
        for fmt in FORMATS:
            target = out / EXPORT_NAMES[fmt]
            result = export(con, fmt, target)
            what = "tables" if fmt == "parquet" else "edges" if fmt == "gexf" else "events"
            count = len(result.paths) if fmt == "parquet" else result.rows
            console.print(f"{fmt:8} {target}  ({count} {what})")
        console.rule("Database")
        for table, n in counts(con).items():
            console.print(f"{table:17} {n}")
    finally:
        con.close()
    console.print(
        f"\nDatabase: {db_path} — query it with `dossier events --db {db_path}`, "
        f"`dossier timeline --db {db_path}`, `dossier search WORDS --db {db_path}`, "
        "or any DuckDB client."
    )
