"""The command line: thin commands over the library."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from .doc import RawArticle
from .errors import DossierError
from .ingest.readers import DEFAULT_MAX_BYTES, read_inputs


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dossier")
def main() -> None:
    """dossier: news reports in, a source-linked record of political events out."""


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
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def analyze(  # noqa: PLR0917 - click passes options positionally
    paths: tuple[str, ...],
    fmt: str,
    published: str | None,
    language: str | None,
    url: str | None,
    max_bytes: int,
    n_process: int,
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

    for doc in pipeline.pipe(raws(), n_process=n_process):
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
    if failures:
        click.echo(f"{analysed} analysed, {len(failures)} failed:", err=True)
        for f in failures:
            click.echo(f"  {f}", err=True)
    if analysed == 0:
        sys.exit(1)


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
def bench(data: Path | None, texts: int, repeats: int, output: Path) -> None:
    """Measure throughput: the full pipeline (1 and 2 processes) against bare spaCy."""
    import importlib.util

    from .bench import run_bench, write_bench
    from .evaluation.datasets import default_root

    if importlib.util.find_spec("psutil") is None:
        _fail("dossier bench measures memory with psutil: install the dev extra (make install)")

    root = data or default_root()
    if not root.is_dir():
        click.echo(f"warning: no gold data at {root}: the corpus is the examples only", err=True)
    results = run_bench(root, texts, repeats=repeats, progress=click.echo)
    for language, ratio in results["ratio_ours_to_bare"].items():
        click.echo(f"{language}: dossier takes {ratio}× the time of bare spaCy")
    for path in write_bench(results, output):
        click.echo(f"wrote {path}")
