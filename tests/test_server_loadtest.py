"""The load test's own arithmetic, and a tiny bounded run end to end."""

from __future__ import annotations

import math
from pathlib import Path

from click.testing import CliRunner

from dossier.server.loadtest import ENDPOINTS, Result, loadtest, percentile, table


def test_server_loadtest_percentile_is_a_measured_value() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 95) == 95.0
    assert percentile(values, 50) == 50.0
    assert percentile([3.0, 1.0, 2.0], 95) == 3.0
    assert math.isnan(percentile([], 95))


def test_server_loadtest_table_rows_give_requests_per_second() -> None:
    lines = table([Result("events", "/api/events", 50, 0, 2.0, 10.0, 30.0)])
    assert lines[-1] == "| events | `/api/events` | 50 | 0 | 25.0 | 10 | 30 |"


def test_server_loadtest_runs_bounded_over_a_small_store(tmp_path: Path) -> None:
    db = tmp_path / "load.duckdb"
    result = CliRunner().invoke(
        loadtest,
        [
            "--db",
            str(db),
            "--articles",
            "40",
            "--requests",
            "3",
            "--seconds",
            "5",
            "--concurrency",
            "2",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "40 articles, 200 events" in result.output
    rows = [line for line in result.output.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) == len(ENDPOINTS)
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[2] == "3" and cells[3] == "0", row  # 3 requests, no error
