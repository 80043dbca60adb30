"""``dossier kb``: list, search, validate and extend the knowledge base from the shell.

Every sub-command reads the built-in data with the user directories of ``--kb`` (and of
``$DOSSIER_KB``) layered over it, as the pipeline does. ``kb add`` writes one entry into a
user directory's ``added.yaml``, and only after the knowledge base with that entry passes
the validator, so a typo never lands in a file the pipeline will read.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import yaml

from ..errors import DataFileError
from .entries import KINDS, SECTORS, Entry
from .index import KnowledgeBase
from .loader import load_kb, read_layer, user_kb_dirs

ADDED_FILE = "added.yaml"
"""The file of a user directory that ``kb add`` appends to."""

_KB_OPTION = click.option(
    "--kb",
    "kb_dirs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="User KB directory layered over the built-in data (repeatable; also $DOSSIER_KB).",
)


def _load(kb_dirs: Sequence[Path]) -> KnowledgeBase:
    dirs = [*user_kb_dirs(), *(str(d) for d in kb_dirs)]
    try:
        return load_kb(dirs)
    except DataFileError as exc:
        raise click.ClickException(str(exc)) from exc


def _row(entry: Entry) -> str:
    coding = " ".join(x for x in (entry.code, entry.sector) if x) or "-"
    return f"{entry.id:<34} {entry.kind:<12} {entry.country or '-':<4} {coding:<9} {entry.name}"


@click.group()
def kb() -> None:
    """The knowledge base of actors and places: list, search, validate, add."""


@kb.command(name="list")
@click.option("--kind", type=click.Choice(sorted(KINDS)), help="Only entries of this kind.")
@click.option("--country", help="Only entries of this ISO 3166-1 alpha-3 country (e.g. UKR).")
@click.option("--sector", type=click.Choice(sorted(SECTORS)), help="Only this PLOVER sector.")
@_KB_OPTION
def list_entries(
    kind: str | None, country: str | None, sector: str | None, kb_dirs: tuple[Path, ...]
) -> None:
    """List entries: id, kind, country, PLOVER code and sector, name."""
    base = _load(kb_dirs)
    shown = 0
    for entry in sorted(base.entries.values(), key=lambda e: e.id):
        if kind and entry.kind != kind:
            continue
        if country and entry.country != country.upper():
            continue
        if sector and entry.sector != sector:
            continue
        click.echo(_row(entry))
        shown += 1
    click.echo(f"{shown} of {len(base)} entries", err=True)


@kb.command()
@click.argument("name")
@click.option("--limit", type=click.IntRange(min=1), default=5, show_default=True)
@_KB_OPTION
def search(name: str, limit: int, kb_dirs: tuple[Path, ...]) -> None:
    """Entries a (possibly misspelt) NAME may mean, best first, with how each matched."""
    hits = _load(kb_dirs).search(name, limit=limit)
    if not hits:
        raise click.ClickException(
            f"nothing in the knowledge base is named like {name!r} — add it with "
            "`dossier kb add --dir DIR …`"
        )
    for hit in hits:
        click.echo(f"{hit.score:5.1f} {hit.how:<8} {_row(hit.entry)}")


@kb.command()
@click.argument("dirs", nargs=-1, type=click.Path(path_type=Path))
def validate(dirs: tuple[Path, ...]) -> None:
    """Check the built-in data with DIRS layered over it; exit 1 on errors."""
    from .validate import validate_kb

    base = _load(dirs)
    problems = validate_kb(base)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(p.severity == "error" for p in problems)
    counts = ", ".join(f"{k}: {n}" for k, n in base.counts().items())
    click.echo(
        f"{len(base)} entries ({counts}); {errors} error(s), {len(problems) - errors} warning(s)"
    )
    if errors:
        raise SystemExit(1)


@kb.command()
@click.option(
    "--dir",
    "directory",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=f"User KB directory to write into ({ADDED_FILE} there; created if missing).",
)
@click.option("--id", "entry_id", required=True, help="Stable id, e.g. person:jane-doe.")
@click.option("--kind", type=click.Choice(sorted(KINDS)), required=True)
@click.option("--name", required=True, help="Display name.")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeatable).")
@click.option("--country", help="ISO 3166-1 alpha-3 code.")
@click.option("--code", help="PLOVER actor code (defaults to the country).")
@click.option("--sector", type=click.Choice(sorted(SECTORS)), help="PLOVER sector.")
@click.option("--wikidata", help="Wikidata id (Q…), only when certain.")
def add(  # noqa: PLR0917 - click passes one option per field of an entry
    directory: Path,
    entry_id: str,
    kind: str,
    name: str,
    aliases: tuple[str, ...],
    country: str | None,
    code: str | None,
    sector: str | None,
    wikidata: str | None,
) -> None:
    """Add one entry to a user KB directory, after checking it with the validator."""
    from .validate import validate_kb

    item: dict[str, Any] = {"id": entry_id, "kind": kind, "name": name}
    if aliases:
        item["aliases"] = list(aliases)
    for key, value in (("country", country), ("code", code), ("sector", sector)):
        if value:
            item[key] = value.upper() if key != "sector" else value
    if wikidata:
        item["wikidata"] = wikidata
    target = directory / ADDED_FILE
    data: dict[str, Any] = {"version": 1, "entries": []}
    if target.is_file():
        loaded = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict) or not isinstance(loaded.get("entries", []), list):
            raise click.ClickException(
                f"{target}: not a KB file with an 'entries' list — fix it or use another --dir"
            )
        data = {"version": 1, **loaded}
        data.setdefault("entries", [])
    if any(isinstance(e, dict) and e.get("id") == entry_id for e in data["entries"]):
        raise click.ClickException(
            f"{target} already defines {entry_id!r} — edit that entry instead, or pick another id"
        )
    data["entries"].append(item)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    directory.mkdir(parents=True, exist_ok=True)
    # Written beside the target and checked there, then renamed over it: a failed check or
    # a crash leaves the old file as it was.
    fd, tmp_name = tempfile.mkstemp(prefix=".added-", suffix=".yaml.tmp", dir=directory)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            read_layer(tmp)
            others = [p for p in sorted(directory.glob("*.y*ml")) if p != target]
            layered = load_kb([*user_kb_dirs(), *(str(p) for p in others), str(tmp)])
        except DataFileError as exc:
            raise click.ClickException(f"entry not added: {exc}") from exc
        errors = [p for p in validate_kb(layered) if p.severity == "error" and p.entry == entry_id]
        if errors:
            raise click.ClickException(
                "entry not added: " + "; ".join(f"{p.message} — {p.fix}" for p in errors)
            )
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    click.echo(f"added {entry_id} to {target}")
