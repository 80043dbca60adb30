"""The cross-document job over a store, and its commands (records written by hand: fast)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from dossier.crossdoc import run_crossdoc
from dossier.crossdoc.commands import copies, crossdoc, stories, story
from dossier.model import Article, Entity, Event, Evidence, Party, Place
from dossier.store import open_store
from dossier.store.writer import Analysed, StoreWriter

TALKS_FR = """Les ministres des Affaires étrangères de l’Arménie et de l’Azerbaïdjan se sont rencontrés vendredi à Vienne pendant près de trois heures, sans parvenir à un accord sur le tracé de leur frontière commune.
Les deux délégations ont toutefois convenu de se retrouver avant la fin du mois pour poursuivre les discussions, a indiqué la présidence autrichienne de la rencontre.
Selon un diplomate européen présent à Vienne, les positions restent très éloignées sur la question des enclaves et sur le retour des personnes déplacées.
Le ministre arménien a dénoncé « des provocations répétées » près du village de Tegh, tandis que son homologue azerbaïdjanais a accusé Erevan de retarder le processus.
L’Union européenne a salué « un dialogue franc » et s’est dite prête à accueillir la prochaine session à Bruxelles."""

TALKS_EN = """The foreign ministers of Armenia and Azerbaijan met on Friday in Vienna for nearly three hours, without reaching an agreement on the line of their common border.
The two delegations nevertheless agreed to meet again before the end of the month to continue the discussions, the Austrian chair of the meeting said.
According to a European diplomat present in Vienna, the positions remain very far apart on the question of the enclaves and on the return of displaced people.
The Armenian minister denounced "repeated provocations" near the village of Tegh, while his Azerbaijani counterpart accused Yerevan of delaying the process.
The European Union welcomed "a frank dialogue" and said it was ready to host the next session in Brussels."""

SYNDICATED_FR = TALKS_FR.rsplit("\n", 1)[0] + "\nAvec AFP"

FESTIVAL_FR = """La Fête des lumières a attiré près de deux millions de visiteurs ce week-end à Lyon, selon la mairie, qui se félicite d’une affluence record.
Les commerçants du centre-ville ont prolongé leurs horaires et les transports en commun ont circulé toute la nuit de samedi à dimanche.
Les organisateurs préparent déjà l’édition suivante, avec de nouvelles installations sur les berges du Rhône."""

FOLLOW_UP_EN = """Armenia and Azerbaijan will resume border talks in Vienna before the end of the month, the Austrian foreign ministry said on Saturday, a day after their foreign ministers failed to agree on the demarcation line.
European diplomats said the two sides remained far apart on enclaves and on the return of displaced people."""

ENTITIES = [
    Entity(id="Q399", name="Armenia", kind="state"),
    Entity(id="Q227", name="Azerbaijan", kind="state"),
    Entity(id="Q1741", name="Vienna", kind="place"),
]


def _meeting(status: str) -> Event:
    return Event(
        id=f"meet-{status}",
        type="CONSULT",
        status=status,  # type: ignore[arg-type]
        actors=[Party(entity="Q399", name="Armenia", code="ARM")],
        recipients=[Party(entity="Q227", name="Azerbaijan", code="AZE")],
        location=Place(name="Vienna", country="AUT"),
        date="2023-03-03",
        date_precision="day",
        evidence=[Evidence(sentence="Les ministres se sont rencontrés à Vienne.", start=0, end=40)],
        confidence=0.7,
    )


def _article(text: str, language: str, published: str, source: str, *, events: bool) -> Article:
    return Article(
        id=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        title=text[:50],
        language=language,
        published=published,
        source=source,
        entities=ENTITIES if "Vien" in text else [],
        events=[_meeting("asserted")] if events else [],
    )


def _write(db: Path, articles: list[Article]) -> None:
    con = open_store(db)
    try:
        StoreWriter(con, "test").write([Analysed(a.id, a.id, a.id, a) for a in articles])
    finally:
        con.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.duckdb"
    _write(
        path,
        [
            _article(TALKS_FR, "fr", "2023-03-03", "Agence Fluviale", events=True),
            _article(SYNDICATED_FR, "fr", "2023-03-04", "Le Courrier du Lac", events=True),
            _article(TALKS_EN, "en", "2023-03-05", "worldnews.example", events=True),
            _article(FESTIVAL_FR, "fr", "2023-03-04", "Lyon Matin", events=False),
        ],
    )
    return path


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_crossdoc_job_writes_copies_stories_and_canonical_events(db: Path) -> None:
    con = open_store(db)
    try:
        summary = run_crossdoc(con)
    finally:
        con.close()
    assert summary.stories == 2
    assert dict(summary.copies) == {"near_duplicate": 1, "translation": 1}
    relations = _rows(
        db,
        "SELECT a.source, c.relation, o.source FROM copies c JOIN articles a ON a.id = c.copy_id "
        "JOIN articles o ON o.id = c.copy_of ORDER BY 1",
    )
    assert relations == [
        ("Le Courrier du Lac", "near_duplicate", "Agence Fluviale"),
        ("worldnews.example", "translation", "Agence Fluviale"),
    ]
    assert _rows(
        db,
        "SELECT article_count, source_count, independent_source_count FROM canonical_events",
    ) == [(3, 3, 1)]
    assert _rows(db, "SELECT count(*) FROM canonical_members") == [(3,)]
    assert _rows(db, "SELECT languages, article_count FROM stories ORDER BY 2 DESC") == [
        (["en", "fr"], 3),
        (["fr"], 1),
    ]
    signals = _rows(db, "SELECT signal, count(*) FROM source_signals GROUP BY 1 ORDER BY 1")
    assert ("copy", 2) in signals


def test_crossdoc_rerun_replaces_tables_and_new_articles_join_existing_stories(db: Path) -> None:
    con = open_store(db)
    try:
        run_crossdoc(con)
    finally:
        con.close()
    before = dict(_rows(db, "SELECT member_article, story_id FROM story_articles"))
    _write(db, [_article(FOLLOW_UP_EN, "en", "2023-03-04", "Danube Wire", events=False)])
    con = open_store(db)
    try:
        summary = run_crossdoc(con)
    finally:
        con.close()
    after = dict(_rows(db, "SELECT member_article, story_id FROM story_articles"))
    assert summary.new_articles == 1
    assert {k: after[k] for k in before} == before
    new_id = next(k for k in after if k not in before)
    talks_story = before[hashlib.sha256(TALKS_FR.encode()).hexdigest()]
    assert after[new_id] == talks_story
    assert _rows(db, "SELECT count(*) FROM copies") == [(2,)]


def test_crossdoc_commands_show_stories_story_and_copies_as_json(db: Path) -> None:
    runner = CliRunner()
    ran = runner.invoke(crossdoc, ["--db", str(db)])
    assert ran.exit_code == 0, ran.output
    assert "stories            2" in ran.output
    listed = json.loads(runner.invoke(stories, ["--db", str(db), "--format", "json"]).output)
    assert [s["article_count"] for s in listed] == [3, 1]
    shown = runner.invoke(story, [listed[0]["story_id"], "--db", str(db), "--format", "json"])
    detail = json.loads(shown.output)
    assert len(detail["articles"]) == 3
    assert detail["canonical_events"][0]["independent_source_count"] == 1
    copied = json.loads(runner.invoke(copies, ["--db", str(db), "--format", "json"]).output)
    assert sorted(c["relation"] for c in copied) == ["near_duplicate", "translation"]
    by_site = runner.invoke(copies, ["--db", str(db), "--by-source", "--format", "json"])
    assert {"source": "Le Courrier du Lac", "signal": "copy"}.items() <= next(
        row for row in json.loads(by_site.output) if row["source"] == "Le Courrier du Lac"
    ).items()


def test_crossdoc_commands_fail_in_one_line_without_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "none.duckdb"
    result = CliRunner().invoke(crossdoc, ["--db", str(missing)])
    assert result.exit_code == 2
    assert "run `dossier ingest" in result.output
    unknown = CliRunner().invoke(story, ["nope", "--db", str(missing)])
    assert unknown.exit_code == 2


def test_crossdoc_canonical_events_view_lists_members_and_evidence(db: Path) -> None:
    from dossier.crossdoc.views import canonical_events

    con = open_store(db)
    try:
        run_crossdoc(con)
        rows = canonical_events(con).to_pylist()
    finally:
        con.close()
    assert len(rows) == 1
    assert len(rows[0]["articles"]) == 3
    assert rows[0]["evidence"] == ["Les ministres se sont rencontrés à Vienne."]
    assert rows[0]["statuses"] == ["asserted"]


def test_crossdoc_job_on_an_empty_store_writes_nothing(tmp_path: Path) -> None:
    con = open_store(tmp_path / "empty.duckdb")
    try:
        summary = run_crossdoc(con)
    finally:
        con.close()
    assert (summary.articles, summary.stories, sum(summary.copies.values())) == (0, 0, 0)
    assert summary.lines()[0].startswith("cross-document: 0 articles")
