"""The per-partition work of the Spark runner, without Spark: reading, naming, read order,
schemas, and the analysis rows (with a light pipeline: clean and language, no models)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow as pa
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dossier.doc import RawArticle
from dossier.errors import InputError, InvalidRecordError
from dossier.ingest.readers import read_path
from dossier.ingest.warc import Ignored
from dossier.pipeline import PipelineConfig
from dossier.runners.partition import (
    ANALYSED_SCHEMA,
    BOOKKEEPING,
    RAW_SCHEMA,
    RUN_TABLES,
    UNDATED,
    analyse_batches,
    local_name,
    output_schema,
    parquet_record,
    path_key,
    read_batches,
    read_file,
    worker_pipeline,
)

LIGHT = PipelineConfig(("dossier.clean.v1", "dossier.language.v1"))

EN = (
    "Ministers meet in Vienna\n"
    "VIENNA, March 3, 2022 — Foreign ministers met in Vienna on Thursday to discuss the "
    "crisis on the border. The talks lasted two hours and ended without agreement.\n"
    "Both sides agreed to meet again next week, according to a joint statement."
)
FR = (
    "Les ministres se retrouvent à Vienne\n"
    "VIENNE, 3 mars 2022 (Hexagone Presse) – Les ministres des Affaires étrangères se sont "
    "retrouvés jeudi à Vienne pour évoquer la crise à la frontière.\n"
    "Les deux délégations ont convenu de se revoir la semaine prochaine."
)


def jsonl(*records: dict[str, str]) -> bytes:
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()


def test_local_name_strips_only_the_file_scheme() -> None:
    assert local_name("file:/data/wire/en.jsonl") == "/data/wire/en.jsonl"
    assert local_name("file:///data/wire/en.jsonl") == "/data/wire/en.jsonl"
    assert local_name("hdfs://nn:8020/wire/en.jsonl") == "hdfs://nn:8020/wire/en.jsonl"


def test_path_key_sorts_like_local_paths() -> None:
    names = ["/c/a-b/x.txt", "/c/a/z.txt", "/c/a/y/w.txt", "/c/ab.txt"]
    assert sorted(names, key=path_key) == [str(p) for p in sorted(Path(n) for n in names)]


def test_read_file_names_jsonl_records_as_the_local_reader(tmp_path: Path) -> None:
    data = jsonl(
        {"id": "a1", "text": EN, "published": "2022-03-03"},
        {"text": FR, "url": "https://hexagone.example/vienne"},
    )
    path = tmp_path / "wire.jsonl"
    path.write_bytes(data + b"\n{broken\n")
    ours = list(read_file(data + b"\n{broken\n", str(path), max_bytes=10_000))
    local = list(read_path(str(path)))
    assert [type(i) for i in ours] == [RawArticle, RawArticle, InvalidRecordError]
    assert [str(i) if isinstance(i, InputError) else i for i in ours] == [
        str(i) if isinstance(i, InputError) else i for i in local
    ]


def test_read_file_limits_each_jsonl_record_not_the_whole_dump() -> None:
    data = jsonl({"id": "a", "text": EN}, {"id": "b", "text": EN + " " + "x" * 2000})
    items = list(read_file(data, "big.jsonl", max_bytes=1000))
    assert isinstance(items[0], RawArticle)
    assert isinstance(items[1], InputError) and "more than 1,000 bytes" in str(items[1])


def test_read_file_reads_warc_records_and_reports_the_others() -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, status, kind, body in (
        ("https://orbis.example/a", 200, "text/html", f"<html><p>{EN}</p></html>".encode()),
        ("https://orbis.example/logo.png", 200, "image/png", b"\x89PNG"),
    ):
        headers = StatusAndHeaders(f"{status} OK", [("Content-Type", kind)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
        )
        writer.write_record(record)
    items = list(read_file(out.getvalue(), "/crawl/a.warc.gz", max_bytes=100_000))
    assert isinstance(items[0], RawArticle) and items[0].url == "https://orbis.example/a"
    assert "(in /crawl/a.warc.gz at byte 0)" in items[0].source
    assert isinstance(items[1], Ignored) and "image/png" in items[1].reason


def test_parquet_record_is_checked_like_a_jsonl_line() -> None:
    raw = parquet_record(
        {"id": "p-7", "text": FR, "published": "2022-03-03", "html": None}, "/d/a.parquet", 6
    )
    assert isinstance(raw, RawArticle)
    assert raw.source == "/d/a.parquet:7 (id p-7)" and raw.id == "p-7"
    bad = parquet_record({"id": "p-8", "text": "  "}, "/d/a.parquet", 7)
    assert isinstance(bad, InvalidRecordError) and "/d/a.parquet:8" in str(bad)


def test_output_schema_is_the_store_schema_less_bookkeeping() -> None:
    for table in RUN_TABLES:
        full = table.arrow_schema()
        ours = output_schema(table)
        dropped = set(BOOKKEEPING.get(table.name, ()))
        assert ours.names == [n for n in full.names if n not in dropped]
        assert all(ours.field(n).type == full.field(n).type for n in ours.names)


def _files(*files: tuple[str, bytes, bool]) -> list[pa.RecordBatch]:
    return [
        pa.RecordBatch.from_pylist(
            [{"path": p, "content": c, "source_idx": 0, "explicit": e} for p, c, e in files]
        )
    ]


def test_read_batches_keeps_article_files_in_local_read_order() -> None:
    batches = _files(
        ("file:/in/notes/a.txt", EN.encode(), False),
        ("file:/in/logo.png", b"\x89PNG", False),
        ("file:/in/wire.jsonl", jsonl({"id": "x", "text": FR}), False),
    )
    (out,) = list(read_batches(batches, max_bytes=100_000))
    assert out.schema == RAW_SCHEMA
    rows = out.to_pylist()
    assert [r["input"] for r in rows] == ["/in/notes/a.txt", "/in/wire.jsonl:1 (id x)"]
    assert [r["locator"] for r in rows] == ["/in/notes/a.txt", "/in/wire.jsonl#x"]
    assert all(r["outcome"] == "raw" and r["fingerprint"] for r in rows)


@pytest.fixture(scope="module")
def analysed() -> list[dict[str, object]]:
    batches = _files(
        ("file:/in/wire.jsonl", jsonl({"id": "v", "text": EN, "published": "2022-03-03"}), True),
        ("file:/in/empty.txt", b"   ", True),
        ("file:/in/vienne.txt", FR.encode(), True),
    )
    raw = list(read_batches(batches, max_bytes=100_000))
    out = list(analyse_batches(raw, config=LIGHT))
    assert all(b.schema == ANALYSED_SCHEMA for b in out)
    return [row for b in out for row in b.to_pylist()]


def test_analyse_batches_makes_the_rows_of_the_store(analysed: list[dict[str, object]]) -> None:
    article, skip, dateless = analysed
    assert article["outcome"] == "article" and article["day"] == "2022-03-03"
    (head,) = article["articles"]  # type: ignore[misc]
    assert head["id"] == article["article_id"] and head["input"] == "/in/wire.jsonl:1 (id v)"
    assert head["pipeline"] == ",".join(LIGHT.stages) and "ingested_at" not in head
    assert article["input_row"]["locator"] == "/in/wire.jsonl#v"  # type: ignore[index]
    assert skip["outcome"] == "skip"
    assert skip["skip_row"]["error"] == "EmptyInputError"  # type: ignore[index]
    assert dateless["outcome"] == "article" and dateless["day"] in {"2022-03-03", UNDATED}


def test_worker_pipeline_is_built_once_per_config() -> None:
    first = worker_pipeline(LIGHT)
    assert worker_pipeline(PipelineConfig(tuple(LIGHT.stages))) is first
    other = worker_pipeline(PipelineConfig(("dossier.clean.v1",)))
    assert other is not first and other.stage_names == ["clean"]
