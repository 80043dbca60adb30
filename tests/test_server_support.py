"""Shared fixtures of the server tests: a store with a story told in two languages, an
article carrying markup, synthetic bulk; a live uvicorn server on loopback.

Imported by the other ``test_server_*`` and the browser tests (fixtures by name)."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from dossier.model import Article, Place, Quantity
from dossier.pipeline import Pipeline
from dossier.server import Settings, create_app
from dossier.server.synthetic import fill_crossdoc, synthetic_article, write_articles
from dossier.store.database import open_store

from .test_store_writer import make_article

# ------------------------------------------------------------------ the story, by hand

TALKS_EN = (
    "Blinken and Lavrov meet in Geneva as troops mass\n"
    "Antony Blinken met Sergei Lavrov in Geneva on Friday. "
    "Russia has massed 100,000 troops near the Ukrainian border, officials said."
)
TALKS_FR = (
    "Blinken et Lavrov se rencontrent à Genève\n"
    "Antony Blinken a rencontré Sergueï Lavrov à Genève vendredi. "
    "La Russie a massé 130 000 soldats près de la frontière ukrainienne, selon des responsables."
)
TALKS_EN_REWRITE = (
    "Geneva talks end without a breakthrough\n"
    "Antony Blinken met Sergei Lavrov in Geneva on Friday, and the talks ended without a "
    "breakthrough. Russia has massed 100,000 troops near the border."
)
SCRIPTED = (
    "Ministers trade accusations after <script>alert('xss')</script> report\n"
    "Paris accused Moscow of disinformation on Monday. "
    'A page quoted <img src=x onerror="alert(1)"> as its source, the ministry said.'
)
SCRIPTED_TITLE = "Accusations <script>alert('title')</script> in Paris"


def _figure(text: str, figure: str, value: float, unit: str) -> Quantity:
    start = text.index(figure)
    return Quantity(
        value=value, unit=unit, kind="count", text=figure, start=start, end=start + len(figure)
    )


def story_articles() -> list[Article]:
    """One Geneva story in English and French with a rewrite, whose troop figures
    disagree (100,000 against 130,000), and an article whose text and title hold markup."""
    from dossier.model import Party

    blinken = Party(
        entity="Q7105544", name="Antony Blinken", country="USA", code="USA", sector="GOV"
    )
    lavrov = Party(entity="Q155181", name="Sergei Lavrov", country="RUS", code="RUS", sector="GOV")
    geneva = Place(
        name="Geneva", country="CHE", lat=46.2, lon=6.15, geonames=2660646, precision="city"
    )

    def talks(text: str, sentence: str, trigger: str, figure: Quantity, **fields: Any) -> Article:
        article = make_article(
            text,
            [
                {
                    "type": "CONSULT",
                    "status": "asserted",
                    "actors": [blinken],
                    "recipients": [lavrov],
                    "location": geneva,
                    "date": "2022-01-21",
                    "date_precision": "day",
                    "quantities": [figure],
                    "sentence": sentence,
                    "trigger": trigger,
                }
            ],
            quantities=[figure],
            **fields,
        )
        return article

    en = talks(
        TALKS_EN,
        "Antony Blinken met Sergei Lavrov in Geneva on Friday.",
        "met",
        _figure(TALKS_EN, "100,000 troops", 100_000, "troops"),
        url="https://lakeshore.example/2022/01/21/geneva-talks",
        source="Lakeshore News Service",
        title="Blinken and Lavrov meet in Geneva as troops mass",
        published="2022-01-21",
        language="en",
        input="talks-en.txt",
    )
    fr = talks(
        TALKS_FR,
        "Antony Blinken a rencontré Sergueï Lavrov à Genève vendredi.",
        "a rencontré",
        _figure(TALKS_FR, "130 000 soldats", 130_000, "troops"),
        url="https://hexagone.example/geneve-blinken-lavrov",
        source="Hexagone Presse",
        title="Blinken et Lavrov se rencontrent à Genève",
        published="2022-01-21",
        language="fr",
        input="talks-fr.txt",
    )
    rewrite = talks(
        TALKS_EN_REWRITE,
        "Antony Blinken met Sergei Lavrov in Geneva on Friday, and the talks ended without a "
        "breakthrough.",
        "met",
        _figure(TALKS_EN_REWRITE, "100,000 troops", 100_000, "troops"),
        url="https://lakeshore.example/2022/01/22/geneva-no-breakthrough",
        source="Lakeshore News Service",
        title="Geneva talks end without a breakthrough",
        published="2022-01-22",
        language="en",
        input="talks-en-2.txt",
    )
    scripted = make_article(
        SCRIPTED,
        [
            {
                "type": "ACCUSE",
                "status": "asserted",
                "actors": [Party(entity="Q142", name="France", country="FRA", code="FRA")],
                "recipients": [Party(entity="Q159", name="Russia", country="RUS", code="RUS")],
                "location": Place(
                    name="Paris", country="FRA", lat=48.85, lon=2.35, precision="city"
                ),
                "date": "2022-02-07",
                "date_precision": "day",
                "sentence": "Paris accused Moscow of disinformation on Monday.",
                "trigger": "accused",
            }
        ],
        url="https://courrierdulac.example/accusations",
        source="Le Courrier du Lac",
        title=SCRIPTED_TITLE,
        published="2022-02-07",
        language="en",
        input="scripted.txt",
    )
    return [en, fr, rewrite, scripted]


def fill(con: Any) -> None:
    """The cross-document tables: dossier.crossdoc's when it is there, else plain SQL."""
    try:
        from dossier.crossdoc import run_crossdoc  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        fill_crossdoc(con)
    else:
        run_crossdoc(con)


def build(path: Path, synthetic: int = 60) -> Path:
    con = open_store(path)
    try:
        write_articles(con, iter(story_articles()))
        write_articles(con, (synthetic_article(n, 3) for n in range(synthetic)))
        fill(con)
    finally:
        con.close()
    return path


@pytest.fixture(name="server_db", scope="session")
def fixture_server_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("server") / "store.duckdb")


@pytest.fixture(name="small_pipeline", scope="session")
def fixture_small_pipeline() -> Pipeline:
    """Cleaning and language only: no spaCy model, so analyse and ingest tests stay fast."""
    from dossier import load_pipeline

    return load_pipeline(["dossier.clean.v1", "dossier.language.v1"])


class LiveServer:
    """uvicorn in a thread on a free loopback port."""

    def __init__(self, app: FastAPI) -> None:
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(name="base_url", scope="session")
def fixture_base_url(server_db: Path, small_pipeline: Pipeline) -> Iterator[str]:
    app = create_app(
        server_db, settings=Settings(db_path=server_db), pipeline=lambda: small_pipeline
    )
    with LiveServer(app) as url:
        yield url


@pytest.fixture(name="client", scope="session")
def fixture_client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as c:
        yield c


@pytest.fixture(name="ingest_server")
def fixture_ingest_server(
    tmp_path: Path, server_db: Path, small_pipeline: Pipeline
) -> Iterator[Callable[..., tuple[str, FastAPI]]]:
    """A server over a copy of the store, with the given settings (token or not)."""
    stack: list[LiveServer] = []

    def start(**settings: Any) -> tuple[str, FastAPI]:
        db = tmp_path / "ingest.duckdb"
        shutil.copy(server_db, db)
        app = create_app(
            db, settings=Settings(db_path=db, **settings), pipeline=lambda: small_pipeline
        )
        server = LiveServer(app)
        stack.append(server)
        return server.__enter__(), app

    yield start
    for server in stack:
        server.__exit__()


# ------------------------------------------------------------------------------ tests


def test_server_synthetic_articles_have_true_offsets() -> None:
    article = synthetic_article(7, events_per_article=4)
    assert len(article.events) == 4
    for event in article.events:
        for evidence in event.evidence:
            assert article.text[evidence.start : evidence.end] == evidence.sentence
            assert evidence.trigger_start is not None and evidence.trigger_end is not None
            assert article.text[evidence.trigger_start : evidence.trigger_end] == evidence.trigger
        for figure in event.quantities:
            assert article.text[figure.start : figure.end] == figure.text
    for entity in article.entities:
        for mention in entity.mentions:
            assert article.text[mention.start : mention.end] == mention.text
    for time_ in article.times:
        assert article.text[time_.start : time_.end] == time_.text
    quote = article.quotes[0]
    assert article.text[quote.start : quote.end] == quote.text


def test_server_synthetic_articles_are_reproducible() -> None:
    assert synthetic_article(3) == synthetic_article(3)
    assert synthetic_article(3).id != synthetic_article(4).id


def test_server_story_fixture_has_a_bilingual_story_with_a_contradiction(server_db: Path) -> None:
    con = open_store(server_db, read_only=True)
    try:
        ids = [a.id for a in story_articles()[:3]]
        stories = con.execute(
            "SELECT DISTINCT story_id FROM story_articles WHERE member_article IN (SELECT unnest(?))",
            [ids],
        ).fetchall()
        assert len(stories) == 1
        values = con.execute(
            "SELECT DISTINCT value FROM contradictions WHERE story_id = ? ORDER BY value",
            [stories[0][0]],
        ).fetchall()
        assert [v[0] for v in values] == [100_000, 130_000]
    finally:
        con.close()
