"""``dossier crossdoc``, ``stories``, ``story ID`` and ``copies``: thin commands over
:mod:`dossier.crossdoc` (the lead wires them into ``dossier`` with ``main.add_command``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console

from ..cli_options import DB_OPTION, FORMAT_OPTION
from ..errors import DossierError


@contextmanager
def _errors() -> Iterator[None]:
    """The library's errors as one line and exit code 2, like every dossier command."""
    try:
        yield
    except DossierError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


@click.command(name="crossdoc")
@DB_OPTION
def crossdoc(db: Path) -> None:
    """Find copies, stories, canonical events and contradictions across stored articles."""
    from ..store.database import open_store
    from .job import run_crossdoc

    with _errors():
        if not db.exists():
            raise DossierError(
                f"{db}: no database here — run `dossier ingest SOURCE --db {db}` first, "
                "or pass the right --db"
            )
        con = open_store(db)
        try:
            summary = run_crossdoc(con)
        finally:
            con.close()
    for line in summary.lines():
        click.echo(line)


@click.command(name="stories")
@DB_OPTION
@FORMAT_OPTION
@click.option("--limit", type=click.IntRange(min=0), help="At most this many stories.")
def stories(db: Path, fmt: str, limit: int | None) -> None:
    """Stories: articles about one happening, across languages and sources."""
    from ..store import output
    from ..store.database import open_store
    from . import views

    with _errors():
        con = open_store(db, read_only=True)
        try:
            table = views.stories(con, limit)
        finally:
            con.close()
    output.write(table, fmt, sys.stdout, title="stories")  # type: ignore[arg-type]


@click.command(name="story")
@click.argument("story_id")
@DB_OPTION
@FORMAT_OPTION
def story(story_id: str, db: Path, fmt: str) -> None:
    """One story: its sources side by side, canonical events with evidence, contradictions."""
    import json

    from ..store import output
    from ..store.database import open_store
    from . import views

    with _errors():
        con = open_store(db, read_only=True)
        try:
            view = views.story(con, story_id)
        finally:
            con.close()
    if fmt == "json":
        json.dump(
            {
                "story": view.story,
                "articles": view.articles.to_pylist(),
                "canonical_events": view.events.to_pylist(),
                "contradictions": view.contradictions.to_pylist(),
            },
            sys.stdout,
            ensure_ascii=False,
            indent=2,
            default=str,
        )
        sys.stdout.write("\n")
        return
    if fmt == "table":
        console = Console(file=sys.stdout, soft_wrap=True)
        head = view.story
        days = f"{head['first_day'] or '?'} – {head['last_day'] or '?'}"
        console.print(f"[bold]{head['label']}[/]  ({head['story_id']}, {days})", markup=True)
        console.print(
            f"{head['article_count']} articles, {head['source_count']} sources, "
            f"languages: {', '.join(head['languages'])}"  # type: ignore[arg-type]
        )
    for title, table in (
        ("sources", view.articles),
        ("canonical events", view.events),
        ("contradictions", view.contradictions),
    ):
        output.write(table, fmt, sys.stdout, title=title)  # type: ignore[arg-type]


@click.command(name="copies")
@DB_OPTION
@FORMAT_OPTION
@click.option("--by-source", is_flag=True, help="Source signals per site instead of copies.")
def copies(db: Path, fmt: str, by_source: bool) -> None:
    """Copies (identical, near-duplicate, rewrite, translation) with their originals."""
    from ..store import output
    from ..store.database import open_store
    from . import views

    with _errors():
        con = open_store(db, read_only=True)
        try:
            table = views.signals_by_source(con) if by_source else views.copies(con)
        finally:
            con.close()
    title = "source signals by site" if by_source else "copies"
    output.write(table, fmt, sys.stdout, title=title)  # type: ignore[arg-type]
