from __future__ import annotations

from typing import ClassVar

import pytest

from dossier.doc import Doc, RawArticle
from dossier.errors import MissingRequirementError, UnknownStageError
from dossier.pipeline import Pipeline, Stage
from dossier.registry import DEFAULT_PIPELINE, STAGES, load_pipeline, resolve_name


class Producer(Stage):
    name: ClassVar[str] = "producer"
    factory: ClassVar[str] = "test.producer.v1"
    assigns: ClassVar[tuple[str, ...]] = ("doc.text",)

    def __call__(self, doc: Doc) -> Doc:
        doc.text = doc.raw.data.decode()
        return doc


class Consumer(Stage):
    name: ClassVar[str] = "consumer"
    factory: ClassVar[str] = "test.consumer.v1"
    requires: ClassVar[tuple[str, ...]] = ("doc.text",)
    assigns: ClassVar[tuple[str, ...]] = ("doc.upper",)

    def __call__(self, doc: Doc) -> Doc:
        if "boom" in doc.text:
            raise RuntimeError("consumer exploded")
        doc.extras["upper"] = doc.text.upper()
        return doc


class AfterConsumer(Stage):
    name: ClassVar[str] = "after"
    factory: ClassVar[str] = "test.after.v1"
    requires: ClassVar[tuple[str, ...]] = ("doc.upper",)

    def __call__(self, doc: Doc) -> Doc:
        doc.extras["after"] = True
        return doc


def raw(text: str) -> RawArticle:
    return RawArticle(data=text.encode(), source=f"<{text}>")


def test_pipeline_wrong_order_fails_at_construction_naming_the_missing_stage() -> None:
    with pytest.raises(MissingRequirementError) as err:
        Pipeline([Consumer(), Producer()])
    assert "consumer" in str(err.value) and "doc.text" in str(err.value)


def test_pipeline_names_the_registered_stage_that_would_provide_the_requirement() -> None:
    from dossier.nlp.stages import SpacyStage

    with pytest.raises(MissingRequirementError, match="add the stage 'language'"):
        Pipeline([Producer(), SpacyStage()])


def test_pipeline_runs_stages_in_order_and_records_versions() -> None:
    doc = Pipeline([Producer(), Consumer()])(raw("abc"))
    assert doc.extras["upper"] == "ABC"
    assert doc.stages == {"producer": "test.producer.v1", "consumer": "test.consumer.v1"}


def test_pipeline_stage_failure_becomes_a_warning_and_dependants_are_skipped() -> None:
    docs = list(Pipeline([Producer(), Consumer(), AfterConsumer()]).pipe([raw("boom"), raw("ok")]))
    failed, fine = docs
    assert any("consumer exploded" in w for w in failed.warnings)
    assert any("stage after skipped" in w for w in failed.warnings)
    assert "after" not in failed.extras
    assert fine.extras == {"upper": "OK", "after": True}


def test_pipeline_pipe_keeps_input_order_across_batches() -> None:
    texts = [f"t{i}" for i in range(10)]
    docs = Pipeline([Producer()]).pipe([raw(t) for t in texts], batch_size=3)
    assert [d.text for d in docs] == texts


def test_registry_resolves_short_names_to_latest_version() -> None:
    assert resolve_name("clean") == "dossier.clean.v1"
    assert all(name in STAGES for name in DEFAULT_PIPELINE)


def test_registry_unknown_stage_lists_the_registered_ones() -> None:
    with pytest.raises(UnknownStageError, match=r"dossier\.clean\.v1"):
        load_pipeline(["no-such-stage"])


@pytest.mark.slow
def test_pipeline_multiprocess_gives_the_same_records_as_one_process() -> None:
    pipe = load_pipeline(["clean", "language"])
    texts = [
        f"Le ministre a parlé mardi à Paris de la réunion numéro {i} avec ses homologues."
        for i in range(6)
    ]
    one = [d.to_article() for d in pipe.pipe([raw(t) for t in texts])]
    two = [d.to_article() for d in pipe.pipe([raw(t) for t in texts], n_process=2, batch_size=2)]
    assert one == two
