"""Synthetic corpora for the server's tests and load test: real records, made-up news.

Every article is an :class:`~dossier.model.Article` with events, parties, places, figures,
quotes, times and mentions at true offsets, written through the store's own writer — the
rows have the shape the pipeline gives them, only the reading is skipped. Nothing here is
meant to look like a real outlet's text; it exercises the store at any size.

``fill_crossdoc`` writes the cross-document tables (stories, copies, canonical events,
contradictions) with plain SQL from what is stored, for when ``dossier.crossdoc`` is not
there to compute them: one story per day and place, one canonical event per type, day and
place, a contradiction wherever two articles give different figures for the same canonical
event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import duckdb

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
    Speaker,
    TimeExpr,
)
from ..store.database import open_store
from ..store.writer import Analysed, StoreWriter

PIPELINE: Final = "dossier.synthetic.v1"


@dataclass(frozen=True)
class _Actor:
    entity: str
    name: str
    country: str
    sector: str
    kind: str = "state"


@dataclass(frozen=True)
class _Town:
    name: str
    country: str
    lat: float
    lon: float
    geonames: int


ACTORS: Final = (
    _Actor("Q30", "United States", "USA", "GOV"),
    _Actor("Q159", "Russia", "RUS", "GOV"),
    _Actor("Q212", "Ukraine", "UKR", "GOV"),
    _Actor("Q142", "France", "FRA", "GOV"),
    _Actor("Q183", "Germany", "DEU", "GOV"),
    _Actor("Q7184", "NATO", "", "IGO", "organization"),
    _Actor("Q148", "China", "CHN", "GOV"),
    _Actor("Q794", "Iran", "IRN", "GOV"),
    _Actor("Q801", "Israel", "ISR", "GOV"),
    _Actor("Q1049", "Sudan", "SDN", "GOV"),
    _Actor("Q1033", "Nigeria", "NGA", "GOV"),
    _Actor("Q155", "Brazil", "BRA", "GOV"),
)
TOWNS: Final = (
    _Town("Geneva", "CHE", 46.2, 6.15, 2660646),
    _Town("Kyiv", "UKR", 50.45, 30.52, 703448),
    _Town("Moscow", "RUS", 55.75, 37.62, 524901),
    _Town("Paris", "FRA", 48.85, 2.35, 2988507),
    _Town("Berlin", "DEU", 52.52, 13.4, 2950159),
    _Town("Khartoum", "SDN", 15.55, 32.53, 379252),
    _Town("Lagos", "NGA", 6.45, 3.39, 2332459),
    _Town("Brasília", "BRA", -15.78, -47.93, 3469058),
    _Town("Tehran", "IRN", 35.69, 51.39, 112931),
    _Town("Beijing", "CHN", 39.9, 116.4, 1816670),
)
# (PLOVER type, English verb, French verb, status)
ACTIONS: Final = (
    ("CONSULT", "met", "a rencontré", "asserted"),
    ("ACCUSE", "accused", "a accusé", "reported"),
    ("AID", "sent aid to", "a envoyé de l'aide à", "asserted"),
    ("THREATEN", "threatened", "a menacé", "conditional"),
    ("ASSAULT", "attacked", "a attaqué", "denied"),
    ("AGREE", "signed a deal with", "a signé un accord avec", "asserted"),
    ("SANCTION", "sanctioned", "a sanctionné", "planned"),
    ("PROTEST", "protested against", "a manifesté contre", "asserted"),
    ("MOBILIZE", "deployed troops near", "a déployé des troupes près de", "reported"),
    ("REQUEST", "asked", "a demandé à", "asserted"),
)
SOURCES: Final = (
    ("Lakeshore News Service", "lakeshore.example", "en"),
    ("The Northern Ledger", "northernledger.example", "en"),
    ("Hexagone Presse", "hexagone.example", "fr"),
    ("Le Courrier du Lac", "courrierdulac.example", "fr"),
)
FIRST_DAY: Final = dt.date(2022, 1, 1)


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _party(actor: _Actor) -> Party:
    return Party(
        entity=actor.entity,
        name=actor.name,
        country=actor.country or None,
        code=actor.country or "IGO",
        sector=actor.sector,
    )


def synthetic_article(n: int, events_per_article: int = 5, days: int = 365) -> Article:
    """Article number ``n`` of a corpus: the same ``n`` always gives the same record."""
    rng = random.Random(n)
    source, domain, language = SOURCES[n % len(SOURCES)]
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(days))
    title = f"Dispatch {n}: {day.isoformat()}"
    parts: list[str] = [title, "\n"]
    offset = len(title) + 1
    events: list[Event] = []
    entities: dict[str, tuple[_Actor, list[Mention]]] = {}
    figures: list[Quantity] = []
    times: list[TimeExpr] = []
    for k in range(events_per_article):
        kind, verb_en, verb_fr, status = ACTIONS[rng.randrange(len(ACTIONS))]
        actor, recipient = rng.sample(ACTORS, 2)
        town = TOWNS[rng.randrange(len(TOWNS))]
        when = day - dt.timedelta(days=rng.randrange(3))
        count = rng.choice((100, 200, 500, 1000, 5000))
        verb = verb_en if language == "en" else verb_fr
        date_text = when.isoformat()
        figure_text = f"{count} troops" if language == "en" else f"{count} soldats"
        sentence = (
            f"{actor.name} {verb} {recipient.name} in {town.name} on {date_text} "
            f"with {figure_text}. "
        )
        start = offset
        a_start = start
        r_start = start + len(actor.name) + 1 + len(verb) + 1
        t_start = r_start + len(recipient.name) + 4 + len(town.name) + 4
        q_start = t_start + len(date_text) + 6
        for who, at in ((actor, a_start), (recipient, r_start)):
            mention = Mention(start=at, end=at + len(who.name), text=who.name)
            entities.setdefault(who.entity, (who, []))[1].append(mention)
        figure = Quantity(
            value=float(count),
            unit="troops",
            kind="count",
            text=figure_text,
            start=q_start,
            end=q_start + len(figure_text),
        )
        figures.append(figure)
        times.append(
            TimeExpr(
                text=date_text,
                start=t_start,
                end=t_start + len(date_text),
                value=date_text,
                precision="day",
            )
        )
        trigger_at = a_start + len(actor.name) + 1
        events.append(
            Event(
                id=_hash(f"{n}:{k}")[:16],
                type=kind,
                status=status,  # type: ignore[arg-type]
                actors=[_party(actor)],
                recipients=[_party(recipient)],
                location=Place(
                    name=town.name,
                    country=town.country,
                    lat=town.lat,
                    lon=town.lon,
                    geonames=town.geonames,
                    precision="city",
                ),
                date=date_text,
                date_precision="day",
                quantities=[figure],
                evidence=[
                    Evidence(
                        sentence=sentence.strip(),
                        start=start,
                        end=start + len(sentence) - 1,
                        trigger=verb,
                        trigger_start=trigger_at,
                        trigger_end=trigger_at + len(verb),
                    )
                ],
                confidence=round(0.5 + rng.random() / 2, 3),
            )
        )
        parts.append(sentence)
        offset += len(sentence)
    speaker = ACTORS[rng.randrange(len(ACTORS))]
    said = "We will not accept this" if language == "en" else "Nous n'accepterons pas cela"
    cue = "said" if language == "en" else "a déclaré"
    quote_sentence = f"“{said},” {cue} a spokesperson for {speaker.name}."
    parts.append(quote_sentence)
    quote = Quote(
        text=said,
        start=offset + 1,
        end=offset + 1 + len(said),
        direct=True,
        cue=cue,
        speaker=Speaker(
            entity=speaker.entity,
            name=f"spokesperson for {speaker.name}",
            country=speaker.country or None,
            sector=speaker.sector,
        ),
        event=events[0].id if events else None,
    )
    text = "".join(parts)
    return Article(
        id=_hash(text),
        url=f"https://{domain}/{day.isoformat()}/{n}",
        source=source,
        title=title,
        published=day.isoformat(),
        language=language,
        text=text,
        entities=[
            Entity(
                id=who.entity,
                name=who.name,
                kind=who.kind,  # type: ignore[arg-type]
                country=who.country or None,
                code=who.country or "IGO",
                sector=who.sector,
                wikidata=who.entity,
                mentions=mentions,
            )
            for who, mentions in entities.values()
        ],
        events=events,
        quotes=[quote],
        times=times,
        quantities=figures,
        raw_sha256=_hash("raw:" + text),
        stages={"synthetic": PIPELINE},
        input=f"synthetic:{n}",
    )


def synthetic_articles(count: int, events_per_article: int = 5) -> Iterator[Article]:
    for n in range(count):
        yield synthetic_article(n, events_per_article)


def write_articles(
    con: duckdb.DuckDBPyConnection, articles: Iterator[Article], batch: int = 500
) -> int:
    """Write records through the store's writer, ``batch`` per transaction."""
    writer = StoreWriter(con, PIPELINE)
    pending: list[Analysed] = []
    written = 0
    for article in articles:
        locator = article.input or article.id
        pending.append(Analysed(locator, locator, _hash(locator), article))
        if len(pending) >= batch:
            writer.write(pending)
            written += len(pending)
            pending = []
    if pending:
        writer.write(pending)
        written += len(pending)
    return written


def fill_crossdoc(con: duckdb.DuckDBPyConnection) -> None:
    """Stories, copies, canonical events and contradictions computed in SQL from the stored
    events (see the module docstring); replaces what the tables held."""
    statements = [
        "DELETE FROM contradictions",
        "DELETE FROM canonical_members",
        "DELETE FROM canonical_events",
        "DELETE FROM story_articles",
        "DELETE FROM stories",
        "DELETE FROM copies",
        # One story per (first event's day, place): articles about the same day and town.
        """
        CREATE OR REPLACE TEMP TABLE _story_keys AS
        SELECT e.article_id,
               'story-' || substr(sha256(coalesce(e.date, '') || '|'
                   || coalesce(e.location_name, '')), 1, 16) AS story_id,
               coalesce(e.location_name, '?') || ', ' || coalesce(e.date, 'undated') AS label
        FROM events e WHERE e.idx = 0
        """,
        """
        INSERT INTO story_articles (story_id, member_article, similarity)
        SELECT story_id, article_id, 1.0 FROM _story_keys
        """,
        """
        INSERT INTO stories (story_id, label, first_day, last_day, languages, article_count,
                             source_count)
        SELECT k.story_id, any_value(k.label), min(a.published_date), max(a.published_date),
               list_sort(list(DISTINCT a.language) FILTER (WHERE a.language IS NOT NULL)),
               count(*), count(DISTINCT a.source)
        FROM _story_keys k JOIN articles a ON a.id = k.article_id
        GROUP BY k.story_id
        """,
        # The later article of a story from the same source reads as a rewrite of the first.
        """
        INSERT INTO copies (copy_id, copy_of, relation, similarity, evidence)
        SELECT copy_id, copy_of, 'rewrite', 0.9, NULL FROM (
            SELECT a.id AS copy_id,
                   first_value(a.id) OVER (PARTITION BY k.story_id, a.source
                                           ORDER BY a.published, a.id) AS copy_of
            FROM _story_keys k JOIN articles a ON a.id = k.article_id
        ) WHERE copy_id <> copy_of
        """,
        """
        CREATE OR REPLACE TEMP TABLE _members AS
        SELECT e.article_id, e.idx, k.story_id,
               'canon-' || substr(sha256(k.story_id || '|' || e.type || '|'
                   || coalesce(e.date, '') || '|' || coalesce(e.location_name, '')), 1, 16)
                   AS canonical_id
        FROM events e JOIN _story_keys k ON k.article_id = e.article_id
        """,
        """
        INSERT INTO canonical_members (canonical_id, member_article, event_idx)
        SELECT canonical_id, article_id, idx FROM _members
        """,
        """
        INSERT INTO canonical_events
        SELECT m.canonical_id, any_value(m.story_id), any_value(e.type), any_value(e.mode),
               mode(e.status), list_sort(list(DISTINCT e.status)), any_value(e.date),
               any_value(e.date_precision), any_value(e.location_name),
               any_value(e.location_country), any_value(e.latitude), any_value(e.longitude),
               '[]', '[]', count(DISTINCT m.article_id), count(DISTINCT a.source),
               count(DISTINCT coalesce(c.copy_of, m.article_id)), max(e.confidence)
        FROM _members m
        JOIN events e ON e.article_id = m.article_id AND e.idx = m.idx
        JOIN articles a ON a.id = m.article_id
        LEFT JOIN copies c ON c.copy_id = m.article_id
        GROUP BY m.canonical_id
        """,
        """
        INSERT INTO contradictions
        SELECT 'contra-' || substr(m.canonical_id, 7) || '-' || q.unit, m.story_id,
               m.canonical_id, q.unit, 'figure', a.id, a.source, a.published, q.value, q.unit,
               q.text, q.start_char, q.end_char
        FROM _members m
        JOIN event_quantities q ON q.article_id = m.article_id AND q.event_idx = m.idx
        JOIN articles a ON a.id = m.article_id
        WHERE m.canonical_id IN (
            SELECT m2.canonical_id FROM _members m2
            JOIN event_quantities q2 ON q2.article_id = m2.article_id
                AND q2.event_idx = m2.idx
            GROUP BY m2.canonical_id HAVING count(DISTINCT q2.value) > 1
        )
        """,
    ]
    con.begin()
    try:
        for sql in statements:
            con.execute(sql)
    except BaseException:
        con.rollback()
        raise
    con.commit()


def build_store(path: Path, articles: int, events_per_article: int = 5) -> Path:
    """A fresh store of ``articles`` synthetic articles with cross-document tables."""
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = open_store(path)
    try:
        write_articles(con, synthetic_articles(articles, events_per_article))
        fill_crossdoc(con)
    finally:
        con.close()
    return path
