"""Is DuckDB's full-text index worth it? ``python -m dossier.store.search_bench``.

Builds stores of N articles (real news texts from the gold sets, repeated with a unique
tail, about 2,100 characters each) and times, per query (median and worst of six):

- ``scan``: :func:`dossier.store.search.search` as shipped (RE2 scan, case- and
  accent-insensitive, ranked, with snippets);
- ``ilike``: a bare ``text ILIKE '%word%'`` filter, the obvious alternative;
- ``fts``: DuckDB's ``fts`` extension (loaded from the ``duckdb-ext-fts`` package, as
  nothing may be downloaded), BM25 over ``title`` and ``text``, and the time to build its
  index — which must be rebuilt after every ingest, since inserts do not update it.

The numbers and the decision they led to are in docs/store.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Final, cast

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from .database import open_store
from .search import search

QUERIES: Final = (
    "Obama",
    "earthquake",
    "président",
    "police arrested",
    "Genève",
    "hurricane damage",
)


def fts_extension() -> Path:
    """The fts extension file shipped by the duckdb-ext-fts package for this DuckDB."""
    platform = duckdb.execute("PRAGMA platform").fetchone()
    name = platform[0] if platform else "linux_amd64"
    root = resources.files("duckdb_ext") / "extensions" / f"v{duckdb.__version__}" / name
    return Path(str(root / "fts.duckdb_extension"))


def corpus_texts(data: Path) -> list[str]:
    from ..evaluation import datasets

    texts = [d.text for d in datasets.load_polnear(data)]
    texts += [d.text for d in datasets.load_french_timebank(data)]
    texts += [d.text for d in datasets.load_ecbplus(data)]
    return texts


def _timed(run: Callable[[str], object]) -> tuple[float, float]:
    seconds = []
    for query in QUERIES:
        start = time.perf_counter()
        run(query)
        seconds.append(time.perf_counter() - start)
    return round(statistics.median(seconds) * 1000, 1), round(max(seconds) * 1000, 1)


def measure(texts: Sequence[str], size: int, folder: Path) -> dict[str, object]:
    path = folder / f"search-{size}.duckdb"
    con = open_store(path)
    ids = [f"a{i}" for i in range(size)]
    bodies = [f"{texts[i % len(texts)]}\nref {i}" for i in range(size)]
    rows = pa.table({"id": ids, "title": ["" for _ in ids], "text": bodies})
    con.register("rows", rows)
    con.execute(
        "INSERT INTO articles (id, title, text, warnings, stages, ingested_at) "
        "SELECT id, title, text, [], '{}', now() FROM rows"
    )
    con.unregister("rows")
    scan = _timed(lambda q: search(con, q, limit=20))
    ilike = _timed(
        lambda q: con.execute("SELECT id FROM articles WHERE text ILIKE ?", [f"%{q}%"]).fetchall()
    )
    con.execute(f"LOAD '{fts_extension()}'")
    start = time.perf_counter()
    con.execute(
        "PRAGMA create_fts_index('articles', 'id', 'title', 'text', stemmer = 'none', "
        "strip_accents = 1, lower = 1, overwrite = 1)"
    )
    build = time.perf_counter() - start
    fts = _timed(
        lambda q: con.execute(
            "SELECT id, score FROM (SELECT id, fts_main_articles.match_bm25(id, ?) AS score "
            "FROM articles) WHERE score IS NOT NULL ORDER BY score DESC LIMIT 20",
            [q],
        ).fetchall()
    )
    megabytes = sum(len(b) for b in bodies) / 2**20
    con.close()
    return {
        "articles": size,
        "text_mb": round(megabytes, 1),
        "scan_ms": scan,
        "ilike_ms": ilike,
        "fts_ms": fts,
        "fts_build_s": round(build, 2),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    args = parser.parse_args(argv)
    texts = corpus_texts(args.data)
    print("| articles | text (MB) | scan ms (median / worst) | ILIKE ms | FTS ms | FTS build s |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            r = measure(texts, size, Path(folder))
            print(
                f"| {r['articles']:,} | {r['text_mb']} | {_ms(r['scan_ms'])} | "
                f"{_ms(r['ilike_ms'])} | {_ms(r['fts_ms'])} | {r['fts_build_s']} |",
                flush=True,
            )


def _ms(pair: object) -> str:
    median, worst = cast(tuple[float, float], pair)
    return f"{median} / {worst}"


if __name__ == "__main__":
    main()
