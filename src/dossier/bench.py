"""``make bench``: throughput of the full pipeline, and of bare spaCy on the same texts.

The corpus mixes the bundled examples with texts from the gold sets, so that it has news
of both languages, of several lengths, plain and HTML (:data:`CORPUS_MIX`). Sources are
taken in turn, one text each, until ``texts`` are chosen, so any size keeps the mix; the
default takes every quota once (369 texts). Nothing is copied from ``../shared/data``: the
texts are read from there at run time.

In one process run:

1. the texts are cleaned once (clean + language stages, untimed) so that both sides of the
   comparison parse the very same strings; then each model and the pipeline are warmed up
   on a few of them;
2. per language and batch of :data:`BATCH_SIZE` articles, ``repeats`` times, each side
   going first every other time: bare spaCy, ``nlp.pipe`` of the language's model
   (:func:`dossier.nlp.models.load_model`) over the cleaned texts, and the full default
   pipeline in one process over the raw texts, each stage timed by a wrapper class swapped
   onto the stage object (the pipeline code is unchanged). Each side keeps its fastest pass
   of every batch, and the batches are summed;
3. the full pipeline with two worker processes over the whole corpus. Worker start-up
   (importing and loading the models in each worker) is inside this timing, as a user
   running ``dossier analyze --n-process 2`` would pay it; the rate after the first batch
   is reported too.

4. ingestion into the store (``dossier ingest``, one process): the analysed texts are
   written to a JSON Lines file, read back, and go through the full pipeline bare (records
   built in memory, nothing written) and through :func:`dossier.ingest.run.ingest` into a
   fresh DuckDB store, ``repeats`` times each, each side going first every other time; the
   fastest pass of each is kept. The difference is what reading the file, fingerprinting,
   the ingest loop and the store add to the analysis (:data:`INGEST_BUDGET`). Inside the
   fastest ingest pass, the time spent in the stages and in the store's transactions is
   measured too, which needs no second run to compare with.
5. the Spark job (``dossier spark``) over the same texts on ``local[1]`` and ``local[2]``,
   when pyspark is installed (:mod:`dossier.runners.spark_bench`; ``--no-spark`` skips it).

Peak RSS is sampled every 50 ms with psutil over the process and its children (the
workers), per phase. The parent keeps the models it loaded for the earlier phases, so the
two-process peak counts three copies of them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import Any, Final

from .doc import RawArticle
from .nlp.models import MODEL_PACKAGES
from .pipeline import Pipeline, Stage

__all__ = [
    "CORPUS_MIX",
    "DEFAULT_TEXTS",
    "BenchText",
    "StageTimer",
    "build_corpus",
    "measure_ingest",
    "run_bench",
    "write_bench",
]

_REPOSITORY: Final = Path(__file__).resolve().parents[2]
EXAMPLES: Final = _REPOSITORY / "examples"

SEQUOIA_SENTENCES_PER_ARTICLE: Final = 8
"""Sequoia sentences are consecutive sentences of Est Républicain articles; eight of them
make a pseudo-article of ~200 words, the length of a short wire story."""

CORPUS_MIX: Final[dict[str, tuple[int | None, str]]] = {
    "examples": (None, "every article in examples/ (fr, en; text, HTML, JSON Lines)"),
    "ftib": (108, "French TimeBank 1.1: every article (fr, Est Républicain 1999-2003)"),
    "sequoia": (66, "Sequoia Est Républicain: 8 consecutive sentences per pseudo-article (fr)"),
    "polnear": (84, "PolNeAR test: every article (en, US politics 2016)"),
    "ecbplus": (40, "ECB+: 40 documents spread evenly over the 43 topics (en)"),
    "trafilatura_fr": (30, "trafilatura eval set: first 30 French HTML pages"),
    "trafilatura_en": (30, "trafilatura eval set: first 30 English HTML pages"),
}
"""Source → (quota, description). None takes every text of the source."""

DEFAULT_TEXTS: Final = 369
"""Every quota of :data:`CORPUS_MIX` once (11 examples + 358 gold texts)."""

_RSS_INTERVAL_S: Final = 0.05
_WARM_UP_TEXTS: Final = 8

BATCH_SIZE: Final = 16
"""Articles per batch, for the pipeline and for bare ``nlp.pipe`` alike: the pipeline's own
default, so that spaCy sees batches of the same size on both sides (measured here, spaCy's
French model is about 30 % slower on these texts with batches of 32 than of 16)."""

DEFAULT_REPEATS: Final = 2
"""Passes of each batch on each side in the one-process measurement; the fastest is kept.
On the shared 2-core development machine one pass of the same texts took from 3.7 to 5.7 s
(measured while writing this), so a single pass is not enough."""

INGEST_BUDGET: Final = 0.10
"""What the store and I/O may add to the analysis in ``dossier ingest`` (10 %): the
pipeline is the product, the store must not be its bottleneck."""

OTHER: Final = "other"
"""Languages without a spaCy model (trafilatura's "en" pages hold a few es/de/zh ones):
grouped, since each is parsed by a blank rule-based pipeline and is too rare to rate."""


@dataclass(frozen=True, slots=True)
class BenchText:
    raw: RawArticle
    origin: str


# --------------------------------------------------------------------------------- corpus


def _examples(folder: Path) -> list[RawArticle]:
    from .ingest.readers import read_inputs

    if not folder.is_dir():
        return []
    return [item for item in read_inputs([str(folder)]) if isinstance(item, RawArticle)]


def _text(source: str, text: str, published: str | None = None) -> RawArticle:
    return RawArticle(text.encode("utf-8"), source, encoding="utf-8", published=published)


def _gold_sources(root: Path) -> dict[str, list[RawArticle]]:
    """Each gold source's texts, capped at its quota; a missing set gives an empty list."""
    from .evaluation import datasets

    sources: dict[str, list[RawArticle]] = {}
    loaders: dict[str, Callable[[], list[RawArticle]]] = {
        "ftib": lambda: [
            _text(f"ftib:{d.doc_id}", d.text, d.dct[:10] or None)
            for d in datasets.load_french_timebank(root)
        ],
        "sequoia": lambda: _sequoia_articles(root),
        "polnear": lambda: [
            _text(f"polnear:{d.article_id}", d.text) for d in datasets.load_polnear(root)
        ],
        "ecbplus": lambda: _spread(
            [_text(f"ecbplus:{d.doc_id}", d.text) for d in datasets.load_ecbplus(root)],
            _quota("ecbplus"),
        ),
        "trafilatura_fr": lambda: _html_pages(root, "fr"),
        "trafilatura_en": lambda: _html_pages(root, "en"),
    }
    for name, load in loaders.items():
        try:
            sources[name] = load()[: _quota(name)]
        except FileNotFoundError:
            sources[name] = []
    return sources


def _quota(name: str) -> int | None:
    return CORPUS_MIX[name][0]


def _sequoia_articles(root: Path) -> list[RawArticle]:
    from .evaluation.datasets import load_sequoia_ner

    sentences = load_sequoia_ner(root)
    size = SEQUOIA_SENTENCES_PER_ARTICLE
    return [
        _text(f"sequoia:{group[0].sent_id}", "\n".join(s.text for s in group))
        for group in (sentences[i : i + size] for i in range(0, len(sentences), size))
    ]


def _html_pages(root: Path, language: str) -> list[RawArticle]:
    from .evaluation.datasets import load_trafilatura_fr_en

    return [
        RawArticle(
            case.html.encode("utf-8"),
            f"trafilatura:{case.case_id}",
            content_type="html",
            encoding="utf-8",
            url=case.url,
        )
        for case in load_trafilatura_fr_en(root)
        if case.language == language
    ]


def _spread(items: Sequence[RawArticle], count: int | None) -> list[RawArticle]:
    if count is None or len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def build_corpus(
    root: Path | None, texts: int = DEFAULT_TEXTS, examples: Path = EXAMPLES
) -> list[BenchText]:
    """``texts`` texts, one from each source in turn (examples first), in a fixed order."""
    sources = {"examples": _examples(examples)}
    if root is not None and root.is_dir():
        sources.update(_gold_sources(root))
    rounds = zip_longest(*([(name, raw) for raw in raws] for name, raws in sources.items()))
    chosen = [BenchText(item[1], item[0]) for row in rounds for item in row if item is not None]
    return chosen[:texts]


# ----------------------------------------------------------------------------- measuring


@dataclass
class StageTimer:
    """Seconds spent in each stage, counted once even when ``pipe`` calls ``__call__``."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    _depth: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def _timed(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(stage: Stage, *args: Any, **kwargs: Any) -> Any:
            self._depth[name] += 1
            start = time.perf_counter()
            try:
                return method(stage, *args, **kwargs)
            finally:
                self._depth[name] -= 1
                if self._depth[name] == 0:
                    self.seconds[name] += time.perf_counter() - start

        return wrapper

    @contextmanager
    def timing(self, pipeline: Pipeline) -> Iterator[StageTimer]:
        """Swap a timing subclass onto each stage object for the duration of the block.

        Only the methods a stage defines are wrapped: a stage that inherits ``Stage.pipe``
        keeps inheriting it, so the pipeline still sends it articles one by one.
        """
        originals = [(stage, type(stage)) for stage in pipeline.stages]
        for stage, cls in originals:
            attrs: dict[str, Any] = {"__call__": self._timed(stage.name, cls.__call__)}
            if cls.pipe is not Stage.pipe:
                attrs["pipe"] = self._timed(stage.name, cls.pipe)
            stage.__class__ = type(f"Timed{cls.__name__}", (cls,), attrs)
        try:
            yield self
        finally:
            for stage, cls in originals:
                stage.__class__ = cls


class PeakRss:
    """Largest resident memory of this process plus its children, sampled in a thread."""

    def __init__(self) -> None:
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _current(self) -> int:
        import psutil

        process = psutil.Process()
        total = int(process.memory_info().rss)
        for child in process.children(recursive=True):
            try:
                total += int(child.memory_info().rss)
            except psutil.Error:  # a worker that just exited
                continue
        return total

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._current())
            self._stop.wait(_RSS_INTERVAL_S)

    def __enter__(self) -> PeakRss:
        self.peak_bytes = self._current()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_bytes = max(self.peak_bytes, self._current())

    @property
    def peak_mb(self) -> float:
        return round(self.peak_bytes / 2**20, 1)


class CpuClock:
    """CPU seconds (this process and its reaped children) per wall second over a block:
    about 1.0 for one busy process and 2.0 for two on an idle machine; less means the
    machine did not give the run the cores it asked for, and the timings say so."""

    def __init__(self) -> None:
        self.ratio = 0.0
        self._cpu = self._wall = 0.0

    @staticmethod
    def _cpu_now() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    def __enter__(self) -> CpuClock:
        self._cpu, self._wall = self._cpu_now(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        wall = time.perf_counter() - self._wall
        self.ratio = round((self._cpu_now() - self._cpu) / wall, 2) if wall > 0 else 0.0


@dataclass(frozen=True, slots=True)
class _Cleaned:
    text: BenchText
    language: str
    nlp_text: str
    words: int


def _clean_all(pipeline: Pipeline, corpus: Sequence[BenchText]) -> tuple[list[_Cleaned], int]:
    """Each text cleaned once; the articles the clean stage refuses are left out."""
    front = Pipeline([s for s in pipeline.stages if s.name in ("clean", "language")])
    cleaned, refused = [], 0
    for item, doc in zip(corpus, front.pipe(t.raw for t in corpus), strict=True):
        if doc.error is not None:
            refused += 1
            continue
        language = doc.language if doc.language and doc.language in MODEL_PACKAGES else OTHER
        cleaned.append(_Cleaned(item, language, doc.nlp_text or doc.text, len(doc.text.split())))
    return cleaned, refused


def _rate(count: float, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else 0.0


def _warm_up(pipeline: Pipeline, cleaned: Sequence[_Cleaned]) -> None:
    """Run each model and the pipeline over a few real texts, outside every timing: the
    first batches of a model pay for allocations that later ones do not."""
    from .nlp.models import load_model

    for language, group in _by_language(cleaned).items():
        texts = [c.nlp_text for c in group[:_WARM_UP_TEXTS]]
        for _ in load_model(language).nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
        _full(pipeline, [c.text.raw for c in group[:_WARM_UP_TEXTS]], 1)


def _by_language(cleaned: Sequence[_Cleaned]) -> dict[str, list[_Cleaned]]:
    """Texts per language with a spaCy model, largest first; the rest as ``other``."""
    groups: dict[str, list[_Cleaned]] = defaultdict(list)
    for item in cleaned:
        groups[item.language].append(item)
    return dict(sorted(groups.items(), key=lambda pair: (pair[0] == OTHER, -len(pair[1]))))


def _full(pipeline: Pipeline, raws: Sequence[RawArticle], n_process: int) -> tuple[float, int]:
    """Seconds to turn every raw into its record, and how many failed."""
    failed = 0
    start = time.perf_counter()
    for doc in pipeline.pipe(raws, batch_size=BATCH_SIZE, n_process=n_process):
        if doc.error is not None:
            failed += 1
        else:
            doc.to_article()
    return time.perf_counter() - start, failed


def _bare_once(model: Any, group: Sequence[_Cleaned]) -> float:
    start = time.perf_counter()
    for _ in model.nlp.pipe((c.nlp_text for c in group), batch_size=BATCH_SIZE):
        pass
    return time.perf_counter() - start


def _rates(group: Sequence[_Cleaned], seconds: float) -> dict[str, Any]:
    words = sum(c.words for c in group)
    return {
        "articles": len(group),
        "words": words,
        "seconds": round(seconds, 3),
        "articles_per_s": _rate(len(group), seconds),
        "words_per_s": _rate(words, seconds),
    }


def _one_process(
    pipeline: Pipeline, cleaned: Sequence[_Cleaned], repeats: int
) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Bare spaCy and the full pipeline, paired batch by batch: each batch of a language
    goes through bare spaCy then through the pipeline, ``repeats`` times, and each side keeps
    its fastest pass of that batch. Pairing in time makes the ratio robust to the load of a
    shared machine drifting during the run; the fastest pass is the least disturbed one."""
    from .nlp.models import load_model

    bare: dict[str, dict[str, Any]] = {}
    ours: dict[str, dict[str, Any]] = {}
    stage_seconds: dict[str, float] = defaultdict(float)
    with PeakRss() as rss, CpuClock() as cpu:
        for language, group in _by_language(cleaned).items():
            model = load_model(language)
            best_bare = best_ours = 0.0
            failed = 0
            for start in range(0, len(group), BATCH_SIZE):
                batch = group[start : start + BATCH_SIZE]
                raws = [c.text.raw for c in batch]
                batch_bare = batch_ours = float("inf")
                batch_stages: dict[str, float] = {}
                batch_failed = 0
                for repeat in range(repeats):
                    # Alternate which side goes first: the second one finds warm caches.
                    if repeat % 2 == 0:
                        batch_bare = min(batch_bare, _bare_once(model, batch))
                    timer = StageTimer()
                    with timer.timing(pipeline):
                        seconds, batch_failed = _full(pipeline, raws, 1)
                    if seconds < batch_ours:
                        batch_ours, batch_stages = seconds, dict(timer.seconds)
                    if repeat % 2 == 1:
                        batch_bare = min(batch_bare, _bare_once(model, batch))
                best_bare += batch_bare
                best_ours += batch_ours
                failed += batch_failed
                for name, seconds in batch_stages.items():
                    stage_seconds[name] += seconds
            bare[language] = {
                "model": model.package or "blank (rule-based sentences)",
                **_rates(group, best_bare),
            }
            ours[language] = {**_rates(group, best_ours), "failed": failed}
    total = sum(run["seconds"] for run in ours.values())
    staged = sum(stage_seconds.values())
    shares = {name: stage_seconds[name] / total for name in pipeline.stage_names}
    # What no stage accounts for: batching, Doc objects, building the output records.
    shares["(pipeline and records)"] = max(0.0, total - staged) / total
    one = {
        "n_process": 1,
        **_totals(cleaned, total),
        # Bare spaCy and the pipeline alternate in this process: one peak covers both.
        "peak_rss_mb": rss.peak_mb,
        "cpu_per_wall": cpu.ratio,
        "per_language": ours,
        "stage_share": {name: round(share, 4) for name, share in shares.items()},
        "stage_seconds": {name: round(stage_seconds[name], 3) for name in pipeline.stage_names},
    }
    return bare, one


def _totals(cleaned: Sequence[_Cleaned], seconds: float) -> dict[str, Any]:
    words = sum(c.words for c in cleaned)
    return {
        "articles": len(cleaned),
        "words": words,
        "seconds": round(seconds, 3),
        "articles_per_s": _rate(len(cleaned), seconds),
        "words_per_s": _rate(words, seconds),
    }


def _two_processes(pipeline: Pipeline, cleaned: Sequence[_Cleaned]) -> dict[str, Any]:
    raws = [c.text.raw for c in cleaned]
    first: float | None = None
    failed = 0
    with PeakRss() as rss, CpuClock() as cpu:
        start = time.perf_counter()
        for count, doc in enumerate(
            pipeline.pipe(raws, batch_size=BATCH_SIZE, n_process=2), start=1
        ):
            if doc.error is not None:
                failed += 1
            else:
                doc.to_article()
            if count == BATCH_SIZE:
                first = time.perf_counter()
        end = time.perf_counter()
    after = len(raws) - BATCH_SIZE
    steady = (
        {
            "articles_after_first_batch": after,
            "seconds_after_first_batch": round(end - first, 3),
            "articles_per_s_after_first_batch": _rate(after, end - first),
        }
        if first is not None and after > 0
        else {}
    )
    return {
        "n_process": 2,
        **_totals(cleaned, end - start),
        **steady,
        "failed": failed,
        "peak_rss_mb": rss.peak_mb,
        "cpu_per_wall": cpu.ratio,
        "note": (
            "the time includes starting two workers, each importing dossier and loading "
            "the models; the rate after the first batch (once a worker has started) is "
            "nearer the steady state of a long run"
        ),
    }


def write_jsonl(raws: Sequence[RawArticle], path: Path) -> None:
    """The texts as a JSON Lines dump (what ``dossier ingest`` reads), metadata kept."""
    with path.open("w", encoding="utf-8") as out:
        for number, raw in enumerate(raws):
            body = raw.data.decode(raw.encoding or "utf-8", errors="replace")
            record = {
                "id": f"bench-{number}",
                "html" if raw.content_type == "html" else "text": body,
                "url": raw.url,
                "published": raw.published,
                "language": raw.language,
                "title": raw.title,
            }
            out.write(json.dumps({k: v for k, v in record.items() if v}) + "\n")


def measure_ingest(
    pipeline: Pipeline, raws: Sequence[RawArticle], repeats: int = DEFAULT_REPEATS
) -> dict[str, Any]:
    """Bare analysis against ``dossier ingest`` into a fresh store, on the same texts read
    from a JSON Lines file (see step 4 of the module docstring)."""
    import tempfile

    from .ingest.readers import read_inputs
    from .ingest.run import IngestOptions, IngestSummary, ingest

    with tempfile.TemporaryDirectory(prefix="dossier-bench-") as folder:
        source = Path(folder) / "corpus.jsonl"
        write_jsonl(raws, source)
        texts = [r for r in read_inputs([str(source)]) if isinstance(r, RawArticle)]
        best_bare = best_ingest = float("inf")
        best: tuple[IngestSummary, float] | None = None
        for repeat in range(repeats):
            for side in ("bare", "ingest") if repeat % 2 == 0 else ("ingest", "bare"):
                if side == "bare":
                    best_bare = min(best_bare, _full(pipeline, texts, 1)[0])
                    continue
                timer = StageTimer()
                with timer.timing(pipeline):
                    summary = ingest(
                        [str(source)],
                        IngestOptions(db=Path(folder) / f"store-{repeat}.duckdb"),
                        pipeline=pipeline,
                    )
                if summary.seconds < best_ingest:
                    best_ingest = summary.seconds
                    best = (summary, sum(timer.seconds.values()))
    assert best is not None
    summary, stages = best
    stored = summary.stored
    return {
        "articles": len(texts),
        "stored": stored,
        "skipped": sum(summary.skipped.values()),
        "bare_seconds": round(best_bare, 3),
        "bare_articles_per_s": _rate(len(texts), best_bare),
        "ingest_seconds": round(best_ingest, 3),
        "ingest_articles_per_s": _rate(len(texts), best_ingest),
        "overhead": round(best_ingest / best_bare - 1, 4) if best_bare > 0 else 0.0,
        "budget": INGEST_BUDGET,
        "in_run": {
            "stages_seconds": round(stages, 3),
            "store_seconds": round(summary.store_seconds, 3),
            "other_seconds": round(max(0.0, best_ingest - stages - summary.store_seconds), 3),
            "overhead": round((best_ingest - stages) / stages, 4) if stages > 0 else 0.0,
        },
        "batches": summary.batches,
    }


def run_bench(
    root: Path | None,
    texts: int = DEFAULT_TEXTS,
    *,
    repeats: int = DEFAULT_REPEATS,
    spark: bool = True,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Measure everything described in the module docstring; returns the results data."""
    from .evaluation.report import git_commit
    from .registry import load_pipeline

    corpus = build_corpus(root, texts)
    progress(f"corpus: {len(corpus)} texts")
    pipeline = load_pipeline()
    cleaned, refused = _clean_all(pipeline, corpus)
    progress(f"cleaned: {len(cleaned)} articles ({refused} refused); warming up…")
    _warm_up(pipeline, cleaned)
    progress(f"bare spaCy and the full pipeline, 1 process, best of {repeats}…")
    bare, one = _one_process(pipeline, cleaned, repeats)
    progress("full pipeline, 2 processes…")
    two = _two_processes(pipeline, cleaned)
    progress(f"ingest into a store against bare analysis, 1 process, best of {repeats}…")
    stored = measure_ingest(pipeline, [c.text.raw for c in cleaned], repeats)
    spark_runs = _spark(cleaned, progress) if spark else None
    ratio = {
        language: round(one["per_language"][language]["seconds"] / b["seconds"], 2)
        for language, b in bare.items()
        if b["seconds"] > 0
    }
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "pipeline": pipeline.stage_names,
        "repeats": repeats,
        "batch_size": BATCH_SIZE,
        "corpus": _corpus_data(corpus, cleaned, refused),
        "bare_spacy": bare,
        "ours": {"n_process_1": one, "n_process_2": two},
        "ratio_ours_to_bare": ratio,
        "ingest": stored,
        "spark": spark_runs,
    }


def _spark(cleaned: Sequence[_Cleaned], progress: Callable[[str], None]) -> dict[str, Any] | None:
    """The Spark job on local[1] and local[2] over the same texts, when pyspark is
    installed (``pip install dossier[spark]``); None otherwise."""
    import importlib.util

    if importlib.util.find_spec("pyspark") is None:
        progress("Spark: pyspark is not installed (pip install 'dossier[spark]'); skipped")
        return None
    from .runners import bench_spark

    progress("Spark job on local[1] and local[2]…")
    return bench_spark([c.text.raw for c in cleaned])


def _corpus_data(
    corpus: Sequence[BenchText], cleaned: Sequence[_Cleaned], refused: int
) -> dict[str, Any]:
    origins: dict[str, int] = defaultdict(int)
    for item in corpus:
        origins[item.origin] += 1
    languages: dict[str, int] = defaultdict(int)
    for done in cleaned:
        languages[done.language] += 1
    return {
        "texts": len(corpus),
        "analysed": len(cleaned),
        "refused_by_clean": refused,
        "words": sum(c.words for c in cleaned),
        "sources": {
            name: {"texts": origins.get(name, 0), "what": CORPUS_MIX[name][1]}
            for name in CORPUS_MIX
        },
        "languages": dict(languages),
    }


# -------------------------------------------------------------------------------- output


def _markdown(data: dict[str, Any]) -> str:
    corpus, one, two = data["corpus"], data["ours"]["n_process_1"], data["ours"]["n_process_2"]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`dossier bench`); do not edit by hand. The method is in",
        "the docstring of `src/dossier/bench.py`; the raw numbers are in",
        "`benchmarks/results.json`. Timings depend on the machine: compare runs on one machine.",
        "",
        f"- Date: {data['date']}",
        f"- Commit: `{data['commit']}`",
        f"- Machine: {data['machine']['cpus']} CPUs, Python {data['machine']['python']}, "
        f"{data['machine']['platform']}",
        f"- Pipeline: {' → '.join(data['pipeline'])}",
        "",
        "## Corpus",
        "",
        f"{corpus['texts']} texts, {corpus['analysed']} analysed ({corpus['refused_by_clean']} "
        f"refused by the clean stage), {corpus['words']:,} words after cleaning; languages: "
        + ", ".join(f"{lang} {n}" for lang, n in corpus["languages"].items())
        + ".",
        "",
        "| source | texts | what |",
        "|---|---|---|",
        *(f"| {name} | {s['texts']} | {s['what']} |" for name, s in corpus["sources"].items()),
        "",
        "## Throughput",
        "",
        "| run | articles | words | seconds | articles/s | words/s | peak RSS (MB) "
        "| CPU s / wall s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for language, b in data["bare_spacy"].items():
        lines.append(
            f"| bare spaCy `nlp.pipe`, {language} ({b['model']}) | {b['articles']} | "
            f"{b['words']:,} | {b['seconds']} | {b['articles_per_s']} | {b['words_per_s']:,} | | |"
        )
    for language, o in one["per_language"].items():
        lines.append(
            f"| dossier, 1 process, {language} | {o['articles']} | {o['words']:,} | "
            f"{o['seconds']} | {o['articles_per_s']} | {o['words_per_s']:,} | | |"
        )
    for label, run in (("1 process, all", one), ("2 processes, all", two)):
        lines.append(
            f"| dossier, {label} | {run['articles']} | {run['words']:,} | {run['seconds']} | "
            f"{run['articles_per_s']} | {run['words_per_s']:,} | {run['peak_rss_mb']} | "
            f"{run['cpu_per_wall']} |"
        )
    if "articles_after_first_batch" in two:
        lines.append(
            f"| dossier, 2 processes, after the first batch | "
            f"{two['articles_after_first_batch']} | | {two['seconds_after_first_batch']} | "
            f"{two['articles_per_s_after_first_batch']} | | | |"
        )
    lines += [
        "",
        "Two processes: " + two["note"] + ". Bare spaCy and dossier both get batches of "
        f"{BATCH_SIZE} articles. `{OTHER}`: languages without a spaCy model, parsed by a blank "
        "rule-based pipeline on both sides; that costs almost nothing, so its ratio is mostly "
        "the cost of cleaning its HTML pages. CPU s / wall s: CPU time of the process and its "
        "workers per second; about 1 for one process and 2 for two when the machine gives "
        "the run its cores, less when other work shares them (then the timings are low).",
        "",
        "## dossier time / bare spaCy time, per language",
        "",
        "| language | ratio |",
        "|---|---|",
        *(f"| {lang} | {ratio} |" for lang, ratio in data["ratio_ours_to_bare"].items()),
        "",
        *_ingest_markdown(data.get("ingest")),
        *_spark_markdown(data.get("spark")),
        "## Time share per stage (1 process)",
        "",
        "| stage | share | seconds |",
        "|---|---|---|",
        *(
            f"| {name} | {share:.1%} | {one['stage_seconds'].get(name, '')} |"
            for name, share in one["stage_share"].items()
        ),
        "",
    ]
    return "\n".join(lines)


def _spark_markdown(spark: dict[str, Any] | None) -> list[str]:
    if spark is None:
        return []
    from .runners.spark_bench import spark_markdown

    return spark_markdown(spark)


def _ingest_markdown(ingest: dict[str, Any] | None) -> list[str]:
    if not ingest:
        return []
    in_run = ingest["in_run"]
    verdict = "within" if ingest["overhead"] <= ingest["budget"] else "OVER"
    return [
        "## Ingest into the store (1 process)",
        "",
        "The same texts read from a JSON Lines file, analysed bare (records in memory) and "
        "by `dossier ingest` into a fresh DuckDB store; fastest pass of each.",
        "",
        "| run | articles | seconds | articles/s |",
        "|---|---|---|---|",
        f"| bare analysis | {ingest['articles']} | {ingest['bare_seconds']} | "
        f"{ingest['bare_articles_per_s']} |",
        f"| `dossier ingest` into the store | {ingest['stored']} stored, "
        f"{ingest['skipped']} skipped | {ingest['ingest_seconds']} | "
        f"{ingest['ingest_articles_per_s']} |",
        "",
        f"Store and I/O add {ingest['overhead']:.1%} to the analysis ({verdict} the budget of "
        f"{ingest['budget']:.0%}). Inside the ingest run: {in_run['stages_seconds']} s in the "
        f"stages, {in_run['store_seconds']} s in {ingest['batches']} store transactions, "
        f"{in_run['other_seconds']} s for the rest (reading, fingerprints, records, loop): "
        f"{in_run['overhead']:.1%} on top of the stages.",
        "",
    ]


def write_bench(data: dict[str, Any], output: Path) -> tuple[Path, Path]:
    """``output/docs/benchmarks.md`` and ``output/benchmarks/results.json``."""
    markdown = output / "docs" / "benchmarks.md"
    results = output / "benchmarks" / "results.json"
    markdown.parent.mkdir(parents=True, exist_ok=True)
    results.parent.mkdir(parents=True, exist_ok=True)
    markdown.write_text(_markdown(data), encoding="utf-8")
    results.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return markdown, results
