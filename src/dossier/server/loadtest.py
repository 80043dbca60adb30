"""A short load test on loopback: uvicorn in a subprocess over a synthetic store, an httpx
client sending a fixed number of requests per endpoint (bounded in time too), requests/s
and latency percentiles printed per endpoint.

    python -m dossier.server.loadtest --articles 20000 --events-per-article 5

Bounded: at most ``--requests`` per endpoint and ``--seconds`` per endpoint, whichever
comes first; the server is stopped at the end whatever happens.
"""

from __future__ import annotations

import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import click
import httpx

ENDPOINTS: Final[tuple[tuple[str, str], ...]] = (
    ("events, first page", "/api/events?limit=50"),
    ("events, type+country", "/api/events?type=ASSAULT&country=UKR&limit=50"),
    ("events, one month", "/api/events?since=2022-03&until=2022-03&limit=50"),
    ("events, deep page", "/api/events?limit=50&offset=50000"),
    ("events, actor", "/api/events?actor=Q7184&limit=50"),
    ("facets", "/api/facets"),
    ("timeline", "/api/timeline"),
    ("map", "/api/map"),
    ("network", "/api/network"),
    ("articles", "/api/articles?limit=50"),
    ("search", "/api/search?q=Geneva%20troops&limit=20"),
    ("stories", "/api/stories?limit=50"),
    ("canonical events", "/api/canonical-events?limit=50"),
    ("actors", "/api/actors?limit=50"),
    ("article", "/api/articles/{article}"),
)


@dataclass(frozen=True)
class Result:
    name: str
    path: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation: a reported p95 is a measured latency)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import sys, uvicorn\n"
        "from pathlib import Path\n"
        "from dossier.server import Settings, create_app\n"
        "db = Path(sys.argv[1])\n"
        "app = create_app(db, settings=Settings(db_path=db))\n"
        "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DOSSIER_TOKEN"}
    return subprocess.Popen([sys.executable, "-c", code, str(db), str(port)], env=env)


def wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            if httpx.get(f"{base}/api/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout} s")


def hammer(
    base: str, name: str, path: str, *, requests: int, seconds: float, concurrency: int
) -> Result:
    """``requests`` GETs of ``path`` from ``concurrency`` threads, stopping early after
    ``seconds``."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    issued = 0
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal issued, errors
        with httpx.Client(base_url=base, timeout=60) as client:
            while True:
                with lock:
                    if issued >= requests or time.monotonic() > deadline:
                        return
                    issued += 1
                started = time.perf_counter()
                try:
                    ok = client.get(path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    errors += 0 if ok else 1

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    return Result(
        name,
        path,
        len(latencies),
        errors,
        wall,
        percentile(latencies, 50) * 1000,
        percentile(latencies, 95) * 1000,
    )


def run(
    db: Path,
    requests: int = 100,
    seconds: float = 15.0,
    concurrency: int = 4,
    warmup: int = 3,
) -> list[Result]:
    from ..store.database import open_store

    con = open_store(db, read_only=True)
    try:
        row = con.execute("SELECT min(id) FROM articles").fetchone()
    finally:
        con.close()
    article = row[0] if row else "none"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server(db, port)
    try:
        wait_ready(base, process)
        results = []
        for name, template in ENDPOINTS:
            path = template.format(article=article)
            for _ in range(warmup):
                httpx.get(base + path, timeout=60)
            results.append(
                hammer(
                    base, name, path, requests=requests, seconds=seconds, concurrency=concurrency
                )
            )
        return results
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def table(results: Sequence[Result]) -> list[str]:
    lines = [
        "| endpoint | request | requests | errors | requests/s | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        path = r.path if len(r.path) < 60 else r.path[:57] + "…"
        lines.append(
            f"| {r.name} | `{path}` | {r.requests} | {r.errors} | {r.per_second:.1f} | "
            f"{r.p50_ms:.0f} | {r.p95_ms:.0f} |"
        )
    return lines


@click.command("loadtest")
@click.option("--db", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="A store to load; a synthetic one is built (and kept) when absent.")  # fmt: skip
@click.option("--articles", type=click.IntRange(min=1), default=20_000, show_default=True)
@click.option("--events-per-article", type=click.IntRange(min=1), default=5, show_default=True)
@click.option("--requests", type=click.IntRange(min=1), default=100, show_default=True,
              help="Requests per endpoint at most.")  # fmt: skip
@click.option("--seconds", type=click.FloatRange(min=0.1), default=15.0, show_default=True,
              help="Seconds per endpoint at most.")  # fmt: skip
@click.option("--concurrency", type=click.IntRange(min=1), default=4, show_default=True)
def loadtest(  # noqa: PLR0917 - click passes options positionally
    db: Path | None,
    articles: int,
    events_per_article: int,
    requests: int,
    seconds: float,
    concurrency: int,
) -> None:
    """Time the main read endpoints on loopback over a synthetic store."""
    from ..store.database import open_store
    from .synthetic import build_store

    if db is None or not db.exists():
        db = (
            db
            or Path(tempfile.gettempdir()) / f"dossier-load-{articles}x{events_per_article}.duckdb"
        )
        click.echo(f"building {db}: {articles} articles × {events_per_article} events …")
        started = time.perf_counter()
        build_store(db, articles, events_per_article)
        click.echo(f"built in {time.perf_counter() - started:.1f} s")
    con = open_store(db, read_only=True)
    try:
        counts = {
            t: int(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0])  # type: ignore[index]
            for t in ("articles", "events", "canonical_events", "stories")
        }
    finally:
        con.close()
    click.echo(", ".join(f"{n:,} {t}" for t, n in counts.items()))
    click.echo(
        f"{requests} requests per endpoint at most, {seconds:g} s at most, "
        f"{concurrency} concurrent clients"
    )
    for line in table(run(db, requests, seconds, concurrency)):
        click.echo(line)


if __name__ == "__main__":
    loadtest()
