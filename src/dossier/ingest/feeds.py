"""RSS and Atom feeds: their entries, as links to fetch or as articles they carry whole.

An entry whose ``content`` (``content:encoded``, Atom ``<content>``) holds at least
:data:`FULL_TEXT_CHARS` characters is taken as the article itself; otherwise the entry's
link is fetched, and the entry's title, author and date fill what the page lacks. An entry
with neither a link nor content is reported, not dropped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

import feedparser  # type: ignore[import-untyped, unused-ignore]

from ..errors import InputError

FEED_SUFFIXES: Final = (".rss", ".atom", ".rdf")
FULL_TEXT_CHARS: Final = 1500
"""Feeds that carry whole articles (content:encoded) carry thousands of characters per
entry; teasers and summaries rarely reach a few hundred. Below this, the link is fetched."""


class FeedError(InputError):
    """A feed that cannot be read."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    feed: str
    number: int
    link: str | None
    title: str | None
    author: str | None
    published: str | None
    content: str | None
    """The article as HTML when the feed carries it whole, else None."""
    summary: str | None
    entry_id: str | None

    @property
    def source(self) -> str:
        return f"{self.link or self.entry_id or f'entry {self.number}'} (in {self.feed})"


def looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
        while head.startswith(b"<!--"):
            head = head[head.find(b"-->") + 3 :].lstrip()
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


def parse_feed(data: bytes, name: str, base_url: str | None = None) -> Sequence[FeedEntry]:
    """The entries of a feed, in its order; FeedError when it is not a feed."""
    parsed: Any = feedparser.parse(
        data, response_headers={"content-location": base_url} if base_url else None
    )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise FeedError(
            name,
            f"not an RSS or Atom feed{f' ({problem})' if problem else ''}",
            "give the feed's own URL (often ending in /rss or /feed), or a page URL",
        )
    return [_entry(name, n, e) for n, e in enumerate(parsed.entries, start=1)]


def _entry(feed: str, number: int, entry: Any) -> FeedEntry:
    content = None
    for part in entry.get("content") or ():
        value = part.get("value") or ""
        if len(value) >= FULL_TEXT_CHARS:
            content = value
            break
    return FeedEntry(
        feed=feed,
        number=number,
        link=entry.get("link") or None,
        title=entry.get("title") or None,
        author=entry.get("author") or None,
        published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")),
        content=content,
        summary=entry.get("summary") or None,
        entry_id=entry.get("id") or None,
    )


def _iso(parsed: time.struct_time | None) -> str | None:
    """feedparser's UTC struct_time as an ISO datetime."""
    if parsed is None:
        return None
    try:
        moment = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)
    except (OverflowError, ValueError):
        return None
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")
