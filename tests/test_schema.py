from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dossier.schema import SCHEMA_FILE, render_schema

from .conftest import EXAMPLES, ROOT


def test_schema_committed_file_is_up_to_date_with_the_models() -> None:
    committed = (ROOT / "schema" / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == render_schema(), "schema is stale: run `make schema` and commit it"


@pytest.mark.slow
def test_schema_every_example_record_validates(
    pipeline: Any, validate_record: Callable[[dict[str, Any]], None]
) -> None:
    from dossier.ingest import read_inputs

    docs = list(pipeline.pipe(read_inputs([str(EXAMPLES)])))
    assert len(docs) >= 9
    for doc in docs:
        assert doc.error is None, doc.error
        record = doc.to_article().model_dump(mode="json")
        validate_record(record)
        for removed in record["removed"]:
            assert removed["text"] not in record["text"]


@pytest.mark.slow
def test_schema_seed_article_record_is_valid_french_with_the_tail_removed(
    seed_article: Path, pipeline: Any, validate_record: Callable[[dict[str, Any]], None]
) -> None:
    from dossier.ingest import read_inputs

    (doc,) = pipeline.pipe(read_inputs([str(seed_article)], published="2022-01-21"))
    record = doc.to_article().model_dump(mode="json")
    validate_record(record)
    assert record["language"] == "fr" and record["published"] == "2022-01-21"
    assert [r["reason"] for r in record["removed"]] == ["promo", "teaser", "tagline"]
