"""Main-text extraction scorers: Scrapinghub token shingles and trafilatura's snippets.

What is scored is what the clean stage makes of an HTML page (trafilatura's extraction,
then our normalisation and boilerplate removal), i.e. ``doc.text`` for a
``RawArticle(content_type="html")``. A page the stage refuses (no article found) counts as
an empty extraction, as both benchmarks count a crash or an empty result.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from ..clean.stage import CleanStage
from ..doc import Doc, RawArticle
from ..errors import InputError
from .datasets import ExtractionCase, load_scrapinghub, load_trafilatura_fr_en
from .metrics import corpus_shingle_prf, shingle_counts, tokens_equal

__all__ = [
    "SnippetCounts",
    "clean_html",
    "count_snippets",
    "run_scrapinghub",
    "run_trafilatura",
    "score_scrapinghub",
    "score_trafilatura",
]

Extract = Callable[[ExtractionCase], str]
"""A page in, its extracted main text out ("" when nothing was extracted)."""

TRAFILATURA_LANGUAGES: Final = ("fr", "en")


@cache
def _clean_stage() -> CleanStage:
    return CleanStage()


def clean_html(case: ExtractionCase) -> str:
    """The text the clean stage keeps from the page; "" when it finds no article."""
    raw = RawArticle(
        data=case.html.encode("utf-8"),
        source=case.case_id,
        content_type="html",
        encoding="utf-8",
        url=case.url or None,
    )
    try:
        return _clean_stage()(Doc(raw=raw)).text
    except InputError:
        return ""


# --------------------------------------------------------------------------- Scrapinghub


def score_scrapinghub(cases: Sequence[ExtractionCase], texts: Sequence[str]) -> dict[str, float]:
    """Corpus shingle P/R/F1 and exact-match accuracy, as the benchmark's ``evaluate.py``."""
    if len(cases) != len(texts):
        raise ValueError(f"{len(cases)} pages but {len(texts)} extractions: pass one per page")
    golds = [case.gold_text or "" for case in cases]
    corpus = corpus_shingle_prf(
        shingle_counts(text, gold) for text, gold in zip(texts, golds, strict=True)
    )
    exact = sum(tokens_equal(text, gold) for text, gold in zip(texts, golds, strict=True))
    return {
        "precision": corpus.precision,
        "recall": corpus.recall,
        "f1": corpus.f1,
        "accuracy": exact / len(cases) if cases else 0.0,
        "documents": float(len(cases)),
    }


def run_scrapinghub(
    root: Path, *, limit: int | None = None, extract: Extract = clean_html
) -> dict[str, float]:
    """Score the first ``limit`` pages (all 181 by default) in ``ground-truth.json`` order."""
    cases = load_scrapinghub(root)[:limit]
    return score_scrapinghub(cases, [extract(case) for case in cases])


# ---------------------------------------------------------------- trafilatura snippets

_SPACES: Final = re.compile(r"\s+")


def _norm(text: str) -> str:
    """Whitespace folded, as trafilatura's ``eval_common.norm`` (whitespace variants must
    not cost recall)."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class SnippetCounts:
    """Confusion counts over snippets: a ``with`` snippet found is a true positive, a
    ``without`` snippet found a false positive (trafilatura ``eval_common.count_item``)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(
            self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn
        )


def count_snippets(case: ExtractionCase, text: str) -> SnippetCounts:
    """One page's counts by whitespace-normalised substring search."""
    found = _norm(text)
    tp = sum(1 for snippet in case.must_include if _norm(snippet) in found)
    fp = sum(1 for snippet in case.must_exclude if _norm(snippet) in found)
    return SnippetCounts(tp, fp, len(case.must_include) - tp, len(case.must_exclude) - fp)


def _snippet_scores(counts: SnippetCounts) -> dict[str, float]:
    """trafilatura's ``ConfusionMatrix.scores``, plus the two shares they are made of."""
    tp, fp, fn, tn = counts.tp, counts.fp, counts.fn, counts.tn
    total = tp + fp + fn + tn
    return {
        "with_found": tp / (tp + fn) if tp + fn else 0.0,
        "without_absent": tn / (tn + fp) if tn + fp else 0.0,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "accuracy": (tp + tn) / total if total else 0.0,
        "f1": 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0,
    }


def score_trafilatura(cases: Sequence[ExtractionCase], texts: Sequence[str]) -> dict[str, float]:
    """Snippet scores per language (``fr_f1``, ``en_precision``, ...), counts summed over
    the pages of that language as trafilatura sums them over its whole set."""
    if len(cases) != len(texts):
        raise ValueError(f"{len(cases)} pages but {len(texts)} extractions: pass one per page")
    scores: dict[str, float] = {}
    for language in TRAFILATURA_LANGUAGES:
        pairs = [(c, t) for c, t in zip(cases, texts, strict=True) if c.language == language]
        total = sum((count_snippets(case, text) for case, text in pairs), SnippetCounts())
        for metric, value in _snippet_scores(total).items():
            scores[f"{language}_{metric}"] = value
        scores[f"{language}_documents"] = float(len(pairs))
    scores["documents"] = float(len(cases))
    return scores


def run_trafilatura(
    root: Path, *, limit: int | None = None, extract: Extract = clean_html
) -> dict[str, float]:
    """Score the first ``limit`` pages of each language (all 68 fr + 181 en by default),
    in ``evaldata_fr_en.json`` order: a per-language limit keeps both languages sampled."""
    cases = _first_per_language(load_trafilatura_fr_en(root), limit)
    return score_trafilatura(cases, [extract(case) for case in cases])


def _first_per_language(cases: Sequence[ExtractionCase], limit: int | None) -> list[ExtractionCase]:
    if limit is None:
        return list(cases)
    taken: dict[str | None, int] = {}
    kept = []
    for case in cases:
        if taken.get(case.language, 0) < limit:
            taken[case.language] = taken.get(case.language, 0) + 1
            kept.append(case)
    return kept
