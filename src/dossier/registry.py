"""The one place where built-in stages are registered, by versioned name.

Entries are import paths, resolved on first use, so that importing dossier (or running
``dossier --help``) does not import spaCy or trafilatura. When a stage's behaviour changes,
register it under a new version (``.v2``): stored records name the version that made them.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from .errors import UnknownStageError
from .pipeline import Pipeline, PipelineConfig, Stage

STAGES: dict[str, str] = {
    "dossier.clean.v1": "dossier.clean.stage:CleanStage",
    "dossier.language.v1": "dossier.nlp.stages:LanguageStage",
    "dossier.nlp.spacy.v1": "dossier.nlp.stages:SpacyStage",
    "dossier.entities.linker.v1": "dossier.actors.stage:LinkerStage",
    "dossier.times.rules.v1": "dossier.temporal.stage:TimeStage",
    "dossier.quantities.rules.v1": "dossier.quantities.stage:QuantityStage",
    "dossier.quotes.rules.v1": "dossier.quotes.stage:QuoteStage",
    "dossier.events.rules.v1": "dossier.events.stage:EventStage",
    # Cross-document: not in the per-article pipeline; its cluster(articles) groups records.
    "dossier.stories.v1": "dossier.crossdoc.stories:StoryStage",
}

DEFAULT_PIPELINE: tuple[str, ...] = (
    "dossier.clean.v1",
    "dossier.language.v1",
    "dossier.nlp.spacy.v1",
    "dossier.entities.linker.v1",
    "dossier.times.rules.v1",
    "dossier.quantities.rules.v1",
    "dossier.quotes.rules.v1",
    "dossier.events.rules.v1",
)


@cache
def stage_class(name: str) -> type[Stage]:
    """The class registered under a versioned name, or under a short name (latest version)."""
    factory = resolve_name(name)
    module, _, attr = STAGES[factory].partition(":")
    cls: type[Stage] = getattr(importlib.import_module(module), attr)
    return cls


def resolve_name(name: str) -> str:
    if name in STAGES:
        return name
    versions = sorted((f for f in STAGES if stage_short_name(f) == name), key=_version)
    if versions:
        return versions[-1]
    raise UnknownStageError(
        f"no stage is registered as {name!r}; registered: {', '.join(sorted(STAGES))}"
    )


def stage_short_name(factory: str) -> str:
    cls_path = STAGES[factory]
    module, _, attr = cls_path.partition(":")
    cls = getattr(importlib.import_module(module), attr)
    return str(cls.name)


def _version(factory: str) -> int:
    tail = factory.rsplit(".", 1)[-1]
    return int(tail[1:]) if tail.startswith("v") and tail[1:].isdigit() else 0


def stage_assigning(annotation: str) -> str | None:
    """The short name of a registered stage that assigns ``annotation``, for error hints."""
    for factory in STAGES:
        cls = stage_class(factory)
        if annotation in cls.assigns:
            return cls.name
    return None


def build_pipeline(config: PipelineConfig) -> Pipeline:
    stages = [
        stage_class(name)(**dict(config.options.get(resolve_name(name), {})))
        for name in config.stages
    ]
    return Pipeline(stages, config)


def load_pipeline(
    stages: Sequence[str] | None = None, options: Mapping[str, Mapping[str, Any]] | None = None
) -> Pipeline:
    """A pipeline of registered stages (the default one when ``stages`` is None)."""
    names = tuple(resolve_name(n) for n in (stages or DEFAULT_PIPELINE))
    opts = {resolve_name(k): v for k, v in (options or {}).items()}
    return build_pipeline(PipelineConfig(names, opts))
