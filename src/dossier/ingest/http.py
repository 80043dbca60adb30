"""Fetching over HTTP, politely and defensively (httpx behind one small class).

- **Timeouts** on connect and on each read; **size limits** enforced while streaming, on the
  decoded body (so a gzip bomb stops at the limit, not in memory).
- **Retries with exponential backoff** on connection errors, timeouts, 429 and 5xx, honouring
  ``Retry-After`` up to a cap; other 4xx fail at once (retrying a 404 helps nobody).
- **Conditional GET**: the ETag and Last-Modified a server sent are replayed
  (``If-None-Match``, ``If-Modified-Since``); a 304 means "unchanged", nothing is fetched.
  The validators live in the store's ``http_cache`` table; this module only reads and
  reports them.
- **A polite per-host rate**: at least ``host_delay_s`` between two requests to one host.
- **A user agent** that says who is asking.
- **No private addresses**: a URL whose host resolves to a loopback, private, link-local,
  reserved or multicast address is refused — at every redirect hop, which are followed
  here and not by httpx for that reason — unless ``allow_private`` (``--allow-private``).
  The check resolves the name before httpx does; a DNS server that answers differently
  the second time (rebinding) is not defended against.

Errors are :class:`~dossier.errors.InputError` subclasses: a URL that cannot be fetched is
reported and skipped, and the run goes on.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Final, Protocol
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from ..errors import InputError, InputTooLargeError
from .readers import DEFAULT_MAX_BYTES

USER_AGENT: Final = (
    f"dossier/{__version__} (news event extraction; conditional GET, one request per "
    "second per host)"
)
RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})


class FetchError(InputError):
    """A URL could not be fetched (network, status, scheme)."""


class PrivateAddressError(FetchError):
    """A URL points at this machine or a private network, and that was not allowed."""


@dataclass(frozen=True)
class FetchPolicy:
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    max_bytes: int = DEFAULT_MAX_BYTES
    retries: int = 3
    """Attempts after the first one, for retryable failures only."""
    backoff_s: float = 1.0
    """First wait; doubled at each retry (1, 2, 4 s)."""
    max_backoff_s: float = 30.0
    """Cap on any wait, ``Retry-After`` included: a server asking for an hour is skipped."""
    host_delay_s: float = 1.0
    """Least time between two requests to one host: one per second, the usual courtesy
    for crawlers that do not read robots.txt crawl-delay."""
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Fetched:
    """One response: a body, or "not modified"."""

    url: str
    """The URL finally answered (after redirects)."""
    requested: str
    status: int
    data: bytes
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: str

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


Validators = tuple[str | None, str | None]  # (etag, last_modified)


@dataclass
class Fetcher:
    """Fetches URLs under a :class:`FetchPolicy`. ``validators`` maps a URL to the ETag and
    Last-Modified seen before (from the store); ``client`` is the seam for tests."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    validators: Mapping[str, Validators] = field(default_factory=dict)
    client: httpx.Client | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last_request: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.client is None:
            self.client = httpx.Client(
                timeout=httpx.Timeout(
                    self.policy.read_timeout_s, connect=self.policy.connect_timeout_s
                ),
                headers={"User-Agent": self.policy.user_agent},
                follow_redirects=False,  # each hop's address is checked here
            )

    def close(self) -> None:
        if self.client is not None:
            self.client.close()

    def fetch(self, url: str, *, conditional: bool = True, max_bytes: int | None = None) -> Fetched:
        """GET ``url``; a 304 comes back as ``Fetched`` with ``not_modified``."""
        limit = self.policy.max_bytes if max_bytes is None else max_bytes
        sink = _MemorySink()
        head = self._get(url, conditional=conditional, limit=limit, sink=sink)
        return replace(head, data=b"".join(sink.chunks))

    def download(self, url: str, target: Path, *, max_bytes: int) -> Fetched:
        """GET ``url`` into the file ``target`` (for WARC files: too big for memory)."""
        with target.open("wb") as out:
            return self._get(url, conditional=False, limit=max_bytes, sink=_FileSink(out))

    # -- internals

    def _get(self, url: str, *, conditional: bool, limit: int, sink: _Sink) -> Fetched:
        current = url
        for _ in range(self.policy.max_redirects + 1):
            self._check_address(current, url)
            headers = self._conditional_headers(url) if conditional and current == url else {}
            answer = self._request_with_retries(current, url, headers, limit, sink)
            if isinstance(answer, _Redirect):
                current = answer.location
                continue
            return answer
        raise FetchError(
            url,
            f"more than {self.policy.max_redirects} redirects",
            "check the URL in a browser; it may loop",
        )

    def _conditional_headers(self, url: str) -> dict[str, str]:
        etag, last_modified = self.validators.get(url, (None, None))
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return headers

    def _request_with_retries(
        self,
        url: str,
        requested: str,
        headers: Mapping[str, str],
        limit: int,
        sink: _Sink,
    ) -> Fetched | _Redirect:
        attempt = 0
        while True:
            self._wait_for_host(url)
            sink.reset()  # a retry starts the body again
            try:
                return self._request_once(url, requested, headers, limit, sink)
            except _Retryable as retry:
                if attempt >= self.policy.retries:
                    raise FetchError(
                        requested,
                        f"{retry.problem} after {attempt + 1} attempts",
                        "the server may be down or rate-limiting: rerun later (stored "
                        "articles are kept and skipped)",
                    ) from None
                wait = self.policy.backoff_s * 2**attempt
                if retry.after is not None:
                    wait = max(wait, retry.after)
                self.sleep(min(wait, self.policy.max_backoff_s))
                attempt += 1

    def _request_once(
        self,
        url: str,
        requested: str,
        headers: Mapping[str, str],
        limit: int,
        sink: _Sink,
    ) -> Fetched | _Redirect:
        assert self.client is not None
        try:
            with self.client.stream("GET", url, headers=dict(headers)) as response:
                status = response.status_code
                if status in REDIRECT_STATUSES and "location" in response.headers:
                    return _Redirect(urljoin(url, response.headers["location"]))
                if status in RETRY_STATUSES:
                    raise _Retryable(f"HTTP {status}", _retry_after(response))
                if status == 304:
                    return _head(response, url, requested)
                if status >= 400:
                    raise FetchError(
                        requested,
                        f"HTTP {status} {response.reason_phrase}",
                        "check the URL; the server refuses or does not have it",
                    )
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise _too_large(requested, int(declared), limit)
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > limit:
                        raise _too_large(requested, size, limit)
                    sink.write(chunk)
                return _head(response, url, requested)
        except httpx.TimeoutException:
            raise _Retryable("timed out", None) from None
        except httpx.TransportError as exc:
            raise _Retryable(f"connection failed ({type(exc).__name__})", None) from None
        except httpx.DecodingError as exc:
            raise FetchError(
                requested, f"the response cannot be decoded ({exc})", "check the URL"
            ) from None

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            last = self._last_request.get(host)
            now = self.clock()
            if last is not None:
                wait = last + self.policy.host_delay_s - now
                if wait > 0:
                    self.sleep(wait)
                    now = self.clock()
            self._last_request[host] = now

    def _check_address(self, url: str, requested: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(
                requested, f"{url!r} is not an http(s) URL", "give a URL starting with https://"
            )
        if self.policy.allow_private:
            return
        for address in resolve(parts.hostname, parts.port, requested):
            if not is_public(address):
                raise PrivateAddressError(
                    requested,
                    f"{parts.hostname} resolves to {address}, a private, loopback or "
                    "link-local address",
                    "fetch only public URLs, or pass --allow-private if you mean it",
                )


@dataclass(frozen=True)
class _Redirect:
    location: str


class _Retryable(Exception):  # noqa: N818 - a signal inside this module, never raised out
    def __init__(self, problem: str, after: float | None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.after = after


def resolve(
    host: str, port: int | None, requested: str
) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    else:
        return [literal]
    try:
        infos = socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FetchError(
            requested, f"the host {host} cannot be resolved ({exc})", "check the URL and DNS"
        ) from None
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A globally routable unicast address (an IPv4-mapped IPv6 one is judged as IPv4)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _head(response: httpx.Response, url: str, requested: str) -> Fetched:
    """The response's metadata, without its body (``data`` is filled by the caller)."""
    content_type = response.headers.get("content-type")
    charset = None
    mime = None
    if content_type:
        mime, _, params = content_type.partition(";")
        mime = mime.strip().lower() or None
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                charset = value.strip().strip('"')
    return Fetched(
        url=url,
        requested=requested,
        status=response.status_code,
        data=b"",
        content_type=mime,
        charset=charset,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        fetched_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
    )


def _too_large(url: str, size: int, limit: int) -> InputTooLargeError:
    return InputTooLargeError(
        url,
        f"the response is over the limit of {limit:,} bytes (at least {size:,})",
        "raise the limit with --max-bytes if this page is really an article",
    )


class _Sink(Protocol):
    def write(self, chunk: bytes) -> None: ...

    def reset(self) -> None: ...


@dataclass
class _MemorySink:
    chunks: list[bytes] = field(default_factory=list)

    def write(self, chunk: bytes) -> None:
        self.chunks.append(chunk)

    def reset(self) -> None:
        self.chunks.clear()


@dataclass
class _FileSink:
    out: IO[bytes]

    def write(self, chunk: bytes) -> None:
        self.out.write(chunk)

    def reset(self) -> None:
        self.out.seek(0)
        self.out.truncate()
