"""Bad input and safety: one error shape, 4xx never 500, escaping, token, limits, CORS,
and the ``serve`` command."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from fastapi import FastAPI

from dossier.server.commands import serve

from .test_server_support import (  # noqa: F401 - fixtures by name
    SCRIPTED_TITLE,
    fixture_base_url,
    fixture_client,
    fixture_ingest_server,
    fixture_server_db,
    fixture_small_pipeline,
    story_articles,
)


def assert_problem(response: httpx.Response, status: int, *words: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) == {"status", "title", "detail"} and body["status"] == status
    for word in words:
        assert word in body["detail"]
    return body


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/api/events?colour=red", 400, ("unknown parameter 'colour'", "accepted: actor")),
        ("/api/events?since=yesterday", 400, ("not a date",)),
        ("/api/events?until=2022-13-45", 400, ("not a date",)),
        ("/api/events?type=INVASION", 400, ("not a PLOVER event type",)),
        ("/api/events?country=Narnia", 400, ("ISO 3166-1",)),
        ("/api/events?status=maybe", 400, ("not a status",)),
        ("/api/events?language=french", 400, ("ISO 639-1",)),
        ("/api/events?limit=0", 422, ("limit",)),
        ("/api/events?limit=100000", 422, ("limit",)),
        ("/api/events?offset=-1", 422, ("offset",)),
        ("/api/events?limit=ten", 422, ("limit",)),
        ("/api/search", 422, ("q",)),
        ("/api/articles/" + "0" * 64, 404, ("no article",)),
        ("/api/articles/..%2F..%2Fetc%2Fpasswd", 404, ()),
        ("/api/articles/a%20b", 422, ("article_id",)),
        ("/api/stories/nope", 404, ("no story",)),
        ("/api/ingest/nope", 403, ("disabled",)),
        ("/api/no-such-endpoint", 404, ("nothing at",)),
    ],
)
def test_server_errors_bad_requests_get_the_one_shape(
    client: httpx.Client, path: str, status: int, words: tuple[str, ...]
) -> None:
    assert_problem(client.get(path), status, *words)


def test_server_errors_wrong_method_gets_the_one_shape(client: httpx.Client) -> None:
    assert_problem(client.delete("/api/events"), 405)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"{not json", ("JSON",)),
        (b"[]", ("body",)),
        (b'{"text": ""}', ("text",)),
        (b'{"text": "x", "published": "last tuesday"}', ("not a date",)),
        (b'{"text": "x", "language": "french"}', ("language",)),
        (b'{"text": "x", "path": "/etc/passwd"}', ("path",)),
        (b'{"text": "x", "url": "file:///etc/passwd"}', ("url",)),
    ],
)
def test_server_errors_malformed_analyze_bodies_are_422(
    client: httpx.Client, body: bytes, words: tuple[str, ...]
) -> None:
    response = client.post(
        "/api/analyze", content=body, headers={"content-type": "application/json"}
    )
    assert_problem(response, 422, *words)


def test_server_errors_oversized_body_is_413_before_it_is_read(client: httpx.Client) -> None:
    big = b'{"text": "' + b"a" * 2_100_000 + b'"}'
    response = client.post(
        "/api/analyze", content=big, headers={"content-type": "application/json"}
    )
    assert_problem(response, 413, "over 2000000 bytes")


def test_server_errors_oversized_streamed_body_is_refused(client: httpx.Client) -> None:
    def chunks() -> Any:
        yield b'{"text": "'
        for _ in range(30):
            yield b"b" * 100_000
        yield b'"}'

    response = client.post(
        "/api/analyze", content=chunks(), headers={"content-type": "application/json"}
    )
    assert 400 <= response.status_code < 500
    assert set(response.json()) == {"status", "title", "detail"}


def test_server_errors_html_pages_get_an_html_error(client: httpx.Client) -> None:
    response = client.get("/articles/" + "f" * 64, headers={"accept": "text/html"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "404 Not Found" in response.text and "no article" in response.text


def test_server_errors_article_markup_is_escaped_in_pages(client: httpx.Client) -> None:
    scripted = story_articles()[3]
    page = client.get(f"/articles/{scripted.id}", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    record = client.get(f"/api/articles/{scripted.id}").json()["article"]
    assert record["title"] == SCRIPTED_TITLE  # JSON keeps the text as written


def test_server_errors_error_pages_escape_what_they_echo(client: httpx.Client) -> None:
    response = client.get("/<script>alert(1)</script>", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.text


def test_server_errors_cors_is_off_by_default(client: httpx.Client) -> None:
    response = client.get("/api/events", headers={"origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers


def test_server_errors_cors_allows_configured_origins(
    ingest_server: Callable[..., tuple[str, FastAPI]],
) -> None:
    url, _ = ingest_server(cors_origins=("https://newsroom.example",))
    response = httpx.get(f"{url}/api/events", headers={"origin": "https://newsroom.example"})
    assert response.headers["access-control-allow-origin"] == "https://newsroom.example"


# ------------------------------------------------------------------------------ ingest

TEXT = (
    "Les ministres européens se sont réunis lundi à Bruxelles pour discuter de nouvelles "
    "sanctions contre la Russie. Aucun accord n'a été trouvé sur l'embargo pétrolier, "
    "a indiqué un diplomate."
)


def test_server_errors_ingest_refused_when_the_server_has_no_token(client: httpx.Client) -> None:
    response = client.post("/api/ingest", json={"texts": [{"text": TEXT}]})
    assert_problem(response, 403, "DOSSIER_TOKEN")


def test_server_errors_ingest_refused_without_the_right_token(
    ingest_server: Callable[..., tuple[str, FastAPI]],
) -> None:
    url, _ = ingest_server(token="s3cret-token")
    body = {"texts": [{"text": TEXT}]}
    assert_problem(httpx.post(f"{url}/api/ingest", json=body), 401, "token")
    wrong = {"authorization": "Bearer nope"}
    response = httpx.post(f"{url}/api/ingest", json=body, headers=wrong)
    assert_problem(response, 401, "token")
    assert response.headers["www-authenticate"] == "Bearer"


def _wait(url: str, job: str, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        body: dict[str, Any] = httpx.get(f"{url}/api/ingest/{job}", headers=headers).json()
        if body["status"] in {"done", "failed"}:
            return body
        time.sleep(0.1)
    raise AssertionError("the ingest job did not finish")


def test_server_errors_ingest_with_the_token_stores_texts(
    ingest_server: Callable[..., tuple[str, FastAPI]],
) -> None:
    url, _ = ingest_server(token="s3cret-token")
    headers = {"authorization": "Bearer s3cret-token"}
    before = httpx.get(f"{url}/api/articles").json()["total"]
    response = httpx.post(
        f"{url}/api/ingest",
        json={"texts": [{"text": TEXT, "published": "2022-05-16", "title": "Sanctions"}]},
        headers=headers,
    )
    assert response.status_code == 202
    job = _wait(url, response.json()["job_id"], headers)
    assert job["status"] == "done" and job["counts"] == {"new": 1}, job
    [article_id] = job["articles"]
    record = httpx.get(f"{url}/api/articles/{article_id}").json()["article"]
    assert record["language"] == "fr" and record["title"] == "Sanctions"
    assert httpx.get(f"{url}/api/articles").json()["total"] == before + 1
    again = httpx.post(f"{url}/api/ingest", json={"texts": [{"text": TEXT}]}, headers=headers)
    assert _wait(url, again.json()["job_id"], headers)["status"] == "done"


@pytest.mark.parametrize(
    "urls", [["/etc/passwd"], ["file:///etc/passwd"], ["feed:/etc/hosts"], [42]]
)
def test_server_errors_ingest_never_reads_paths(
    ingest_server: Callable[..., tuple[str, FastAPI]], urls: list[Any]
) -> None:
    url, _ = ingest_server(token="t")
    response = httpx.post(
        f"{url}/api/ingest", json={"urls": urls}, headers={"authorization": "Bearer t"}
    )
    assert_problem(response, 422, "http(s) URL")


def test_server_errors_ingest_refuses_private_addresses(
    ingest_server: Callable[..., tuple[str, FastAPI]],
) -> None:
    url, _ = ingest_server(token="t")
    headers = {"authorization": "Bearer t"}
    response = httpx.post(
        f"{url}/api/ingest", json={"urls": ["http://127.0.0.1:9/secret"]}, headers=headers
    )
    job = _wait(url, response.json()["job_id"], headers)
    assert job["counts"].get("new", 0) == 0 and job["counts"]["skipped"] == 1
    assert any("private" in e or "loopback" in e for e in job["errors"]), job


# --------------------------------------------------------------------------- the command


def test_server_serve_refuses_a_missing_database(tmp_path: Path) -> None:
    result = CliRunner().invoke(serve, ["--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and "dossier ingest" in result.output


def test_server_serve_runs_uvicorn_and_prints_the_url(
    server_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    seen: dict[str, Any] = {}

    def fake_run(app: FastAPI, **options: Any) -> None:
        seen.update(options, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv("DOSSIER_TOKEN", raising=False)
    result = CliRunner().invoke(serve, ["--db", str(server_db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "http://localhost:8123/" in result.output and "read-only" in result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert isinstance(seen["app"], FastAPI)
