"""``dossier import-parquet`` without Spark: tables laid out as the Spark job writes them
(one folder per table, ``day=…`` partitions), made here by the job's own per-partition
functions with a light pipeline, then loaded into DuckDB stores."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from dossier.ingest.run import IngestOptions, ingest
from dossier.pipeline import PipelineConfig
from dossier.registry import build_pipeline
from dossier.runners.commands import import_parquet_command, spark_command
from dossier.runners.partition import (
    ARTICLE_TABLES,
    analyse_batches,
    output_schema,
    read_batches,
)
from dossier.store.reader import read_article
from dossier.store.schema import TABLES_BY_NAME

LIGHT = PipelineConfig(("dossier.clean.v1", "dossier.language.v1"))

RECORDS = [
    {
        "id": "w-1",
        "published": "2022-02-14",
        "source": "Lakeshore News Service",
        "text": "Leaders meet in Warsaw\nWARSAW, Feb. 14, 2022 — Leaders of Poland and the "
        "Baltic states met in Warsaw on Monday to discuss their eastern border.\n"
        "They agreed to hold a summit in Riga next month, officials said.",
    },
    {
        "id": "w-2",
        "published": "2022-02-15",
        "source": "Hexagone Presse",
        "text": "Sommet à Varsovie\nVARSOVIE, 15 février 2022 (Hexagone Presse) – Les "
        "dirigeants polonais et baltes se sont réunis lundi à Varsovie.\n"
        "Un sommet est prévu le mois prochain à Riga, selon des responsables.",
    },
    {
        "id": "w-3",
        "source": "Orbis Info Service",
        "text": "Talks continue\nDiplomats said on Tuesday that talks would continue in "
        "Vienna, without giving a date for the next round.",
    },
]


def write_spark_layout(records: list[dict[str, str]], source: Path, out: Path) -> None:
    """What ``dossier spark`` would write for a JSON Lines file of ``records``."""
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    files = pa.RecordBatch.from_pylist(
        [
            {
                "path": f"file:{source}",
                "content": source.read_bytes(),
                "source_idx": 0,
                "explicit": True,
            }
        ]
    )
    raw = list(read_batches([files], max_bytes=100_000))
    rows = [r for b in analyse_batches(raw, config=LIGHT) for r in b.to_pylist()]
    tables: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        for table in ARTICLE_TABLES:
            tables[table.name][row["day"]].extend(row[table.name])
        if row["input_row"]:
            tables["inputs"][row["day"]].append(row["input_row"])
    for name, days in tables.items():
        for day, table_rows in days.items():
            if not table_rows:
                continue
            folder = out / name / f"day={day}"
            folder.mkdir(parents=True)
            schema = output_schema(TABLES_BY_NAME[name])
            pq.write_table(pa.Table.from_pylist(table_rows, schema=schema), folder / "p.parquet")


def dump(db: Path, table: str, skip: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
    columns = [c for c in TABLES_BY_NAME[table].column_names if c not in skip]
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    source = tmp_path / "wire.jsonl"
    out = tmp_path / "tables"
    write_spark_layout(RECORDS, source, out)
    return source, out


def test_import_parquet_gives_the_rows_of_a_local_ingest(
    layout: tuple[Path, Path], tmp_path: Path
) -> None:
    source, out = layout
    result = CliRunner().invoke(import_parquet_command, [str(out), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert "articles 3" in result.output and "inputs 3" in result.output
    ingest([str(source)], IngestOptions(db=tmp_path / "l.db"), pipeline=build_pipeline(LIGHT))
    for table, skip in (("articles", ("ingested_at",)), ("inputs", ("first_seen", "last_seen"))):
        assert dump(tmp_path / "s.db", table, skip) == dump(tmp_path / "l.db", table, skip)
    assert dump(tmp_path / "s.db", "removed") == dump(tmp_path / "l.db", "removed")


def test_import_parquet_twice_replaces_rather_than_duplicates(
    layout: tuple[Path, Path], tmp_path: Path
) -> None:
    _, out = layout
    db = tmp_path / "s.db"
    for _ in range(2):
        assert (
            CliRunner().invoke(import_parquet_command, [str(out), "--db", str(db)]).exit_code == 0
        )
    articles = dump(db, "articles", ("ingested_at",))
    assert len(articles) == 3
    with duckdb.connect(str(db)) as con:
        first = read_article(con, articles[0][0])
    assert first.id == articles[0][0] and first.stages["clean"] == "dossier.clean.v1"


def test_import_parquet_refuses_a_folder_without_tables(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(
        import_parquet_command, [str(tmp_path / "empty"), "--db", str(tmp_path / "s.db")]
    )
    assert result.exit_code == 2
    assert "no table of dossier in it" in result.output and "--output" in result.output


def test_import_parquet_refuses_tables_of_another_shape(tmp_path: Path) -> None:
    folder = tmp_path / "tables" / "articles" / "day=2022-02-14"
    folder.mkdir(parents=True)
    pq.write_table(pa.table({"id": ["a"], "title": ["t"]}), folder / "p.parquet")
    result = CliRunner().invoke(
        import_parquet_command, [str(tmp_path / "tables"), "--db", str(tmp_path / "s.db")]
    )
    assert result.exit_code == 2
    assert "lack the columns" in result.output and "text" in result.output


def test_spark_command_refuses_a_conf_without_value() -> None:
    result = CliRunner().invoke(
        spark_command, ["in.jsonl", "--output", "out", "--conf", "spark.executor.memory"]
    )
    assert result.exit_code == 2
    assert "is not KEY=VALUE" in result.output
