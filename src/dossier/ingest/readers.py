"""Turn paths into ``RawArticle`` objects, or into ``InputError`` values that name the input.

Readers never raise for a bad article: they yield the error in its place, so that a batch
can go on and report every failure at the end. Bytes are kept raw; decoding happens in the
clean stage so that the raw SHA-256 is of what was actually read.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any

from ..doc import ContentType, RawArticle
from ..errors import (
    BinaryInputError,
    EmptyInputError,
    InputError,
    InputTooLargeError,
    InvalidRecordError,
    MissingInputError,
)

# 20 MB: ten times the largest news page in the Scrapinghub benchmark; configurable with
# --max-bytes because some WARC-extracted pages embed megabytes of inline scripts.
DEFAULT_MAX_BYTES = 20_000_000

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# Magic numbers of formats people drop into article folders by mistake.
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (docx/xlsx/epub?)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "an executable",
}

_JSONL_FIELDS = ("id", "url", "published", "language", "source", "title", "author")


def read_inputs(
    paths: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    published: str | None = None,
    language: str | None = None,
    url: str | None = None,
) -> Iterator[RawArticle | InputError]:
    """Every article under ``paths`` ('-' is standard input), with CLI metadata applied."""
    for path in paths:
        for item in read_path(path, max_bytes=max_bytes):
            if isinstance(item, RawArticle):
                yield _override(item, published=published, language=language, url=url)
            else:
                yield item


def _override(raw: RawArticle, **values: str | None) -> RawArticle:
    given = {k: v for k, v in values.items() if v is not None}
    return replace(raw, **given) if given else raw  # type: ignore[arg-type]


def read_path(
    path: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[RawArticle | InputError]:
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        yield from from_bytes(data, "<stdin>", sniff=True, max_bytes=max_bytes)
        return
    p = Path(path)
    if not p.exists():
        yield MissingInputError(path, "no such file or directory", "check the path and try again")
        return
    if p.is_dir():
        files = sorted(
            f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
        )
        if not files:
            yield MissingInputError(
                path,
                "directory holds no article files",
                f"put files ending in {', '.join(sorted(ARTICLE_SUFFIXES))} in it",
            )
        for f in files:
            yield from _read_file(f, max_bytes=max_bytes)
        return
    yield from _read_file(p, max_bytes=max_bytes)


def _read_file(path: Path, *, max_bytes: int) -> Iterator[RawArticle | InputError]:
    name = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        yield InputTooLargeError(
            name,
            f"{size:,} bytes is over the limit of {max_bytes:,}",
            "split the file, or raise the limit with --max-bytes",
        )
        return
    data = path.read_bytes()
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl(data, name)
        return
    yield from from_named_bytes(data, name, max_bytes=max_bytes)


def from_named_bytes(
    data: bytes, name: str, *, max_bytes: int
) -> Iterator[RawArticle | InputError]:
    """:func:`from_bytes` for a text or HTML file: its suffix says which, else the bytes."""
    suffix = PurePosixPath(name).suffix.lower()
    yield from from_bytes(
        data,
        name,
        sniff=suffix not in HTML_SUFFIXES | TEXT_SUFFIXES,
        max_bytes=max_bytes,
        html=suffix in HTML_SUFFIXES,
    )


def from_bytes(
    data: bytes, name: str, *, sniff: bool, max_bytes: int, html: bool = False
) -> Iterator[RawArticle | InputError]:
    """One article from the bytes of a text or HTML input named ``name``, or why not (too
    large, empty, binary). ``sniff`` looks for HTML markup when the name does not say."""
    if len(data) > max_bytes:
        yield InputTooLargeError(
            name,
            f"more than {max_bytes:,} bytes",
            "split the input, or raise the limit with --max-bytes",
        )
        return
    problem = check_bytes(data, name)
    if problem is not None:
        yield problem
        return
    kind: ContentType = "html" if html or (sniff and looks_like_html(data)) else "text"
    yield RawArticle(data=data, source=name, content_type=kind)


def check_bytes(data: bytes, name: str) -> InputError | None:
    """Empty or binary inputs, detected before any decoding is attempted."""
    if not data.strip():
        return EmptyInputError(
            name, "the input is empty", "give a file that contains the article text"
        )
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            return BinaryInputError(
                name, f"this is {what}, not text or HTML", "convert it to text or HTML first"
            )
    head = data[:4096]
    # UTF-16/32 text has NULs too, but starts with a byte-order mark; the decoder handles it.
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return BinaryInputError(
            name,
            "the input contains NUL bytes: it is binary, not text",
            "give a text, HTML or JSON Lines file",
        )
    return None


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or (
        b"<body" in head or b"<p>" in head or b"<div" in head
    )


def read_jsonl(data: bytes, name: str) -> Iterator[RawArticle | InputError]:
    """Every article of a JSON Lines file, each line named ``name:line``; a bad line is an
    error of its own and the others go on."""
    lines = data.splitlines()
    if not any(line.strip() for line in lines):
        yield EmptyInputError(name, "the JSON Lines file is empty", "put one JSON article per line")
        return
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        source = f"{name}:{number}"
        try:
            yield jsonl_record(line, source)
        except InvalidRecordError as exc:
            yield exc


def jsonl_record(line: bytes, source: str) -> RawArticle:
    """The article of one JSON Lines record; ``InvalidRecordError`` says what to fix."""
    fix = (
        'each line must be one JSON object with a "text" or "html" string, and optional '
        '"id", "url", "published", "language", "source", "title"'
    )
    try:
        obj: Any = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidRecordError(source, f"not valid JSON ({exc})", fix) from None
    if not isinstance(obj, dict):
        raise InvalidRecordError(source, f"a JSON {type(obj).__name__}, not an object", fix)
    body_key = "html" if isinstance(obj.get("html"), str) and not obj.get("text") else "text"
    body = obj.get(body_key)
    if not isinstance(body, str) or not body.strip():
        raise InvalidRecordError(source, 'no non-empty "text" or "html" field', fix)
    meta: dict[str, str | None] = {}
    for key in _JSONL_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str | int):
            raise InvalidRecordError(source, f'field "{key}" is a {type(value).__name__}', fix)
        meta[key] = None if value is None else str(value)
    if meta["id"]:
        source = f"{source} (id {meta['id']})"
    return RawArticle(
        data=body.encode("utf-8"),
        source=source,
        content_type="html" if body_key == "html" else "text",
        encoding="utf-8",
        url=meta["url"],
        published=meta["published"],
        language=meta["language"],
        title=meta["title"],
        author=meta["author"],
        site=meta["source"],
        id=meta["id"],
    )
