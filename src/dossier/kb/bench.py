"""Micro-benchmark of the alias index: build time, memory, look-ups per second.

``python -m dossier.kb.bench [N_ALIASES]`` (default 500,000) builds an :class:`AliasIndex`
over synthetic person-like names (five spellings per entity, with accents, hyphens and
casing that normalisation folds) and prints one JSON object. Numbers only: nothing here
asserts a speed, since machines differ.
"""

from __future__ import annotations

import gc
import importlib
import json
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from .index import AliasIndex

_SYLLABLES = (
    "ka", "ri", "mo", "ta", "lé", "vi", "an", "dro", "sé", "ko", "lu", "na", "pe", "gor", "mi",
    "ša", "zé", "bo", "ïl", "tsu", "ven", "ol", "ha", "dim", "sky", "nov", "ber", "lin", "ça",
    "fa", "gu", "jo", "ke", "ma", "ne", "po", "qu", "ro", "si", "tu", "va", "wi", "xe", "yu",
    "ab", "ed", "ir", "om", "us", "ay", "ek", "ish", "ov", "ul", "ang", "eng", "ing", "ong",
)  # fmt: skip


@dataclass(frozen=True)
class BenchResult:
    aliases: int
    keys: int
    build_s: float
    memory_mb: float
    exact_lookups_per_s: float
    miss_lookups_per_s: float
    skeleton_lookups_per_s: float
    fuzzy_searches_per_s: float


def synthetic_aliases(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """(alias, entity id) pairs: n aliases, five per entity, deterministic for a seed.

    Most normalise to distinct keys (the report counts them); accents and hyphens make the
    normaliser do its full work.
    """
    rng = random.Random(seed)
    pairs: list[tuple[str, str]] = []
    entity = 0
    while len(pairs) < n:
        first = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        last = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4))).capitalize()
        ident = f"person:{entity}"
        for text in (
            f"{first} {last}",
            f"{last} {first}",
            f"{first[0]}. {last}",
            f"{last}-{first[:3]}",
            f"{first} {last[:-1]}",
        ):
            pairs.append((text, ident))
        entity += 1
    return pairs[:n]


def _rss_mb() -> float:
    """Resident memory now, in MiB (psutil, a dev dependency, imported untyped)."""
    try:
        psutil = importlib.import_module("psutil")
    except ImportError:  # without psutil, the peak size is the best stdlib measure
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return float(psutil.Process().memory_info().rss) / 2**20


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else float("inf")


def run(n: int = 500_000, seed: int = 0) -> BenchResult:
    pairs = synthetic_aliases(n, seed)
    gc.collect()
    before = _rss_mb()
    start = time.perf_counter()
    index = AliasIndex(pairs)
    build = time.perf_counter() - start
    gc.collect()
    memory = _rss_mb() - before
    queries = [text for text, _ in pairs[:: max(1, n // 20_000)]]
    misses = [f"{q} zz" for q in queries]

    start = time.perf_counter()
    for q in queries:
        index.exact(q)
    exact = _rate(len(queries), time.perf_counter() - start)
    start = time.perf_counter()
    for q in misses:
        index.exact(q)
    miss = _rate(len(misses), time.perf_counter() - start)
    start = time.perf_counter()
    for q in queries:
        index.by_skeleton(q)
    skel = _rate(len(queries), time.perf_counter() - start)
    fuzzy_queries = [q + "x" for q in queries[:20]]
    start = time.perf_counter()
    for q in fuzzy_queries:
        index.fuzzy(q, 5)
    fuzzy = _rate(len(fuzzy_queries), time.perf_counter() - start)
    return BenchResult(
        aliases=len(pairs),
        keys=len(index),
        build_s=round(build, 2),
        memory_mb=round(memory, 1),
        exact_lookups_per_s=exact,
        miss_lookups_per_s=miss,
        skeleton_lookups_per_s=skel,
        fuzzy_searches_per_s=fuzzy,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    n = int(args[0]) if args else 500_000
    print(json.dumps(asdict(run(n)), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
