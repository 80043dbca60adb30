"""Fetching and ingesting over HTTP from a server on 127.0.0.1 (so with allow_private):
pages, feeds, URL lists, WARC; conditional GET, retries, limits, redirects, politeness,
and the refusal of private addresses."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dossier import load_pipeline
from dossier.errors import InputTooLargeError
from dossier.ingest.http import Fetcher, FetchError, FetchPolicy, PrivateAddressError, is_public
from dossier.ingest.run import IngestOptions, IngestSummary, ingest
from dossier.pipeline import Pipeline

from .test_ingest_local import ARTICLE_EN, ARTICLE_FR, LIGHT, count, page, rows, write_warc


@dataclass
class Site:
    """What the test server serves, and what it was asked."""

    routes: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    conditional: Counter[str] = field(default_factory=Counter)
    agents: list[str] = field(default_factory=list)
    flaky: Counter[str] = field(default_factory=Counter)  # path → failures left
    base: str = ""

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep pytest output clean
            return

        def do_GET(self) -> None:
            path = self.path
            site.hits[path] += 1
            site.agents.append(self.headers.get("User-Agent", ""))
            if site.flaky[path] > 0:
                site.flaky[path] -= 1
                self._send(503, {"Retry-After": "0"}, b"busy")
                return
            if path == "/slow":
                time.sleep(1.0)
            if path not in site.routes:
                self._send(404, {}, b"not found")
                return
            status, headers, body = site.routes[path]
            etag = headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                site.conditional[path] += 1
                self._send(304, {"ETag": etag}, b"")
                return
            self._send(status, headers, body)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

    return Handler


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    html = {"Content-Type": "text/html; charset=utf-8"}
    site.routes.update(
        {
            "/a.html": (200, {**html, "ETag": '"a1"'}, page("Geneva", ARTICLE_EN).encode()),
            "/b.html": (200, {**html, "ETag": '"b1"'}, page("Genève", ARTICLE_FR).encode()),
            "/moved": (302, {"Location": "/a.html"}, b""),
            "/big": (200, html, b"<p>" + b"x" * 50_000 + b"</p>"),
            "/slow": (200, html, page("Slow", ARTICLE_EN).encode()),
        }
    )
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>Geneva</title><link>{site.url("/a.html")}</link>
<pubDate>Fri, 21 Jan 2022 10:00:00 GMT</pubDate><description>Talks.</description></item>
<item><title>Genève</title><link>{site.url("/b.html")}</link>
<pubDate>Sat, 22 Jan 2022 10:00:00 GMT</pubDate><description>Discussions.</description></item>
</channel></rss>"""
    site.routes["/feed"] = (
        200,
        {"Content-Type": "application/rss+xml", "ETag": '"f1"'},
        feed.encode(),
    )
    urls = f"# two articles\n{site.url('/a.html')}\n\n{site.url('/b.html')}\nnot a url\n"
    site.routes["/list.urls"] = (200, {"Content-Type": "text/uri-list"}, urls.encode())
    warc = write_warc(
        tmp_path / "served.warc.gz",
        [
            ("https://n.example/a", 200, "text/html", page("A", ARTICLE_EN).encode()),
            ("https://n.example/i.png", 200, "image/png", b"\x89PNG"),
        ],
    )
    site.routes["/crawl.warc.gz"] = (200, {"Content-Type": "application/warc"}, warc.read_bytes())
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def light() -> Pipeline:
    return load_pipeline(LIGHT)


def run(sources: list[str], db: Path, pipeline: Pipeline, **options: object) -> IngestSummary:
    given: dict[str, object] = {"allow_private": True, "host_delay_s": 0.0, **options}
    return ingest(sources, IngestOptions(db=db, **given), pipeline=pipeline)  # type: ignore[arg-type]


def fetcher(**policy: object) -> Fetcher:
    given: dict[str, object] = {
        "allow_private": True,
        "host_delay_s": 0.0,
        "backoff_s": 0.01,
        **policy,
    }
    return Fetcher(FetchPolicy(**given))  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ refusals


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("2001:4860:4860::8888", True),
    ],
)
def test_ingest_http_public_addresses_only(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


def test_ingest_http_private_addresses_are_refused_unless_allowed(site: Site) -> None:
    strict = Fetcher(FetchPolicy(host_delay_s=0))
    for url in (site.url("/a.html"), site.url("/a.html").replace("127.0.0.1", "localhost")):
        with pytest.raises(PrivateAddressError, match="--allow-private"):
            strict.fetch(url)
    assert site.hits["/a.html"] == 0
    assert fetcher().fetch(site.url("/a.html")).status == 200


def test_ingest_http_refusal_is_a_skip_with_stage_fetch(
    site: Site, tmp_path: Path, light: Pipeline
) -> None:
    db = tmp_path / "s.duckdb"
    summary = run([site.url("/a.html")], db, light, allow_private=False)
    assert dict(summary.skipped) == {"fetch: PrivateAddressError": 1}
    ((stage, reason),) = rows(db, "SELECT stage, reason FROM skips")
    assert stage == "fetch" and "127.0.0.1" in reason and "--allow-private" in reason


def test_ingest_http_a_redirect_to_a_private_address_is_refused(site: Site) -> None:
    strict = Fetcher(FetchPolicy(host_delay_s=0))
    with pytest.raises(PrivateAddressError):
        strict._check_address(site.url("/moved"), "https://public.example/x")


def test_ingest_http_only_http_urls(site: Site) -> None:
    with pytest.raises(FetchError, match="not an http"):
        fetcher().fetch("file:///etc/passwd")


# ------------------------------------------------------------------------ fetching rules


def test_ingest_http_follows_redirects_and_says_who_asks(site: Site) -> None:
    fetched = fetcher().fetch(site.url("/moved"))
    assert fetched.url == site.url("/a.html") and fetched.requested == site.url("/moved")
    assert site.agents[-1].startswith("dossier/")


def test_ingest_http_retries_with_backoff_then_succeeds(site: Site) -> None:
    site.flaky["/a.html"] = 2
    waits: list[float] = []
    f = fetcher(backoff_s=0.5)
    f.sleep = waits.append
    assert f.fetch(site.url("/a.html")).status == 200
    assert waits == [0.5, 1.0] and site.hits["/a.html"] == 3


def test_ingest_http_gives_up_after_the_retries(site: Site) -> None:
    site.flaky["/a.html"] = 10
    with pytest.raises(FetchError, match="HTTP 503 after 3 attempts"):
        fetcher(retries=2).fetch(site.url("/a.html"))


def test_ingest_http_a_404_is_not_retried(site: Site) -> None:
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher().fetch(site.url("/missing"))
    assert site.hits["/missing"] == 1


def test_ingest_http_size_limit(site: Site) -> None:
    with pytest.raises(InputTooLargeError, match="--max-bytes"):
        fetcher(max_bytes=10_000).fetch(site.url("/big"))


def test_ingest_http_timeout(site: Site) -> None:
    with pytest.raises(FetchError, match="timed out after 1 attempts"):
        fetcher(read_timeout_s=0.2, retries=0).fetch(site.url("/slow"))


def test_ingest_http_waits_between_requests_to_one_host(site: Site) -> None:
    waits: list[float] = []
    f = fetcher(host_delay_s=1.0)
    f.sleep = waits.append
    f.fetch(site.url("/a.html"))
    f.fetch(site.url("/b.html"))
    assert len(waits) == 1 and 0.5 < waits[0] <= 1.0


def test_ingest_http_conditional_get_replays_the_validators(site: Site) -> None:
    f = Fetcher(
        FetchPolicy(allow_private=True, host_delay_s=0), {site.url("/a.html"): ('"a1"', None)}
    )
    assert f.fetch(site.url("/a.html")).not_modified
    assert site.conditional["/a.html"] == 1


# ------------------------------------------------------------------------ ingest sources


def test_ingest_http_feed_fetches_its_pages_and_a_rerun_gets_304(
    site: Site, tmp_path: Path, light: Pipeline
) -> None:
    db = tmp_path / "s.duckdb"
    summary = run([site.url("/feed")], db, light)
    assert summary.counts["new"] == 2 and not summary.skipped
    assert rows(db, "SELECT published FROM articles ORDER BY published") == [
        ("2022-01-21T10:00:00Z",),
        ("2022-01-22T10:00:00Z",),
    ]
    assert count(db, "http_cache") == 3  # the feed and its two pages
    again = run([site.url("/feed")], db, light)
    assert again.not_modified == 1 and again.stored == 0
    assert site.conditional["/feed"] == 1 and site.hits["/a.html"] == 1


def test_ingest_http_feed_entries_older_than_since_are_not_fetched(
    site: Site, tmp_path: Path, light: Pipeline
) -> None:
    import datetime as dt

    summary = run([site.url("/feed")], tmp_path / "s.duckdb", light, since=dt.date(2022, 1, 22))
    assert summary.counts["older"] == 1 and summary.counts["new"] == 1
    assert site.hits["/a.html"] == 0


def test_ingest_http_url_list_pages_use_conditional_get_on_rerun(
    site: Site, tmp_path: Path, light: Pipeline
) -> None:
    listing = tmp_path / "today.urls"
    listing.write_text(f"{site.url('/a.html')}\n{site.url('/b.html')}\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert run([str(listing)], db, light).counts["new"] == 2
    again = run([str(listing)], db, light)
    assert again.counts["unchanged"] == 2 and again.not_modified == 2
    assert site.conditional["/a.html"] == site.conditional["/b.html"] == 1


def test_ingest_http_remote_url_list_with_a_bad_line(
    site: Site, tmp_path: Path, light: Pipeline
) -> None:
    summary = run([site.url("/list.urls")], tmp_path / "s.duckdb", light)
    assert summary.counts["new"] == 2 and dict(summary.skipped) == {"fetch: FetchError": 1}


def test_ingest_http_warc_download(site: Site, tmp_path: Path, light: Pipeline) -> None:
    db = tmp_path / "s.duckdb"
    summary = run([site.url("/crawl.warc.gz")], db, light)
    assert summary.counts["new"] == 1 and sum(summary.ignored.values()) == 1
    assert rows(db, "SELECT locator FROM inputs") == [("https://n.example/a",)]


def test_ingest_http_single_page_and_missing_page(
    site: Site, tmp_path: Path, light: Pipeline
) -> None:
    db = tmp_path / "s.duckdb"
    summary = run([site.url("/a.html"), site.url("/nothing")], db, light)
    assert summary.counts["new"] == 1 and dict(summary.skipped) == {"fetch: FetchError": 1}
    assert rows(db, "SELECT url FROM articles") == [(site.url("/a.html"),)]
    assert rows(db, "SELECT etag FROM http_cache") == [('"a1"',)]
