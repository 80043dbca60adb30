"""Click commands ``dossier spark`` and ``dossier import-parquet``.

Thin shells over :func:`.spark.run_spark` and :func:`.parquet_import.import_parquet`;
library errors become one line on standard error and exit code 2 (``--debug``: the
traceback). Importing this module imports neither pyspark nor DuckDB.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from ..errors import DossierError
from ..ingest.readers import DEFAULT_MAX_BYTES


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


def _conf(values: tuple[str, ...]) -> dict[str, str]:
    conf: dict[str, str] = {}
    for value in values:
        key, sep, setting = value.partition("=")
        if not sep or not key.strip():
            _fail(f"--conf {value!r} is not KEY=VALUE — e.g. --conf spark.executor.memory=4g")
        conf[key.strip()] = setting.strip()
    return conf


@click.command(name="spark")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--output",
    required=True,
    help="Folder (any path Spark writes: local, hdfs://, s3a://…) for the Parquet tables.",
)
@click.option(
    "--master",
    help="Spark master, e.g. local[4] or yarn [default: spark-submit's, else local[*]].",
)
@click.option(
    "--partitions",
    type=click.IntRange(min=1),
    help="Analysis partitions [default: 4 per core of the cluster].",
)
@click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Articles (and WARC records) larger than this are skipped.",
)
@click.option(
    "--crossdoc/--no-crossdoc",
    default=True,
    show_default=True,
    help="Then compute copies, stories, canonical events and contradictions over every "
    "article of the output folder.",
)
@click.option("--conf", "confs", multiple=True, metavar="KEY=VALUE", help="Spark setting.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def spark_command(  # noqa: PLR0917 - click passes options positionally
    sources: tuple[str, ...],
    output: str,
    master: str | None,
    partitions: int | None,
    max_bytes: int,
    crossdoc: bool,
    confs: tuple[str, ...],
    debug: bool,
) -> None:
    """Analyse articles with Spark into Parquet tables partitioned by day: JSON Lines,
    WARC, text and HTML files or folders, and Parquet datasets (a .parquet path, or
    parquet:PATH) with the fields of an ingest JSON Lines line. The same records and ids
    as `dossier ingest`; rerunning over the same inputs rewrites the same partitions.
    Load the result with `dossier import-parquet`."""
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING)
    from .spark import SparkOptions, run_spark, spark_session

    try:
        session = spark_session(master, conf=_conf(confs))
        try:
            summary = run_spark(
                session,
                sources,
                output,
                SparkOptions(max_bytes=max_bytes, partitions=partitions, crossdoc=crossdoc),
            )
        finally:
            session.stop()
    except DossierError as exc:
        if debug:
            raise
        _fail(str(exc))
    for line in summary.lines():
        click.echo(line)
    if summary.inputs == 0:
        sys.exit(1)


@click.command(name="import-parquet")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("dossier.duckdb"),
    show_default=True,
    help="The DuckDB database file (created when missing).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def import_parquet_command(folder: Path, db: Path, debug: bool) -> None:
    """Load the Parquet tables `dossier spark` wrote into a DuckDB store, for the
    queries, exports and the dashboard."""
    from .parquet_import import import_parquet

    try:
        summary = import_parquet(folder, db)
    except DossierError as exc:
        if debug:
            raise
        _fail(str(exc))
    for line in summary.lines():
        click.echo(line)
