"""The JSON API under ``/api``: read endpoints with the CLI's filters and paging, analyse,
and token-protected ingest. Every dashboard page is a client of one of these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, Body, Depends, Header, Path, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..store.filters import Filters
from ..store.rows import day_range
from . import data
from .errors import BadRequestError, problem
from .jobs import IngestRequest, check_token
from .settings import DEFAULT_PAGE, MAX_PAGE

ID_PATTERN = r"^[A-Za-z0-9_.:\-]{1,128}$"
"""Ids in paths: article ids are sha256 hex, story and canonical ids are hash-based; the
pattern refuses anything else before it reaches a query."""
TEXT_LIMIT = 200

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "description": description,
        "content": {
            "application/problem+json": {
                "schema": {
                    "type": "object",
                    "required": ["status", "title", "detail"],
                    "properties": {
                        "status": {"type": "integer"},
                        "title": {"type": "string"},
                        "detail": {"type": "string"},
                    },
                }
            }
        },
    }
    for status, description in (
        (400, "A filter or parameter is unknown or malformed"),
        (404, "No such item"),
        (422, "The request does not match the documented parameters or body"),
    )
}


_ALLOWED: dict[int, frozenset[str]] = {}


def _allowed(route: APIRoute) -> frozenset[str]:
    found = _ALLOWED.get(id(route))
    if found is None:
        found = _ALLOWED[id(route)] = frozenset(_query_names(route.dependant))
    return found


def _query_names(dependant: Dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def reject_unknown_parameters(request: Request) -> None:
    """An unknown query parameter is a mistake (a typo in a filter name returns every
    row otherwise): 400 naming it and what is accepted."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    allowed = _allowed(route)
    unknown = sorted({k for k in request.query_params if k not in allowed})
    if unknown:
        accepted = ", ".join(sorted(allowed)) or "none"
        raise BadRequestError(
            f"unknown parameter {', '.join(repr(u) for u in unknown)} for {request.url.path}"
            f" — accepted: {accepted}"
        )


def connection(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """One cursor per request on the server's database: cursors are DuckDB's way for
    threads to share one database."""
    cursor = request.app.state.store.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


Con = Annotated[duckdb.DuckDBPyConnection, Depends(connection)]


def filters(  # noqa: PLR0917 - FastAPI passes query parameters by name; one per filter
    since: Annotated[
        str | None, Query(max_length=40, description="From this day: YYYY-MM-DD, YYYY-MM, YYYY")
    ] = None,
    until: Annotated[str | None, Query(max_length=40, description="To this day, included")] = None,
    actor: Annotated[
        list[str] | None,
        Query(description="Name (contains), entity id or actor code, e.g. Lavrov, Q7184, RUS"),
    ] = None,
    country: Annotated[list[str] | None, Query(description="ISO 3166-1 code: UKR or UA")] = None,
    type: Annotated[list[str] | None, Query(description="PLOVER event type, e.g. ASSAULT")] = None,
    status: Annotated[list[str] | None, Query(description="Event status, e.g. denied")] = None,
    language: Annotated[list[str] | None, Query(description="Article language: fr, en")] = None,
    source: Annotated[list[str] | None, Query(description="Site name or URL (contains)")] = None,
) -> Filters:
    values = [*(actor or ()), *(country or ()), *(type or ()), *(status or ()),
              *(language or ()), *(source or ())]  # fmt: skip
    if any(len(v) > TEXT_LIMIT for v in values) or len(values) > 50:
        raise BadRequestError(
            f"filter values are limited to {TEXT_LIMIT} characters and 50 values in all"
        )
    return Filters.parse(
        since=since,
        until=until,
        actor=actor or (),
        country=country or (),
        type=type or (),
        status=status or (),
        language=language or (),
        source=source or (),
    )


def page(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Rows per page")] = DEFAULT_PAGE,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")] = 0,
) -> data.Page:
    return data.Page(limit=limit, offset=offset)


F = Annotated[Filters, Depends(filters)]
P = Annotated[data.Page, Depends(page)]
Q = Annotated[
    str | None,
    Query(
        max_length=TEXT_LIMIT, description="Words the article text must hold (any case, accents)"
    ),
]
Id = Annotated[str, Path(pattern=ID_PATTERN, description="sha256 or hash-based id")]


def _json(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body)


router = APIRouter(
    prefix="/api",
    dependencies=[Depends(reject_unknown_parameters)],
    responses=ERROR_RESPONSES,
)


@router.get("/", summary="What the store holds: rows per table")
def overview(con: Con) -> JSONResponse:
    return _json(data.overview(con))


@router.get("/events", summary="Events with their parties, place, evidence and figures")
def events(con: Con, f: F, p: P, q: Q = None) -> JSONResponse:
    return _json(data.events(con, f, p, q))


@router.get("/facets", summary="Event counts per type, status, country, actor, language…")
def facets(con: Con, f: F, q: Q = None) -> JSONResponse:
    return _json(data.facets(con, f, q))


@router.get("/timeline", summary="Events per day and type")
def timeline(con: Con, f: F, q: Q = None) -> JSONResponse:
    return _json(data.timeline(con, f, q))


@router.get("/map", summary="Event places with precision, and events per country")
def event_map(con: Con, f: F, q: Q = None) -> JSONResponse:
    return _json(data.map_points(con, f, q))


@router.get("/network", summary="Actors and who acts on whom, by event type")
def network(con: Con, f: F, q: Q = None) -> JSONResponse:
    return _json(data.network(con, f, q))


@router.get("/articles", summary="Articles with their counts of events, quotes, figures")
def articles(con: Con, f: F, p: P, q: Q = None) -> JSONResponse:
    return _json(data.articles(con, f, p, q))


@router.get("/articles/{article_id}", summary="One article's record and its relations")
def article(con: Con, article_id: Id) -> JSONResponse:
    return _json(data.article(con, article_id))


@router.get("/search", summary="Full-text search over articles, with facets")
def search(
    con: Con,
    f: F,
    p: P,
    q: Annotated[str, Query(min_length=1, max_length=TEXT_LIMIT, description="Words")],
) -> JSONResponse:
    return _json(data.search_articles(con, q, f, p))


@router.get("/actors", summary="Actors and how often they appear and act")
def actors(con: Con, f: F, p: P) -> JSONResponse:
    return _json(data.actors(con, f, p))


@router.get("/quotes", summary="Quotations with their speakers")
def quotes(con: Con, f: F, p: P) -> JSONResponse:
    return _json(data.quotes(con, f, p))


@router.get("/figures", summary="Figures (money, counts…) with the events they measure")
def figures(
    con: Con,
    f: F,
    p: P,
    kind: Annotated[list[str] | None, Query(description="money, count, percent…")] = None,
    unit: Annotated[list[str] | None, Query(description="USD, troops…")] = None,
) -> JSONResponse:
    return _json(data.figures(con, f, p, kind or (), unit or ()))


@router.get("/stories", summary="Stories: articles about one happening, across languages")
def stories(con: Con, f: F, p: P) -> JSONResponse:
    return _json(data.stories(con, f, p))


@router.get("/stories/{story_id}", summary="A story: sources, copies, events, contradictions")
def story(con: Con, story_id: Id) -> JSONResponse:
    return _json(data.story(con, story_id))


@router.get("/canonical-events", summary="One event per happening, with all its evidence")
def canonical_events(
    con: Con,
    f: F,
    p: P,
    story: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> JSONResponse:
    return _json(data.canonical_events(con, f, p, story))


@router.get("/contradictions", summary="Figures and statuses that differ across sources")
def contradictions(
    con: Con,
    f: F,
    p: P,
    story: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    kind: Annotated[list[str] | None, Query(description="figure or status")] = None,
) -> JSONResponse:
    return _json(data.contradictions(con, f, p, story, kind or ()))


# ------------------------------------------------------------------------ analyse, ingest


class AnalyzeRequest(BaseModel):
    """One article: plain text or an HTML page."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article, plain text or HTML")
    published: str | None = Field(
        default=None, max_length=40, description="Publication date (ISO): anchors 'Friday'"
    )
    language: str | None = Field(default=None, pattern=r"^[a-z]{2}$", description="fr, en…")
    url: str | None = Field(default=None, max_length=2000, pattern=r"^https?://\S+$")

    @field_validator("published")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        return checked_date(value)


def checked_date(value: str | None) -> str | None:
    if value is None:
        return None
    first, _ = day_range(value.strip())
    if first is None:
        try:
            dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"{value!r} is not a date — give YYYY-MM-DD, YYYY-MM or YYYY"
            ) from None
    return value.strip()


@router.post(
    "/analyze",
    summary="Analyse one article (size-limited) and return its record",
    responses={413: ERROR_RESPONSES[422] | {"description": "Body over the size limit"}},
)
def analyze(request: Request, body: Annotated[AnalyzeRequest, Body()]) -> JSONResponse:
    from ..api import analyze as run

    state = request.app.state
    with state.pipeline_lock:
        record = run(
            body.text,
            published=body.published,
            language=body.language,
            url=body.url,
            source="<api>",
            pipeline=state.pipeline(),
        )
    return _json(record.model_dump(mode="json"))


@router.post(
    "/ingest",
    status_code=202,
    summary="Analyse URLs or texts into the store (needs the DOSSIER_TOKEN bearer token)",
    responses={
        401: ERROR_RESPONSES[422] | {"description": "Missing or wrong token"},
        403: ERROR_RESPONSES[422] | {"description": "Ingest disabled on this server"},
    },
)
def ingest(
    request: Request,
    body: Annotated[IngestRequest, Body()],
    authorization: Annotated[str | None, Header(max_length=500)] = None,
) -> JSONResponse:
    check_token(request.app.state.settings, authorization)
    job = request.app.state.jobs.submit(body)
    return JSONResponse(job.as_dict(), status_code=202)


@router.get("/ingest/{job_id}", summary="What an ingest job did")
def ingest_job(
    request: Request,
    job_id: Id,
    authorization: Annotated[str | None, Header(max_length=500)] = None,
) -> JSONResponse:
    check_token(request.app.state.settings, authorization)
    return _json(request.app.state.jobs.get(job_id).as_dict())


__all__ = ["problem", "router"]
