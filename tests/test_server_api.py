"""The read API over a live server: shapes, the CLI's filters, paging, stable JSON."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from dossier.store import queries
from dossier.store.database import open_store
from dossier.store.filters import Filters

from .test_server_support import (  # noqa: F401 - fixtures by name
    TALKS_FR,
    fixture_base_url,
    fixture_client,
    fixture_server_db,
    fixture_small_pipeline,
    story_articles,
)

LISTS = [
    "/api/events",
    "/api/articles",
    "/api/actors",
    "/api/quotes",
    "/api/figures",
    "/api/stories",
    "/api/canonical-events",
    "/api/contradictions",
]


@pytest.mark.parametrize("path", LISTS)
def test_server_api_lists_are_paged(client: httpx.Client, path: str) -> None:
    body = client.get(path, params={"limit": 2}).json()
    assert set(body) >= {"total", "limit", "offset", "rows"}
    assert body["limit"] == 2 and body["offset"] == 0
    assert 0 < len(body["rows"]) <= 2 <= body["total"]


@pytest.mark.parametrize("path", ["/api/events", "/api/articles", "/api/canonical-events"])
def test_server_api_pages_do_not_overlap_and_cover_the_first_rows(
    client: httpx.Client, path: str
) -> None:
    def key(row: dict[str, Any]) -> str:
        return str(
            row.get("canonical_id") or (row.get("id"), row.get("article_id"), row.get("event_idx"))
        )

    whole = [key(r) for r in client.get(path, params={"limit": 6}).json()["rows"]]
    first = [key(r) for r in client.get(path, params={"limit": 3}).json()["rows"]]
    second = [key(r) for r in client.get(path, params={"limit": 3, "offset": 3}).json()["rows"]]
    assert first + second == whole and len(set(whole)) == 6


@pytest.mark.parametrize(
    "given",
    [
        {"type": ["CONSULT"]},
        {"language": ["fr"]},
        {"status": ["denied", "conditional"]},
        {"country": ["UA"]},
        {"actor": ["lavrov"]},
        {"since": "2022-01-21", "until": "2022-01-31"},
        {"source": ["hexagone"], "type": ["CONSULT"]},
    ],
)
def test_server_api_events_filters_match_the_cli(
    client: httpx.Client, server_db: Path, given: dict[str, Any]
) -> None:
    body = client.get("/api/events", params={**given, "limit": 500}).json()
    con = open_store(server_db, read_only=True)
    try:
        expected = queries.events(con, Filters.parse(**given))
    finally:
        con.close()
    assert body["total"] == expected.num_rows
    got = sorted((r["article_id"], r["event_idx"]) for r in body["rows"])
    want = sorted(
        zip(
            expected.column("article_id").to_pylist(),
            expected.column("event_idx").to_pylist(),
            strict=True,
        )
    )
    assert got == want


def test_server_api_event_evidence_indexes_the_article_text(client: httpx.Client) -> None:
    rows = client.get("/api/events", params={"language": "fr", "type": "CONSULT"}).json()["rows"]
    assert rows
    for row in rows:
        text = client.get(f"/api/articles/{row['article_id']}").json()["article"]["text"]
        for evidence in row["evidence"]:
            assert text[evidence["start"] : evidence["end"]] == evidence["sentence"]
        for figure in row["quantities"]:
            assert text[figure["start"] : figure["end"]] == figure["text"]


def test_server_api_article_is_the_contract_record_with_its_relations(
    client: httpx.Client, validate_record: Callable[[dict[str, Any]], None]
) -> None:
    en, fr, rewrite, _ = story_articles()
    body = client.get(f"/api/articles/{rewrite.id}").json()
    validate_record(body["article"])
    assert body["article"]["text"] == rewrite.text
    assert body["story"] is not None
    assert body["copy_of"]["article_id"] == en.id and body["copy_of"]["relation"]
    assert client.get(f"/api/articles/{fr.id}").json()["article"]["language"] == "fr"


def test_server_api_story_sets_sources_side_by_side_with_copies_and_contradictions(
    client: httpx.Client,
) -> None:
    en, fr, rewrite, _ = story_articles()
    story_id = client.get(f"/api/articles/{fr.id}").json()["story"]["story_id"]
    body = client.get(f"/api/stories/{story_id}").json()
    members = {a["article_id"]: a for a in body["articles"]}
    assert set(members) == {en.id, fr.id, rewrite.id}
    assert sorted(body["story"]["languages"]) == ["en", "fr"]
    assert members[rewrite.id]["copy_of"] == en.id
    assert body["contradictions"]
    for disagreement in body["contradictions"]:
        assert sorted(v["value"] for v in disagreement["values"]) == [100_000, 100_000, 130_000]
    canonical = body["canonical_events"]
    assert any(
        {v["article_id"] for v in c["evidence"]} == {en.id, fr.id, rewrite.id} for c in canonical
    )


def test_server_api_search_is_accent_insensitive_with_facets(client: httpx.Client) -> None:
    body = client.get("/api/search", params={"q": "geneve rencontre"}).json()
    assert body["total"] >= 1
    assert body["rows"][0]["title"] == TALKS_FR.splitlines()[0]
    assert {"value": "fr", "n": body["total"]} in body["facets"]["language"]


def test_server_api_events_text_filter_keeps_matching_articles(client: httpx.Client) -> None:
    body = client.get("/api/events", params={"q": "Sergueï"}).json()
    assert body["total"] == 1 and body["rows"][0]["article"]["language"] == "fr"


def test_server_api_facets_count_under_the_filters(client: httpx.Client) -> None:
    body = client.get("/api/facets", params={"type": "CONSULT"}).json()
    assert [f["value"] for f in body["type"]] == ["CONSULT"]
    total = client.get("/api/events", params={"type": "CONSULT"}).json()["total"]
    assert sum(f["n"] for f in body["language"]) == total


def test_server_api_timeline_map_and_network_agree_with_the_events(client: httpx.Client) -> None:
    params = {"actor": "Q7105544"}
    total = client.get("/api/events", params=params).json()["total"]
    timeline = client.get("/api/timeline", params=params).json()["rows"]
    assert sum(r["n"] for r in timeline) == total == 3
    geo = client.get("/api/map", params=params).json()
    assert geo["points"] == [
        {"name": "Geneva", "country": "CHE", "lat": 46.2, "lon": 6.15, "precision": "city", "n": 3}
    ]
    assert geo["countries"] == [{"country": "CHE", "n": 3}]
    net = client.get("/api/network", params=params).json()
    edge = next(e for e in net["edges"] if e["source"] == "Q7105544")
    assert edge == {"source": "Q7105544", "target": "Q155181", "type": "CONSULT", "weight": 3}
    assert {n["id"] for n in net["nodes"]} == {"Q7105544", "Q155181"}


def test_server_api_json_is_stable(client: httpx.Client) -> None:
    first = client.get("/api/events", params={"limit": 20}).content
    assert client.get("/api/events", params={"limit": 20}).content == first


def test_server_api_analyze_returns_the_record(
    client: httpx.Client, validate_record: Callable[[dict[str, Any]], None]
) -> None:
    text = (
        "Le ministre des Affaires étrangères a reçu mardi son homologue allemand à Paris. "
        "Les deux responsables ont évoqué la situation en Ukraine et les livraisons d'armes."
    )
    response = client.post("/api/analyze", json={"text": text, "published": "2022-02-01"})
    assert response.status_code == 200
    record = response.json()
    validate_record(record)
    assert record["language"] == "fr" and record["text"].startswith("Le ministre")
    assert record["published"] == "2022-02-01"


def test_server_api_overview_counts_tables(client: httpx.Client) -> None:
    tables = client.get("/api/").json()["tables"]
    assert tables["articles"] >= 4 and tables["stories"] >= 1


def test_server_api_openapi_documents_every_endpoint(client: httpx.Client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in [*LISTS, "/api/analyze", "/api/ingest", "/api/search", "/api/facets",
                 "/api/timeline", "/api/map", "/api/network", "/api/articles/{article_id}",
                 "/api/stories/{story_id}"]:  # fmt: skip
        assert path in paths
    docs = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_server_api_every_endpoint_and_page_is_documented(client: httpx.Client) -> None:
    import re

    from dossier.server.pages import PAGES

    def generic(text: str) -> str:
        return re.sub(r"\{[a-z_]+\}", "{id}", text)

    docs = generic(
        (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    )
    for path in client.get("/openapi.json").json()["paths"]:
        assert generic(path) in docs, path
    for spec in PAGES:
        assert f"`/{spec.name}" in docs, spec.name
