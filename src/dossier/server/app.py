"""The application factory: one store, the API, the dashboard, the error shape."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import cache
from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from .. import __version__
from ..pipeline import Pipeline
from ..store.database import open_store
from . import api, errors, pages
from .jobs import Jobs
from .limits import BodyLimit, SecurityHeaders
from .settings import Settings

WEB = Path(str(resources.files("dossier") / "web"))


def _default_pipeline() -> Pipeline:
    from ..registry import load_pipeline

    return load_pipeline()


def create_app(
    db_path: str | Path,
    *,
    settings: Settings | None = None,
    pipeline: Callable[[], Pipeline] | None = None,
) -> FastAPI:
    """The dossier server over the store at ``db_path``.

    The store is opened read-only unless ingest is enabled (a token in ``settings`` or
    ``DOSSIER_TOKEN``): then the server is the store's single writer (see
    :mod:`dossier.server.jobs`). ``pipeline`` builds the analysis pipeline on first use
    (the default one, with its models, unless given).
    """
    settings = settings or Settings.from_env(Path(db_path))
    store = open_store(settings.db_path, read_only=not settings.ingest_enabled)
    pipeline_lock = threading.Lock()
    get_pipeline = cache(pipeline or _default_pipeline)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            app.state.jobs.close()
            store.close()

    app = FastAPI(
        title="dossier",
        version=__version__,
        description=(
            "News reports in, a source-linked record of political events out. Every "
            "dashboard page has a JSON twin here: /events ↔ /api/events. Errors have one "
            "shape: {status, title, detail}."
        ),
        lifespan=lifespan,
        docs_url=None,  # served below from the package's copy of Swagger UI: no CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.pipeline = get_pipeline
    app.state.pipeline_lock = pipeline_lock
    app.state.jobs = Jobs(settings, store, get_pipeline, pipeline_lock)
    app.state.templates = Jinja2Templates(directory=str(WEB / "templates"))
    errors.install(app)
    app.include_router(api.router)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="dossier API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/swagger/favicon-32x32.png",
        )

    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app
