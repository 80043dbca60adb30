"""`dossier bench` on five texts: the report's structure, not its timings (never asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.bench import CORPUS_MIX, StageTimer, build_corpus
from dossier.cli import main
from dossier.doc import Doc, RawArticle
from dossier.pipeline import Pipeline, Stage


def test_bench_corpus_takes_sources_in_turn_examples_first(tmp_path: Path) -> None:
    corpus = build_corpus(None, texts=3)

    assert [item.origin for item in corpus] == ["examples"] * 3
    assert build_corpus(tmp_path / "absent", texts=1000) == build_corpus(None, texts=1000)


class Upper(Stage):
    name = "upper"
    factory = "test.upper.v1"

    def __call__(self, doc: Doc) -> Doc:
        doc.text = doc.raw.data.decode().upper()
        return doc


class Batched(Stage):
    name = "batched"
    factory = "test.batched.v1"

    def __call__(self, doc: Doc) -> Doc:
        self.pipe([doc])
        return doc

    def pipe(self, docs: list[Doc]) -> list[Doc]:  # type: ignore[override]
        return docs


def test_stage_timer_counts_each_stage_once_and_leaves_the_pipeline_as_it_was() -> None:
    pipeline = Pipeline([Upper(), Batched()])
    timer = StageTimer()

    with timer.timing(pipeline):
        docs = list(pipeline.pipe([RawArticle(b"a", "a"), RawArticle(b"b", "b")]))

    assert [doc.text for doc in docs] == ["A", "B"]
    assert set(timer.seconds) == {"upper", "batched"}
    assert [type(stage) for stage in pipeline.stages] == [Upper, Batched]


@pytest.mark.slow
def test_bench_on_five_texts_writes_both_reports(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["bench", "--texts", "5", "--repeats", "1", "--no-spark", "--output", str(tmp_path)]
    )

    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "benchmarks" / "results.json").read_text(encoding="utf-8"))
    assert data["corpus"]["texts"] == 5
    assert set(data["corpus"]["sources"]) == set(CORPUS_MIX)
    one, two = data["ours"]["n_process_1"], data["ours"]["n_process_2"]
    assert (one["n_process"], two["n_process"]) == (1, 2)
    for run in (one, two):
        assert {
            "articles",
            "words",
            "seconds",
            "articles_per_s",
            "words_per_s",
            "peak_rss_mb",
        } <= set(run)
    assert set(one["stage_share"]) == {*data["pipeline"], "(pipeline and records)"}
    assert sum(one["stage_share"].values()) == pytest.approx(1.0, abs=0.01)
    assert set(data["ratio_ours_to_bare"]) == set(data["bare_spacy"]) == set(one["per_language"])
    page = (tmp_path / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    for heading in ("## Corpus", "## Throughput", "per language", "## Time share per stage"):
        assert heading in page
    assert "dossier takes" in result.output
