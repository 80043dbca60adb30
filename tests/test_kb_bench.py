"""The alias-index micro-benchmark runs and reports (numbers only: no speed is asserted).

The full run (500,000 synthetic aliases) is `python -m dossier.kb.bench`, or this file with
`-m slow -rP`; the default test runs a small size to keep the suite fast.
"""

from __future__ import annotations

import pytest

from dossier.kb.bench import run, synthetic_aliases


def test_kb_bench_synthetic_aliases_are_deterministic() -> None:
    assert synthetic_aliases(50, seed=1) == synthetic_aliases(50, seed=1)
    assert len(synthetic_aliases(1234)) == 1234


def test_kb_bench_reports_build_memory_and_rates() -> None:
    result = run(20_000)
    assert result.aliases == 20_000
    assert result.keys > 0.9 * result.aliases  # synthetic names are nearly all distinct
    assert result.build_s >= 0 and result.exact_lookups_per_s > 0
    print(result)


@pytest.mark.slow
def test_kb_bench_half_a_million_aliases() -> None:
    result = run(500_000)
    assert result.aliases == 500_000
    print(result)
