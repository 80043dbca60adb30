"""The records the default pipeline makes of the examples come back from the store equal
(slow: it loads the spaCy models)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dossier.ingest import read_inputs
from dossier.store.database import open_store
from dossier.store.reader import read_article
from dossier.store.writer import Analysed, StoreWriter

from .conftest import EXAMPLES


@pytest.mark.slow
def test_store_round_trips_the_records_of_the_default_pipeline(
    tmp_path: Path, pipeline: Any
) -> None:
    raws = [r for r in read_inputs([str(EXAMPLES)]) if not isinstance(r, Exception)]
    articles = [doc.to_article() for doc in pipeline.pipe(raws) if doc.error is None]
    assert len(articles) == len(raws) == 12
    con = open_store(tmp_path / "s.duckdb")
    StoreWriter(con, "default").write(
        [Analysed(a.input or a.id, a.input or a.id, "f", a) for a in articles]
    )
    for article in articles:
        assert read_article(con, article.id) == article, article.input
    con.close()
