"""The Spark runner gives the local run's rows: same articles, ids and child rows.

One real ``local[2]`` session for the module; the corpus is examples/ plus a few hundred
articles generated from the templates below (French and English wire copy, written for
these tests) as JSON Lines, WARC (with records that are not articles and a re-captured
URL), HTML and text files, with duplicates and unreadable inputs. The local run is
``dossier ingest`` with the default pipeline into DuckDB; the Spark run goes through
``dossier import-parquet`` into another DuckDB file; every table the runs fill must hold
the same rows (bookkeeping timestamps aside: the job leaves them out by design).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

pytest.importorskip("pyspark", reason="SKIPPED LOUDLY: pyspark is not installed (dossier[spark])")
if shutil.which("java") is None:  # pragma: no cover - depends on the machine
    pytest.skip("SKIPPED LOUDLY: no java on PATH: Spark needs Java 17", allow_module_level=True)

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dossier.ingest.run import IngestOptions, ingest
from dossier.pipeline import Pipeline, PipelineConfig
from dossier.runners.parquet_import import import_parquet
from dossier.runners.partition import BOOKKEEPING, RUN_TABLES, output_schema
from dossier.runners.spark import SparkOptions, run_spark, spark_session
from dossier.store.schema import CROSSDOC_TABLES, TABLES

pytestmark = [
    pytest.mark.slow,
    # py4j leaves the sockets of collect() to the garbage collector: not ours to fix.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
LIGHT = PipelineConfig(("dossier.clean.v1", "dossier.language.v1"))

# ------------------------------------------------------------------ generated articles

PEOPLE = [
    # (name, title en, title fr, country en, country fr, capital en, capital fr)
    ("Antony Blinken", "US Secretary of State", "secrétaire d'État américain",
     "the United States", "les États-Unis", "Washington", "Washington"),
    ("Sergei Lavrov", "Russian Foreign Minister", "ministre russe des Affaires étrangères",
     "Russia", "la Russie", "Moscow", "Moscou"),
    ("Annalena Baerbock", "German Foreign Minister", "ministre allemande des Affaires étrangères",
     "Germany", "l'Allemagne", "Berlin", "Berlin"),
    ("Jean-Yves Le Drian", "French Foreign Minister", "ministre français des Affaires étrangères",
     "France", "la France", "Paris", "Paris"),
    ("Dmytro Kuleba", "Ukrainian Foreign Minister", "ministre ukrainien des Affaires étrangères",
     "Ukraine", "l'Ukraine", "Kyiv", "Kiev"),
    ("Liz Truss", "British Foreign Secretary", "ministre britannique des Affaires étrangères",
     "the United Kingdom", "le Royaume-Uni", "London", "Londres"),
    ("Josep Borrell", "EU foreign policy chief", "chef de la diplomatie européenne",
     "the European Union", "l'Union européenne", "Brussels", "Bruxelles"),
    ("Jens Stoltenberg", "NATO Secretary General", "secrétaire général de l'OTAN",
     "NATO", "l'OTAN", "Brussels", "Bruxelles"),
]  # fmt: skip
CITIES_EN = ["Geneva", "Vienna", "Brussels", "Warsaw", "Helsinki", "Istanbul", "Minsk", "Riga"]
CITIES_FR = ["Genève", "Vienne", "Bruxelles", "Varsovie", "Helsinki", "Istanbul", "Minsk", "Riga"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS_FR = ["janvier", "février", "mars"]
SEAS_EN = ["Black Sea", "Baltic Sea", "Sea of Azov", "Mediterranean"]
SEAS_FR = ["mer Noire", "mer Baltique", "mer d'Azov", "Méditerranée"]
OUTLETS = [
    ("Lakeshore News Service", "lakeshore.example"),
    ("Orbis Info Service", "orbis.example"),
    ("Hexagone Presse", "hexagone.example"),
    ("L'Écho continental", "echo-continental.example"),
]

EN_TEMPLATES = [
    (
        "{a} and {b} meet in {city} as tensions rise",
        "{CITY}, {date_en} — {a}, the {a_title}, met {b}, the {b_title}, in {city} on "
        "{weekday} for talks on the security crisis in Eastern Europe.\n"
        "The meeting lasted about {minutes} minutes and ended without a breakthrough, "
        "officials on both sides said.\n"
        '"We had a frank and useful exchange, but our differences remain," {a} told '
        "reporters after the talks.\n"
        "A spokesperson for {b} said a written reply would be sent next week and that "
        "another round of talks was planned in {city2}.",
    ),
    (
        "{country} pledges ${amount} million in security aid to Ukraine",
        "{CAPITAL}, {date_en} — {country_cap} announced on {weekday} a new package of "
        "${amount} million in security assistance for Ukraine, including {units} anti-tank "
        "weapons and ammunition.\n"
        "The first deliveries are expected within {days} days, {a} said in a statement.\n"
        "Moscow denied any plan to invade its neighbour and accused the West of "
        "stoking tensions, the Kremlin said on {weekday2}.",
    ),
    (
        "Navy begins drills in the {sea} with {ships} warships",
        "MOSCOW, {date_en} — The Russian navy began exercises in the {sea} on {weekday} "
        "involving {ships} warships and about {troops} personnel, the defence ministry "
        "said.\n"
        "The drills will last until the end of the month, the ministry added, while {a}, "
        "the {a_title}, called on Moscow to pull back its forces.\n"
        "{b} said on {weekday2} that the alliance would not be intimidated.",
    ),
    (
        "Thousands protest in {city} against the threat of war",
        "{CITY}, {date_en} — Thousands of people marched through {city} on {weekday} to "
        "protest against the threat of war in Ukraine.\n"
        "Police said about {protesters} protesters took part, while the organisers put the "
        "figure at {organisers}.\n"
        '"We want peace, not tanks," said one of the organisers, a teacher who asked not to '
        "be named.\n"
        "{a} is due to visit {city} next {weekday2}, the foreign ministry said.",
    ),
]
FR_TEMPLATES = [
    (
        "{a} et {b} se rencontrent à {city_fr}",
        "{CITY_FR}, {date_fr} (Hexagone Presse) – {a}, {a_title_fr}, a rencontré {b}, "
        "{b_title_fr}, {weekday_fr} à {city_fr} pour des discussions sur la crise "
        "ukrainienne.\n"
        "La rencontre a duré environ {minutes} minutes et s'est achevée sans avancée, "
        "selon des responsables des deux camps.\n"
        "« Nous avons eu un échange franc et utile, mais nos divergences demeurent », a "
        "déclaré {a} à la presse.\n"
        "Un porte-parole de {b} a indiqué qu'une réponse écrite serait transmise la semaine "
        "prochaine.",
    ),
    (
        "{country_fr_cap} promet {amount} millions de dollars d'aide à l'Ukraine",
        "{CAPITAL_FR}, {date_fr} (Hexagone Presse) – {country_fr_cap} a annoncé {weekday_fr} "
        "une nouvelle enveloppe de {amount} millions de dollars d'aide militaire à l'Ukraine, "
        "dont {units} armes antichars.\n"
        "Les premières livraisons sont attendues d'ici {days} jours, a précisé {a} dans un "
        "communiqué.\n"
        "Moscou a démenti tout projet d'invasion et accusé l'Occident d'attiser les "
        "tensions, a fait savoir le Kremlin {weekday2_fr}.",
    ),
    (
        "Manœuvres navales en {sea_fr} avec {ships} navires",
        "MOSCOU, {date_fr} (Hexagone Presse) – La marine russe a entamé {weekday_fr} des "
        "manœuvres en {sea_fr} avec {ships} navires de guerre et environ {troops} "
        "militaires, a annoncé le ministère de la Défense.\n"
        "Les exercices doivent durer jusqu'à la fin du mois, tandis que {a}, {a_title_fr}, "
        "a appelé Moscou à retirer ses troupes.\n"
        "{b} a affirmé {weekday2_fr} que l'Alliance ne se laisserait pas intimider.",
    ),
    (
        "Des milliers de manifestants à {city_fr} contre la guerre",
        "{CITY_FR}, {date_fr} (Hexagone Presse) – Des milliers de personnes ont défilé "
        "{weekday_fr} à {city_fr} pour protester contre la menace d'une guerre en Ukraine.\n"
        "La police a compté environ {protesters} manifestants, les organisateurs "
        "{organisers}.\n"
        "« Nous voulons la paix, pas des chars », a lancé une organisatrice, enseignante, "
        "qui a requis l'anonymat.\n"
        "{a} doit se rendre à {city_fr} {weekday2_fr} prochain, selon le ministère.",
    ),
]


def _slots(n: int) -> dict[str, Any]:
    a, b = PEOPLE[n % len(PEOPLE)], PEOPLE[(n * 3 + 1) % len(PEOPLE)]
    if a is b:
        b = PEOPLE[(n + 1) % len(PEOPLE)]
    day = dt.date(2022, 1, 10) + dt.timedelta(days=n % 60)
    city = n % len(CITIES_EN)
    return {
        "a": a[0], "a_title": a[1], "a_title_fr": a[2],
        "b": b[0], "b_title": b[1], "b_title_fr": b[2],
        "country": a[3], "country_cap": a[3][0].upper() + a[3][1:],
        "country_fr_cap": a[4][0].upper() + a[4][1:],
        "CAPITAL": a[5].upper(), "CAPITAL_FR": a[6].upper(),
        "city": CITIES_EN[city], "city2": CITIES_EN[(city + 3) % len(CITIES_EN)],
        "CITY": CITIES_EN[city].upper(), "city_fr": CITIES_FR[city],
        "CITY_FR": CITIES_FR[city].upper(),
        "date_en": f"{day:%B} {day.day}, {day.year}",
        "date_fr": f"{day.day} {MONTHS_FR[day.month - 1]} {day.year}",
        "weekday": WEEKDAYS_EN[n % 7], "weekday2": WEEKDAYS_EN[(n + 2) % 7],
        "weekday_fr": WEEKDAYS_FR[n % 7], "weekday2_fr": WEEKDAYS_FR[(n + 2) % 7],
        "minutes": 60 + (n * 7) % 90, "amount": 50 + (n * 25) % 600,
        "units": 100 + (n * 37) % 2000, "days": 3 + n % 20,
        "sea": SEAS_EN[n % len(SEAS_EN)], "sea_fr": SEAS_FR[n % len(SEAS_FR)],
        "ships": 10 + n % 130, "troops": 1000 + (n * 450) % 20000,
        "protesters": 2000 + (n * 350) % 30000, "organisers": 10000 + (n * 900) % 60000,
        "published": day.isoformat(),
    }  # fmt: skip


def generated(language: str, count: int, start: int = 0) -> Iterator[dict[str, Any]]:
    """``count`` articles in ``language`` as ingest JSON Lines records."""
    templates = EN_TEMPLATES if language == "en" else FR_TEMPLATES
    for n in range(start, start + count):
        slots = _slots(n)
        title, body = templates[n % len(templates)]
        outlet, domain = OUTLETS[n % len(OUTLETS)]
        record: dict[str, Any] = {
            "id": f"{language}-{n:04d}",
            "title": title.format(**slots),
            "url": f"https://{domain}/{language}/2022/{n:04d}",
            "source": outlet,
            "text": body.format(**slots),
        }
        if n % 9:  # every ninth record comes without a date: it is dated by the analysis
            record["published"] = slots["published"]
        if n % 4 == 0:
            record["language"] = language
        yield record


def page(record: dict[str, Any]) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in record["text"].split("\n"))
    date = f'<meta property="article:published_time" content="{record.get("published")}">'
    return (
        f"<!DOCTYPE html><html><head><title>{record['title']}</title>"
        f"{date if record.get('published') else ''}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{record['title']}</h1>{paragraphs}</article>"
        "<footer>© 2022 Orbis Info Service. All rights reserved.</footer></body></html>"
    ).encode()


def write_warc(path: Path, records: list[tuple[str, int, str, bytes]]) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, status, content_type, body in records:
            headers = StatusAndHeaders(
                f"{status} OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": "2022-03-15T08:00:00Z"},
            )
            writer.write_record(record)


def write_corpus(folder: Path, size: int) -> Path:
    """``size`` generated articles in every input kind, with duplicates and bad inputs."""
    folder.mkdir(parents=True)
    en = list(generated("en", size * 2 // 5))
    fr = list(generated("fr", size * 2 // 5, start=500))
    jsonl = folder / "wire"
    jsonl.mkdir()
    for name, records in (("en.jsonl", en), ("fr.jsonl", fr)):
        lines = [json.dumps(r, ensure_ascii=False) for r in records]
        lines.insert(7, '{"id": "broken", "text": ')  # a line cut short: skipped at read
        (jsonl / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    web = list(generated("en", size // 10, start=1000)) + list(
        generated("fr", size // 10, start=1500)
    )
    crawl = [(r["url"], 200, "text/html; charset=utf-8", page(r)) for r in web]
    crawl.append(("https://orbis.example/logo.png", 200, "image/png", b"\x89PNG\r\n"))
    crawl.append(("https://orbis.example/missing", 404, "text/html", b"<html>gone</html>"))
    # The same text as a JSON Lines record: the WARC is read first, so it makes the article.
    crawl.append(("https://mirror.example/copy", 200, "text/plain", en[3]["text"].encode()))
    write_warc(folder / "crawl-1.warc.gz", crawl)
    # A second capture of one URL with a corrected text: the later read wins.
    fixed = web[0]["text"].replace("officials", "diplomats")
    write_warc(
        folder / "crawl-2.warc.gz",
        [(web[0]["url"], 200, "text/html", page({**web[0], "text": fixed}))],
    )
    pages = folder / "pages"
    pages.mkdir()
    for record in generated("fr", size // 20, start=2000):
        (pages / f"{record['id']}.html").write_bytes(page(record))
    notes = folder / "notes"
    notes.mkdir()
    for record in generated("en", size // 20, start=2500):
        (notes / f"{record['id']}.txt").write_text(
            f"{record['title']}\n{record['text']}\n", encoding="utf-8"
        )
    (notes / "empty.txt").write_text("  \n", encoding="utf-8")  # skipped: empty input
    return folder


# ------------------------------------------------------------------------------- runs

CORPUS_SIZE = 200


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    session = spark_session(
        "local[2]",
        app_name="dossier-tests",
        conf={"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"},
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    corpus = write_corpus(tmp_path_factory.mktemp("spark") / "corpus", CORPUS_SIZE)
    return [str(EXAMPLES.resolve()), str(corpus.resolve())]


@pytest.fixture(scope="module")
def local_db(
    sources: list[str], pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    from dossier.crossdoc import run_crossdoc

    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    summary = ingest(sources, IngestOptions(db=db), pipeline=pipeline)
    assert summary.stored > CORPUS_SIZE * 0.9, summary.lines()
    with duckdb.connect(str(db)) as con:  # what `dossier crossdoc` runs
        run_crossdoc(con)
    return db


@pytest.fixture(scope="module")
def spark_out(
    spark: Any, sources: list[str], pipeline: Pipeline, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    out = tmp_path_factory.mktemp("spark-out") / "tables"
    run_spark(spark, sources, str(out), SparkOptions(config=pipeline.config, crossdoc=True))
    return out


@pytest.fixture(scope="module")
def spark_db(spark_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("imported") / "spark.duckdb"
    import_parquet(spark_out, db)
    return db


def rows(db: Path, table: str) -> list[tuple[Any, ...]]:
    spec = next(t for t in TABLES if t.name == table)
    skip = {"ingested_at", "first_seen", "last_seen"}
    columns = ", ".join(f'"{c}"' for c in spec.column_names if c not in skip)
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()


def test_spark_rows_equal_local_rows_in_every_table(local_db: Path, spark_db: Path) -> None:
    filled = []
    for table in RUN_TABLES:
        local, spark = rows(local_db, table.name), rows(spark_db, table.name)
        assert len(spark) == len(local), f"{table.name}: {len(spark)} rows, local {len(local)}"
        assert spark == local, f"{table.name}: the rows differ"
        if local:
            filled.append(table.name)
    # The comparison covers what the default pipeline fills (events once registered).
    assert {"articles", "inputs", "skips", "entities", "mentions", "times"} <= set(filled)


def test_spark_crossdoc_rows_equal_local_crossdoc_rows(local_db: Path, spark_db: Path) -> None:
    for table in CROSSDOC_TABLES:
        local, spark = rows(local_db, table.name), rows(spark_db, table.name)
        assert spark == local, f"{table.name}: {len(spark)} rows, local {len(local)}"
    stories = rows(local_db, "stories")
    # The generated wire copy repeats a few happenings: stories group several articles.
    assert stories and max(s[5] for s in stories) > 1
    assert rows(local_db, "copies")


def test_spark_run_covers_duplicates_recaptures_and_skips(spark_db: Path) -> None:
    articles = rows(spark_db, "articles")
    inputs = rows(spark_db, "inputs")
    # A text read twice is one article; two captures of one URL are one input.
    assert len(inputs) == len(articles) + 1
    recaptured = [r for r in inputs if r[0].endswith("/en/2022/1000")]
    assert len(recaptured) == 1 and "crawl-2.warc.gz" in recaptured[0][1]
    skips = {(r[2], r[3]) for r in rows(spark_db, "skips")}
    assert ("read", "InvalidRecordError") in skips
    assert ("read", "EmptyInputError") in skips


def test_spark_tables_have_the_store_columns_and_types(spark_out: Path) -> None:
    import pyarrow.parquet as pq

    for table in RUN_TABLES:
        files = sorted((spark_out / table.name).rglob("*.parquet"))
        assert files, f"{table.name}: no Parquet file"
        schema = pq.read_schema(files[0])
        expected = output_schema(table)
        assert schema.names == expected.names, table.name
        for field in expected:
            assert schema.field(field.name).type == field.type, (table.name, field.name)
        assert not set(BOOKKEEPING.get(table.name, ())) & set(schema.names)


def test_spark_tables_are_partitioned_by_publication_day(spark_out: Path, spark_db: Path) -> None:
    days = {p.name for p in (spark_out / "articles").iterdir() if p.is_dir()}
    with duckdb.connect(str(spark_db), read_only=True) as con:
        stored = {
            f"day={d.isoformat() if d else 'undated'}"
            for (d,) in con.execute("SELECT DISTINCT published_date FROM articles").fetchall()
        }
    assert days == stored
    for day in days:  # one file per day: a rerun replaces it whole
        assert len(list((spark_out / "articles" / day).glob("*.parquet"))) == 1


def _contents(folder: Path) -> dict[str, list[dict[str, Any]]]:
    import pyarrow.parquet as pq

    return {
        str(f.parent.relative_to(folder)): pq.read_table(f).to_pylist()
        for f in sorted(folder.rglob("*.parquet"))
    }


def test_spark_rerun_rewrites_identical_partitions(
    spark: Any, sources: list[str], spark_out: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "tables"
    shutil.copytree(spark_out, copy)
    before = _contents(copy)
    # A rerun with a pipeline that fills fewer tables leaves no stale rows in its days
    # (the light pipeline keeps this test short: the full one is checked above).
    run_spark(spark, sources, str(copy), SparkOptions(config=LIGHT, crossdoc=False))
    assert not list((copy / "entities").rglob("*.parquet"))
    light = _contents(copy)
    assert light["articles/day=undated"] != before["articles/day=undated"]
    run_spark(spark, sources, str(copy), SparkOptions(config=LIGHT, crossdoc=False))
    assert _contents(copy) == light


def test_spark_reads_parquet_records_as_their_jsonl_lines(
    spark: Any, tmp_path: Path, sources: list[str]
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dossier.registry import build_pipeline

    records = list(generated("fr", 12, start=3000)) + list(generated("en", 12, start=3500))
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    table = pa.Table.from_pylist(records)
    folder = tmp_path / "dump"
    folder.mkdir()
    pq.write_table(table.slice(0, 10), folder / "part-0.parquet")
    pq.write_table(table.slice(10), folder / "part-1.parquet")
    (folder / "README.txt").write_text("Not a Parquet file: left out.\n", encoding="utf-8")
    out = tmp_path / "tables"
    summary = run_spark(
        spark, [f"parquet:{folder}"], str(out), SparkOptions(config=LIGHT, crossdoc=False)
    )
    assert summary.inputs == len(records) and not summary.skipped
    import_parquet(out, tmp_path / "spark.duckdb")
    local = tmp_path / "local.duckdb"
    ingest([str(dump)], IngestOptions(db=local), pipeline=build_pipeline(LIGHT))
    # Same ids, texts and metadata; only the name of the input differs (file and row).
    ours = {r[0]: r[3:] for r in rows(tmp_path / "spark.duckdb", "articles")}
    theirs = {r[0]: r[3:] for r in rows(local, "articles")}
    assert ours == theirs
    names = sorted(r[2] for r in rows(tmp_path / "spark.duckdb", "articles"))
    assert names[0] == f"{folder}/part-0.parquet:1 (id {records[0]['id']})"
