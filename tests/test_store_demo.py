"""``dossier demo``: the examples into a fresh store, a timeline, every export (slow: it
loads the spaCy models)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from dossier.cli import main

from .conftest import EXAMPLES


@pytest.mark.slow
def test_store_demo_ingests_the_examples_and_writes_every_export(tmp_path: Path) -> None:
    db = tmp_path / "demo" / "dossier.duckdb"
    db.parent.mkdir()
    db.write_bytes(b"an old file the demo must replace")
    result = CliRunner().invoke(main, ["demo", "--examples", str(EXAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Timeline" in result.stdout and "Exports" in result.stdout
    exports = db.parent / "exports"
    for name in (
        "events.plover.jsonl",
        "events.acled.csv",
        "events.gdelt.tsv",
        "actors.gexf",
        "events.geojson",
        "parquet/articles.parquet",
    ):
        assert (exports / name).exists(), name
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (12,)
        # The demo runs the cross-document job: the syndicated and translated copies.
        assert con.execute("SELECT count(*) FROM copies").fetchone() == (2,)
        assert con.execute("SELECT count(*) FROM stories").fetchone()[0] >= 3
    assert str(db) in result.stdout
