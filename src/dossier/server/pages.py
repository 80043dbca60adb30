"""Dashboard pages: HTML shells that the page's script fills from the page's JSON twin.

``/events?type=ASSAULT`` shows what ``/api/events?type=ASSAULT`` returns; each page links
to its twin. Everything a page shows from an article is inserted as text by the script
(never as markup), and what the server renders itself goes through Jinja2's autoescape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Final

import duckdb
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .api import ID_PATTERN, connection
from .errors import NotFoundError


@dataclass(frozen=True)
class PageSpec:
    name: str
    title: str
    api: str
    nav: bool = True


PAGES: Final = (
    PageSpec("events", "Events", "/api/events"),
    PageSpec("search", "Search", "/api/search"),
    PageSpec("stories", "Stories", "/api/stories"),
    PageSpec("canonical-events", "Canonical events", "/api/canonical-events"),
    PageSpec("contradictions", "Contradictions", "/api/contradictions"),
    PageSpec("articles", "Articles", "/api/articles"),
    PageSpec("actors", "Actors", "/api/actors"),
    PageSpec("quotes", "Quotes", "/api/quotes"),
    PageSpec("figures", "Figures", "/api/figures"),
    PageSpec("analyze", "Analyse", "/api/analyze"),
)
_BY_NAME: Final = {p.name: p for p in PAGES}

router = APIRouter(include_in_schema=False)
Con = Annotated[duckdb.DuckDBPyConnection, Depends(connection)]


def _render(
    request: Request, spec: PageSpec, api: str, heading: str | None = None, item: str = ""
) -> HTMLResponse:
    query = request.url.query
    twin = f"{api}?{query}" if query and spec.name != "analyze" else api
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request,
        "page.html",
        {
            "page": spec.name,
            "title": heading or spec.title,
            "twin": twin,
            "api": api,
            "item": item,
            "pages": [p for p in PAGES if p.nav],
        },
    )
    return response


@router.get("/")
def home() -> Response:
    return RedirectResponse("/events", status_code=307)


def _page(name: str) -> object:
    spec = _BY_NAME[name]

    def view(request: Request) -> HTMLResponse:
        return _render(request, spec, spec.api)

    view.__name__ = f"page_{name.replace('-', '_')}"
    return view


for _spec in PAGES:
    router.add_api_route(f"/{_spec.name}", _page(_spec.name), methods=["GET"])  # type: ignore[arg-type]


@router.get("/articles/{article_id}")
def article_page(
    request: Request, con: Con, article_id: Annotated[str, Path(pattern=ID_PATTERN)]
) -> HTMLResponse:
    row = con.execute("SELECT title FROM articles WHERE id = ?", [article_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no article {article_id!r} in the store — see /articles")
    return _render(
        request,
        PageSpec("article", "Article", ""),
        f"/api/articles/{article_id}",
        heading=row[0] or "Article",
        item=article_id,
    )


@router.get("/stories/{story_id}")
def story_page(
    request: Request, con: Con, story_id: Annotated[str, Path(pattern=ID_PATTERN)]
) -> HTMLResponse:
    row = con.execute("SELECT label FROM stories WHERE story_id = ?", [story_id]).fetchone()
    if row is None:
        raise NotFoundError(f"no story {story_id!r} in the store — see /stories")
    return _render(
        request,
        PageSpec("story", "Story", ""),
        f"/api/stories/{story_id}",
        heading=row[0] or "Story",
        item=story_id,
    )
