"""Spark throughput for ``dossier bench``: the same texts on ``local[1]`` and ``local[2]``.

:func:`bench_spark` writes the texts as a JSON Lines dump (what a Spark user would feed
the job), then, for each master, starts a fresh session (its start-up timed apart), and
runs the whole job (:func:`dossier.runners.spark.run_spark`: read, analyse, settle, write
the Parquet tables) into a temporary folder. The job's time includes each Python worker
importing dossier and loading the models once, as it would on a cluster; the analysis
share is measured inside the job as the time until the analysed rows are on disk.

Compare with the local process pool of ``dossier bench`` on the same machine: the ratio
is what Spark's machinery (Arrow transfers, shuffles, Parquet writes, a JVM) costs per
article, and the ``local[2]`` / ``local[1]`` ratio is how the job scales with cores.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from ..bench import write_jsonl
from ..doc import RawArticle
from ..pipeline import PipelineConfig

MASTERS: Final = ("local[1]", "local[2]")


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 2) if seconds > 0 else 0.0


def _one(
    master: str, source: Path, output: Path, config: PipelineConfig | None, crossdoc: bool
) -> dict[str, Any]:
    from .spark import SparkOptions, local_cores, run_spark, spark_session

    started = time.perf_counter()
    session = spark_session(
        master,
        app_name=f"dossier-bench-{master}",
        conf={"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"},
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        ready = time.perf_counter()
        options = SparkOptions(config=config, crossdoc=crossdoc)
        summary = run_spark(session, [str(source)], str(output), options)
        done = time.perf_counter()
        # Again in the same session: the Python workers (and their models) are reused.
        warm = run_spark(session, [str(source)], str(output) + "-warm", options)
    finally:
        session.stop()
    return {
        "master": master,
        "cores": local_cores(master),
        "session_start_seconds": round(ready - started, 3),
        "articles": summary.articles,
        "inputs": summary.inputs,
        "skipped": sum(summary.skipped.values()),
        "seconds": round(done - ready, 3),
        "articles_per_s": _rate(summary.inputs, done - ready),
        "analysis_seconds": round(summary.analysis_seconds, 3),
        "analysis_articles_per_s": _rate(summary.inputs, summary.analysis_seconds),
        "write_seconds": round(
            summary.seconds - summary.analysis_seconds - summary.crossdoc_seconds, 3
        ),
        "crossdoc_seconds": round(summary.crossdoc_seconds, 3),
        "warm_seconds": round(warm.seconds, 3),
        "warm_articles_per_s": _rate(warm.inputs, warm.seconds),
        "warm_analysis_seconds": round(warm.analysis_seconds, 3),
        "warm_analysis_articles_per_s": _rate(warm.inputs, warm.analysis_seconds),
    }


def bench_spark(
    texts: Sequence[RawArticle],
    *,
    masters: Sequence[str] = MASTERS,
    config: PipelineConfig | None = None,
    crossdoc: bool = False,
) -> dict[str, Any]:
    """Throughput of the Spark job over ``texts`` on each master (module docstring). The
    cross-document stage (one task, whatever the cores) is left out unless ``crossdoc``."""
    runs: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="dossier-spark-bench-") as folder:
        source = Path(folder) / "corpus.jsonl"
        write_jsonl(texts, source)
        for master in masters:
            output = Path(folder) / f"out-{len(runs)}"
            runs[master] = _one(master, source, output, config, crossdoc)
    one, two = runs.get("local[1]"), runs.get("local[2]")
    speedup = (
        round(one["seconds"] / two["seconds"], 2) if one and two and two["seconds"] > 0 else None
    )
    return {
        "texts": len(texts),
        "runs": runs,
        "speedup_2_cores": speedup,
        "note": (
            "seconds: the whole job (read, analyse, settle duplicates, write the Parquet "
            "tables), including each Python worker loading the models once; analysis: "
            "until the analysed rows are on disk; warm: the same job again in the same "
            "session, its Python workers (and models) reused, as on a long-running cluster"
        ),
    }


def spark_markdown(data: dict[str, Any]) -> list[str]:
    """Lines for docs/benchmarks.md: one table row per master."""
    lines = [
        "## Spark (`dossier spark`)",
        "",
        f"The same {data['texts']} texts as a JSON Lines dump, through the whole Spark job "
        "into Parquet tables; a fresh session per master.",
        "",
        "| master | session start (s) | job (s) | articles/s | analysis (s) | analysis "
        "articles/s | settle + write (s) | warm job (s) | warm articles/s | warm analysis "
        "articles/s |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in data["runs"].values():
        lines.append(
            f"| `{run['master']}` | {run['session_start_seconds']} | {run['seconds']} | "
            f"{run['articles_per_s']} | {run['analysis_seconds']} | "
            f"{run['analysis_articles_per_s']} | {run['write_seconds']} | "
            f"{run['warm_seconds']} | {run['warm_articles_per_s']} | "
            f"{run['warm_analysis_articles_per_s']} |"
        )
    if data.get("speedup_2_cores"):
        lines += ["", f"`local[2]` is {data['speedup_2_cores']}× as fast as `local[1]`."]
    lines += ["", data["note"] + ".", ""]
    return lines
