"""Contradictions: figures and statuses that differ across sources or over time, kept side
by side with their sources, never averaged.

Two kinds of subject are compared:

- a **canonical event**: its members' statuses (a claim and a denial) and the figures they
  attach to it, unit by unit;
- a **tracked figure** in a story: a quantity whose unit and sentence match one of
  :data:`TRACKED` (troops at a border, casualties…), so that "100,000 troops near the
  border" is compared with "127,000 soldats à la frontière" but not with the 10,000
  sailors of a naval exercise reported in the same story.

Figures are read as intervals from their qualifier (:func:`interval`); a disagreement is
two intervals that do not overlap. All the values of a subject are then written, one row
each, under one ``contradiction_id``.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from ..model import Article, Quantity
from .canonical import AFFIRMED, DENIED, CanonicalEvent


@dataclass(frozen=True, slots=True)
class Tracked:
    subject: str
    units: frozenset[str]
    cue: re.Pattern[str] | None
    """Words the figure's sentence must contain (None: the unit alone identifies it)."""


TRACKED: Final[tuple[Tracked, ...]] = (
    Tracked(
        "troops near the border",
        frozenset({"troops"}),
        re.compile(r"\b(border|borders|frontier|frontière|frontières)\b", re.IGNORECASE),
    ),
    Tracked("dead", frozenset({"dead"}), None),
    Tracked("injured", frozenset({"injured"}), None),
    Tracked("displaced", frozenset({"displaced"}), None),
    Tracked("arrested", frozenset({"arrested"}), None),
    Tracked("protesters", frozenset({"protesters"}), None),
)
"""Stock figures that the press keeps re-estimating. Money is compared only inside a
canonical event: two aid amounts in one story are usually two packages, not a dispute."""

TOLERANCE: Final[dict[str, float]] = {"exact": 0.01, "about": 0.1}
"""Relative half-width of an interval: "exact" figures are still rounded by the writer
(1%), "about / environ / roughly" figures are read as ±10%."""

VAGUE_SPAN: Final = 10.0
"""A vague figure ("tens of thousands", « des dizaines de milliers ») is read by the
quantities stage as its order of magnitude (10,000); it allows anything up to the next one:
[10,000, 100,000). "Tens of thousands" and "about 100,000" can both be right, so they are
not flagged; 100,000 and 127,000 are."""


@dataclass(frozen=True, slots=True)
class Reading:
    article_id: str
    source: str | None
    published: str | None
    quantity: Quantity


@dataclass(frozen=True, slots=True)
class Row:
    contradiction_id: str
    story_id: str | None
    canonical_id: str | None
    subject: str
    kind: str
    value_article: str
    source: str | None
    published: str | None
    value: float | None
    unit: str | None
    reported: str
    start: int | None
    end: int | None


def interval(q: Quantity) -> tuple[float, float]:
    """The values a figure allows, from its qualifier."""
    value = q.value if q.value is not None else math.nan
    match q.qualifier:
        case "more_than" | "at_least":
            return value, math.inf
        case "less_than" | "up_to":
            return 0.0, value
        case "range":
            return value, q.value_max if q.value_max is not None else value
        case "vague":
            return value, value * VAGUE_SPAN
        case _:
            width = abs(value) * TOLERANCE.get(q.qualifier, TOLERANCE["about"])
            return value - width, value + width


def disagree(readings: Sequence[Reading]) -> bool:
    """Whether two of the readings cannot both be right."""
    spans = [interval(r.quantity) for r in readings if r.quantity.value is not None]
    return any(
        a_high < b_low or b_high < a_low
        for i, (a_low, a_high) in enumerate(spans)
        for b_low, b_high in spans[i + 1 :]
    )


def _id(*parts: str) -> str:
    return "contra-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _figure_rows(
    cid: str,
    story_id: str | None,
    canonical_id: str | None,
    subject: str,
    readings: Iterable[Reading],
) -> list[Row]:
    return [
        Row(
            cid,
            story_id,
            canonical_id,
            subject,
            "figure",
            r.article_id,
            r.source,
            r.published,
            r.quantity.value,
            r.quantity.unit,
            r.quantity.text,
            r.quantity.start,
            r.quantity.end,
        )
        for r in sorted(readings, key=lambda r: (r.published or "9999", r.article_id))
    ]


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(".", end), text.find("\n", end)) if i >= 0]
    return text[left : min(stops) if stops else len(text)]


# « 127 000 militaires, dont 106 000 soldats des forces terrestres », "including 5,000
# paratroopers": a figure introduced so is a part of the one before, not another estimate.
_PART_OF: Final = re.compile(
    r"(?:\bdont|\bparmi (?:eux|elles|lesquels|lesquelles)|\bincluding|\bof (?:whom|which)|"
    r"\bamong them)\s*(?:quelque|environ|about|some|around|près de|plus de|more than)?\s*$",
    re.IGNORECASE,
)
_PART_WINDOW: Final = 40


def _part_of_another(text: str, start: int) -> bool:
    return bool(_PART_OF.search(text[max(0, start - _PART_WINDOW) : start]))


def tracked_figures(
    stories: Mapping[str, Sequence[Article]],
) -> list[Row]:
    """Disagreements on tracked figures inside each story."""
    rows: list[Row] = []
    for story_id, articles in stories.items():
        for tracked in TRACKED:
            readings = []
            for article in articles:
                for q in article.quantities:
                    if q.unit not in tracked.units or q.value is None:
                        continue
                    if tracked.cue and not tracked.cue.search(
                        _sentence_around(article.text, q.start, q.end)
                    ):
                        continue
                    if _part_of_another(article.text, q.start):
                        continue
                    readings.append(Reading(article.id, article.source, article.published, q))
            if len(readings) > 1 and disagree(readings):
                cid = _id(story_id, tracked.subject)
                rows.extend(_figure_rows(cid, story_id, None, tracked.subject, readings))
    return rows


def event_contradictions(canonical: Sequence[CanonicalEvent]) -> list[Row]:
    """Statuses that oppose (claimed and denied) and figures that disagree, per event."""
    rows: list[Row] = []
    for event in canonical:
        statuses = {m.event.status for m in event.members}
        if statuses & AFFIRMED and statuses & DENIED:
            cid = _id(event.canonical_id, "status")
            for m in event.members:
                evidence = m.event.evidence[0] if m.event.evidence else None
                rows.append(
                    Row(
                        cid,
                        event.story_id,
                        event.canonical_id,
                        "status",
                        "status",
                        m.article_id,
                        m.source,
                        m.published,
                        None,
                        None,
                        m.event.status,
                        evidence.start if evidence else None,
                        evidence.end if evidence else None,
                    )
                )
        by_unit: dict[str, list[Reading]] = {}
        for m in event.members:
            for q in m.event.quantities:
                if q.value is not None and q.unit:
                    by_unit.setdefault(q.unit, []).append(
                        Reading(m.article_id, m.source, m.published, q)
                    )
        for unit, readings in sorted(by_unit.items()):
            if len({r.article_id for r in readings}) > 1 and disagree(readings):
                cid = _id(event.canonical_id, unit)
                subject = f"{event.type.lower()} ({unit})"
                rows.extend(
                    _figure_rows(cid, event.story_id, event.canonical_id, subject, readings)
                )
    return rows
