"""The store's writer with hand-made records: ids, upserts, updates, atomic batches.

``corpus()`` and ``make_article()`` are shared with the query and export tests."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest

from dossier.model import (
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
from dossier.store.database import open_store
from dossier.store.reader import read_article, read_articles
from dossier.store.rows import article_from_rows, article_rows, day_range
from dossier.store.schema import CHILD_TABLES, TABLES, utc_now
from dossier.store.writer import Analysed, HttpValidators, Skip, StoreWriter

PIPELINE = "test.pipeline.v1"

# ------------------------------------------------------------------------ hand-made records


def _party(name: str, country: str | None, sector: str | None, entity: str | None = None) -> Party:
    code = "IGO" if country is None and sector is None else country
    return Party(entity=entity, name=name, country=country, code=code, sector=sector)


def _evidence(text: str, sentence: str, trigger: str) -> Evidence:
    start = text.index(sentence)
    t = text.index(trigger, start)
    return Evidence(
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        trigger=trigger,
        trigger_start=t,
        trigger_end=t + len(trigger),
    )


def make_article(text: str, events: Sequence[dict[str, Any]] = (), **fields: Any) -> Article:
    """An Article whose id is the hash of its text, with events given as dicts of Event
    fields plus ``sentence`` and ``trigger`` (turned into evidence with real offsets)."""
    built = []
    for n, given in enumerate(events):
        spec = dict(given)
        sentence, trigger = spec.pop("sentence"), spec.pop("trigger")
        built.append(
            Event(
                id=spec.pop("id", f"ev{n}"),
                evidence=[_evidence(text, sentence, trigger)],
                confidence=spec.pop("confidence", 0.8),
                **spec,
            )
        )
    return Article(
        id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text=text,
        events=built,
        raw_sha256=fields.pop("raw_sha256", hashlib.sha256(b"raw" + text.encode()).hexdigest()),
        stages=fields.pop("stages", {"clean": "dossier.clean.v1"}),
        **fields,
    )


GENEVA = (
    "Blinken and Lavrov meet in Geneva\n"
    "Antony Blinken met Sergei Lavrov in Genève on Friday. "
    "Russia denied any plan to invade Ukraine. "
    "\u201cIf Russia invades, it will pay a heavy price,\u201d Joe Biden said."
)
AID = (
    "Washington livre de l'aide à Kiev\n"
    "Washington a livré 200 millions de dollars d'aide militaire à Kiev samedi. "
    "Le président a salué la décision."
)
DRILLS = (
    "Naval drills and an attack\n"
    "Russia announced naval drills in January with 140 warships. "
    "Russian forces shelled a village near Donetsk, killing 3 civilians. "
    "Protesters marched in Paris against the war."
)


def corpus() -> list[Article]:
    """Three articles, two languages, three sources, eight statuses and places of every
    precision: the fixture of the query and export tests."""
    usa = _party("United States", "USA", "GOV", "Q30")
    russia = _party("Russia", "RUS", "GOV", "Q159")
    ukraine = _party("Ukraine", "UKR", "GOV", "Q212")
    geneva = make_article(
        GENEVA,
        [
            {
                "type": "CONSULT",
                "mode": "third-party",
                "status": "asserted",
                "actors": [_party("Antony Blinken", "USA", "GOV", "Q7105544")],
                "recipients": [_party("Sergei Lavrov", "RUS", "GOV", "Q155181")],
                "location": Place(
                    name="Geneva",
                    country="CHE",
                    lat=46.2,
                    lon=6.15,
                    geonames=2660646,
                    precision="city",
                ),
                "date": "2022-01-21",
                "date_precision": "day",
                "sentence": "Antony Blinken met Sergei Lavrov in Genève on Friday.",
                "trigger": "met",
            },
            {
                "type": "ASSAULT",
                "status": "denied",
                "actors": [russia],
                "recipients": [ukraine],
                "sentence": "Russia denied any plan to invade Ukraine.",
                "trigger": "invade",
            },
            {
                "id": "threat",
                "type": "THREATEN",
                "status": "conditional",
                "actors": [usa],
                "recipients": [russia],
                "sentence": "\u201cIf Russia invades, it will pay a heavy price,\u201d Joe Biden said.",
                "trigger": "pay a heavy price",
            },
        ],
        url="https://lakeshore.example/2022/01/21/geneva",
        source="Lakeshore News Service",
        title="Blinken and Lavrov meet in Geneva",
        published="2022-01-21",
        language="en",
        entities=[
            Entity(
                id="Q7105544",
                name="Antony Blinken",
                kind="person",
                country="USA",
                code="USA",
                sector="GOV",
                wikidata="Q7105544",
                mentions=[Mention(start=34, end=48, text="Antony Blinken")],
            ),
            Entity(
                id="Q71",
                name="Geneva",
                kind="place",
                country="CHE",
                lat=46.2,
                lon=6.15,
                geonames=2660646,
                precision="city",
                mentions=[Mention(start=69, end=75, text="Genève")],
            ),
            Entity(
                id="Q159",
                name="Russia",
                kind="state",
                country="RUS",
                code="RUS",
                sector="GOV",
                wikidata="Q159",
                mentions=[Mention(start=88, end=94, text="Russia")],
            ),
        ],
        quotes=[
            Quote(
                text="If Russia invades, it will pay a heavy price,",
                start=130,
                end=175,
                direct=True,
                cue="said",
                speaker=Speaker(entity="Q6279", name="Joe Biden", country="USA", sector="GOV"),
                event="threat",
            ),
        ],
        times=[TimeExpr(text="Friday", start=82, end=88, value="2022-01-21", precision="day")],
        warnings=["a warning kept"],
        removed=[Removed(text="Follow us on Google News", reason="promo", rule="follow")],
        input="geneva.txt",
    )
    aid = make_article(
        AID,
        [
            {
                "type": "AID",
                "mode": "military",
                "status": "asserted",
                "actors": [usa],
                "recipients": [ukraine],
                "location": Place(
                    name="Kiev",
                    country="UKR",
                    lat=50.45,
                    lon=30.52,
                    geonames=703448,
                    precision="city",
                ),
                "date": "2022-01-22",
                "date_precision": "day",
                "quantities": [
                    Quantity(
                        value=200_000_000,
                        unit="USD",
                        kind="money",
                        text="200 millions de dollars",
                        start=54,
                        end=77,
                    ),
                ],
                "sentence": "Washington a livré 200 millions de dollars d'aide militaire à "
                "Kiev samedi.",
                "trigger": "livré",
            },
        ],
        url="https://hexagone.example/aide-kiev",
        title="Washington livre de l'aide à Kiev",
        source="Hexagone Presse",
        published="2022-01-22T08:00:00Z",
        language="fr",
        quantities=[
            Quantity(
                value=200_000_000,
                unit="USD",
                kind="money",
                text="200 millions de dollars",
                start=54,
                end=77,
            ),
        ],
        input="aid.txt",
    )
    drills = make_article(
        DRILLS,
        [
            {
                "type": "MOBILIZE",
                "mode": "weapons",
                "status": "planned",
                "actors": [_party("Russia", "RUS", "MIL", "Q159")],
                "location": Place(name="Russia", country="RUS", precision="country"),
                "date": "2022-01",
                "date_precision": "month",
                "sentence": "Russia announced naval drills in January with 140 warships.",
                "trigger": "drills",
            },
            {
                "type": "ASSAULT",
                "mode": "heavy-weapons",
                "status": "asserted",
                "actors": [_party("Russian forces", "RUS", "MIL")],
                "recipients": [_party("civilians", "UKR", "CVL")],
                "location": Place(
                    name="Donetsk", country="UKR", lat=48.0, lon=37.8, precision="city"
                ),
                "date": "2022-02-24",
                "date_precision": "day",
                "quantities": [
                    Quantity(
                        value=3, unit="dead", kind="count", text="3 civilians", start=118, end=129
                    ),
                ],
                "sentence": "Russian forces shelled a village near Donetsk, killing 3 civilians.",
                "trigger": "shelled",
            },
            {
                "type": "PROTEST",
                "mode": "demo",
                "status": "asserted",
                "actors": [_party("Protesters", "FRA", "CVL")],
                "location": Place(
                    name="Paris", country="FRA", lat=48.85, lon=2.35, precision="city"
                ),
                "date": "2022-02-26",
                "date_precision": "day",
                "sentence": "Protesters marched in Paris against the war.",
                "trigger": "marched",
            },
            {
                "type": "CONSULT",
                "status": "reported",
                "actors": [_party("NATO", None, None, "Q7184")],
                "recipients": [russia],
                "sentence": "Russia announced naval drills in January with 140 warships.",
                "trigger": "announced",
            },
        ],
        url="https://northernledger.example/drills",
        title="Naval drills and an attack",
        source="The Northern Ledger",
        published="2022-01-20",
        language="en",
        input="drills.html",
    )
    return [geneva, aid, drills]


def analysed(article: Article, locator: str | None = None, fingerprint: str = "f") -> Analysed:
    loc = locator or article.input or article.id
    return Analysed(loc, article.input or loc, fingerprint, article)


def store_of(path: Path, articles: Sequence[Article]) -> Path:
    """A store holding ``articles`` (one input each), for query and export tests."""
    con = open_store(path)
    StoreWriter(con, PIPELINE).write([analysed(a) for a in articles])
    con.close()
    return path


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t.name: con.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0] for t in TABLES}  # type: ignore[index]


# ------------------------------------------------------------------------------ the tests


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = open_store(tmp_path / "store.duckdb")
    yield connection
    connection.close()


def test_store_rows_rebuild_the_same_record() -> None:
    for article in corpus():
        rows = article_rows(article, pipeline=PIPELINE, ingested_at=utc_now())
        assert article_from_rows(rows) == article


# Every field of the contract, per record type, and the store's place for it. A field added
# to dossier.model must get a column (store/schema.py, store/rows.py) before it is listed here.
CONTRACT_FIELDS = {
    Article: {
        "id",
        "url",
        "source",
        "title",
        "author",
        "published",
        "language",
        "text",
        "removed",
        "entities",
        "events",
        "quotes",
        "times",
        "quantities",
        "warnings",
        "input",
        "raw_sha256",
        "stages",
    },
    Entity: {
        "id",
        "name",
        "kind",
        "country",
        "code",
        "sector",
        "wikidata",
        "lat",
        "lon",
        "geonames",
        "precision",
        "mentions",
    },
    Mention: {"start", "end", "text"},
    Event: {
        "id",
        "type",
        "mode",
        "status",
        "actors",
        "recipients",
        "location",
        "date",
        "date_end",
        "date_precision",
        "quantities",
        "evidence",
        "confidence",
    },
    Party: {"entity", "name", "country", "code", "sector"},
    Place: {"name", "country", "lat", "lon", "geonames", "precision"},
    Quantity: {"value", "unit", "kind", "qualifier", "text", "start", "end", "value_max"},
    Evidence: {"sentence", "start", "end", "trigger", "trigger_start", "trigger_end"},
    Quote: {"text", "start", "end", "direct", "kind", "cue", "speaker", "event"},
    Speaker: {"entity", "name", "country", "sector"},
    TimeExpr: {"text", "start", "end", "value", "precision", "type", "value_end", "mod"},
    Removed: {"text", "reason", "rule"},
}


@pytest.mark.parametrize("record", CONTRACT_FIELDS, ids=lambda r: r.__name__)
def test_store_has_a_column_for_every_field_of_the_contract(record: type[Any]) -> None:
    added = set(record.model_fields) - CONTRACT_FIELDS[record]
    assert not added, (
        f"{record.__name__} gained {sorted(added)}: add columns for them in "
        "src/dossier/store/schema.py (a new migration) and src/dossier/store/rows.py"
    )


def test_store_reader_returns_the_records_written(con: duckdb.DuckDBPyConnection) -> None:
    articles = corpus()
    StoreWriter(con, PIPELINE).write([analysed(a) for a in articles])
    assert read_article(con, articles[0].id) == articles[0]
    assert list(read_articles(con, [a.id for a in articles])) == articles


def test_store_day_range_covers_days_weeks_months_and_years() -> None:
    import datetime as dt

    assert day_range("2022-01-21T10:00:00Z") == (dt.date(2022, 1, 21), dt.date(2022, 1, 21))
    assert day_range("2022-02") == (dt.date(2022, 2, 1), dt.date(2022, 2, 28))
    assert day_range("2022") == (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    assert day_range("2022-W03") == (dt.date(2022, 1, 17), dt.date(2022, 1, 23))
    assert day_range("PRESENT_REF") == (None, None)
    assert day_range("2022-02-30") == (None, None)


def test_store_reingesting_the_same_article_is_a_noop(con: duckdb.DuckDBPyConnection) -> None:
    writer = StoreWriter(con, PIPELINE)
    first = writer.write([analysed(a) for a in corpus()])
    before = table_counts(con)
    again = writer.write([analysed(a) for a in corpus()])
    assert first.counts == {"new": 3}
    assert again.counts == {"reanalysed": 3}  # same input, same text: nothing replaced
    assert table_counts(con) == before
    assert before["events"] == 8 and before["event_parties"] == 14


def test_store_known_inputs_are_per_pipeline(con: duckdb.DuckDBPyConnection) -> None:
    StoreWriter(con, PIPELINE).write([analysed(corpus()[0], "a.txt", "f1")])
    assert StoreWriter(con, PIPELINE).known() == {"a.txt\x00f1"}
    assert StoreWriter(con, "another.pipeline.v2").known() == set()


def test_store_changed_article_at_the_same_input_is_an_update(
    con: duckdb.DuckDBPyConnection,
) -> None:
    writer = StoreWriter(con, PIPELINE)
    old = corpus()[0]
    writer.write([analysed(old, "geneva.txt", "f1")])
    new = make_article(
        GENEVA + " Talks will resume next week.",
        [
            {
                "type": "AGREE",
                "status": "planned",
                "sentence": "Talks will resume next week.",
                "trigger": "resume",
            }
        ],
        language="en",
    )
    outcome = writer.write([analysed(new, "geneva.txt", "f2")])
    assert outcome.counts == {"updated": 1}
    assert con.execute("SELECT id FROM articles").fetchall() == [(new.id,)]
    assert con.execute("SELECT type FROM events").fetchall() == [("AGREE",)]
    for table in CHILD_TABLES:  # the old article's rows went with it
        old_rows = con.execute(
            f"SELECT count(*) FROM {table.name} WHERE article_id = ?", [old.id]
        ).fetchone()
        assert old_rows == (0,), table.name
    assert con.execute("SELECT fingerprint FROM inputs").fetchall() == [("f2",)]


def test_store_two_inputs_with_the_same_text_share_one_article(
    con: duckdb.DuckDBPyConnection,
) -> None:
    article = corpus()[1]
    outcome = StoreWriter(con, PIPELINE).write(
        [analysed(article, "https://a.example/1"), analysed(article, "https://b.example/2")]
    )
    assert outcome.counts == {"new": 1, "duplicate": 1}
    assert table_counts(con)["articles"] == 1 and table_counts(con)["inputs"] == 2
    assert table_counts(con)["events"] == 1


def test_store_an_updated_copy_keeps_the_article_its_twin_still_holds(
    con: duckdb.DuckDBPyConnection,
) -> None:
    writer = StoreWriter(con, PIPELINE)
    shared, other = corpus()[1], corpus()[2]
    writer.write([analysed(shared, "a"), analysed(shared, "b")])
    writer.write([analysed(other, "a", "f2")])
    ids = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
    assert ids == {shared.id, other.id}


def test_store_a_new_pipeline_replaces_the_child_rows(con: duckdb.DuckDBPyConnection) -> None:
    article = corpus()[0]
    StoreWriter(con, "old.v1").write([analysed(article, "g", "f")])
    fewer = article.model_copy(update={"events": article.events[:1]})
    outcome = StoreWriter(con, "new.v2").write([analysed(fewer, "g", "f")])
    assert outcome.counts == {"reanalysed": 1}
    assert con.execute("SELECT count(*), any_value(pipeline) FROM articles").fetchone() == (
        1,
        "new.v2",
    )
    assert table_counts(con)["events"] == 1


def test_store_a_failing_batch_leaves_nothing_behind(
    con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = StoreWriter(con, PIPELINE)
    writer.write([analysed(corpus()[0])])
    before = table_counts(con)
    original = writer._insert

    def failing(table: str, rows: Any, on_conflict: str = "") -> None:
        if table == "evidence":
            raise RuntimeError("disk full")
        original(table, rows, on_conflict)

    monkeypatch.setattr(writer, "_insert", failing)
    with pytest.raises(RuntimeError):
        writer.write([analysed(a) for a in corpus()[1:]], [Skip("x", "x", "read", "E", "r")])
    assert table_counts(con) == before


def test_store_skips_keep_stage_and_reason_and_clear_once_stored(
    con: duckdb.DuckDBPyConnection,
) -> None:
    writer = StoreWriter(con, PIPELINE)
    skip = Skip("aid.txt", "aid.txt", "clean", "NoArticleError", "aid.txt: no main text — fix")
    writer.write([], [skip])
    writer.write([], [skip])
    assert con.execute("SELECT stage, error, attempts FROM skips").fetchall() == [
        ("clean", "NoArticleError", 2)
    ]
    writer.write([analysed(corpus()[1], "aid.txt")])
    assert table_counts(con)["skips"] == 0


def test_store_http_validators_are_upserted(con: duckdb.DuckDBPyConnection) -> None:
    writer = StoreWriter(con, PIPELINE)
    url = "https://x.example/feed"
    writer.write([], validators=[HttpValidators(url, '"v1"', None, 200, "h1")])
    writer.write([], validators=[HttpValidators(url, '"v2"', "Sat, 22 Jan 2022", 200, "h2")])
    assert con.execute("SELECT etag, last_modified FROM http_cache").fetchall() == [
        ('"v2"', "Sat, 22 Jan 2022")
    ]


def test_store_no_duplicate_rows_after_repeated_batches(con: duckdb.DuckDBPyConnection) -> None:
    writer = StoreWriter(con, PIPELINE)
    for _ in range(3):
        writer.write([analysed(a) for a in corpus()])
    for table in CHILD_TABLES:
        key = (
            "article_id, event_idx, role, idx"
            if table.name == "event_parties"
            else (
                "article_id, event_idx, idx"
                if "event_idx" in table.column_names
                else "article_id, entity_idx, idx"
                if "entity_idx" in table.column_names
                else "article_id, idx"
            )
        )
        dupes = con.execute(
            f"SELECT count(*) FROM (SELECT {key} FROM {table.name} GROUP BY ALL "
            "HAVING count(*) > 1)"
        ).fetchone()
        assert dupes == (0,), table.name
