"""Ingesting local sources into the store with a light pipeline (clean + language, no
models): folders, JSON Lines, WARC files, feeds; reruns, updates, skips, --since."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dossier import load_pipeline
from dossier.ingest.run import IngestOptions, IngestSummary, estimate_total, ingest
from dossier.pipeline import Pipeline

LIGHT = ("dossier.clean.v1", "dossier.language.v1")

ARTICLE_EN = (
    "Ministers meet in Geneva\n"
    "Foreign ministers met in Geneva on Friday to discuss the crisis on the border. "
    "The talks lasted ninety minutes and ended without agreement, officials said.\n"
    "Both sides agreed to keep talking next week, according to a statement."
)
ARTICLE_FR = (
    "Les ministres se rencontrent à Genève\n"
    "Les ministres des Affaires étrangères se sont rencontrés vendredi à Genève pour parler "
    "de la crise à la frontière. Les discussions ont duré quatre-vingt-dix minutes.\n"
    "Les deux parties ont convenu de poursuivre le dialogue la semaine prochaine."
)


def page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
        "<footer>© The Example Times</footer></body></html>"
    )


@pytest.fixture(scope="module")
def light() -> Pipeline:
    return load_pipeline(LIGHT)


def run(
    sources: Sequence[str | Path], db: Path, pipeline: Pipeline, **options: Any
) -> IngestSummary:
    return ingest([str(s) for s in sources], IngestOptions(db=db, **options), pipeline=pipeline)


def count(db: Path, table: str) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def write_warc(path: Path, records: Sequence[tuple[str, int, str, bytes]]) -> Path:
    """A gzipped WARC: a request record, then one response per (url, status, type, body)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, status, content_type, body in records:
            request = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                length=0,
                http_headers=StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True),
            )
            writer.write_record(request)
            headers = StatusAndHeaders(
                f"{status} OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),  # given, or warcio spools (and leaks) a temporary file
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2022-01-21T12:00:00Z"},
            )
            writer.write_record(record)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "geneva_en.txt").write_text(ARTICLE_EN, encoding="utf-8")
    (src / "geneve_fr.html").write_text(page("Genève", ARTICLE_FR), encoding="utf-8")
    dump = [
        {
            "id": "j1",
            "text": ARTICLE_EN.replace("Friday", "Monday"),
            "published": "2022-01-24",
            "url": "https://wire.example/j1",
            "language": "en",
        },
        {"id": "j2", "text": ARTICLE_FR.replace("vendredi", "lundi"), "published": "2022-01-24"},
    ]
    (src / "dump.jsonl").write_text("\n".join(json.dumps(d) for d in dump) + "\n", encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (src / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    return src


def test_ingest_local_folder_is_stored_and_bad_inputs_are_skipped_with_stage_and_reason(
    folder: Path, tmp_path: Path, light: Pipeline
) -> None:
    db = tmp_path / "s.duckdb"
    summary = run([folder], db, light)
    assert summary.counts["new"] == 4 and summary.stored == 4
    assert dict(summary.skipped) == {
        "read: EmptyInputError": 1,
        "read: BinaryInputError": 1,
        "clean: NoArticleError": 1,
    }
    assert count(db, "articles") == 4 and count(db, "inputs") == 4
    skips = {r[0]: r[1:] for r in rows(db, "SELECT error, stage, input, reason FROM skips")}
    assert skips["NoArticleError"][0] == "clean" and skips["NoArticleError"][1].endswith(
        "menu.html"
    )
    assert "empty" in skips["EmptyInputError"][2] and "—" in skips["EmptyInputError"][2]
    assert rows(db, "SELECT locator FROM inputs WHERE locator LIKE '%#j2'")  # JSONL: path#id
    assert rows(db, "SELECT url FROM articles WHERE url = 'https://wire.example/j1'")


def test_ingest_local_rerun_changes_nothing(folder: Path, tmp_path: Path, light: Pipeline) -> None:
    db = tmp_path / "s.duckdb"
    run([folder], db, light)
    before = {t: count(db, t) for t in ("articles", "inputs", "removed", "skips")}
    summary = run([folder], db, light)
    assert summary.counts["unchanged"] == 4 and summary.stored == 0
    assert {t: count(db, t) for t in before} == before
    assert rows(db, "SELECT DISTINCT attempts FROM skips") == [(2,)]


def test_ingest_local_a_changed_file_is_an_update(
    folder: Path, tmp_path: Path, light: Pipeline
) -> None:
    db = tmp_path / "s.duckdb"
    run([folder], db, light)
    old = rows(db, "SELECT article_id FROM inputs WHERE locator LIKE '%geneva_en.txt'")
    (folder / "geneva_en.txt").write_text(
        ARTICLE_EN + "\nA correction was added.", encoding="utf-8"
    )
    summary = run([folder], db, light)
    assert summary.counts["updated"] == 1 and summary.counts["unchanged"] == 3
    assert count(db, "articles") == 4
    assert not rows(db, f"SELECT 1 FROM articles WHERE id = '{old[0][0]}'")


def test_ingest_local_jsonl_records_keep_their_identity_when_the_dump_is_reordered(
    folder: Path, tmp_path: Path, light: Pipeline
) -> None:
    db = tmp_path / "s.duckdb"
    run([folder / "dump.jsonl"], db, light)
    lines = (folder / "dump.jsonl").read_text(encoding="utf-8").splitlines()
    (folder / "dump.jsonl").write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    summary = run([folder / "dump.jsonl"], db, light)
    assert summary.counts["unchanged"] == 2 and summary.stored == 0


def test_ingest_local_new_metadata_for_the_same_text_is_reanalysed(
    folder: Path, tmp_path: Path, light: Pipeline
) -> None:
    db = tmp_path / "s.duckdb"
    run([folder / "dump.jsonl"], db, light)
    records = [json.loads(line) for line in (folder / "dump.jsonl").read_text().splitlines()]
    records[0]["published"] = "2022-01-25"
    (folder / "dump.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    summary = run([folder / "dump.jsonl"], db, light)
    assert summary.counts["unchanged"] == 1
    assert summary.counts["reanalysed"] + summary.counts["updated"] == 1


def test_ingest_local_since_leaves_out_older_articles(tmp_path: Path, light: Pipeline) -> None:
    dump = tmp_path / "d.jsonl"
    records = [
        {"id": "old", "text": ARTICLE_EN, "published": "2021-12-31"},
        {"id": "new", "text": ARTICLE_FR, "published": "2022-01-02"},
        {"id": "undated", "text": ARTICLE_EN + "\nMore."},
    ]
    dump.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    summary = run([dump], tmp_path / "s.duckdb", light, since=dt.date(2022, 1, 1))
    assert summary.counts["older"] == 1 and summary.counts["new"] == 2  # undated: kept


def test_ingest_local_warc_responses_are_articles_the_rest_is_ignored(
    tmp_path: Path, light: Pipeline
) -> None:
    warc = write_warc(
        tmp_path / "crawl.warc.gz",
        [
            (
                "https://news.example/geneva",
                200,
                "text/html; charset=utf-8",
                page("Geneva", ARTICLE_EN).encode(),
            ),
            ("https://news.example/geneve", 200, "text/html", page("Genève", ARTICLE_FR).encode()),
            ("https://news.example/logo.png", 200, "image/png", b"\x89PNG...."),
            ("https://news.example/gone", 404, "text/html", b"<html>not found</html>"),
        ],
    )
    db = tmp_path / "s.duckdb"
    summary = run([warc], db, light)
    assert summary.counts["new"] == 2
    assert dict(summary.ignored) == {"not an article: image/png": 1, "HTTP status 404": 1}
    assert sorted(r[0] for r in rows(db, "SELECT locator FROM inputs")) == [
        "https://news.example/geneva",
        "https://news.example/geneve",
    ]
    assert rows(db, "SELECT DISTINCT fetched_at FROM inputs") == [("2022-01-21T12:00:00Z",)]
    assert run([warc], db, light).counts["unchanged"] == 2


def test_ingest_local_a_newer_capture_of_a_url_is_an_update(
    tmp_path: Path, light: Pipeline
) -> None:
    url = "https://news.example/geneva"
    first = write_warc(
        tmp_path / "a.warc.gz", [(url, 200, "text/html", page("G", ARTICLE_EN).encode())]
    )
    second = write_warc(
        tmp_path / "b.warc.gz",
        [(url, 200, "text/html", page("G", ARTICLE_EN + "\nUpdate: more.").encode())],
    )
    db = tmp_path / "s.duckdb"
    run([first], db, light)
    assert run([second], db, light).counts["updated"] == 1
    assert count(db, "articles") == 1


def test_ingest_local_broken_warc_files_are_skipped_not_fatal(
    tmp_path: Path, light: Pipeline
) -> None:
    good = write_warc(
        tmp_path / "good.warc.gz",
        [
            ("https://n.example/a", 200, "text/html", page("A", ARTICLE_EN).encode()),
            ("https://n.example/b", 200, "text/html", page("B", ARTICLE_FR).encode()),
        ],
    )
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(good.read_bytes()[:-200])  # in the middle of the last record
    not_warc = tmp_path / "notes.warc"
    not_warc.write_text("these are notes\n", encoding="utf-8")
    summary = run([cut, not_warc], tmp_path / "s.duckdb", light)
    assert summary.counts["new"] == 1 and summary.skipped["read: WarcError"] == 2


def test_ingest_local_feed_with_full_text_entries(tmp_path: Path, light: Pipeline) -> None:
    body = page("Geneva", (ARTICLE_EN + "\n") * 8)  # over FULL_TEXT_CHARS once sanitised
    feed = tmp_path / "news.rss"
    feed.write_text(
        f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>News</title>
<item><title>Geneva talks</title><link>https://news.example/geneva</link>
<pubDate>Fri, 21 Jan 2022 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[{body}]]></content:encoded></item>
<item><title>Teaser only</title><description>Short.</description></item>
</channel></rss>""",
        encoding="utf-8",
    )
    db = tmp_path / "s.duckdb"
    summary = run([feed], db, light)
    assert summary.counts["new"] == 1 and dict(summary.skipped) == {"fetch: FeedError": 1}
    assert rows(db, "SELECT url, published FROM articles") == [
        ("https://news.example/geneva", "2022-01-21T10:00:00Z")
    ]
    assert run([feed], db, light, since=dt.date(2022, 2, 1)).counts["older"] == 1


def test_ingest_local_estimate_counts_files_and_jsonl_lines(folder: Path, tmp_path: Path) -> None:
    assert estimate_total([str(folder)]) == 7  # 5 files, 2 JSON Lines records
    write_warc(tmp_path / "c.warc.gz", [])
    assert estimate_total([str(tmp_path / "c.warc.gz")]) is None
    assert estimate_total(["https://x.example/feed"]) is None


def test_ingest_local_summary_lines_name_every_count(
    folder: Path, tmp_path: Path, light: Pipeline
) -> None:
    text = "\n".join(run([folder], tmp_path / "s.duckdb", light).lines())
    for word in ("new", "duplicate", "updated", "reanalysed", "unchanged", "skipped"):
        assert word in text
    assert "clean: NoArticleError 1" in text and "see the skips table" in text


def test_ingest_local_ctrl_c_keeps_the_committed_batches_and_a_rerun_finishes(
    folder: Path, tmp_path: Path, light: Pipeline
) -> None:
    from dossier.ingest.progress import SilentReporter

    class Interrupting(SilentReporter):
        def committed(self, batch: int, stored: int, skipped: int, done: int) -> None:
            raise KeyboardInterrupt

    db = tmp_path / "s.duckdb"
    options = IngestOptions(db=db, batch_size=2)
    summary = ingest([str(folder)], options, pipeline=light, reporter=Interrupting())
    assert summary.interrupted and summary.batches == 1
    assert "rerun the same command" in summary.lines()[-1]
    stored = count(db, "articles")
    assert 0 < stored < 4
    again = run([folder], db, light)
    assert again.counts["new"] == 4 - stored and count(db, "articles") == 4


def test_ingest_cli_reports_and_exits_1_when_nothing_could_be_stored(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dossier.cli import main

    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "missing.txt"), "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert "skipped     1  (read: MissingInputError 1; see the skips table)" in result.stdout
    assert "missing.txt: no such file or directory — check the path" in result.stdout
    assert rows(db, "SELECT stage, error FROM skips") == [("read", "MissingInputError")]
    result = CliRunner().invoke(main, ["ingest", "x", "--db", str(tmp_path / "no" / "s.duckdb")])
    assert result.exit_code == 2 and "does not exist" in result.stderr
    result = CliRunner().invoke(main, ["ingest", "x", "--since", "soon", "--db", str(db)])
    assert result.exit_code == 2 and "--since 'soon' is not a date" in result.stderr
