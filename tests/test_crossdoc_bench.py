"""The incremental clustering benchmark runs and reports per step (small sizes here)."""

from __future__ import annotations

from dossier.crossdoc.bench import run_bench

from .conftest import EXAMPLES


def test_crossdoc_bench_reports_time_memory_and_quality_per_step() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    result = run_bench(texts, total=600, step=200)
    assert [int(s["articles"]) for s in result.steps] == [200, 400, 600]
    assert all(s["rss_mb"] > 0 and s["seconds"] >= 0 for s in result.steps)
    assert 0 < result.steps[-1]["stories"] <= 600
    assert 0.0 < result.bcubed_f1 <= 1.0
    assert result.lines()[1].startswith("articles")
