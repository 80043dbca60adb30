"""Article records ↔ table rows.

:func:`article_rows` flattens one :class:`~dossier.model.Article` into a row (a dict) per
table of :mod:`.schema`; :func:`article_from_rows` builds the record back from them, so
that ``article_from_rows(article_rows(a)) == a`` for every record (a test checks it).
Lists keep their order through ``idx``; children of an event are keyed by ``event_idx``
rather than by the event id, which a producer need not make unique.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..model import (
    Article,
    Entity,
    Event,
    Evidence,
    Mention,
    Party,
    Place,
    Quantity,
    Quote,
    Removed,
    Speaker,
    TimeExpr,
)

Row = dict[str, Any]
Rows = dict[str, list[Row]]

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")


def day_range(value: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day an ISO-8601 (TimeML) date value covers; (None, None) when it
    is not a calendar date (durations, "PRESENT_REF", fuzzy seasons…)."""
    if not value:
        return None, None
    try:
        return _day_range(value)
    except ValueError:  # 2022-02-30, week 54: not a day the calendar has
        return None, None


def _day_range(value: str) -> tuple[dt.date | None, dt.date | None]:
    if match := _DAY.match(value):
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        return day, day
    if match := _WEEK.match(value):
        first = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        return first, first + dt.timedelta(days=6)
    if match := _MONTH.match(value):
        year, month = int(match[1]), int(match[2])
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last)
    if match := _YEAR.match(value):
        return dt.date(int(match[1]), 1, 1), dt.date(int(match[1]), 12, 31)
    return None, None


def event_days(event: Event) -> tuple[dt.date | None, dt.date | None]:
    first, last = day_range(event.date)
    if event.date_end:
        _, end = day_range(event.date_end)
        last = end or last
    return first, last


def _quantity_row(q: Quantity) -> Row:
    return {
        "value": q.value,
        "value_max": q.value_max,
        "unit": q.unit,
        "kind": q.kind,
        "qualifier": q.qualifier,
        "text": q.text,
        "start_char": q.start,
        "end_char": q.end,
    }


def _party_row(party: Party) -> Row:
    return {
        "entity_id": party.entity,
        "name": party.name,
        "country": party.country,
        "code": party.code,
        "sector": party.sector,
    }


def _event_rows(article_id: str, idx: int, event: Event, rows: Rows) -> None:
    first, last = event_days(event)
    place = event.location
    rows["events"].append(
        {
            "article_id": article_id,
            "idx": idx,
            "event_id": event.id,
            "type": event.type,
            "mode": event.mode,
            "status": event.status,
            "date": event.date,
            "date_end": event.date_end,
            "date_precision": event.date_precision,
            "date_first_day": first,
            "date_last_day": last,
            "location_name": place.name if place else None,
            "location_country": place.country if place else None,
            "latitude": place.lat if place else None,
            "longitude": place.lon if place else None,
            "geonames": place.geonames if place else None,
            "location_precision": place.precision if place else None,
            "confidence": event.confidence,
        }
    )
    key = {"article_id": article_id, "event_idx": idx}
    for role, parties in (("actor", event.actors), ("recipient", event.recipients)):
        for n, party in enumerate(parties):
            rows["event_parties"].append({**key, "role": role, "idx": n, **_party_row(party)})
    for n, q in enumerate(event.quantities):
        rows["event_quantities"].append({**key, "idx": n, **_quantity_row(q)})
    for n, ev in enumerate(event.evidence):
        rows["evidence"].append(
            {
                **key,
                "idx": n,
                "sentence": ev.sentence,
                "start_char": ev.start,
                "end_char": ev.end,
                "trigger": ev.trigger,
                "trigger_start_char": ev.trigger_start,
                "trigger_end_char": ev.trigger_end,
            }
        )


def article_rows(article: Article, *, pipeline: str, ingested_at: dt.datetime) -> Rows:
    """Every row the article adds to the store, per table (tables it adds none to are
    absent)."""
    aid = article.id
    published, _ = day_range(article.published)
    rows: Rows = defaultdict(list)
    rows["articles"].append(
        {
            "id": aid,
            "raw_sha256": article.raw_sha256,
            "input": article.input,
            "url": article.url,
            "source": article.source,
            "title": article.title,
            "author": article.author,
            "published": article.published,
            "published_date": published,
            "language": article.language,
            "text": article.text,
            "warnings": list(article.warnings),
            "stages": json.dumps(article.stages, ensure_ascii=False, sort_keys=True),
            "pipeline": pipeline,
            "ingested_at": ingested_at,
        }
    )
    for n, removed in enumerate(article.removed):
        rows["removed"].append(
            {
                "article_id": aid,
                "idx": n,
                "text": removed.text,
                "reason": removed.reason,
                "rule": removed.rule,
            }
        )
    for n, entity in enumerate(article.entities):
        rows["entities"].append(
            {
                "article_id": aid,
                "idx": n,
                "entity_id": entity.id,
                "name": entity.name,
                "kind": entity.kind,
                "country": entity.country,
                "code": entity.code,
                "sector": entity.sector,
                "wikidata": entity.wikidata,
                "latitude": entity.lat,
                "longitude": entity.lon,
                "geonames": entity.geonames,
                "precision": entity.precision,
            }
        )
        for m, mention in enumerate(entity.mentions):
            rows["mentions"].append(
                {
                    "article_id": aid,
                    "entity_idx": n,
                    "idx": m,
                    "start_char": mention.start,
                    "end_char": mention.end,
                    "text": mention.text,
                }
            )
    for n, event in enumerate(article.events):
        _event_rows(aid, n, event, rows)
    for n, quote in enumerate(article.quotes):
        speaker = quote.speaker
        rows["quotes"].append(
            {
                "article_id": aid,
                "idx": n,
                "text": quote.text,
                "start_char": quote.start,
                "end_char": quote.end,
                "direct": quote.direct,
                "kind": quote.kind,
                "cue": quote.cue,
                "speaker_entity_id": speaker.entity if speaker else None,
                "speaker_name": speaker.name if speaker else None,
                "speaker_country": speaker.country if speaker else None,
                "speaker_sector": speaker.sector if speaker else None,
                "event_id": quote.event,
            }
        )
    for n, time in enumerate(article.times):
        rows["times"].append(
            {
                "article_id": aid,
                "idx": n,
                "text": time.text,
                "start_char": time.start,
                "end_char": time.end,
                "value": time.value,
                "value_end": time.value_end,
                "precision": time.precision,
                "type": time.type,
                "mod": time.mod,
            }
        )
    for n, q in enumerate(article.quantities):
        rows["quantities"].append({"article_id": aid, "idx": n, **_quantity_row(q)})
    return dict(rows)


# ------------------------------------------------------------------------------ reading


def _by_idx(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: int(r["idx"]))


def _group(rows: Iterable[Row], *keys: str) -> dict[tuple[Any, ...], list[Row]]:
    groups: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for row in rows:
        groups[tuple(row[k] for k in keys)].append(row)
    return groups


def _quantity(row: Row) -> Quantity:
    return Quantity(
        value=row["value"],
        value_max=row["value_max"],
        unit=row["unit"],
        kind=row["kind"],
        qualifier=row["qualifier"],
        text=row["text"],
        start=row["start_char"],
        end=row["end_char"],
    )


def _party(row: Row) -> Party:
    return Party(
        entity=row["entity_id"],
        name=row["name"],
        country=row["country"],
        code=row["code"],
        sector=row["sector"],
    )


def _event(row: Row, children: Mapping[str, Mapping[tuple[Any, ...], list[Row]]]) -> Event:
    key = (row["idx"],)
    parties = _by_idx(children["event_parties"].get(key, []))
    location = None
    if row["location_name"] is not None:
        location = Place(
            name=row["location_name"],
            country=row["location_country"],
            lat=row["latitude"],
            lon=row["longitude"],
            geonames=row["geonames"],
            precision=row["location_precision"],
        )
    return Event(
        id=row["event_id"],
        type=row["type"],
        mode=row["mode"],
        status=row["status"],
        actors=[_party(p) for p in parties if p["role"] == "actor"],
        recipients=[_party(p) for p in parties if p["role"] == "recipient"],
        location=location,
        date=row["date"],
        date_end=row["date_end"],
        date_precision=row["date_precision"],
        quantities=[_quantity(q) for q in _by_idx(children["event_quantities"].get(key, []))],
        evidence=[
            Evidence(
                sentence=e["sentence"],
                start=e["start_char"],
                end=e["end_char"],
                trigger=e["trigger"],
                trigger_start=e["trigger_start_char"],
                trigger_end=e["trigger_end_char"],
            )
            for e in _by_idx(children["evidence"].get(key, []))
        ],
        confidence=row["confidence"],
    )


def article_from_rows(rows: Mapping[str, Sequence[Row]]) -> Article:
    """The record back from the rows of one article (as :func:`article_rows` made them)."""
    (head,) = rows["articles"]
    event_children = {
        name: _group(rows.get(name, ()), "event_idx")
        for name in ("event_parties", "event_quantities", "evidence")
    }
    mentions = _group(rows.get("mentions", ()), "entity_idx")
    return Article(
        id=head["id"],
        url=head["url"],
        source=head["source"],
        title=head["title"],
        author=head["author"],
        published=head["published"],
        language=head["language"],
        text=head["text"],
        removed=[
            Removed(text=r["text"], reason=r["reason"], rule=r["rule"])
            for r in _by_idx(rows.get("removed", ()))
        ],
        entities=[
            Entity(
                id=e["entity_id"],
                name=e["name"],
                kind=e["kind"],
                country=e["country"],
                code=e["code"],
                sector=e["sector"],
                wikidata=e["wikidata"],
                lat=e["latitude"],
                lon=e["longitude"],
                geonames=e["geonames"],
                precision=e["precision"],
                mentions=[
                    Mention(start=m["start_char"], end=m["end_char"], text=m["text"])
                    for m in _by_idx(mentions.get((e["idx"],), []))
                ],
            )
            for e in _by_idx(rows.get("entities", ()))
        ],
        events=[_event(e, event_children) for e in _by_idx(rows.get("events", ()))],
        quotes=[
            Quote(
                text=q["text"],
                start=q["start_char"],
                end=q["end_char"],
                direct=q["direct"],
                kind=q["kind"],
                cue=q["cue"],
                speaker=None
                if q["speaker_name"] is None
                else Speaker(
                    entity=q["speaker_entity_id"],
                    name=q["speaker_name"],
                    country=q["speaker_country"],
                    sector=q["speaker_sector"],
                ),
                event=q["event_id"],
            )
            for q in _by_idx(rows.get("quotes", ()))
        ],
        times=[
            TimeExpr(
                text=t["text"],
                start=t["start_char"],
                end=t["end_char"],
                value=t["value"],
                value_end=t["value_end"],
                precision=t["precision"],
                type=t["type"],
                mod=t["mod"],
            )
            for t in _by_idx(rows.get("times", ()))
        ],
        quantities=[_quantity(q) for q in _by_idx(rows.get("quantities", ()))],
        warnings=list(head["warnings"] or []),
        input=head["input"],
        raw_sha256=head["raw_sha256"],
        stages=json.loads(head["stages"]),
    )
