"""``dossier serve``: the API and the dashboard over one store, with uvicorn."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..cli_options import DB_OPTION
from ..errors import DossierError
from .settings import TOKEN_ENV


@click.command("serve")
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="An origin allowed to call the API from a browser (CORS is off without one).",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Let POST /api/ingest fetch URLs on this machine or a private network.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks.")
def serve(  # noqa: PLR0917 - click passes options positionally
    db: Path,
    host: str,
    port: int,
    cors_origins: tuple[str, ...],
    allow_private: bool,
    debug: bool,
) -> None:
    """Serve the dashboard and the HTTP API over a database (read-only unless
    DOSSIER_TOKEN is set, which enables POST /api/ingest)."""
    import os

    import uvicorn

    from .app import create_app
    from .settings import Settings

    settings = Settings(
        db_path=db,
        token=os.environ.get(TOKEN_ENV) or None,
        cors_origins=cors_origins,
        allow_private=allow_private,
    )
    try:
        app = create_app(db, settings=settings)
    except DossierError as exc:
        if debug:
            raise
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    shown = "localhost" if host in {"127.0.0.1", "::1"} else host
    mode = "ingest enabled (token set)" if settings.ingest_enabled else "read-only"
    click.echo(f"dossier: serving {db} ({mode}) at http://{shown}:{port}/  (API: /docs)")
    uvicorn.run(app, host=host, port=port, log_level="debug" if debug else "warning")
