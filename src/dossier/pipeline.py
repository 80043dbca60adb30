"""Stage ordering, the requires/assigns check, batching and the per-article error policy.

A stage maps Doc → Doc and declares what it reads (``requires``) and writes (``assigns``),
as spaCy components do. ``Pipeline`` checks the declarations when it is built, so a
pipeline in the wrong order fails before it touches an article, naming the missing stage.

Error policy, per article: an ``InputError`` marks the article as not analysable (its
reason is kept and reported; the batch goes on); any other exception in a stage becomes a
warning on the article, and later stages that needed that stage's output are skipped.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, ClassVar

from .doc import Doc, RawArticle
from .errors import InputError, MissingRequirementError, StageError

log = logging.getLogger(__name__)


class Stage:
    """Base class of pipeline stages. Subclasses set the class attributes and ``__call__``."""

    name: ClassVar[str]
    factory: ClassVar[str]
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Sequence[Doc]) -> list[Doc]:
        """Process a batch. Stages with a batched model (spaCy) override this."""
        return [self(doc) for doc in docs]


@dataclass(frozen=True)
class PipelineConfig:
    """Plain, picklable description of a pipeline: rebuilt as is in worker processes."""

    stages: tuple[str, ...]
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


class Pipeline:
    def __init__(self, stages: Sequence[Stage], config: PipelineConfig | None = None) -> None:
        self.stages = list(stages)
        self.config = config or PipelineConfig(tuple(s.factory for s in self.stages))
        self._check_order()

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def _check_order(self) -> None:
        from .registry import stage_assigning

        available: set[str] = set()
        for stage in self.stages:
            for need in stage.requires:
                if need not in available:
                    provider = stage_assigning(need)
                    hint = (
                        f"add the stage '{provider}' before '{stage.name}'"
                        if provider
                        else "no registered stage assigns it"
                    )
                    raise MissingRequirementError(
                        f"stage '{stage.name}' ({stage.factory}) requires '{need}', which no "
                        f"earlier stage assigns: {hint}. Order given: {self.stage_names}"
                    )
            available.update(stage.assigns)

    def __call__(self, raw: RawArticle) -> Doc:
        return self._run_batch([Doc(raw=raw)])[0]

    def _run_batch(self, docs: list[Doc]) -> list[Doc]:
        for stage in self.stages:
            ready = [d for d in docs if d.error is None and self._ready(stage, d)]
            if not ready:
                continue
            if type(stage).pipe is Stage.pipe:
                for doc in ready:
                    self._run_one(stage, doc)
                continue
            try:
                stage.pipe(ready)
            except Exception:  # noqa: BLE001 - one article must not sink the batch: retry one by one
                for doc in ready:
                    self._run_one(stage, doc)
            else:
                for doc in ready:
                    if doc.error is None:
                        doc.done.update(stage.assigns)
                        doc.stages[stage.name] = stage.factory
        return docs

    @staticmethod
    def _ready(stage: Stage, doc: Doc) -> bool:
        missing = [r for r in stage.requires if r not in doc.done]
        if missing:
            doc.warn(f"stage {stage.name} skipped: it needs {', '.join(missing)}, which failed")
            return False
        return True

    @staticmethod
    def _run_one(stage: Stage, doc: Doc) -> None:
        try:
            stage(doc)
        except InputError as exc:
            doc.error = exc
        except Exception as exc:
            log.debug("stage %s failed on %s", stage.name, doc.source, exc_info=True)
            doc.warn(str(StageError(stage.name, doc.source, exc)))
        else:
            if doc.error is None:
                doc.done.update(stage.assigns)
                doc.stages[stage.name] = stage.factory

    def pipe(
        self, raws: Iterable[RawArticle], *, batch_size: int = 16, n_process: int = 1
    ) -> Iterator[Doc]:
        """Stream documents through the stages in batches, in input order.

        With ``n_process > 1`` the work is spread over worker processes, each building its
        own pipeline from ``self.config`` once; the documents then come back without their
        spaCy parse (``doc.spacy`` is None), as spaCy's own multi-process ``pipe`` would
        otherwise have to pickle the vocabulary with every batch.
        """
        if n_process > 1:
            yield from self._pipe_multiprocess(raws, batch_size=batch_size, n_process=n_process)
            return
        iterator = iter(raws)
        while batch := list(islice(iterator, batch_size)):
            yield from self._run_batch([Doc(raw=r) for r in batch])

    def _pipe_multiprocess(
        self, raws: Iterable[RawArticle], *, batch_size: int, n_process: int
    ) -> Iterator[Doc]:
        ctx = multiprocessing.get_context("spawn")
        iterator = iter(raws)
        batches = iter(lambda: list(islice(iterator, batch_size)), [])
        with ctx.Pool(n_process, initializer=_worker_init, initargs=(self.config,)) as pool:
            for done in pool.imap(_worker_run, batches):
                yield from done


_WORKER_PIPELINE: Pipeline | None = None


def _worker_init(config: PipelineConfig) -> None:
    global _WORKER_PIPELINE  # noqa: PLW0603 - one pipeline per worker process, built once
    from .registry import build_pipeline

    _WORKER_PIPELINE = build_pipeline(config)


def _worker_run(batch: list[RawArticle]) -> list[Doc]:
    assert _WORKER_PIPELINE is not None, "worker used before _worker_init"
    docs = _WORKER_PIPELINE._run_batch([Doc(raw=r) for r in batch])
    for doc in docs:
        doc.spacy = None
    return docs
