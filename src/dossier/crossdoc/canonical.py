"""Canonical events: one event per happening, with every article's evidence behind it.

Per-article events of one story are merged when they agree on type, parties (an actor in
common, or none named on one side), place (same country, or unknown on one side), date
(within :data:`DATE_WINDOW_DAYS`) and modality: what happened (asserted, reported,
historical — and the denials of it, so that a claim and its denial stay one event with both
statuses visible) versus what might happen (planned, conditional, hypothetical), which is
another event. Copies count once with their original in ``independent_source_count``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ..model import Event, Party

DATE_WINDOW_DAYS: Final = 2
"""Reports of one happening date it within a day or two of each other (time zones, "on
Friday" read against different publication days); a week apart is another happening."""

REALIS: Final = frozenset({"asserted", "reported", "historical", "denied", "negated"})
IRREALIS: Final = frozenset({"planned", "conditional", "hypothetical"})
AFFIRMED: Final = frozenset({"asserted", "reported", "historical"})
DENIED: Final = frozenset({"denied", "negated"})


@dataclass(frozen=True, slots=True)
class Mention:
    """One per-article event, with what the merge needs to know about its article."""

    article_id: str
    event_idx: int
    event: Event
    story_id: str | None
    source: str | None
    published: str | None
    independent_key: str
    """The source of the article's original when it is a copy, else its own source."""


@dataclass(slots=True)
class CanonicalEvent:
    canonical_id: str
    story_id: str | None
    members: list[Mention] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.members[0].event.type

    def row(self) -> dict[str, Any]:
        events = [m.event for m in self.members]
        statuses = Counter(m.event.status for m in self.members)
        status = statuses.most_common(1)[0][0]
        dates = Counter((e.date, e.date_precision) for e in events if e.date)
        date, precision = dates.most_common(1)[0][0] if dates else (None, "unknown")
        places = Counter(
            (e.location.name, e.location.country, e.location.lat, e.location.lon)
            for e in events
            if e.location is not None
        )
        place = places.most_common(1)[0][0] if places else (None, None, None, None)
        modes = Counter(e.mode for e in events if e.mode)
        independent: dict[str, float] = {}
        for m in self.members:
            independent[m.independent_key] = max(
                independent.get(m.independent_key, 0.0), m.event.confidence
            )
        doubt = 1.0
        for confidence in independent.values():
            doubt *= 1.0 - confidence
        return {
            "canonical_id": self.canonical_id,
            "story_id": self.story_id,
            "type": self.type,
            "mode": modes.most_common(1)[0][0] if modes else None,
            "status": status,
            "statuses": sorted(statuses),
            "date": date,
            "date_precision": precision,
            "location_name": place[0],
            "location_country": place[1],
            "latitude": place[2],
            "longitude": place[3],
            "actors": json.dumps(_parties(e.actors for e in events), ensure_ascii=False),
            "recipients": json.dumps(_parties(e.recipients for e in events), ensure_ascii=False),
            "article_count": len({m.article_id for m in self.members}),
            "source_count": len({source_key(m.source, m.article_id) for m in self.members}),
            "independent_source_count": len(independent),
            # Independent reports corroborate one another; copies add nothing (noisy-or).
            "confidence": round(1.0 - doubt, 4),
        }


def source_key(source: str | None, article_id: str) -> str:
    """A source's identity for counting; an article without one counts as its own source."""
    return source.strip().casefold() if source and source.strip() else f"article:{article_id}"


def _party_key(party: Party) -> str:
    return party.entity or party.code or party.name.casefold()


def _parties(groups: Any) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for parties in groups:
        for party in parties:
            seen.setdefault(_party_key(party), party.model_dump())
    return list(seen.values())


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def compatible(a: Event, b: Event) -> bool:
    """Whether two per-article events can be reports of one happening."""
    if a.type != b.type:
        return False
    if (a.status in IRREALIS) != (b.status in IRREALIS):
        return False
    if not _overlap({_party_key(p) for p in a.actors}, {_party_key(p) for p in b.actors}):
        return False
    if not _overlap({_party_key(p) for p in a.recipients}, {_party_key(p) for p in b.recipients}):
        return False
    country_a = a.location.country if a.location else None
    country_b = b.location.country if b.location else None
    if country_a and country_b and country_a != country_b:
        return False
    day_a, day_b = _day(a.date), _day(b.date)
    return not (day_a and day_b and abs((day_a - day_b).days) > DATE_WINDOW_DAYS)


def _overlap(a: set[str], b: set[str]) -> bool:
    return not a or not b or bool(a & b)


def merge(mentions: Sequence[Mention]) -> list[CanonicalEvent]:
    """Greedy merge inside each story, earliest articles first: deterministic and linear in
    the number of canonical events per story."""
    by_story: dict[str | None, list[Mention]] = {}
    for mention in sorted(mentions, key=lambda m: (m.published or "9999", m.article_id)):
        by_story.setdefault(mention.story_id, []).append(mention)
    canonical: list[CanonicalEvent] = []
    for story_id, members in by_story.items():
        open_events: list[CanonicalEvent] = []
        for mention in members:
            home = next(
                (
                    c
                    for c in open_events
                    if all(compatible(mention.event, m.event) for m in c.members[:8])
                ),
                None,
            )
            if home is None:
                digest = hashlib.sha256(
                    f"{mention.article_id}:{mention.event.id}".encode()
                ).hexdigest()
                home = CanonicalEvent(f"canon-{digest[:16]}", story_id)
                open_events.append(home)
            home.members.append(mention)
        canonical.extend(open_events)
    return canonical


def independent_keys(
    sources: Mapping[str, str | None], copy_of: Mapping[str, str]
) -> dict[str, str]:
    """article id → the source key that counts for independence (its original's)."""
    keys = {}
    for article_id, source in sources.items():
        original = copy_of.get(article_id)
        if original is not None:
            keys[article_id] = source_key(sources.get(original), original)
        else:
            keys[article_id] = source_key(source, article_id)
    return keys
