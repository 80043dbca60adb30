"""The ingest loop: sources → analysis (in parallel) → the store, batch by batch.

1. The store is opened (one writer) and the fingerprints of the inputs it already holds
   for this pipeline are loaded: an input read again with the same bytes and metadata is
   counted ``unchanged`` before any analysis (and a feed or page the server reports as
   not modified is never even downloaded).
2. The other inputs go through ``pipeline.pipe(..., n_process=N)``: each worker builds
   the pipeline (and loads the models) once.
3. Records are written in batches of ``batch_size``, each in one transaction with its
   articles' child rows, inputs, skips and HTTP validators. An interrupted run (Ctrl-C,
   kill -9, a crash) keeps every committed batch; rerunning skips what was stored and
   does the rest, with no duplicate and no article lost.
4. An input that cannot be stored — unreadable, refused by a stage, not fetchable — goes
   to the ``skips`` table with its source, the stage and the reason, and the run goes on.
   The summary counts every input: new, duplicate, updated, reanalysed, unchanged,
   skipped (by stage and error), ignored (WARC records that are not articles), older than
   ``--since``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from ..doc import Doc, RawArticle
from ..errors import InputError
from ..pipeline import Pipeline
from ..store.database import DEFAULT_DB, open_store
from ..store.rows import day_range
from ..store.writer import OUTCOMES, Analysed, BatchOutcome, HttpValidators, Skip, StoreWriter
from .feeds import FeedError
from .http import FetchError, FetchPolicy, Validators
from .progress import Reporter, SilentReporter
from .readers import ARTICLE_SUFFIXES, DEFAULT_MAX_BYTES, JSONL_SUFFIXES
from .sources import Item, NotModified, Older, SourceReader, kind_of
from .warc import Ignored

DEFAULT_BATCH_SIZE: Final = 64
"""Articles per transaction. A commit costs a few milliseconds; at 10 articles/s per core
a batch is seconds of work, so a kill loses little and the commits cost nothing."""
PIPE_BATCH_SIZE: Final = 16
"""Articles per analysis batch (the pipeline's own default; spaCy's sweet spot here)."""
IN_FLIGHT_BATCHES: Final = 4
"""Analysis batches read ahead per worker. With workers, the pipeline's process pool pulls
inputs from a thread as fast as it can: without this bound a large WARC would be read
into memory whole before the first article is analysed."""
COMMIT_EVERY_S: Final = 30.0
"""A batch is committed after this long even when not full: a slow feed or a large WARC
must not keep finished work in memory for minutes."""

SKIP_EXAMPLES: Final = 5
"""Skip reasons the summary prints in full; the skips table keeps them all."""

_JSONL_SOURCE = re.compile(r"^(?P<path>.*):\d+(?: \(id .*\))?$")


@dataclass(frozen=True)
class IngestOptions:
    db: Path = Path(DEFAULT_DB)
    workers: int = 1
    batch_size: int = DEFAULT_BATCH_SIZE
    since: dt.date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_private: bool = False
    host_delay_s: float = 1.0


@dataclass
class IngestSummary:
    db: Path
    counts: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)  # "stage: Error" → n
    ignored: Counter[str] = field(default_factory=Counter)  # reason → n
    skip_examples: list[str] = field(default_factory=list)
    """The first few skip reasons, each naming its input and the fix (the rest: skips)."""
    not_modified: int = 0
    batches: int = 0
    seconds: float = 0.0
    store_seconds: float = 0.0
    """Time spent in the store's transactions (writes and commits)."""
    interrupted: bool = False

    @property
    def stored(self) -> int:
        return sum(self.counts[o] for o in OUTCOMES)

    @property
    def done(self) -> int:
        return (
            self.stored
            + self.counts["unchanged"]
            + self.counts["older"]
            + sum(self.skipped.values())
            + sum(self.ignored.values())
        )

    def lines(self) -> list[str]:
        rate = self.stored / self.seconds if self.seconds > 0 else 0.0
        head = "interrupted" if self.interrupted else "done"
        out = [
            f"{head}: {self.db} in {self.seconds:.1f} s ({rate:.1f} articles stored/s), "
            f"{self.batches} batches committed in {self.store_seconds:.1f} s",
            f"  new         {self.counts['new']}",
            f"  duplicate   {self.counts['duplicate']}  (same text as a stored article)",
            f"  updated     {self.counts['updated']}  (changed text at a stored URL or path)",
            f"  reanalysed  {self.counts['reanalysed']}  (re-read or new pipeline, same text)",
            f"  unchanged   {self.counts['unchanged']}"
            + (f"  ({self.not_modified} answered 304 Not Modified)" if self.not_modified else ""),
        ]
        skipped = sum(self.skipped.values())
        detail = ", ".join(f"{reason} {n}" for reason, n in self.skipped.most_common())
        out.append(
            f"  skipped     {skipped}" + (f"  ({detail}; see the skips table)" if skipped else "")
        )
        out.extend(f"    {reason}" for reason in self.skip_examples)
        if skipped > len(self.skip_examples):
            out.append(f"    … and {skipped - len(self.skip_examples)} more in the skips table")
        if self.ignored:
            detail = ", ".join(f"{reason} {n}" for reason, n in self.ignored.most_common())
            out.append(f"  ignored     {sum(self.ignored.values())}  ({detail})")
        if self.counts["older"]:
            out.append(f"  older than --since  {self.counts['older']}")
        if self.interrupted:
            out.append("rerun the same command to finish: stored inputs are skipped")
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "db": str(self.db),
            **{o: self.counts[o] for o in (*OUTCOMES, "unchanged", "older")},
            "not_modified": self.not_modified,
            "skipped": dict(self.skipped),
            "ignored": dict(self.ignored),
            "batches": self.batches,
            "seconds": round(self.seconds, 3),
            "store_seconds": round(self.store_seconds, 3),
            "interrupted": self.interrupted,
        }


def locator_of(raw: RawArticle) -> str:
    """The input's identity across runs: its URL (without fragment), else its path, with
    the record id for JSON Lines (whose line numbers move when the dump is rewritten)."""
    if raw.url:
        return raw.url.split("#", 1)[0]
    if raw.id:
        match = _JSONL_SOURCE.match(raw.source)
        return f"{match['path'] if match else raw.source}#{raw.id}"
    return raw.source


def fingerprint_of(raw: RawArticle) -> str:
    """sha256 of the raw bytes and of the metadata given with them: a new ``--published``
    or a corrected title in a JSON Lines dump is a change, a new fetch time is not."""
    meta = json.dumps(
        [raw.content_type, raw.encoding, raw.url, raw.published, raw.language,
         raw.title, raw.author, raw.site, raw.id],
        ensure_ascii=False,
    )  # fmt: skip
    digest = hashlib.sha256(raw.data)
    digest.update(b"\x00")
    digest.update(meta.encode("utf-8"))
    return digest.hexdigest()


def pipeline_signature(pipeline: Pipeline) -> str:
    return ",".join(pipeline.config.stages)


def estimate_total(sources: Sequence[str]) -> int | None:
    """Inputs in local article files and folders, or None when a source's size is unknown
    (URLs, feeds, WARC files, URL lists): the progress bar then shows no ETA rather than a
    wrong one."""
    total = 0
    for source in sources:
        if source.startswith(("http://", "https://", "feed:", "urls:", "warc:")):
            return None
        path = Path(source)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for file in files:
            if kind_of(file) is not None:
                return None
            suffix = file.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                with file.open("rb") as f:
                    total += sum(1 for line in f if line.strip())
            elif suffix in ARTICLE_SUFFIXES or not path.is_dir():
                total += 1
    return total


@dataclass
class _InFlight:
    locator: str
    fingerprint: str


class _Run:
    """The state of one ingest: counters, the batch being built, what is in flight."""

    def __init__(
        self,
        *,
        writer: StoreWriter,
        pipeline: Pipeline,
        reader: SourceReader,
        options: IngestOptions,
        reporter: Reporter,
        summary: IngestSummary,
        on_commit: Callable[[BatchOutcome], None] | None,
    ) -> None:
        self.writer = writer
        self.pipeline = pipeline
        self.reader = reader
        self.options = options
        self.reporter = reporter
        self.summary = summary
        self.on_commit = on_commit
        self.known = writer.known()
        self.in_flight: dict[str, deque[_InFlight]] = {}
        self.pending: list[Analysed] = []
        self.skips: list[Skip] = []
        self.validators: list[HttpValidators] = []
        self.last_commit = time.monotonic()
        # With workers, raws() runs in the pool's feeder thread while take() runs here:
        # the lock guards the state both touch, the semaphore bounds what is read ahead.
        self.lock = threading.RLock()
        self.slots = threading.BoundedSemaphore(
            PIPE_BATCH_SIZE * IN_FLIGHT_BATCHES * max(1, options.workers)
        )
        self.stopping = False

    # -- before analysis

    def raws(self, sources: Sequence[str]) -> Iterator[RawArticle]:
        for source in sources:
            for item in self.reader.read(source):
                with self.lock:
                    raw = self._screen(item)
                if raw is None:
                    continue
                while not self.slots.acquire(timeout=0.1):
                    if self.stopping:  # the run is ending: let the pool's thread finish
                        return
                yield raw

    def _screen(self, item: Item) -> RawArticle | None:
        """The raw article to analyse, or None when the item is settled here."""
        if self.stopping:
            return None
        if isinstance(item, InputError):
            self._skip_error(item, _read_stage(item))
        elif isinstance(item, Ignored):
            self.summary.ignored[item.reason] += 1
        elif isinstance(item, NotModified):
            self.summary.counts["unchanged"] += 1
            self.summary.not_modified += 1
        elif isinstance(item, Older):
            self.summary.counts["older"] += 1
        elif self._older(item.published) or self._older(item.fetched_at):
            # A page captured before --since was necessarily published before it too.
            self.summary.counts["older"] += 1
        else:
            locator, fingerprint = locator_of(item), fingerprint_of(item)
            key = f"{locator}\x00{fingerprint}"
            if key in self.known:
                self.summary.counts["unchanged"] += 1
                if item.source in self.reader.validators:  # a 200 with the same bytes
                    self.reader.deferred.append(self.reader.validators.pop(item.source))
            else:
                self.known.add(key)  # a second copy in this run is unchanged too
                self.in_flight.setdefault(item.source, deque()).append(
                    _InFlight(locator, fingerprint)
                )
                return item
        self._progress()
        return None

    def _older(self, value: str | None) -> bool:
        if self.options.since is None or not value:
            return False
        _, last = day_range(value)
        return last is not None and last < self.options.since

    # -- after analysis

    def take(self, doc: Doc) -> None:
        self.slots.release()
        with self.lock:
            self._take(doc)

    def _take(self, doc: Doc) -> None:
        queue = self.in_flight.get(doc.raw.source)
        flight = queue.popleft() if queue else _InFlight(locator_of(doc.raw), "")
        if queue is not None and not queue:
            del self.in_flight[doc.raw.source]
        validators = self.reader.validators.pop(doc.raw.source, None)
        if doc.error is not None:
            stage = next((s.name for s in self.pipeline.stages if s.name not in doc.stages), "?")
            self._skip_error(doc.error, stage, flight)
        else:
            try:
                article = doc.to_article()
            except Exception as exc:  # noqa: BLE001 - a record that breaks the contract is skipped
                self._skip(
                    flight,
                    doc.raw.source,
                    stage="record",
                    error=type(exc).__name__,
                    reason=f"{doc.raw.source}: the record breaks the contract ({exc}) — "
                    "report it with the input",
                )
            else:
                if self._older(article.published):
                    self.summary.counts["older"] += 1
                    self.known.discard(f"{flight.locator}\x00{flight.fingerprint}")
                else:
                    self.pending.append(
                        Analysed(
                            flight.locator,
                            doc.raw.source,
                            flight.fingerprint,
                            article,
                            doc.raw.fetched_at,
                        )
                    )
                    if validators is not None:
                        self.validators.append(validators)
        self._progress()
        full = len(self.pending) + len(self.skips) >= self.options.batch_size
        if full or time.monotonic() - self.last_commit >= COMMIT_EVERY_S:
            self.commit()

    def _skip_error(self, error: InputError, stage: str, flight: _InFlight | None = None) -> None:
        locator = flight.locator if flight else error.source
        self._skip(
            flight,
            error.source,
            stage=stage,
            error=type(error).__name__,
            reason=str(error),
            locator=locator,
        )

    def _skip(
        self,
        flight: _InFlight | None,
        source: str,
        *,
        stage: str,
        error: str,
        reason: str,
        locator: str | None = None,
    ) -> None:
        loc = locator or (flight.locator if flight else source)
        fingerprint = flight.fingerprint if flight and flight.fingerprint else None
        if flight is not None:
            # Not stored: a rerun must try it again, not count it unchanged.
            self.known.discard(f"{flight.locator}\x00{flight.fingerprint}")
        self.skips.append(Skip(loc, source, stage, error, reason, fingerprint))
        self.summary.skipped[f"{stage}: {error}"] += 1
        if len(self.summary.skip_examples) < SKIP_EXAMPLES:
            self.summary.skip_examples.append(reason)

    def commit(self, extra: Sequence[HttpValidators] = ()) -> None:
        if not (self.pending or self.skips or self.validators or extra):
            return
        with self.lock:
            self._commit(extra)

    def _commit(self, extra: Sequence[HttpValidators]) -> None:
        started = time.perf_counter()
        outcome = self.writer.write(self.pending, self.skips, [*self.validators, *extra])
        self.summary.store_seconds += time.perf_counter() - started
        self.summary.counts.update(outcome.counts)
        self.summary.batches += 1
        stored, skipped = len(self.pending), len(self.skips)
        self.pending, self.skips, self.validators = [], [], []
        self.last_commit = time.monotonic()
        self.reporter.committed(self.summary.batches, stored, skipped, self.summary.done)
        if self.on_commit is not None:
            self.on_commit(outcome)

    def _progress(self) -> None:
        s = self.summary
        status = (
            f"stored {s.stored + len(self.pending)} · unchanged {s.counts['unchanged']} · "
            f"skipped {sum(s.skipped.values())}"
        )
        self.reporter.advance(s.done + len(self.pending), status)


def _read_stage(error: InputError) -> str:
    return "fetch" if isinstance(error, FetchError | FeedError) else "read"


def ingest(
    sources: Sequence[str],
    options: IngestOptions | None = None,
    *,
    pipeline: Pipeline | None = None,
    reporter: Reporter | None = None,
    on_commit: Callable[[BatchOutcome], None] | None = None,
) -> IngestSummary:
    """Ingest ``sources`` into the store; see the module docstring. Ctrl-C stops cleanly:
    finished records are committed, and the summary says ``interrupted``."""
    from ..registry import load_pipeline

    options = options or IngestOptions()
    pipeline = pipeline or load_pipeline()
    reporter = reporter or SilentReporter()
    summary = IngestSummary(options.db)
    started = time.perf_counter()
    con = open_store(options.db)
    try:
        http_cache: dict[str, Validators] = {
            url: (etag, modified)
            for url, etag, modified in con.execute(
                "SELECT url, etag, last_modified FROM http_cache"
            ).fetchall()
        }
        reader = SourceReader(
            max_bytes=options.max_bytes,
            policy=FetchPolicy(
                max_bytes=options.max_bytes,
                allow_private=options.allow_private,
                host_delay_s=options.host_delay_s,
            ),
            http_cache=http_cache,
            since=options.since,
        )
        run = _Run(
            writer=StoreWriter(con, pipeline_signature(pipeline)),
            pipeline=pipeline,
            reader=reader,
            options=options,
            reporter=reporter,
            summary=summary,
            on_commit=on_commit,
        )
        reporter.start(estimate_total(sources))
        docs = pipeline.pipe(
            run.raws(sources), batch_size=PIPE_BATCH_SIZE, n_process=options.workers
        )
        try:
            for doc in docs:
                run.take(doc)
            # Feed and URL-list validators only now: every entry they led to is settled.
            run.commit(extra=reader.deferred)
        except KeyboardInterrupt:
            summary.interrupted = True
            run.commit()  # the records already analysed are complete: keep them
        finally:
            run.stopping = True
            close = getattr(docs, "close", None)  # a generator: stops the worker pool now
            if close is not None:
                close()
            reporter.stop()
            reader.close()
    finally:
        con.close()
        summary.seconds = time.perf_counter() - started
    return summary
