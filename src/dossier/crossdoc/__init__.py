"""Cross-document analysis: copies, source signals, stories, canonical events, contradictions.

``run_crossdoc(con)`` runs it all over a store and replaces the cross-document tables;
``StoryStage().cluster(articles)`` clusters records into stories without a store.

The names are imported on first use, so that ``dossier --help`` (which imports the
commands of this package) loads neither DuckDB nor numpy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .job import CrossdocSummary, analyse, run_crossdoc
    from .stories import StoryIndex, StoryStage

__all__ = ["CrossdocSummary", "StoryIndex", "StoryStage", "analyse", "run_crossdoc"]

_WHERE = {
    "CrossdocSummary": "job",
    "analyse": "job",
    "run_crossdoc": "job",
    "StoryIndex": "stories",
    "StoryStage": "stories",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
