"""What ``dossier ingest SOURCE…`` accepts, and how each kind of source becomes articles.

A SOURCE is a path or an http(s) URL:

- a directory: every article file under it (``.txt``, ``.html``, ``.jsonl``…, as
  ``dossier analyze`` reads them) and every WARC (``.warc``, ``.warc.gz``), feed (``.rss``,
  ``.atom``, ``.rdf``, or ``.xml`` that is one) and URL list (``.urls``) in it;
- a file of one of those kinds;
- a URL: a ``.warc``/``.warc.gz`` URL is downloaded and read as a WARC; anything else is
  fetched and read by what it is — a feed, a URL list (``text/uri-list`` or ``.urls``), a
  WARC, or an article page.

``feed:``, ``urls:`` or ``warc:`` before a path or URL says what it is when its name does
not (``urls:list.txt``). A URL list has one URL per line; blank lines and ``#`` comments
are ignored.

Items come out in source order: an article (:class:`RawArticle`), an input error that names
the input, a record that is not an article (:class:`Ignored`), a URL the server says has
not changed (:class:`NotModified`), or an entry older than ``--since`` (:class:`Older`).
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from ..doc import ContentType, RawArticle
from ..errors import InputError
from ..store.rows import day_range
from ..store.writer import HttpValidators
from .feeds import FEED_SUFFIXES, FeedEntry, FeedError, looks_like_feed, parse_feed
from .http import Fetched, Fetcher, FetchError, FetchPolicy, Validators
from .readers import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES, check_bytes, looks_like_html, read_path
from .warc import Ignored, is_warc_name, read_warc

Kind = Literal["feed", "urls", "warc"]
PREFIXES: Final[tuple[Kind, ...]] = ("feed", "urls", "warc")
URL_LIST_SUFFIXES: Final = (".urls", ".uris")
HTML_TYPES: Final = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES: Final = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
     "text/xml"}
)  # fmt: skip
DEFAULT_MAX_WARC_BYTES: Final = 8 * 2**30
"""8 GiB: a Common Crawl News WARC is about 1 GiB; the limit stops a runaway download."""


@dataclass(frozen=True, slots=True)
class NotModified:
    source: str


@dataclass(frozen=True, slots=True)
class Older:
    source: str


Item = RawArticle | InputError | Ignored | NotModified | Older


@dataclass
class SourceReader:
    """Reads sources into items; owns the HTTP fetcher (built on first use)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_warc_bytes: int = DEFAULT_MAX_WARC_BYTES
    policy: FetchPolicy = field(default_factory=FetchPolicy)
    http_cache: dict[str, Validators] = field(default_factory=dict)
    since: dt.date | None = None
    fetcher: Fetcher | None = None
    validators: dict[str, HttpValidators] = field(default_factory=dict)
    """Validators of fetched pages, per ``RawArticle.source``: stored with their article."""
    deferred: list[HttpValidators] = field(default_factory=list)
    """Validators of feeds and URL lists: stored once a run has finished, so that an
    interrupted run does not get a 304 for a feed whose entries it never stored."""

    def close(self) -> None:
        if self.fetcher is not None:
            self.fetcher.close()

    def read(self, source: str) -> Iterator[Item]:
        kind: Kind | None = None
        head, sep, rest = source.partition(":")
        if sep and head in PREFIXES and not rest.startswith("//"):
            kind, source = head, rest
        if source.startswith(("http://", "https://")):
            yield from self._remote(source, kind)
        else:
            yield from self._local(Path(source), kind)

    # -- local files

    def _local(self, path: Path, kind: Kind | None) -> Iterator[Item]:
        if path.is_dir() and kind is None:
            special = sorted(f for f in path.rglob("*") if f.is_file() and kind_of(f))
            for file in special:
                yield from self._local(file, None)
            has_articles = any(
                f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES for f in path.rglob("*")
            )
            if has_articles or not special:
                yield from read_path(str(path), max_bytes=self.max_bytes)
            return
        kind = kind or (kind_of(path) if path.is_file() else None)
        if kind is None:
            yield from read_path(str(path), max_bytes=self.max_bytes)
            return
        if not path.is_file():
            yield from read_path(str(path), max_bytes=self.max_bytes)  # its missing-file error
            return
        if kind == "warc":
            with path.open("rb") as stream:
                yield from read_warc(stream, str(path), max_bytes=self.max_bytes)
            return
        data = path.read_bytes()
        if kind == "feed":
            yield from self._feed(data, str(path), None)
        else:
            yield from self._url_list(data, str(path))

    # -- remote sources

    def _fetcher(self) -> Fetcher:
        if self.fetcher is None:
            self.fetcher = Fetcher(self.policy, self.http_cache)
        return self.fetcher

    def _remote(self, url: str, kind: Kind | None) -> Iterator[Item]:
        if kind == "warc" or (kind is None and is_warc_name(url.split("?", maxsplit=1)[0])):
            yield from self._remote_warc(url)
            return
        try:
            fetched = self._fetcher().fetch(url, max_bytes=self.max_bytes)
        except InputError as exc:
            yield exc
            return
        if fetched.not_modified:
            yield NotModified(url)
            return
        kind = kind or _remote_kind(fetched)
        if kind == "warc":
            yield from read_warc(io.BytesIO(fetched.data), url, max_bytes=self.max_bytes)
        elif kind == "feed":
            yield from self._feed(fetched.data, url, fetched.url)
            self.deferred.append(_validators(fetched))
        elif kind == "urls":
            yield from self._url_list(fetched.data, url)
            self.deferred.append(_validators(fetched))
        else:
            yield self._page(fetched, url, None)

    def _remote_warc(self, url: str) -> Iterator[Item]:
        with tempfile.TemporaryDirectory(prefix="dossier-warc-") as folder:
            target = Path(folder) / "download.warc"
            try:
                self._fetcher().download(url, target, max_bytes=self.max_warc_bytes)
            except InputError as exc:
                yield exc
                return
            with target.open("rb") as stream:
                yield from read_warc(stream, url, max_bytes=self.max_bytes)

    def _page(self, fetched: Fetched, source: str, entry: FeedEntry | None) -> Item:
        problem = check_bytes(fetched.data, source)
        if problem is not None:
            return problem
        html = fetched.content_type in HTML_TYPES or (
            fetched.content_type is None and looks_like_html(fetched.data)
        )
        content: ContentType = "html" if html else "text"
        raw = RawArticle(
            data=fetched.data,
            source=source,
            content_type=content,
            encoding=fetched.charset,
            url=fetched.url,
            fetched_at=fetched.fetched_at,
            title=entry.title if entry else None,
            author=entry.author if entry else None,
            published=entry.published if entry else None,
        )
        self.validators[raw.source] = _validators(fetched)
        return raw

    # -- feeds and URL lists

    def _feed(self, data: bytes, name: str, base_url: str | None) -> Iterator[Item]:
        try:
            entries = parse_feed(data, name, base_url)
        except FeedError as exc:
            yield exc
            return
        for entry in entries:
            yield from self._entry(entry)

    def _entry(self, entry: FeedEntry) -> Iterator[Item]:
        if self.since is not None and entry.published:
            _, last = day_range(entry.published)
            if last is not None and last < self.since:
                yield Older(entry.source)
                return
        if entry.content is not None:
            yield RawArticle(
                data=entry.content.encode("utf-8"),
                source=entry.source,
                content_type="html",
                encoding="utf-8",
                url=entry.link,
                title=entry.title,
                author=entry.author,
                published=entry.published,
            )
            return
        if entry.link and entry.link.startswith(("http://", "https://")):
            yield from self._fetch_page(entry.link, entry)
            return
        yield FeedError(
            entry.source,
            "the entry has no link to fetch and does not carry the article's text",
            "nothing to do for this entry; the feed's other entries are read",
        )

    def _url_list(self, data: bytes, name: str) -> Iterator[Item]:
        text = data.decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            url = line.strip()
            if not url or url.startswith("#"):
                continue
            if not url.startswith(("http://", "https://")):
                yield FetchError(
                    f"{name}:{number}",
                    f"{url[:80]!r} is not an http(s) URL",
                    "put one URL starting with https:// per line (# starts a comment)",
                )
                continue
            yield from self._fetch_page(url, None)

    def _fetch_page(self, url: str, entry: FeedEntry | None) -> Iterator[Item]:
        try:
            fetched = self._fetcher().fetch(url, max_bytes=self.max_bytes)
        except InputError as exc:
            yield exc
            return
        if fetched.not_modified:
            yield NotModified(url)
            return
        yield self._page(fetched, url, entry)


def kind_of(path: Path) -> Kind | None:
    """The special kind of a local file by its name (and an .xml file by its head)."""
    name = path.name.lower()
    if is_warc_name(name):
        return "warc"
    if name.endswith(FEED_SUFFIXES):
        return "feed"
    if name.endswith(URL_LIST_SUFFIXES):
        return "urls"
    if name.endswith(".xml"):
        with path.open("rb") as f:
            return "feed" if looks_like_feed(f.read(2048)) else None
    return None


def _remote_kind(fetched: Fetched) -> Kind | None:
    path = fetched.url.split("?", maxsplit=1)[0].lower()
    if fetched.data.startswith(b"WARC/"):
        return "warc"
    if fetched.content_type == "text/uri-list" or path.endswith(URL_LIST_SUFFIXES):
        return "urls"
    if looks_like_feed(fetched.data) and (
        fetched.content_type in FEED_TYPES or fetched.content_type is None
        or not looks_like_html(fetched.data)
    ):  # fmt: skip
        return "feed"
    return None


def _validators(fetched: Fetched) -> HttpValidators:
    return HttpValidators(
        url=fetched.requested,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        status=fetched.status,
        content_sha256=fetched.sha256 if fetched.data else None,
    )
