from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from dossier.doc import RawArticle
from dossier.errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    MissingInputError,
)
from dossier.ingest import read_inputs


def read_all(*paths: Path | str, **kw: object) -> list[RawArticle | InputError]:
    return list(read_inputs([str(p) for p in paths], **kw))  # type: ignore[arg-type]


def test_ingest_plain_text_file_is_read_as_text(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Le président a parlé.", encoding="utf-8")
    (item,) = read_all(f)
    assert isinstance(item, RawArticle) and item.content_type == "text"
    assert item.data == f.read_bytes() and item.source == str(f)


def test_ingest_html_file_is_read_as_html(tmp_path: Path) -> None:
    f = tmp_path / "page.htm"
    f.write_text("<html><body><p>Hello</p></body></html>", encoding="utf-8")
    (item,) = read_all(f)
    assert isinstance(item, RawArticle) and item.content_type == "html"


def test_ingest_html_is_sniffed_on_stdin_and_unknown_suffixes(tmp_path: Path) -> None:
    f = tmp_path / "download"
    f.write_text("<!DOCTYPE html><html><body><p>x</p></body></html>", encoding="utf-8")
    (item,) = read_all(f)
    assert isinstance(item, RawArticle) and item.content_type == "html"


def test_ingest_jsonl_gives_one_article_per_line_with_metadata(tmp_path: Path) -> None:
    f = tmp_path / "dump.jsonl"
    lines = [
        {
            "id": "a1",
            "text": "Premier article.",
            "published": "2022-01-21",
            "language": "fr",
            "url": "https://x.example/1",
            "source": "X",
            "title": "Titre",
        },
        {"id": "a2", "html": "<p>Second</p>"},
    ]
    f.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    first, second = read_all(f)
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert (first.published, first.language, first.site, first.title, first.id) == (
        "2022-01-21",
        "fr",
        "X",
        "Titre",
        "a1",
    )
    assert second.content_type == "html" and "(id a2)" in second.source


def test_ingest_invalid_jsonl_line_is_reported_and_the_others_still_come(tmp_path: Path) -> None:
    f = tmp_path / "dump.jsonl"
    f.write_text(
        '{"text": "un"}\n{not json\n["a list"]\n{"title": "no body"}\n{"text": "deux"}\n',
        encoding="utf-8",
    )
    items = read_all(f)
    assert [type(i).__name__ for i in items] == [
        "RawArticle",
        "InvalidRecordError",
        "InvalidRecordError",
        "InvalidRecordError",
        "RawArticle",
    ]
    assert str(items[1]).startswith(f"{f}:2: not valid JSON")
    assert '"text" or "html"' in str(items[3])


def test_ingest_directory_is_read_recursively_by_extension(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Un.", encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text("<p>Deux</p>", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    items = read_all(tmp_path)
    assert sorted(Path(i.source).name for i in items) == ["a.txt", "b.html"]


def test_ingest_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    (item,) = read_all(tmp_path / "nope.txt")
    assert isinstance(item, MissingInputError) and "no such file" in str(item)


def test_ingest_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_text("  \n\n", encoding="utf-8")
    (item,) = read_all(f)
    assert isinstance(item, EmptyInputError) and str(f) in str(item)


@pytest.mark.parametrize("data", [gzip.compress(b"hello"), b"%PDF-1.7 ...", b"abc\x00\x01\x02def"])
def test_ingest_binary_file_is_a_clear_error(tmp_path: Path, data: bytes) -> None:
    f = tmp_path / "thing.txt"
    f.write_bytes(data)
    (item,) = read_all(f)
    assert isinstance(item, BinaryInputError)


def test_ingest_file_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_bytes(b"a" * 2000)
    (item,) = read_all(f, max_bytes=1000)
    assert isinstance(item, InputTooLargeError) and "--max-bytes" in str(item)


def test_ingest_cli_metadata_overrides_fill_every_article(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Texte.", encoding="utf-8")
    (item,) = read_all(f, published="2022-01-21", language="fr", url="https://x.example/a")
    assert isinstance(item, RawArticle)
    assert (item.published, item.language, item.url) == ("2022-01-21", "fr", "https://x.example/a")
