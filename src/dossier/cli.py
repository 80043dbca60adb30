"""The command line: thin commands over the library."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from .cli_options import DB_OPTION, FORMAT_OPTION
from .doc import Doc, RawArticle
from .errors import DossierError
from .ingest.readers import DEFAULT_MAX_BYTES, read_inputs


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dossier")
@click.option(
    "--kb",
    "kb_dirs",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="User knowledge-base directory layered over the built-in one (repeatable).",
)
def main(kb_dirs: tuple[Path, ...]) -> None:
    """dossier: news reports in, a source-linked record of political events out."""
    if kb_dirs:
        import os

        from .kb.loader import KB_PATH_ENV, user_kb_dirs

        # Through the environment, so that worker processes (and Spark) read the same KB.
        dirs = [*user_kb_dirs(), *(str(d.resolve()) for d in kb_dirs)]
        os.environ[KB_PATH_ENV] = os.pathsep.join(dirs)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "text"]),
    default="text",
    show_default=True,
    help="json: one indented object per article; jsonl: one per line.",
)
@click.option("--published", help="Publication date (ISO) for the inputs; anchors relative dates.")
@click.option(
    "--lang", "language", help="Language of the inputs (ISO 639-1), instead of detecting."
)
@click.option("--url", help="URL of the input article.")
@click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Inputs larger than this are refused.",
)
@click.option("--n-process", type=int, default=1, show_default=True, help="Worker processes.")
@click.option(
    "--explain",
    is_flag=True,
    help="Also show, per mention, the candidates and why one won, and per sentence the event "
    "triggers, their arguments and why an event was or was not emitted (stderr with json).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def analyze(  # noqa: PLR0917 - click passes options positionally
    paths: tuple[str, ...],
    fmt: str,
    published: str | None,
    language: str | None,
    url: str | None,
    max_bytes: int,
    n_process: int,
    explain: bool,
    debug: bool,
) -> None:
    """Analyse articles: files, directories, JSON Lines, or - for standard input."""
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING)
    from rich.console import Console

    from .errors import InputError
    from .registry import load_pipeline
    from .render import render_article

    try:
        pipeline = load_pipeline()
    except DossierError as exc:
        if debug:
            raise
        _fail(str(exc))
    failures: list[InputError] = []
    analysed = 0
    console = Console()

    def raws() -> Iterator[RawArticle]:
        for item in read_inputs(
            paths, max_bytes=max_bytes, published=published, language=language, url=url
        ):
            if isinstance(item, InputError):
                failures.append(item)
                click.echo(f"error: {item}", err=True)
            else:
                yield item

    # Traces stay in the process that made them: explanations need the analysis here.
    for doc in pipeline.pipe(raws(), n_process=1 if explain else n_process):
        if doc.error is not None:
            failures.append(doc.error)
            click.echo(f"error: {doc.error}", err=True)
            continue
        analysed += 1
        article = doc.to_article()
        if fmt == "json":
            click.echo(article.model_dump_json(indent=2))
        elif fmt == "jsonl":
            click.echo(article.model_dump_json())
        else:
            render_article(article, console)
        if explain:
            click.echo(explanation(doc), err=fmt != "text")
    if failures:
        click.echo(f"{analysed} analysed, {len(failures)} failed:", err=True)
        for f in failures:
            click.echo(f"  {f}", err=True)
    if analysed == 0:
        sys.exit(1)


def explanation(doc: Doc) -> str:
    """The linker's and the event stage's traces of one analysed article, as text."""
    parts = [f"== explain: {doc.raw.source}"]
    if "linker" in doc.extras:
        from .actors.explain import explain as explain_links

        parts.append(explain_links(doc))
    from .events.explain import EXTRAS_KEY
    from .events.explain import explain as explain_events

    if EXTRAS_KEY in doc.extras:
        parts.append(explain_events(doc.extras[EXTRAS_KEY]))
    if len(parts) == 1:
        parts.append("no trace: the pipeline has neither the linker nor the event stage")
    return "\n".join(parts)


@main.command()
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=Path("schema"),
    show_default=True,
    help="Folder to write article.schema.json into.",
)
def schema(output: Path) -> None:
    """Write the JSON Schema of the Article record."""
    from .schema import write_schema

    path = write_schema(output)
    click.echo(f"wrote {path}")


@main.command(name="dump-schema", hidden=True)
def dump_schema() -> None:
    from .schema import article_schema

    click.echo(json.dumps(article_schema(), indent=2, ensure_ascii=False))


@main.command(name="eval")
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the gold data sets [default: $DOSSIER_SHARED_DATA or ../shared/data].",
)
@click.option(
    "--only",
    multiple=True,
    metavar="NAME",
    help="Run this scorer (or every scorer of this component, e.g. 'extraction'); repeatable.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="Score only the first N documents of each set (per language or corpus).",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write evaluation.md and evaluation.json into [default: docs for a full "
    "run; a run with --only or --limit writes nothing unless this is given].",
)
def evaluate(
    data: Path | None, only: tuple[str, ...], limit: int | None, output: Path | None
) -> None:
    """Score dossier against the public gold sets and write the evaluation report."""
    from .evaluation.datasets import default_root
    from .evaluation.report import write_report
    from .evaluation.scorers import (
        ScorerResult,
        UnknownScorerError,
        run_scorers,
        select_scorers,
    )

    root = data or default_root()
    if not root.is_dir():
        _fail(
            f"gold data folder not found: {root}. Pass --data, or set DOSSIER_SHARED_DATA "
            "to the folder holding the gold sets (never copy them into the repository)"
        )
    try:
        scorers = select_scorers(only)
    except UnknownScorerError as exc:
        _fail(str(exc))

    def progress(result: ScorerResult) -> None:
        name = result.scorer.name
        if result.status != "ok":
            click.echo(f"{name}: {result.status} — {result.reason}")
            return
        shown = ", ".join(f"{m} {v:.3f}" for m, v in list(result.metrics.items())[:6])
        click.echo(f"{name}: {shown} ({result.documents} docs, {result.seconds:.1f} s)")

    results = run_scorers(root, scorers, limit, progress)
    if output is None and not only and limit is None:
        output = Path("docs")
    if output is not None:
        for path in write_report(results, output, data_root=root, limit=limit, only=only):
            click.echo(f"wrote {path}")
    if any(result.status == "error" for result in results):
        sys.exit(1)


@main.command()
@click.option(
    "--data",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the gold data sets the corpus draws on "
    "[default: $DOSSIER_SHARED_DATA or ../shared/data].",
)
@click.option(
    "--texts",
    type=click.IntRange(min=1),
    default=369,
    show_default=True,
    help="Corpus size (369: every source's quota); sources are taken in turn, so any size "
    "keeps the mix.",
)
@click.option(
    "--repeats",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Passes of each batch on each side (1 process); the fastest is kept.",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Folder under which docs/benchmarks.md and benchmarks/results.json are written.",
)
@click.option(
    "--spark/--no-spark",
    default=True,
    show_default=True,
    help="Also time the Spark job on local[1] and local[2] (when pyspark is installed).",
)
def bench(data: Path | None, texts: int, repeats: int, output: Path, spark: bool) -> None:
    """Measure throughput: the full pipeline (1 and 2 processes) against bare spaCy."""
    import importlib.util

    from .bench import run_bench, write_bench
    from .evaluation.datasets import default_root

    if importlib.util.find_spec("psutil") is None:
        _fail("dossier bench measures memory with psutil: install the dev extra (make install)")

    root = data or default_root()
    if not root.is_dir():
        click.echo(f"warning: no gold data at {root}: the corpus is the examples only", err=True)
    results = run_bench(root, texts, repeats=repeats, spark=spark, progress=click.echo)
    for language, ratio in results["ratio_ours_to_bare"].items():
        click.echo(f"{language}: dossier takes {ratio}× the time of bare spaCy")
    stored = results["ingest"]
    click.echo(
        f"ingest: {stored['ingest_articles_per_s']} articles/s into the store, "
        f"{stored['overhead']:+.1%} on bare analysis ({stored['bare_articles_per_s']}/s)"
    )
    for path in write_bench(results, output):
        click.echo(f"wrote {path}")


# ------------------------------------------------------------------ the store: a corpus


@contextmanager
def _store_errors(debug: bool = False) -> Iterator[None]:
    """Turn the library's errors into one line and exit code 2 (tracebacks with --debug)."""
    try:
        yield
    except DossierError as exc:
        if debug:
            raise
        _fail(str(exc))


def _since(value: str | None, name: str = "since") -> date | None:
    from .store.rows import day_range

    if value is None:
        return None
    first, _ = day_range(value.strip())
    if first is None:
        _fail(f"--{name} {value!r} is not a date — give YYYY-MM-DD, YYYY-MM or YYYY")
    return first


@main.command()
@click.argument("sources", nargs=-1, required=True)
@DB_OPTION
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Analysis processes (each loads the models once).",
)
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow URLs on this machine or a private network (refused otherwise).",
)
@click.option(
    "--max-bytes",
    type=int,
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Articles (and fetched pages) larger than this are skipped.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    help="Articles per transaction: a kill loses at most one batch.",
)
@click.option(
    "--host-delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="Seconds between two requests to one web host.",
)
@click.option(
    "--crossdoc/--no-crossdoc",
    default=True,
    show_default=True,
    help="After storing, update copies, stories, canonical events and contradictions.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def ingest(  # noqa: PLR0917 - click passes options positionally
    sources: tuple[str, ...],
    db: Path,
    workers: int,
    since: str | None,
    allow_private: bool,
    max_bytes: int,
    batch_size: int,
    host_delay: float,
    crossdoc: bool,
    debug: bool,
) -> None:
    """Analyse articles into a database: files, folders, JSON Lines, WARC, feeds, URL
    lists, or URLs. Rerunning skips what is stored; an interrupted run resumes."""
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING)
    from .ingest.progress import default_reporter
    from .ingest.run import IngestOptions
    from .ingest.run import ingest as run_ingest

    options = IngestOptions(
        db=db,
        workers=workers,
        batch_size=batch_size,
        since=_since(since),
        max_bytes=max_bytes,
        allow_private=allow_private,
        host_delay_s=host_delay,
    )
    with _store_errors(debug):
        summary = run_ingest(sources, options, reporter=default_reporter())
    for line in summary.lines():
        click.echo(line)
    if summary.interrupted:
        sys.exit(130)
    if crossdoc and summary.stored:
        from .crossdoc import run_crossdoc
        from .store.database import open_store

        with _store_errors(debug):
            con = open_store(db)
            try:
                for line in run_crossdoc(con).lines():
                    click.echo(line)
            finally:
                con.close()
    if summary.stored == 0 and summary.counts["unchanged"] == 0 and summary.skipped:
        sys.exit(1)


def _filter_options(command: Any) -> Any:
    # The statuses of the contract, not of store.filters: that module imports DuckDB and
    # this runs when the CLI is imported (`dossier --help` must stay fast).
    from typing import get_args

    from .model import EventStatus

    statuses = get_args(EventStatus)

    options = [
        click.option("--since", metavar="DATE", help="From this day (YYYY-MM-DD, YYYY-MM, YYYY)."),
        click.option("--until", metavar="DATE", help="To this day, included."),
        click.option(
            "--actor",
            multiple=True,
            help="Name (contains), entity id or actor code, e.g. Lavrov, Q7184, RUS.",
        ),
        click.option("--country", multiple=True, help="ISO 3166-1 code, e.g. UKR or UA."),
        click.option("--type", "type_", multiple=True, help="PLOVER event type, e.g. ASSAULT."),
        click.option("--status", multiple=True, type=click.Choice(statuses), help="Event status."),
        click.option("--language", multiple=True, help="Article language, e.g. fr."),
        click.option("--source", multiple=True, help="Site name or URL (contains)."),
        DB_OPTION,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(kwargs: dict[str, Any]) -> Any:
    from .store.filters import Filters

    return Filters.parse(
        since=kwargs.pop("since"),
        until=kwargs.pop("until"),
        actor=kwargs.pop("actor"),
        country=kwargs.pop("country"),
        type=kwargs.pop("type_"),
        status=kwargs.pop("status"),
        language=kwargs.pop("language"),
        source=kwargs.pop("source"),
    )


_LIMIT_OPTION = click.option("--limit", type=click.IntRange(min=0), help="At most this many rows.")


def _show(name: str, fmt: str, limit: int | None, kwargs: dict[str, Any]) -> None:
    from .store import output, queries
    from .store.database import open_store

    with _store_errors():
        filters = _filters(kwargs)
        con = open_store(kwargs["db"], read_only=True)
        try:
            table = getattr(queries, name)(con, filters, limit)
        finally:
            con.close()
    if fmt == "table":
        table = table.select(list(queries.TABLE_VIEWS[name]))
    output.write(table, fmt, sys.stdout, title=name)  # type: ignore[arg-type]


def _query_command(name: str, summary: str) -> None:
    def command(fmt: str, limit: int | None, **kwargs: Any) -> None:
        _show(name, fmt, limit, kwargs)

    command.__doc__ = summary
    command.__name__ = name
    main.command(name=name)(_LIMIT_OPTION(FORMAT_OPTION(_filter_options(command))))


_query_command("events", "Stored events, with their actors, place and article.")
_query_command("actors", "Actors: how often they are mentioned and take part in events.")
_query_command("quotes", "Quotations and their speakers.")
_query_command("timeline", "Events in the order they happened, each with its evidence.")


@main.command()
@click.argument("text")
@click.option("--since", metavar="DATE", help="Articles published from this day.")
@click.option("--until", metavar="DATE", help="Articles published up to this day.")
@click.option("--language", multiple=True, help="Article language, e.g. fr.")
@click.option("--source", multiple=True, help="Site name or URL (contains).")
@DB_OPTION
@FORMAT_OPTION
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="At most this many articles.",
)
def search(  # noqa: PLR0917 - click passes options positionally
    text: str,
    since: str | None,
    until: str | None,
    language: tuple[str, ...],
    source: tuple[str, ...],
    db: Path,
    fmt: str,
    limit: int,
) -> None:
    """Articles containing every word of TEXT (any case or accent; "quoted phrases")."""
    from .store import output
    from .store.database import open_store
    from .store.filters import Filters
    from .store.queries import TABLE_VIEWS
    from .store.search import search as run_search

    with _store_errors():
        filters = Filters.parse(since=since, until=until, language=language, source=source)
        con = open_store(db, read_only=True)
        try:
            table = run_search(con, text, filters, limit)
        finally:
            con.close()
    if fmt == "table":
        table = table.select(list(TABLE_VIEWS["search"]))
    output.write(table, fmt, sys.stdout, title=f"search: {text}")  # type: ignore[arg-type]


@main.command(name="export")
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(["plover", "acled", "gdelt", "parquet", "gexf", "geojson"]),
    help="See docs/exports.md.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="The file to write (a folder for parquet).",
)
@click.option(
    "--centroids",
    is_flag=True,
    help="geojson: put events with only a country at its centre (flagged).",
)
@_filter_options
def export_command(fmt: str, out: Path, centroids: bool, **kwargs: Any) -> None:
    """Write the stored events in an exchange format, or the tables as Parquet."""
    from .export import export
    from .store.database import open_store

    with _store_errors():
        filters = _filters(kwargs)
        con = open_store(kwargs["db"], read_only=True)
        try:
            result = export(con, fmt, out, filters, centroids=centroids)  # type: ignore[arg-type]
        finally:
            con.close()
    click.echo(f"wrote {result.rows} {'events' if fmt != 'gexf' else 'edges'} to {out}")
    for note in result.notes:
        click.echo(f"  {note}")


@main.command()
@click.option(
    "--examples",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("examples"),
    show_default=True,
    help="The folder of articles.",
)
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("demo/dossier.duckdb"),
    show_default=True,
    help="The database to create (replaced if it exists).",
)
def demo(examples: Path, db: Path) -> None:
    """Ingest the examples into a fresh database, print the timeline, export every format."""
    from .store.demo import run_demo

    with _store_errors():
        run_demo(examples, db)


def _add_commands() -> None:
    """Sub-command groups that live beside the code they drive (imported without models)."""
    from .crossdoc.commands import copies, crossdoc, stories, story
    from .kb.commands import kb
    from .runners.commands import import_parquet_command, spark_command
    from .server.commands import serve
    from .server.loadtest import loadtest

    for command in (
        kb, crossdoc, stories, story, copies, serve, loadtest, spark_command,
        import_parquet_command,
    ):  # fmt: skip
        main.add_command(command)


_add_commands()
