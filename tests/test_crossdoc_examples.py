"""The examples end to end: ingest, then the cross-document job (slow: spaCy models)."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from dossier.crossdoc import run_crossdoc
from dossier.ingest.run import IngestOptions, ingest
from dossier.store import open_store

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    db = tmp_path_factory.mktemp("crossdoc") / "examples.duckdb"
    ingest([str(EXAMPLES)], IngestOptions(db=db))
    con = open_store(db)
    run_crossdoc(con)
    yield con
    con.close()


def _id(con: duckdb.DuckDBPyConnection, name: str) -> str:
    row = con.execute("SELECT id FROM articles WHERE input LIKE ?", [f"%{name}"]).fetchone()
    assert row is not None, name
    return str(row[0])


def _story(con: duckdb.DuckDBPyConnection, article_id: str) -> str:
    row = con.execute(
        "SELECT story_id FROM story_articles WHERE member_article = ?", [article_id]
    ).fetchone()
    assert row is not None
    return str(row[0])


@pytest.mark.slow
def test_crossdoc_examples_geneva_reports_form_one_story_in_french_and_english(
    store: duckdb.DuckDBPyConnection,
) -> None:
    names = ("geneva_talks_fr.txt", "geneva_talks_en.txt", "geneva_talks_fr_syndicated.txt")
    stories = {_story(store, _id(store, n)) for n in names}
    assert len(stories) == 1
    row = store.execute(
        "SELECT languages, article_count FROM stories WHERE story_id = ?", [stories.pop()]
    ).fetchone()
    assert row is not None
    assert row[0] == ["en", "fr"]
    assert row[1] == 3


@pytest.mark.slow
def test_crossdoc_examples_syndicated_copy_is_linked_to_the_wire(
    store: duckdb.DuckDBPyConnection,
) -> None:
    copy = _id(store, "geneva_talks_fr_syndicated.txt")
    row = store.execute("SELECT copy_of, relation FROM copies WHERE copy_id = ?", [copy]).fetchone()
    assert row == (_id(store, "geneva_talks_fr.txt"), "near_duplicate")
    independent = _id(store, "geneva_talks_en.txt")
    assert store.execute(
        "SELECT count(*) FROM copies WHERE copy_id = ?", [independent]
    ).fetchone() == (0,)


@pytest.mark.slow
def test_crossdoc_examples_truffle_market_is_a_story_of_its_own(
    store: duckdb.DuckDBPyConnection,
) -> None:
    story = _story(store, _id(store, "unrelated_truffle_market_fr.txt"))
    assert store.execute(
        "SELECT count(*) FROM story_articles WHERE story_id = ?", [story]
    ).fetchone() == (1,)


@pytest.mark.slow
def test_crossdoc_examples_troop_figures_that_differ_are_flagged_side_by_side(
    store: duckdb.DuckDBPyConnection,
) -> None:
    # Western estimates of about 100,000 against Ukrainian intelligence's 127,000
    # (articles.jsonl, jsonl-003), each row with its article.
    rows = store.execute(
        "SELECT reported, value, value_article FROM contradictions "
        "WHERE subject = 'troops near the border'"
    ).fetchall()
    values = {value for _, value, _ in rows}
    assert {100_000, 127_000} <= values
    assert len({article for *_, article in rows}) >= 2  # across sources, not one article
    # "Tens of thousands" can be 100,000: it is no disagreement.
    assert not any("tens of thousands" in reported for reported, _, _ in rows)
    # The naval exercise's 10,000 sailors are another figure, not a border estimate.
    assert not any("servicemen" in reported or "personnel" in reported for reported, _, _ in rows)


@pytest.mark.slow
def test_crossdoc_examples_machine_translated_copy_is_linked_to_its_french_original(
    store: duckdb.DuckDBPyConnection,
) -> None:
    farm = _id(store, "baltic_weapons_en_translated_copy.txt")
    row = store.execute("SELECT copy_of, relation FROM copies WHERE copy_id = ?", [farm]).fetchone()
    assert row == (_id(store, "baltic_weapons_fr.txt"), "translation")
    # The original and its copy count once among independent sources of their events.
    story = _story(store, farm)
    assert story == _story(store, _id(store, "baltic_weapons_fr.txt"))


@pytest.mark.slow
def test_crossdoc_examples_content_farm_copy_carries_its_signals(
    store: duckdb.DuckDBPyConnection,
) -> None:
    farm = _id(store, "baltic_weapons_en_translated_copy.txt")
    signals = store.execute(
        "SELECT signal, detail FROM source_signals WHERE signal_article = ? ORDER BY signal",
        [farm],
    ).fetchall()
    kinds = [s for s, _ in signals]
    assert kinds.count("spam_tail") == 2
    assert any(s == "author_bio" and d.startswith("templated") for s, d in signals)
    details = " ".join(d for s, d in signals if s == "mt_artefact")
    assert "Latviaand" in details and "Ukraineand" in details and "invasion.The" in details
