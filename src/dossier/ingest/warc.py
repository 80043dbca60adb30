"""Articles out of WARC files (Common Crawl News, wget --warc, Browsertrix), gzipped or not.

Each ``response`` record with HTTP 200 and a text or HTML payload is an article, read with
its target URI (the article's URL, hence its identity in the store) and the capture date
(``fetched_at``). ``resource`` records of text or HTML are articles too. Requests,
metadata and ``warcinfo`` records are not inputs at all; responses that are not articles
(images, scripts, redirects, errors, revisits without payload) are reported as
:class:`Ignored` with the reason, counted in the ingest summary, and never stored.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, Final

from warcio.archiveiterator import (  # type: ignore[import-untyped, unused-ignore]
    ArchiveIterator,
)
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped, unused-ignore]

from ..doc import ContentType, RawArticle
from ..errors import InputError, InputTooLargeError
from .readers import check_bytes

WARC_SUFFIXES: Final = (".warc", ".warc.gz", ".warc.gzip")
TEXT_TYPES: Final = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}


class WarcError(InputError):
    """A WARC file that cannot be read past some point."""


@dataclass(frozen=True, slots=True)
class Ignored:
    """A record that is not an article, with why: counted, never stored."""

    source: str
    reason: str


def is_warc_name(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def read_warc(
    stream: IO[bytes], name: str, *, max_bytes: int
) -> Iterator[RawArticle | InputError | Ignored]:
    """Every article record of the WARC ``stream`` (named ``name`` in messages); the
    stream must be seekable (a file, or bytes in memory)."""
    problem = _not_a_warc(stream, name)
    if problem is not None:
        yield problem
        return
    iterator = ArchiveIterator(stream)
    try:
        for record in iterator:
            if record.rec_type not in ("response", "resource"):
                continue
            yield _article(record, name, iterator, max_bytes)
    except ArchiveLoadFailed as exc:
        yield WarcError(
            name,
            f"not a readable WARC file past byte {iterator.offset or 0} ({exc})",
            "check that the file is a complete WARC (a download may have been cut short)",
        )
        return
    if _gzipped(stream) and not _gzip_complete(stream):
        # warcio stops quietly at a truncated gzip member: the last record would be lost
        # without a word.
        yield WarcError(
            name,
            "the file ends in the middle of a record: the records before it were read",
            "the file was cut short (an interrupted copy or download?): fetch it again",
        )


def _article(
    record: Any, name: str, iterator: Any, max_bytes: int
) -> RawArticle | InputError | Ignored:
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI") or None

    def where() -> str:
        # warcio knows a record's offset only once it has read the record to its end, and
        # asking earlier skips the payload: call this after reading it.
        return f"{url or '(no URL)'} (in {name} at byte {iterator.get_record_offset()})"

    if record.rec_type == "response":
        http = record.http_headers
        if http is None:
            return Ignored(where(), "response without HTTP headers")
        status = http.get_statuscode()
        if status != "200":
            return Ignored(where(), f"HTTP status {status}")
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    mime, _, params = content_type.partition(";")
    kind = TEXT_TYPES.get(mime.strip().lower())
    if kind is None:
        return Ignored(where(), f"not an article: {mime.strip().lower() or 'no content type'}")
    data = record.content_stream().read(max_bytes + 1)
    source = where()
    if len(data) > max_bytes:
        return InputTooLargeError(
            source,
            f"the record is over the limit of {max_bytes:,} bytes",
            "raise the limit with --max-bytes if this page is really an article",
        )
    problem = check_bytes(data, source)
    if problem is not None:
        return problem
    content: ContentType = "html" if kind == "html" else "text"
    return RawArticle(
        data=data,
        source=source,
        content_type=content,
        encoding=_charset(params),
        url=url,
        fetched_at=headers.get_header("WARC-Date") or None,
    )


def _gzipped(stream: IO[bytes]) -> bool:
    stream.seek(0)
    return stream.read(2) == b"\x1f\x8b"


def _not_a_warc(stream: IO[bytes], name: str) -> WarcError | None:
    """A file that does not start as a WARC (or gzipped WARC) does; warcio would read it as
    one record without headers."""
    start = stream.tell()
    head = stream.read(4096)
    stream.seek(start)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(31).decompress(head, 16)
        except zlib.error:
            head = b""
    if head.startswith(b"WARC/"):
        return None
    return WarcError(
        name,
        f"not a WARC file (it starts with {head[:16]!r})",
        "give a .warc or .warc.gz file (Common Crawl, wget --warc-file, Browsertrix)",
    )


def _gzip_complete(stream: IO[bytes]) -> bool:
    """Whether every gzip member of the stream is whole (one more decompression pass:
    about 1 % of the time the analysis of the same WARC takes)."""
    stream.seek(0)
    member = zlib.decompressobj(31)
    fed = False
    while chunk := stream.read(1 << 20):
        data = chunk
        while data:
            try:
                member.decompress(data, 1 << 16)
                while member.unconsumed_tail:
                    member.decompress(member.unconsumed_tail, 1 << 16)
            except zlib.error:
                return False
            fed = True
            if member.eof:
                data = member.unused_data
                member = zlib.decompressobj(31)
                fed = False
            else:
                data = b""
    return member.eof or not fed


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None
