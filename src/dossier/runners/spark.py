"""The Spark runner: the local ingest's records, at cluster scale, as Parquet tables.

The only module of dossier that imports pyspark (lazily, inside functions: importing this
module does not need it). The job, for sources a Spark cluster can read:

1. **read**: files through Spark's ``binaryFile`` source (JSON Lines, WARC, text, HTML;
   any path Spark reads: local, ``hdfs://``, ``s3a://``…) and Parquet datasets with the
   columns of an ingest JSON Lines line; inside ``mapInArrow``, the parsers of
   :mod:`dossier.ingest` turn them into raw articles (:func:`.partition.read_batches`);
2. **analyse**: repartitioned by locator, each partition goes through the pipeline, built
   once per Python worker from a plain :class:`~dossier.pipeline.PipelineConfig`
   (:func:`.partition.analyse_batches`); the result is kept on disk for the next steps;
3. **settle**, as the local writer does: one inputs row per locator (the last read wins,
   a re-read with the same fingerprint is not a change), one article per text (the first
   input in read order makes it), skips only for locators that were not stored;
4. **write** every table of the store that the run fills (the store's columns and types,
   less the bookkeeping columns of :data:`.partition.BOOKKEEPING`), partitioned by the
   article's publication ``day`` (``day=undated`` when unknown), rows sorted by key.
   Partitions are overwritten dynamically: rerunning over the same inputs writes the same
   partitions with identical rows, and a day the run covers loses the rows of tables it no
   longer fills (an old events stage's rows, say). A run must therefore cover all the
   inputs of each day it writes.

``dossier import-parquet`` (:mod:`.parquet_import`) loads the tables into a DuckDB store.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Final

from ..errors import DossierError
from ..ingest.readers import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES
from ..ingest.warc import is_warc_name
from ..pipeline import PipelineConfig
from .partition import (
    ANALYSED_DDL,
    ARTICLE_TABLES,
    RAW_DDL,
    RUN_TABLES,
    UNDATED,
    analyse_batches,
    output_columns,
    read_batches,
)

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

PARQUET_PREFIX: Final = "parquet:"
FILE_GLOB: Final = "*.{txt,text,html,htm,xhtml,shtml,jsonl,ndjson,warc,gz,gzip}"
"""Files a folder source contributes (Hadoop glob syntax); ``.gz`` files other than WARC
are dropped by name in the read step."""

PARQUET_FIELDS: Final = ("id", "url", "published", "language", "source", "title", "author",
                         "text", "html")  # fmt: skip
"""Columns read from a Parquet source: those of a line of an ingest JSON Lines dump."""

ARROW_BATCH_ROWS: Final = 64
"""Rows per Arrow batch handed to ``mapInArrow`` (Spark's default, 10,000, would hold
10,000 HTML pages in a worker's memory at once); the pipeline still takes 16 at a time."""

PARTITIONS_PER_CORE: Final = 4
"""Analysis partitions per core of the cluster (``spark.default.parallelism``): enough
that a slow partition (long articles) does not leave the other cores idle at the end."""

SORT_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "articles": ("id",),
    "inputs": ("locator",),
    "skips": ("locator", "stage", "error"),
    "mentions": ("article_id", "entity_idx", "idx"),
    "event_parties": ("article_id", "event_idx", "role", "idx"),
    "event_quantities": ("article_id", "event_idx", "idx"),
    "evidence": ("article_id", "event_idx", "idx"),
}
"""Row order inside each file (``article_id, idx`` for the other tables): a rerun writes
the very same files' contents."""

_ORDER: Final = ("order_source", "order_rank", "order_path", "order_pos")


class SparkRunError(DossierError):
    """The Spark job cannot run: pyspark missing, a source Spark cannot read."""


@dataclass(frozen=True)
class SparkOptions:
    max_bytes: int = DEFAULT_MAX_BYTES
    partitions: int | None = None
    """Analysis partitions; default :data:`PARTITIONS_PER_CORE` per core of the cluster."""
    config: PipelineConfig | None = None
    """The pipeline to run; the default pipeline when None."""
    crossdoc: bool = True
    """Run the cross-document stage (:mod:`.crossdoc_partition`) over every article of
    the output folder once the per-article tables are written."""


@dataclass
class SparkSummary:
    output: str
    articles: int = 0
    inputs: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # "stage: Error" → n
    ignored: Counter[str] = field(default_factory=Counter)  # reason → n
    rows: dict[str, int] = field(default_factory=dict)  # table → rows written
    days: list[str] = field(default_factory=list)
    seconds: float = 0.0
    analysis_seconds: float = 0.0
    crossdoc_seconds: float = 0.0
    """Until the analysed rows were on disk: reading and the pipeline, workers' start-up
    included; the rest is settling duplicates and writing the tables."""

    def lines(self) -> list[str]:
        rate = self.inputs / self.seconds if self.seconds > 0 else 0.0
        out = [
            f"done: {self.output} in {self.seconds:.1f} s ({rate:.1f} inputs stored/s), "
            f"{len(self.days)} day partitions",
            f"  articles    {self.articles}",
            f"  inputs      {self.inputs}",
            f"  skipped     {sum(self.skipped.values())}"
            + (
                "  (" + ", ".join(f"{k} {n}" for k, n in self.skipped.most_common()) + ")"
                if self.skipped
                else ""
            ),
        ]
        if self.ignored:
            detail = ", ".join(f"{k} {n}" for k, n in self.ignored.most_common())
            out.append(f"  ignored     {sum(self.ignored.values())}  ({detail})")
        out.append("  rows        " + ", ".join(f"{t} {n}" for t, n in self.rows.items() if n))
        return out


def _pyspark() -> Any:
    try:
        import pyspark
    except ImportError:
        raise SparkRunError(
            "pyspark is not installed — install the Spark extra: pip install 'dossier[spark]'"
        ) from None
    return pyspark


def spark_session(
    master: str | None = None,
    *,
    app_name: str = "dossier",
    conf: Mapping[str, str] | None = None,
) -> SparkSession:
    """A Spark session for the job (the running one under ``spark-submit``).

    With a local master, the Python workers run this very interpreter
    (``PYSPARK_PYTHON``), so they import dossier and its models from the same
    environment; on a cluster, ship the environment (docs/scaling.md) and set
    ``spark.pyspark.python`` to its interpreter.
    """
    _pyspark()
    from pyspark.sql import SparkSession

    # Under spark-submit the JVM started this process (it left the gateway's port in the
    # environment) and holds the master and settings: they are not overridden. Run
    # directly, PySpark starts its own spark-submit, whose default master is local[*].
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ
    local = master.startswith("local") if master else not submitted
    if local and not os.environ.get("PYSPARK_PYTHON"):
        os.environ["PYSPARK_PYTHON"] = sys.executable
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    settings = {
        # Spark's 200 shuffle partitions are 200 tasks per write on a laptop's few cores.
        **(
            {"spark.sql.shuffle.partitions": str(2 * local_cores(master or "local[*]"))}
            if local
            else {}
        ),
        "spark.sql.execution.arrow.maxRecordsPerBatch": str(ARROW_BATCH_ROWS),
        "spark.sql.sources.partitionOverwriteMode": "dynamic",
        "spark.sql.session.timeZone": "UTC",
        **(conf or {}),
    }
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def local_cores(master: str) -> int:
    """Cores of a ``local[N]`` master (``local[*]``: this machine's)."""
    inside = master.partition("[")[2].partition("]")[0].split(",")[0]
    return int(inside) if inside.isdigit() else os.cpu_count() or 1


def default_config() -> PipelineConfig:
    from ..registry import DEFAULT_PIPELINE, resolve_name

    return PipelineConfig(tuple(resolve_name(n) for n in DEFAULT_PIPELINE))


# ----------------------------------------------------------------------------- reading


def _is_file_name(path: str) -> bool:
    name = path.rstrip("/")
    return is_warc_name(name) or PurePosixPath(name).suffix.lower() in ARTICLE_SUFFIXES


def _load(spark: SparkSession, source: str, loader: Any) -> DataFrame:
    from pyspark.errors import AnalysisException

    try:
        frame: DataFrame = loader()
    except AnalysisException as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SparkRunError(
            f"{source}: Spark cannot read it ({first}) — check the path, and that the "
            "cluster can reach it"
        ) from None
    return frame


def _file_frame(spark: SparkSession, index: int, source: str) -> DataFrame:
    from pyspark.sql import functions as sf

    explicit = _is_file_name(source)
    reader = spark.read.format("binaryFile")
    if not explicit:
        reader = reader.option("recursiveFileLookup", "true").option("pathGlobFilter", FILE_GLOB)
    frame = _load(spark, source, lambda: reader.load(source))
    return frame.select(
        "path", "content", sf.lit(index).alias("source_idx"), sf.lit(explicit).alias("explicit")
    )


def _parquet_frame(spark: SparkSession, index: int, source: str) -> DataFrame:
    from pyspark.sql import functions as sf

    frame = _load(
        spark,
        source,
        lambda: (
            spark.read.option("recursiveFileLookup", "true")
            .option("pathGlobFilter", "*.parquet")
            .parquet(source)
        ),
    )
    present = set(frame.columns)
    fields = [
        (sf.col(f"`{name}`") if name in present else sf.lit(None)).cast("string").alias(name)
        for name in PARQUET_FIELDS
    ]
    return frame.select(
        *fields,
        sf.col("_metadata.file_path").alias("file_path"),
        sf.col("_metadata.row_index").alias("row_index"),
        sf.lit(index).alias("source_idx"),
    )


def _union(frames: Sequence[DataFrame]) -> DataFrame | None:
    if not frames:
        return None
    out = frames[0]
    for frame in frames[1:]:
        out = out.unionByName(frame)
    return out


def read_sources(spark: SparkSession, sources: Sequence[str], max_bytes: int) -> DataFrame:
    """Raw articles (and read errors) of every source, with their read order."""
    files: list[DataFrame] = []
    tables: list[DataFrame] = []
    for index, source in enumerate(sources):
        if source.startswith(PARQUET_PREFIX):
            tables.append(_parquet_frame(spark, index, source[len(PARQUET_PREFIX) :]))
        elif source.rstrip("/").lower().endswith(".parquet"):
            tables.append(_parquet_frame(spark, index, source))
        else:
            files.append(_file_frame(spark, index, source))
    parts = []
    if (frame := _union(files)) is not None:
        parts.append(frame.mapInArrow(partial(read_batches, max_bytes=max_bytes), RAW_DDL))
    if (frame := _union(tables)) is not None:
        body = partial(read_batches, max_bytes=max_bytes, parquet=True)
        parts.append(frame.mapInArrow(body, RAW_DDL))
    raw = _union(parts)
    if raw is None:
        raise SparkRunError("no source given — name files, folders or Parquet datasets")
    return raw


# ------------------------------------------------------------------------------ settling


def _first(frame: DataFrame, keys: Sequence[str], *, last: bool = False) -> DataFrame:
    from pyspark.sql import Window
    from pyspark.sql import functions as sf

    order = [sf.col(c).desc() if last else sf.col(c).asc() for c in _ORDER]
    window = Window.partitionBy(*keys).orderBy(*order)
    return frame.withColumn("_n", sf.row_number().over(window)).where("_n = 1").drop("_n")


@dataclass
class Settled:
    chosen: DataFrame
    """One analysed row per stored article: the first input in read order with its text."""
    inputs: DataFrame
    """One analysed row per locator: its last read (re-reads with the same fingerprint
    are not changes)."""
    skips: DataFrame
    """Skipped rows of locators that were not stored, one per (locator, stage, error)."""


def settle(staged: DataFrame) -> Settled:
    """What ``dossier ingest`` would keep of the same inputs, read in the same order."""
    from pyspark.sql import functions as sf

    stored = staged.where("outcome = 'article'")
    # A re-read with a fingerprint already seen is "unchanged" locally: never analysed.
    inputs = _first(_first(stored, ["locator", "fingerprint"]), ["locator"], last=True)
    held = inputs.select("article_id").distinct()
    chosen = _first(stored, ["article_id"]).join(held, "article_id", "left_semi")
    skipped = staged.where("outcome = 'skip'").join(
        inputs.select("locator"), "locator", "left_anti"
    )
    skips = _first(
        skipped.withColumn("_stage", sf.col("skip_row.stage")).withColumn(
            "_error", sf.col("skip_row.error")
        ),
        ["locator", "_stage", "_error"],
        last=True,
    ).drop("_stage", "_error")
    return Settled(chosen, inputs, skips)


# ------------------------------------------------------------------------------ writing


def table_frames(settled: Settled) -> dict[str, DataFrame]:
    """The rows of each table the run writes, with their ``day`` partition column."""
    from pyspark.sql import functions as sf

    frames: dict[str, DataFrame] = {}
    for table in ARTICLE_TABLES:
        exploded = settled.chosen.select("day", sf.explode(f"`{table.name}`").alias("_r"))
        frames[table.name] = exploded.select(
            "day", *(sf.col(f"_r.`{c}`").alias(c) for c in output_columns(table))
        )
    frames["inputs"] = settled.inputs.select("day", "input_row.*")
    frames["skips"] = settled.skips.select("day", "skip_row.*")
    return frames


def _write(frame: DataFrame, path: str, keys: Sequence[str]) -> None:
    (
        frame.repartition("day")
        .sortWithinPartitions("day", *keys)
        .write.mode("overwrite")
        .partitionBy("day")
        .option("compression", "zstd")
        .parquet(path)
    )


def _hadoop_fs(spark: SparkSession, path: str) -> tuple[Any, Any]:
    jvm = spark.sparkContext._jvm
    assert jvm is not None, "the Spark context has no JVM gateway"
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    return hadoop_path.getFileSystem(conf), hadoop_path


def _drop_stale(spark: SparkSession, path: str, covered: set[str], written: set[str]) -> None:
    """Delete the partitions of days this run covers but where the table has no row now
    (dynamic overwrite only replaces the partitions it writes)."""
    fs, root = _hadoop_fs(spark, path)
    jvm = spark.sparkContext._jvm
    assert jvm is not None
    for day in sorted(covered - written):
        partition = jvm.org.apache.hadoop.fs.Path(root, f"day={day}")
        if fs.exists(partition):
            fs.delete(partition, True)


def _table_path(output: str, name: str) -> str:
    return output.rstrip("/") + "/" + name


def run_spark(
    spark: SparkSession,
    sources: Sequence[str],
    output: str,
    options: SparkOptions | None = None,
) -> SparkSummary:
    """Run the job (module docstring) over ``sources`` into the folder ``output``."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as sf

    options = options or SparkOptions()
    config = options.config or default_config()
    started = time.perf_counter()
    summary = SparkSummary(output)
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")
    raw = read_sources(spark, sources, options.max_bytes)
    partitions = options.partitions or max(
        1, spark.sparkContext.defaultParallelism * PARTITIONS_PER_CORE
    )
    analyse = partial(analyse_batches, config=config)
    staged = (
        raw.repartition(partitions, "locator")
        .mapInArrow(analyse, ANALYSED_DDL)
        .persist(StorageLevel.DISK_ONLY)
    )
    kept: list[DataFrame] = [staged]
    try:
        # The first action: the analysis runs here, once (the result stays on disk).
        for reason, count in (
            staged.where("outcome = 'ignored'").groupBy("reason").count().collect()
        ):
            summary.ignored[reason or "?"] += count
        summary.analysis_seconds = time.perf_counter() - started
        settled = settle(staged)
        settled.chosen = settled.chosen.persist(StorageLevel.DISK_ONLY)
        settled.inputs = settled.inputs.persist(StorageLevel.DISK_ONLY)
        kept += [settled.chosen, settled.inputs]
        frames = table_frames(settled)
        days_of: dict[str, set[str]] = {}
        sizes = [
            sf.sum(sf.size(f"`{t.name}`")).alias(t.name) for t in ARTICLE_TABLES
        ]  # rows per day of each article table, in one pass
        for row in settled.chosen.groupBy("day").agg(*sizes).collect():
            for table in ARTICLE_TABLES:
                if row[table.name]:
                    days_of.setdefault(table.name, set()).add(row["day"])
                    summary.rows[table.name] = summary.rows.get(table.name, 0) + row[table.name]
        for name in ("inputs", "skips"):
            for day, count in frames[name].groupBy("day").count().collect():
                days_of.setdefault(name, set()).add(day)
                summary.rows[name] = summary.rows.get(name, 0) + count
        for skip in settled.skips.select("skip_row.stage", "skip_row.error").collect():
            summary.skipped[f"{skip['stage']}: {skip['error']}"] += 1
        covered = set().union(*days_of.values()) if days_of else set()
        for table in RUN_TABLES:
            path = _table_path(output, table.name)
            keys = SORT_KEYS.get(table.name, ("article_id", "idx"))
            if table.name in days_of:
                _write(frames[table.name], path, keys)
            _drop_stale(spark, path, covered, days_of.get(table.name, set()))
        if options.crossdoc:
            started_crossdoc = time.perf_counter()
            summary.rows.update(run_crossdoc_stage(spark, output))
            summary.crossdoc_seconds = time.perf_counter() - started_crossdoc
        summary.articles = summary.rows.get("articles", 0)
        summary.inputs = summary.rows.get("inputs", 0)
        summary.days = sorted(covered, key=lambda d: (d == UNDATED, d))
    finally:
        for frame in kept:
            frame.unpersist()
    summary.seconds = time.perf_counter() - started
    return summary


# ------------------------------------------------------------------------ cross-document


def _exists(spark: SparkSession, path: str) -> bool:
    fs, hadoop_path = _hadoop_fs(spark, path)
    return bool(fs.exists(hadoop_path))


def run_crossdoc_stage(spark: SparkSession, output: str) -> dict[str, int]:
    """The cross-document tables of every article in ``output`` (all days, all runs),
    each written whole (not partitioned: a story spans days); rows per table."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as sf

    from ..store.schema import CROSSDOC_TABLES
    from .crossdoc_partition import CROSSDOC_DDL, crossdoc_batches

    frames = []
    for table in ARTICLE_TABLES:
        path = _table_path(output, table.name)
        if not _exists(spark, path):
            continue
        frame = spark.read.parquet(path)
        columns = [sf.col(f"`{c}`") for c in output_columns(table)]
        frames.append(
            frame.select(
                sf.col("day").cast("string").alias("day"), sf.struct(*columns).alias(table.name)
            )
        )
    if not frames:
        return {}
    union = frames[0]
    for frame in frames[1:]:
        union = union.unionByName(frame, allowMissingColumns=True)
    crossdoc = (
        union.coalesce(1).mapInArrow(crossdoc_batches, CROSSDOC_DDL).persist(StorageLevel.DISK_ONLY)
    )
    rows: dict[str, int] = {}
    try:
        for table in CROSSDOC_TABLES:
            exploded = crossdoc.select(sf.explode(f"`{table.name}`").alias("_r"))
            frame = exploded.select(*(sf.col(f"_r.`{c}`").alias(c) for c in table.column_names))
            keys = table.primary_key or tuple(
                c.name for c in table.columns if not c.type.endswith("[]")
            )
            frame.coalesce(1).sortWithinPartitions(*keys).write.mode("overwrite").option(
                "compression", "zstd"
            ).parquet(_table_path(output, table.name))
            rows[table.name] = frame.count()
    finally:
        crossdoc.unpersist()
    return rows
