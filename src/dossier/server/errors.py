"""One error shape for every failure: ``{"status", "title", "detail"}`` (RFC 9457 names).

API routes answer ``application/problem+json``; dashboard pages answer the same three
fields as an HTML page (escaped). Bad input of any kind — a malformed body, an unknown
filter, a bad date or id — is a 4xx here, never a 500.

ApiError (also a DossierError)
├── NotFoundError        404: no such article, story, event or page
├── BadRequestError      400: a filter or parameter the API does not know or accept
├── UnauthorizedError    401: POST /api/ingest without the right token
├── ForbiddenError       403: ingest disabled (no DOSSIER_TOKEN on the server)
└── BodyTooLargeError    413: a request body over the server's limit
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import DossierError, InputError
from ..store.errors import QueryError, StoreError, StoreLockedError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


class ApiError(DossierError):
    status = 400

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers


class NotFoundError(ApiError):
    status = 404


class BadRequestError(ApiError):
    status = 400


class UnauthorizedError(ApiError):
    status = 401


class ForbiddenError(ApiError):
    status = 403


class BodyTooLargeError(ApiError):
    status = 413


def problem(status: int, detail: str) -> dict[str, Any]:
    """The one error shape."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return {"status": status, "title": title, "detail": detail}


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api") or path in {"/openapi.json", "/docs"}:
        return False
    return "text/html" in request.headers.get("accept", "")


def error_response(
    request: Request, status: int, detail: str, headers: Mapping[str, str] | None = None
) -> Response:
    body = problem(status, detail)
    if _wants_html(request):
        templates = request.app.state.templates
        page: Response = templates.TemplateResponse(
            request, "error.html", {"problem": body}, status_code=status, headers=headers
        )
        return page
    return JSONResponse(
        body, status_code=status, media_type=PROBLEM_JSON, headers=dict(headers or {})
    )


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) + " — see /docs for the accepted parameters"


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into the one shape."""

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.detail, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, _validation_detail(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404:
            detail = f"nothing at {request.url.path} — the dashboard starts at /, the API at /docs"
        return error_response(request, exc.status_code, detail, exc.headers)

    @app.exception_handler(QueryError)
    async def _query(request: Request, exc: QueryError) -> Response:
        return error_response(request, 400, _unflag(str(exc)))

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return error_response(request, 422, str(exc))

    @app.exception_handler(StoreLockedError)
    async def _locked(request: Request, exc: StoreLockedError) -> Response:
        return error_response(request, 503, str(exc), {"Retry-After": "5"})

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return error_response(request, 500, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(
            request,
            500,
            f"the server failed ({type(exc).__name__}) — report it with the URL you asked for",
        )


def _unflag(message: str) -> str:
    """Filter errors are written for the CLI (``--since``); the API's parameters have no
    dashes."""
    return message.replace("--", "", 1) if message.startswith("--") else message
