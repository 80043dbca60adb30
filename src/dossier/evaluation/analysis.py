"""Gold texts through the real pipeline, as the scorers need them.

Scorers measure what a user would get, so they run the default pipeline
(:func:`dossier.registry.load_pipeline`) rather than a stage alone. Two inputs differ from
a user's, on purpose: the gold set's language is passed (its sentences are often too short
for language identification, and identification is not what is measured), and the title is
set to the empty string so that the clean stage keeps the first line as body text (gold
spans start on it). Everything else, cleaning included, is production behaviour; scorers
map offsets back to the gold text with :class:`~dossier.evaluation.alignment.Alignment`.

Scorers take an ``analyse`` callable so that their unit tests can hand them ``Article``
records built by hand instead of loading spaCy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from ..doc import RawArticle
from ..model import Article
from ..pipeline import Pipeline

__all__ = ["Analyse", "GoldText", "analyse_with_pipeline", "default_analyse"]


@dataclass(frozen=True, slots=True)
class GoldText:
    """One gold text to analyse. ``key`` names it in warnings (``dataset:document``)."""

    key: str
    text: str
    language: str | None = None
    published: str | None = None
    url: str | None = None  # the article's address, where the gold data gives it


Analyse = Callable[[Sequence[GoldText]], list[Article | None]]
"""Texts in, one record per text out, in order; None where the pipeline refused the text."""


@cache
def _default_pipeline() -> Pipeline:
    from ..registry import load_pipeline

    return load_pipeline()


def analyse_with_pipeline(pipeline: Pipeline, texts: Sequence[GoldText]) -> list[Article | None]:
    """Run ``pipeline`` over ``texts``; an article it cannot analyse becomes None."""
    raws = [
        RawArticle(
            data=text.text.encode("utf-8"),
            source=text.key,
            encoding="utf-8",
            language=text.language,
            published=text.published,
            url=text.url,
            title="",
        )
        for text in texts
    ]
    return [None if doc.error is not None else doc.to_article() for doc in pipeline.pipe(raws)]


def default_analyse(texts: Sequence[GoldText]) -> list[Article | None]:
    """:func:`analyse_with_pipeline` with the default pipeline, built once per process."""
    return analyse_with_pipeline(_default_pipeline(), texts)
