"""Queries, search and their commands over a store of hand-made records (no models)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from click.testing import CliRunner

from dossier.cli import main
from dossier.store import queries
from dossier.store.database import open_store
from dossier.store.errors import QueryError
from dossier.store.filters import Filters
from dossier.store.search import search, term_pattern

from .test_store_writer import corpus, store_of


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store_of(tmp_path_factory.mktemp("q") / "store.duckdb", corpus())


@pytest.fixture
def con(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_store(db, read_only=True)
    yield connection
    connection.close()


def types(table: pa.Table) -> list[str]:
    return sorted(table.column("type").to_pylist())


def events(con: duckdb.DuckDBPyConnection, **given: object) -> pa.Table:
    return queries.events(con, Filters.parse(**given))  # type: ignore[arg-type]


def test_store_query_events_returns_an_arrow_table_of_every_event(
    con: duckdb.DuckDBPyConnection,
) -> None:
    table = queries.events(con)
    assert isinstance(table, pa.Table) and table.num_rows == 8
    row = next(r for r in table.to_pylist() if r["type"] == "CONSULT" and r["country"] == "CHE")
    assert row["actors"] == ["Antony Blinken"] and row["recipients"] == ["Sergei Lavrov"]
    assert row["evidence"].startswith("Antony Blinken met")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"since": "2022-02-01"}, ["ASSAULT", "PROTEST"]),
        # A month-precise event overlaps a range inside its month; an undated one takes its
        # article's day.
        ({"until": "2022-01-20"}, ["CONSULT", "MOBILIZE"]),
        (
            {"since": "2022-01-21", "until": "2022-01-21"},
            ["ASSAULT", "CONSULT", "MOBILIZE", "THREATEN"],
        ),
        ({"actor": ["lavrov"]}, ["CONSULT"]),
        ({"actor": ["Q7184"]}, ["CONSULT"]),
        ({"actor": ["RUS"]}, ["ASSAULT", "ASSAULT", "CONSULT", "CONSULT", "MOBILIZE", "THREATEN"]),
        ({"country": ["UKR"]}, ["AID", "ASSAULT", "ASSAULT"]),
        ({"country": ["ua"]}, ["AID", "ASSAULT", "ASSAULT"]),
        ({"type": ["assault"]}, ["ASSAULT", "ASSAULT"]),
        ({"type": ["FIGHT"]}, ["ASSAULT", "ASSAULT"]),
        ({"status": ["asserted"]}, ["AID", "ASSAULT", "CONSULT", "PROTEST"]),
        ({"status": ["denied", "conditional"]}, ["ASSAULT", "THREATEN"]),
        ({"language": ["fr"]}, ["AID"]),
        ({"source": ["northernledger"]}, ["ASSAULT", "CONSULT", "MOBILIZE", "PROTEST"]),
        ({"source": ["Hexagone"]}, ["AID"]),
        ({"type": ["ASSAULT"], "status": ["asserted"]}, ["ASSAULT"]),
    ],
)
def test_store_query_events_filters(
    con: duckdb.DuckDBPyConnection, given: dict[str, object], expected: list[str]
) -> None:
    assert types(events(con, **given)) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"type": ["INVASION"]}, "not a PLOVER event type — one of AGREE"),
        ({"country": ["Narnia"]}, "not an ISO 3166-1 country code"),
        ({"since": "yesterday"}, "not a date — give YYYY-MM-DD"),
        ({"status": ["maybe"]}, "not a status — one of asserted"),
        ({"language": ["french"]}, "not an ISO 639-1 code"),
    ],
)
def test_store_query_bad_filter_values_say_what_is_accepted(
    given: dict[str, object], message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        Filters.parse(**given)  # type: ignore[arg-type]


def test_store_query_timeline_is_in_the_order_things_happened(
    con: duckdb.DuckDBPyConnection,
) -> None:
    rows = queries.timeline(con).to_pylist()
    days = [r["day"].isoformat() for r in rows]
    assert days == sorted(days) and days[0] == "2022-01-01" and days[-1] == "2022-02-26"
    assert all(r["evidence"] for r in rows)


def test_store_query_quotes_by_speaker_country_and_event(con: duckdb.DuckDBPyConnection) -> None:
    def count(**given: object) -> int:
        return queries.quotes(con, Filters.parse(**given)).num_rows  # type: ignore[arg-type]

    assert count() == 1
    assert count(actor=["biden"]) == 1 and count(actor=["putin"]) == 0
    assert count(country=["USA"]) == 1 and count(country=["RUS"]) == 0
    assert count(type=["THREATEN"]) == 1 and count(type=["CONSULT"]) == 0
    assert count(language=["fr"]) == 0


def test_store_query_actors_count_mentions_articles_and_roles(
    con: duckdb.DuckDBPyConnection,
) -> None:
    rows = {r["actor_id"]: r for r in queries.actors(con).to_pylist()}
    russia = rows["Q159"]
    assert russia["name"] == "Russia" and russia["articles"] == 2 and russia["mentions"] == 1
    assert russia["events_as_actor"] == 2 and russia["events_as_recipient"] == 2
    assert rows["name:civilians"]["events_as_recipient"] == 1


def test_store_query_actors_filters(con: duckdb.DuckDBPyConnection) -> None:
    def names(**given: object) -> list[str]:
        table = queries.actors(con, Filters.parse(**given))  # type: ignore[arg-type]
        return sorted(table.column("name").to_pylist())

    assert names(actor=["russia"]) == ["Russia", "Russian forces"]
    assert names(country=["RUS"]) == ["Russia", "Russian forces", "Sergei Lavrov"]
    assert names(type=["AID"]) == ["Ukraine", "United States"]
    assert names(language=["fr"]) == ["Ukraine", "United States"]


def test_store_query_limit(con: duckdb.DuckDBPyConnection) -> None:
    assert queries.events(con, limit=3).num_rows == 3


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("geneve", ["Blinken and Lavrov meet in Geneva"]),
        ("GENÈVE", ["Blinken and Lavrov meet in Geneva"]),
        ("president", ["Washington livre de l'aide à Kiev"]),
        ("naval drills", ["Naval drills and an attack"]),
        ('"heavy price"', ["Blinken and Lavrov meet in Geneva"]),
        ("Blinken Kiev", []),
        ("l’aide", ["Washington livre de l'aide à Kiev"]),
    ],
)
def test_store_search_is_case_and_accent_insensitive_and_needs_every_term(
    con: duckdb.DuckDBPyConnection, text: str, titles: list[str]
) -> None:
    assert search(con, text).column("title").to_pylist() == titles


def test_store_search_ranks_by_occurrences_and_shows_a_snippet(
    con: duckdb.DuckDBPyConnection,
) -> None:
    rows = search(con, "russia").to_pylist()
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert len(rows) == 2
    assert all("russia" in r["snippet"].lower() for r in rows)


def test_store_search_applies_article_filters(con: duckdb.DuckDBPyConnection) -> None:
    assert search(con, "russia", Filters.parse(language=["fr"])).num_rows == 0
    assert search(con, "russia", Filters.parse(since="2022-01-21")).num_rows == 1


def test_store_search_patterns_escape_regex_syntax() -> None:
    assert term_pattern("a.b") == r"(?i)[aàáâãäå]\.b"
    with pytest.raises(QueryError, match="empty"):
        search(duckdb.connect(), "   ")


# ---------------------------------------------------------------------------- commands


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_store_cli_events_json_and_csv(db: Path) -> None:
    result = run("events", "--db", str(db), "--type", "ASSAULT", "--format", "json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    rows = json.loads(result.stdout)  # type: ignore[attr-defined]
    assert [r["status"] for r in rows] == ["asserted", "denied"]  # by publication day
    result = run("timeline", "--db", str(db), "--format", "csv", "--country", "FRA")
    table = list(csv.DictReader(io.StringIO(result.stdout)))  # type: ignore[attr-defined]
    assert [r["type"] for r in table] == ["PROTEST"] and table[0]["actors"] == "Protesters"


def test_store_cli_table_format_shows_the_main_columns(db: Path) -> None:
    result = run("actors", "--db", str(db))
    assert result.exit_code == 0 and "Russia" in result.stdout  # type: ignore[attr-defined]
    result = run("search", "drills", "--db", str(db))
    assert result.exit_code == 0 and "Naval drills" in result.stdout  # type: ignore[attr-defined]
    result = run("quotes", "--db", str(db), "--format", "json")
    assert json.loads(result.stdout)[0]["speaker"] == "Joe Biden"  # type: ignore[attr-defined]


def test_store_cli_errors_are_one_line(db: Path, tmp_path: Path) -> None:
    result = run("events", "--db", str(db), "--type", "INVASION")
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert result.stderr.count("\n") == 1 and "not a PLOVER event type" in result.stderr  # type: ignore[attr-defined]
    result = run("events", "--db", str(tmp_path / "missing.duckdb"))
    assert result.exit_code == 2 and "run `dossier ingest" in result.stderr  # type: ignore[attr-defined]
