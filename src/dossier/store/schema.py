"""The store's schema in one place: tables, columns, and the migrations that build them.

Every table is declared once below (:data:`TABLES`); the DDL of migration 1, the Arrow
schemas the writer builds its batches with, and the table list of ``docs/store.md`` (a
test compares them) all come from these declarations.

Migrations are applied in order, each in its own transaction, and recorded in
``schema_migrations`` (version, name, applied_at). A database whose recorded version is
ahead of :data:`SCHEMA_VERSION` was written by a newer dossier and is refused rather than
misread. To change the schema: append a :class:`Migration` with the next version and the
statements that take version N-1 to N (never edit an applied one), and update
:data:`TABLES` to the new shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from .errors import StoreVersionError

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # DuckDB type
    doc: str
    nullable: bool = True


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def ddl(self) -> str:
        parts = [f"{c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in self.columns]
        if self.primary_key:
            parts.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        return f"CREATE TABLE {self.name} (\n  " + ",\n  ".join(parts) + "\n)"

    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, _ARROW_TYPES[c.type], nullable=c.nullable) for c in self.columns]
        )


_ARROW_TYPES: Final[dict[str, pa.DataType]] = {
    "VARCHAR": pa.string(),
    "VARCHAR[]": pa.list_(pa.string()),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
}


def _c(name: str, type_: str, doc: str, *, null: bool = True) -> Column:
    return Column(name, type_, doc, null)


def _article_key(doc: str = "the article (articles.id)") -> Column:
    return _c("article_id", "VARCHAR", doc, null=False)


def _idx(doc: str = "position in the record's list, from 0") -> Column:
    return _c("idx", "INTEGER", doc, null=False)


def _span() -> tuple[Column, Column]:
    return (
        _c("start_char", "INTEGER", "offset of the first character in articles.text"),
        _c("end_char", "INTEGER", "offset after the last character in articles.text"),
    )


def _quantity_columns() -> tuple[Column, ...]:
    return (
        _c("value", "DOUBLE", "the number (null when it cannot be read)"),
        _c("value_max", "DOUBLE", "upper bound of a range"),
        _c("unit", "VARCHAR", "ISO 4217 for money, a plural English noun for counts"),
        _c("kind", "VARCHAR", "money, count, percent, measure or other"),
        _c("qualifier", "VARCHAR", "exact, more_than, less_than, about, up_to, at_least…"),
        _c("text", "VARCHAR", "the words of the figure as written"),
        *_span(),
    )


ARTICLES: Final = Table(
    "articles",
    "one row per distinct cleaned text: the Article record without its lists",
    (
        _c("id", "VARCHAR", "sha256 of the cleaned text (Article.id)", null=False),
        _c("raw_sha256", "VARCHAR", "sha256 of the raw bytes that first produced it"),
        _c("input", "VARCHAR", "where those bytes were read (path, path:line, URL, WARC)"),
        _c("url", "VARCHAR", "URL of the article"),
        _c("source", "VARCHAR", "site name or domain"),
        _c("title", "VARCHAR", "title"),
        _c("author", "VARCHAR", "author"),
        _c("published", "VARCHAR", "publication date or datetime as in the record"),
        _c("published_date", "DATE", "its day, for filters (null when unknown)"),
        _c("language", "VARCHAR", "ISO 639-1 code"),
        _c("text", "VARCHAR", "the cleaned body; every offset indexes it", null=False),
        _c("warnings", "VARCHAR[]", "what the reader should know", null=False),
        _c("stages", "VARCHAR", "JSON object: stage name → versioned factory", null=False),
        _c("pipeline", "VARCHAR", "the factories of the pipeline that made it, comma-joined"),
        _c("ingested_at", "TIMESTAMP", "when it was written (UTC)", null=False),
    ),
    ("id",),
)

INPUTS: Final = Table(
    "inputs",
    "one row per input (URL, or path when there is no URL): what it was last seen to hold",
    (
        _c("locator", "VARCHAR", "the input's identity: its URL, else path or path#id", null=False),
        _c("input", "VARCHAR", "where it was last read", null=False),
        _c("article_id", "VARCHAR", "the article it holds (articles.id)", null=False),
        _c("raw_sha256", "VARCHAR", "sha256 of its raw bytes", null=False),
        _c(
            "fingerprint",
            "VARCHAR",
            "sha256 of the raw bytes and the metadata given with them: unchanged when equal",
            null=False,
        ),
        _c("pipeline", "VARCHAR", "the pipeline that analysed it", null=False),
        _c("fetched_at", "VARCHAR", "when it was fetched (HTTP, WARC), as given"),
        _c("first_seen", "TIMESTAMP", "first stored (UTC)", null=False),
        _c("last_seen", "TIMESTAMP", "last stored or updated (UTC)", null=False),
    ),
    ("locator",),
)

REMOVED: Final = Table(
    "removed",
    "lines taken out of the body during cleaning, with the reason",
    (
        _article_key(),
        _idx(),
        _c("text", "VARCHAR", "the removed line"),
        _c("reason", "VARCHAR", "promo, teaser, tagline, share, related, copyright…"),
        _c("rule", "VARCHAR", "the pattern or signal that matched"),
    ),
)

ENTITIES: Final = Table(
    "entities",
    "actors and places an article mentions, linked where possible",
    (
        _article_key(),
        _idx(),
        _c("entity_id", "VARCHAR", "Wikidata QID or a stable local id"),
        _c("name", "VARCHAR", "canonical name"),
        _c("kind", "VARCHAR", "person, organization, state, place, group or other"),
        _c("country", "VARCHAR", "ISO 3166-1 alpha-3"),
        _c("code", "VARCHAR", "PLOVER actor code"),
        _c("sector", "VARCHAR", "PLOVER sector"),
        _c("wikidata", "VARCHAR", "Wikidata QID"),
        _c("latitude", "DOUBLE", "places: WGS 84 latitude"),
        _c("longitude", "DOUBLE", "places: WGS 84 longitude"),
        _c("geonames", "BIGINT", "places: GeoNames id"),
        _c("precision", "VARCHAR", "places: city, admin1, country… ('unresolved': not found)"),
    ),
)

MENTIONS: Final = Table(
    "mentions",
    "where each entity is mentioned",
    (
        _article_key(),
        _c("entity_idx", "INTEGER", "the entity (entities.idx in the same article)", null=False),
        _idx(),
        *_span(),
        _c("text", "VARCHAR", "the mention as written"),
    ),
)

EVENTS: Final = Table(
    "events",
    "events coded in an article (one row per event of the record)",
    (
        _article_key(),
        _idx(),
        _c("event_id", "VARCHAR", "the record's stable event id"),
        _c("type", "VARCHAR", "PLOVER type"),
        _c("mode", "VARCHAR", "PLOVER mode"),
        _c("status", "VARCHAR", "asserted, reported, denied, negated, planned, conditional…"),
        _c("date", "VARCHAR", "ISO date as in the record"),
        _c("date_end", "VARCHAR", "end of a range, as in the record"),
        _c("date_precision", "VARCHAR", "day, month, year, range or unknown"),
        _c("date_first_day", "DATE", "first day the date covers (for filters)"),
        _c("date_last_day", "DATE", "last day the date covers (for filters)"),
        _c("location_name", "VARCHAR", "place name"),
        _c("location_country", "VARCHAR", "ISO 3166-1 alpha-3"),
        _c("latitude", "DOUBLE", "WGS 84 latitude"),
        _c("longitude", "DOUBLE", "WGS 84 longitude"),
        _c("geonames", "BIGINT", "GeoNames id"),
        _c("location_precision", "VARCHAR", "city, region, country…"),
        _c("confidence", "DOUBLE", "0 to 1"),
    ),
)

EVENT_PARTIES: Final = Table(
    "event_parties",
    "actors and recipients of each event",
    (
        _article_key(),
        _c("event_idx", "INTEGER", "the event (events.idx in the same article)", null=False),
        _c("role", "VARCHAR", "actor or recipient", null=False),
        _idx("position in the event's actors or recipients"),
        _c("entity_id", "VARCHAR", "the linked entity id, if any"),
        _c("name", "VARCHAR", "name"),
        _c("country", "VARCHAR", "ISO 3166-1 alpha-3"),
        _c("code", "VARCHAR", "PLOVER actor code"),
        _c("sector", "VARCHAR", "PLOVER sector"),
    ),
)

EVENT_QUANTITIES: Final = Table(
    "event_quantities",
    "figures bound to an event",
    (
        _article_key(),
        _c("event_idx", "INTEGER", "the event (events.idx in the same article)", null=False),
        _idx(),
        *_quantity_columns(),
    ),
)

EVIDENCE: Final = Table(
    "evidence",
    "the sentences each event was read from",
    (
        _article_key(),
        _c("event_idx", "INTEGER", "the event (events.idx in the same article)", null=False),
        _idx(),
        _c("sentence", "VARCHAR", "the evidence sentence"),
        *_span(),
        _c("trigger", "VARCHAR", "the word(s) that triggered the event"),
        _c("trigger_start_char", "INTEGER", "offset of the trigger in articles.text"),
        _c("trigger_end_char", "INTEGER", "offset after the trigger"),
    ),
)

QUOTES: Final = Table(
    "quotes",
    "quotations and their speakers",
    (
        _article_key(),
        _idx(),
        _c("text", "VARCHAR", "what was said"),
        *_span(),
        _c("direct", "BOOLEAN", "a direct quotation"),
        _c("kind", "VARCHAR", "direct, partial or indirect"),
        _c("cue", "VARCHAR", "the reporting verb or phrase"),
        _c("speaker_entity_id", "VARCHAR", "the speaker's entity id"),
        _c("speaker_name", "VARCHAR", "the speaker's name or description"),
        _c("speaker_country", "VARCHAR", "ISO 3166-1 alpha-3"),
        _c("speaker_sector", "VARCHAR", "PLOVER sector"),
        _c("event_id", "VARCHAR", "the event this quote evidences (events.event_id)"),
    ),
)

TIMES: Final = Table(
    "times",
    "temporal expressions, normalised",
    (
        _article_key(),
        _idx(),
        _c("text", "VARCHAR", "as written"),
        *_span(),
        _c("value", "VARCHAR", "ISO-8601 value (TimeML)"),
        _c("value_end", "VARCHAR", "end of a range"),
        _c("precision", "VARCHAR", "day, month, year…"),
        _c("type", "VARCHAR", "DATE, TIME, DURATION or SET"),
        _c("mod", "VARCHAR", "TimeML modifier"),
    ),
)

QUANTITIES: Final = Table(
    "quantities",
    "every figure of the article (bound or not to an event)",
    (_article_key(), _idx(), *_quantity_columns()),
)

SKIPS: Final = Table(
    "skips",
    "inputs that could not be stored, with where and why; cleared when a rerun stores them",
    (
        _c("locator", "VARCHAR", "the input's identity (as inputs.locator)", null=False),
        _c("input", "VARCHAR", "where it was read", null=False),
        _c(
            "stage",
            "VARCHAR",
            "read, fetch, the failing pipeline stage, or record",
            null=False,
        ),
        _c("error", "VARCHAR", "the error class", null=False),
        _c("reason", "VARCHAR", "the one-line message: what and how to fix", null=False),
        _c("fingerprint", "VARCHAR", "the input's fingerprint when it was read"),
        _c("attempts", "INTEGER", "how many runs skipped it", null=False),
        _c("first_seen", "TIMESTAMP", "first skipped (UTC)", null=False),
        _c("last_seen", "TIMESTAMP", "last skipped (UTC)", null=False),
    ),
    ("locator", "stage", "error"),
)

HTTP_CACHE: Final = Table(
    "http_cache",
    "validators of fetched URLs, for conditional GET (If-None-Match, If-Modified-Since)",
    (
        _c("url", "VARCHAR", "the URL requested", null=False),
        _c("etag", "VARCHAR", "the ETag the server sent"),
        _c("last_modified", "VARCHAR", "the Last-Modified the server sent"),
        _c("status", "INTEGER", "HTTP status of the last full response"),
        _c("content_sha256", "VARCHAR", "sha256 of the body of the last full response"),
        _c("fetched_at", "TIMESTAMP", "when (UTC)", null=False),
    ),
    ("url",),
)

# ------------------------------------------------------------------ cross-document tables
# Computed over many articles by dossier.crossdoc (and its Spark twin); never child tables of
# one article, so their first column is not article_id: a rerun of the cross-document job
# replaces them as a whole.

COPIES: Final = Table(
    "copies",
    "articles that copy an earlier one: identical, near-duplicate, rewrite or translation",
    (
        _c("copy_id", "VARCHAR", "the copying article (articles.id)", null=False),
        _c("copy_of", "VARCHAR", "the earliest known original (articles.id)", null=False),
        _c("relation", "VARCHAR", "identical, near_duplicate, rewrite or translation", null=False),
        _c("similarity", "DOUBLE", "the score that decided it, 0 to 1", null=False),
        _c("evidence", "VARCHAR", "JSON: similarities and aligned sentence pairs"),
    ),
    ("copy_id",),
)

SOURCE_SIGNALS: Final = Table(
    "source_signals",
    "what a reader should know about an article's source: spam tails, templated bios, "
    "machine-translation artefacts, copying",
    (
        _c("signal_article", "VARCHAR", "the article (articles.id)", null=False),
        _c("source", "VARCHAR", "its site name or domain"),
        _c("signal", "VARCHAR", "spam_tail, author_bio, mt_artefact, copy…", null=False),
        _c("detail", "VARCHAR", "the evidence in words (the glued word, the template)"),
        *_span(),
    ),
)

STORIES: Final = Table(
    "stories",
    "clusters of articles about one happening, across languages",
    (
        _c("story_id", "VARCHAR", "stable id (the id of its first article's cluster)", null=False),
        _c("label", "VARCHAR", "a short human label"),
        _c("first_day", "DATE", "earliest publication day"),
        _c("last_day", "DATE", "latest publication day"),
        _c("languages", "VARCHAR[]", "ISO 639-1 codes of its articles", null=False),
        _c("article_count", "INTEGER", "articles in it", null=False),
        _c("source_count", "INTEGER", "distinct sources in it", null=False),
    ),
    ("story_id",),
)

STORY_ARTICLES: Final = Table(
    "story_articles",
    "which story each article belongs to",
    (
        _c("story_id", "VARCHAR", "the story (stories.story_id)", null=False),
        _c("member_article", "VARCHAR", "the article (articles.id)", null=False),
        _c("similarity", "DOUBLE", "its similarity to the story when it joined"),
    ),
    ("member_article",),
)

CANONICAL_EVENTS: Final = Table(
    "canonical_events",
    "one event per happening: the same event across articles merged, copies counted once",
    (
        _c("canonical_id", "VARCHAR", "stable id", null=False),
        _c("story_id", "VARCHAR", "the story it belongs to"),
        _c("type", "VARCHAR", "PLOVER type", null=False),
        _c("mode", "VARCHAR", "PLOVER mode"),
        _c("status", "VARCHAR", "the status most sources give"),
        _c("statuses", "VARCHAR[]", "every status reported, when sources disagree", null=False),
        _c("date", "VARCHAR", "ISO date"),
        _c("date_precision", "VARCHAR", "day, month, year, range or unknown"),
        _c("location_name", "VARCHAR", "place name"),
        _c("location_country", "VARCHAR", "ISO 3166-1 alpha-3"),
        _c("latitude", "DOUBLE", "WGS 84 latitude"),
        _c("longitude", "DOUBLE", "WGS 84 longitude"),
        _c("actors", "VARCHAR", "JSON list of parties (entity, name, country, code, sector)"),
        _c("recipients", "VARCHAR", "JSON list of parties"),
        _c("article_count", "INTEGER", "articles that report it", null=False),
        _c("source_count", "INTEGER", "distinct sources that report it", null=False),
        _c(
            "independent_source_count",
            "INTEGER",
            "sources once copies count with their original",
            null=False,
        ),
        _c("confidence", "DOUBLE", "0 to 1"),
    ),
    ("canonical_id",),
)

CANONICAL_MEMBERS: Final = Table(
    "canonical_members",
    "the per-article events merged into each canonical event",
    (
        _c("canonical_id", "VARCHAR", "the canonical event", null=False),
        _c("member_article", "VARCHAR", "the article (articles.id)", null=False),
        _c("event_idx", "INTEGER", "the event (events.idx in that article)", null=False),
    ),
    ("member_article", "event_idx"),
)

CONTRADICTIONS: Final = Table(
    "contradictions",
    "figures or statuses that differ across sources or over time, one row per reported value",
    (
        _c("contradiction_id", "VARCHAR", "groups the rows of one disagreement", null=False),
        _c("story_id", "VARCHAR", "the story"),
        _c("canonical_id", "VARCHAR", "the canonical event, when there is one"),
        _c("subject", "VARCHAR", "what is disputed: 'troops', 'aid (USD)', 'status'…", null=False),
        _c("kind", "VARCHAR", "figure or status", null=False),
        _c("value_article", "VARCHAR", "the article that reports this value", null=False),
        _c("source", "VARCHAR", "its source"),
        _c("published", "VARCHAR", "its publication date"),
        _c("value", "DOUBLE", "the figure (null for a status)"),
        _c("unit", "VARCHAR", "its unit"),
        _c("reported", "VARCHAR", "the value as written, or the status"),
        *_span(),
    ),
)

CROSSDOC_TABLES: Final[tuple[Table, ...]] = (
    COPIES,
    SOURCE_SIGNALS,
    STORIES,
    STORY_ARTICLES,
    CANONICAL_EVENTS,
    CANONICAL_MEMBERS,
    CONTRADICTIONS,
)
"""Tables the cross-document job rebuilds; migration 2 added them."""

TABLES: Final[tuple[Table, ...]] = (
    ARTICLES,
    INPUTS,
    REMOVED,
    ENTITIES,
    MENTIONS,
    EVENTS,
    EVENT_PARTIES,
    EVENT_QUANTITIES,
    EVIDENCE,
    QUOTES,
    TIMES,
    QUANTITIES,
    SKIPS,
    HTTP_CACHE,
    *CROSSDOC_TABLES,
)
TABLES_BY_NAME: Final = {t.name: t for t in TABLES}

CHILD_TABLES: Final[tuple[Table, ...]] = tuple(
    t for t in TABLES if t.column_names[:1] == ("article_id",)
)
"""Tables whose rows belong to one article: replaced together with it."""

MIGRATIONS_TABLE: Final = "schema_migrations"


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(1, "initial schema", tuple(t.ddl() for t in TABLES if t not in CROSSDOC_TABLES)),
    Migration(2, "cross-document tables", tuple(t.ddl() for t in CROSSDOC_TABLES)),
)
SCHEMA_VERSION: Final = MIGRATIONS[-1].version


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest applied migration, 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
        [MIGRATIONS_TABLE],
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = con.execute(f"SELECT max(version) FROM {MIGRATIONS_TABLE}").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def pending(con: duckdb.DuckDBPyConnection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """How many migrations the database lacks; raises when it is ahead of this code."""
    version = current_version(con)
    latest = migrations[-1].version
    if version > latest:
        raise StoreVersionError(
            f"the database is at schema version {version}, ahead of this dossier's {latest}: "
            "it was written by a newer dossier — upgrade dossier, or use another --db"
        )
    return sum(1 for m in migrations if m.version > version)


def migrate(
    con: duckdb.DuckDBPyConnection, migrations: Sequence[Migration] = MIGRATIONS
) -> list[Migration]:
    """Apply the pending migrations in order, one transaction each; returns those applied."""
    pending(con, migrations)
    con.execute(
        f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} ("
        "version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
    )
    version = current_version(con)
    applied = []
    for migration in migrations:
        if migration.version <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in migration.statements:
                con.execute(statement)
            con.execute(
                f"INSERT INTO {MIGRATIONS_TABLE} VALUES (?, ?, ?)",
                [migration.version, migration.name, utc_now()],
            )
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        applied.append(migration)
    return applied


def utc_now() -> dt.datetime:
    """Naive UTC, as DuckDB's TIMESTAMP stores it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
