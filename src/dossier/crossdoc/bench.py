"""Benchmark: incremental story clustering up to 100,000 articles, time and memory per 10k.

Articles are synthetic variations of real texts: the sentences of real articles (the
examples, and ECB+ when the gold data is there) are encoded once; each synthetic story
draws a pool of sentences from two real documents, and each of its articles is a random
lead of three of them plus the title-like first one, dated within three days of the
story's start and carrying the story's entities and two common ones. What is timed is the
clustering (:class:`~dossier.crossdoc.stories.StoryIndex`); encoding throughput is
measured separately on real sentences, since in production it is paid once per article
at ingest rather than per clustering run.

Run ``python -m dossier.crossdoc.bench`` (``--total 20000`` for a quick look).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .embeddings import DIMENSIONS, encode, sentences
from .features import Features
from .stories import StoryIndex

ARTICLES_PER_STORY = 20
"""Average story size of the synthetic corpus: a wire story with its rewrites and follow-ups."""


@dataclass(slots=True)
class BenchResult:
    sentences_encoded: int = 0
    encode_per_second: float = 0.0
    steps: list[dict[str, float]] = field(default_factory=list)
    bcubed_f1: float = 0.0

    def lines(self) -> list[str]:
        out = [
            f"encoder: {self.sentences_encoded} real sentences at "
            f"{self.encode_per_second:,.0f} sentences/s (one thread)",
            "articles   stories   s/step  total s   peak RSS MB",
        ]
        out.extend(
            f"{int(s['articles']):>8} {int(s['stories']):>9} {s['seconds']:>7.1f} "
            f"{s['total_seconds']:>9.1f} {s['rss_mb']:>13.0f}"
            for s in self.steps
        )
        out.append(f"B³ F1 against the synthetic stories: {self.bcubed_f1:.3f}")
        return out


def real_texts(examples: Path, with_ecbplus: bool = True) -> list[str]:
    """Texts of the examples, and of ECB+ when the shared data is there."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(examples.glob("*.txt"))]
    if with_ecbplus:
        try:
            from ..evaluation.datasets import load_ecbplus

            texts.extend(d.text for d in load_ecbplus())
        except FileNotFoundError:
            pass
    return texts


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bench(
    texts: Sequence[str],
    total: int = 100_000,
    step: int = 10_000,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> BenchResult:
    rng = np.random.default_rng(seed)
    documents = [s for s in (sentences(t)[:12] for t in texts) if len(s) >= 3]
    flat = [s for doc in documents for s in doc]
    encode(flat[:1])  # load the model outside the timing
    started = time.perf_counter()
    vectors = encode(flat)
    result = BenchResult(len(flat), len(flat) / max(time.perf_counter() - started, 1e-9))
    if progress:
        progress(result.lines()[0])
        progress(result.lines()[1])
    offsets = np.cumsum([0] + [len(d) for d in documents])

    n_stories = max(1, total // ARTICLES_PER_STORY)
    story_docs = rng.integers(0, len(documents), size=(n_stories, 2))
    story_start = rng.integers(0, 365, size=n_stories)
    common = [f"common-{i}" for i in range(50)]
    origin = dt.date(2022, 1, 1)
    truth: list[int] = []
    index = StoryIndex()
    placed: list[str] = []
    begun = time.perf_counter()
    for batch_start in range(0, total, step):
        batch = []
        for n in range(batch_start, min(total, batch_start + step)):
            story = int(rng.integers(0, n_stories))
            pool = np.concatenate(
                [np.arange(offsets[d], offsets[d + 1]) for d in story_docs[story]]
            )
            picked = rng.choice(pool, size=min(4, len(pool)), replace=False)
            lead = vectors[picked].mean(axis=0) + rng.normal(0, 0.01, DIMENSIONS)
            lead = (lead / np.linalg.norm(lead)).astype(np.float32)
            day = origin + dt.timedelta(days=int(story_start[story] + rng.integers(0, 4)))
            entities = frozenset(
                [f"story-{story}-{k}" for k in range(3)]
                + [common[int(i)] for i in rng.integers(0, len(common), size=2)]
            )
            batch.append(
                Features(
                    article_id=f"{n:08d}",
                    language="en",
                    source=None,
                    day=day,
                    folded="",
                    shingles=set(),
                    sentences=[],
                    vectors=np.zeros((0, DIMENSIONS), dtype=np.float32),
                    lead=lead,
                    entities=entities,
                )
            )
            truth.append(story)
        tick = time.perf_counter()
        placed.extend(story for story, _ in index.add(batch))
        now = time.perf_counter()
        result.steps.append(
            {
                "articles": float(len(placed)),
                "stories": float(len(index.stories)),
                "seconds": now - tick,
                "total_seconds": now - begun,
                "rss_mb": _peak_rss_mb(),
            }
        )
        if progress:
            progress(result.lines()[2 + len(result.steps) - 1])
    result.bcubed_f1 = _bcubed_f1(truth, placed)
    return result


def _bcubed_f1(gold: Sequence[int], pred: Sequence[str]) -> float:
    from ..evaluation.metrics import bcubed

    ids = [str(i) for i in range(len(gold))]
    return bcubed(dict(zip(ids, gold, strict=True)), dict(zip(ids, pred, strict=True))).f1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--total", type=int, default=100_000)
    parser.add_argument("--step", type=int, default=10_000)
    parser.add_argument("--examples", type=Path, default=Path("examples"))
    parser.add_argument("--no-ecbplus", action="store_true", help="Only the examples' texts.")
    args = parser.parse_args(argv)
    texts = real_texts(args.examples, with_ecbplus=not args.no_ecbplus)
    result = run_bench(texts, args.total, args.step, progress=lambda line: print(line, flush=True))
    print(result.lines()[-1])
    return 0


if __name__ == "__main__":
    sys.exit(main())
