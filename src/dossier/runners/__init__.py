"""Runners of the pipeline beyond one process: Apache Spark (``dossier spark``).

- :mod:`.partition`: the per-partition work (read, analyse, rows), plain Python and Arrow;
- :mod:`.spark`: the Spark job, the only module that imports pyspark (lazily);
- :mod:`.parquet_import`: ``dossier import-parquet``, the job's tables into DuckDB;
- :mod:`.spark_bench`: Spark throughput for ``dossier bench``;
- :mod:`.commands`: the click commands; :mod:`.spark_submit`: the ``spark-submit`` script.

Nothing here is imported by the rest of dossier unless asked for: pyspark is an optional
extra (``pip install 'dossier[spark]'``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..doc import RawArticle

__all__ = ["bench_spark"]


def bench_spark(texts: Sequence[RawArticle], **options: Any) -> dict[str, Any]:
    """Spark throughput over ``texts`` on ``local[1]`` and ``local[2]`` (see
    :func:`dossier.runners.spark_bench.bench_spark`)."""
    from .spark_bench import bench_spark as run

    return run(texts, **options)
