"""``make bench``'s ingest measurement, on a few texts with a light pipeline."""

from __future__ import annotations

from dossier import load_pipeline
from dossier.bench import _ingest_markdown, measure_ingest
from dossier.doc import RawArticle

from .test_ingest_local import ARTICLE_EN, ARTICLE_FR, LIGHT, page


def test_ingest_bench_compares_ingest_with_bare_analysis_on_the_same_texts() -> None:
    raws = [
        RawArticle(ARTICLE_EN.encode(), "a", published="2022-01-21"),
        RawArticle(
            page("G", ARTICLE_FR).encode(), "b", content_type="html", url="https://x.example/b"
        ),
        RawArticle(b"", "empty"),
    ]
    data = measure_ingest(load_pipeline(LIGHT), raws, repeats=2)
    assert data["articles"] == 2  # the empty text is refused when read back, as ingest would
    assert data["stored"] == 2 and data["skipped"] == 1
    assert data["bare_seconds"] > 0 and data["ingest_seconds"] > 0
    assert data["in_run"]["stages_seconds"] > 0 and data["in_run"]["store_seconds"] > 0
    page_text = "\n".join(_ingest_markdown(data))
    assert "## Ingest into the store" in page_text and "the budget of 10%" in page_text
