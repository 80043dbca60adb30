"""Every export written from a store of hand-made records, read back and checked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import networkx as nx
import pycountry
import pytest
from click.testing import CliRunner

from dossier.cli import main
from dossier.export import export
from dossier.export.acled import ACLED_COLUMNS, COLUMNS
from dossier.export.countries import crosswalk
from dossier.export.gdelt import GDELT_COLUMNS, sidecar_path
from dossier.store.database import open_store
from dossier.store.errors import ExportError
from dossier.store.filters import Filters
from dossier.store.schema import TABLES

from .test_store_writer import corpus, store_of


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store_of(tmp_path_factory.mktemp("x") / "store.duckdb", corpus())


@pytest.fixture
def con(db: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_store(db, read_only=True)
    yield connection
    connection.close()


def test_export_plover_jsonl_has_plover_fields_and_ours(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "events.jsonl"
    result = export(con, "plover", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert result.rows == len(records) == 8
    talks = next(r for r in records if r["event"] == ["CONSULT"] and r["event_loc"])
    assert (
        talks["date"] == "2022-01-21" and talks["quad_code"] == 1 and talks["mode"] == "third-party"
    )
    assert talks["event_loc"]["cc3"] == "CHE" and talks["event_loc"]["country code"] == "CH"
    assert talks["source"][0] == {
        "code": "USA",
        "sector": "GOV",
        "actor_text": "Antony Blinken",
        "identifier_id": "Q7105544",
        "identifier_text": "Antony Blinken",
        "country": "USA",
    }
    assert talks["event_text"] == ["Antony Blinken met Sergei Lavrov in Genève on Friday."]
    assert talks["cite_info"]["codebook"].startswith("plover")
    shelling = next(r for r in records if r["mode"] == "heavy-weapons")
    assert shelling["size"] == {"dead": 3}
    denied = next(r for r in records if r["status"] == "denied")
    assert denied["dated_by_article"] and denied["date"] == "2022-01-21"
    assert len({r["id"] for r in records}) == 8


def test_export_acled_csv_has_acled_columns_then_ours_and_only_events_that_happened(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "events.csv"
    result = export(con, "acled", out)
    table = duckdb.read_csv(str(out), all_varchar=True).fetch_arrow_table()
    assert tuple(table.column_names) == COLUMNS and COLUMNS[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    rows = {r["plover_type"] + ":" + r["status"]: r for r in table.to_pylist()}
    assert sorted(rows) == [
        "AID:asserted",
        "ASSAULT:asserted",
        "CONSULT:asserted",
        "CONSULT:reported",
        "PROTEST:asserted",
    ]
    assert result.notes and "--status" in result.notes[0]
    shelling = rows["ASSAULT:asserted"]
    assert (shelling["event_type"], shelling["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert shelling["fatalities"] == "3" and shelling["civilian_targeting"] == "Civilian targeting"
    assert (
        shelling["inter1"] == "8" and shelling["inter2"] == "7" and shelling["interaction"] == "78"
    )
    assert shelling["iso"] == "804" and shelling["country"] == "Ukraine"
    assert shelling["event_id_cnty"].startswith("UKR") and shelling["geo_precision"] == "1"
    protest = rows["PROTEST:asserted"]
    assert (protest["event_type"], protest["inter1"]) == ("Protests", "6")
    assert protest["notes"] == "Protesters marched in Paris against the war."
    talks = rows["CONSULT:asserted"]
    assert talks["event_type"] == "Strategic developments" and talks["fatalities"] == "0"


def test_export_acled_status_filter_replaces_the_default(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "denied.csv"
    result = export(con, "acled", out, Filters.parse(status=["denied"]))
    assert result.rows == 1 and not result.notes


def test_export_gdelt_tsv_has_the_61_columns_and_a_sidecar(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "events.tsv"
    result = export(con, "gdelt", out)
    assert len(GDELT_COLUMNS) == 61 and result.rows == 5
    table = duckdb.read_csv(
        str(out), delimiter="\t", header=False, names=list(GDELT_COLUMNS), all_varchar=True
    ).fetch_arrow_table()
    rows = {r["EventCode"]: r for r in table.to_pylist()}
    aid = rows["072"]
    assert (aid["EventRootCode"], aid["QuadClass"], aid["Actor1Code"]) == ("07", "2", "USAGOV")
    assert aid["Actor2CountryCode"] == "UKR" and aid["ActionGeo_CountryCode"] == "UP"
    assert aid["ActionGeo_Type"] == "4" and aid["ActionGeo_FullName"] == "Kiev, Ukraine"
    assert aid["SQLDATE"] == "20220122" and aid["SOURCEURL"] == "https://hexagone.example/aide-kiev"
    assert rows["044"]["ActionGeo_CountryCode"] == "SZ" and rows["044"]["IsRootEvent"] == "1"
    assert rows["194"]["GoldsteinScale"] == "-10.0"
    side = duckdb.read_csv(str(sidecar_path(out)), delimiter="\t", all_varchar=True)
    ids = {r["GLOBALEVENTID"]: r for r in side.fetch_arrow_table().to_pylist()}
    assert set(ids) == set(table.column("GLOBALEVENTID").to_pylist())
    assert ids[aid["GLOBALEVENTID"]]["plover_type"] == "AID"


def test_export_parquet_writes_one_file_per_table(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "parquet"
    export(con, "parquet", out)
    for table in TABLES:
        path = out / f"{table.name}.parquet"
        stored = con.execute(f"SELECT count(*) FROM {table.name}").fetchone()
        assert duckdb.sql(f"SELECT count(*) FROM '{path}'").fetchone() == stored, table.name
    columns = duckdb.sql(f"SELECT * FROM '{out / 'events.parquet'}'").columns
    assert columns[:3] == ["article_id", "idx", "event_id"]


def test_export_parquet_filters_articles_and_events_consistently(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "fr"
    export(con, "parquet", out, Filters.parse(language=["fr"]))

    def count(name: str) -> int:
        row = duckdb.sql(f"SELECT count(*) FROM '{out / name}.parquet'").fetchone()
        return int(row[0]) if row else -1

    assert (count("articles"), count("events"), count("inputs"), count("quotes")) == (1, 1, 1, 0)
    export(con, "parquet", out, Filters.parse(type=["ASSAULT"]))
    assert (count("events"), count("evidence"), count("articles")) == (2, 2, 3)


def test_export_gexf_is_read_back_by_networkx(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "actors.gexf"
    export(con, "gexf", out)
    graph = nx.read_gexf(out)
    assert graph.is_directed() and graph.number_of_nodes() == 9 and graph.number_of_edges() == 6
    assert graph.nodes["Q159"]["label"] == "Russia" and graph.nodes["Q159"]["country"] == "RUS"
    assert graph.nodes["Q159"]["events"] == 4 and graph.nodes["Q7184"]["code"] == "IGO"
    edges = {(u, v, d["type"]): d for u, v, d in graph.edges(data=True)}
    talks = edges[("Q7105544", "Q155181", "CONSULT")]
    assert talks["weight"] == 1.0 and talks["statuses"] == "asserted:1" and talks["quad"] == 1
    assert ("name:russian forces", "name:civilians", "ASSAULT") in edges


def test_export_geojson_leaves_out_events_without_coordinates(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "events.geojson"
    result = export(con, "geojson", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and result.rows == len(data["features"]) == 4
    assert "4 events without coordinates left out" in result.notes[0]
    kiev = next(f for f in data["features"] if f["properties"]["location"] == "Kiev")
    assert kiev["geometry"] == {"type": "Point", "coordinates": [30.52, 50.45]}
    assert kiev["properties"]["precision"] == "city" and not kiev["properties"]["centroid"]


def test_export_geojson_centroids_are_flagged(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    out = tmp_path / "events.geojson"
    result = export(con, "geojson", out, centroids=True)
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    centred = [f for f in features if f["properties"]["centroid"]]
    assert result.rows == 5 and len(centred) == 1
    drills = centred[0]["properties"]
    assert drills["type"] == "MOBILIZE" and drills["precision"] == "country"


def test_export_to_a_missing_folder_is_a_clear_error(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="does not exist — create it first"):
        export(con, "plover", tmp_path / "nowhere" / "x.jsonl")
    with pytest.raises(ExportError, match="give a folder"):
        (tmp_path / "file").write_text("")
        export(con, "parquet", tmp_path / "file")


def test_export_cli_writes_and_reports_what_it_left_out(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.csv"
    result = CliRunner().invoke(
        main,
        ["export", "--format", "acled", "--out", str(out), "--db", str(db), "--country", "UKR"],
    )
    assert result.exit_code == 0, result.output
    assert "wrote 2 events" in result.stdout and "--status" in result.stdout
    result = CliRunner().invoke(
        main, ["export", "--format", "gexf", "--out", str(tmp_path), "--db", str(db)]
    )
    assert result.exit_code == 2 and "this is a folder" in result.stderr


def test_export_crosswalk_covers_every_iso_country_and_fips_is_unique() -> None:
    countries = crosswalk()
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in countries.by_iso3]
    assert missing == []
    assert countries.fips("UKR") == "UP" and countries.fips("RUS") == "RS"
    assert countries.fips("CHE") == "SZ" and countries.fips("GBR") == "UK"
    assert countries.by_fips["GZ"].iso3 == "PSE" and countries.iso3("gb") == "GBR"
    fips_rows = [c for c in countries.by_fips.values()]
    assert len({c.fips for c in fips_rows}) == len(fips_rows)
