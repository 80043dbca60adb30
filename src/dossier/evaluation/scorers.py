"""The table of scorers: what each measures, on which gold set, against which published score.

A scorer runs only when the stage it measures is registered (looked up by short name in
:mod:`dossier.registry`); until then it reports "not built" and never fails, so the table can
list every component the project promises before it exists. Published anchors are stored as
fractions, like our scores, whatever scale their paper used.

``limit`` is each scorer's sample: the first ``limit`` documents in the gold set's own order
(per language or per corpus where a set has several; see each ``run_*`` docstring), so that
a sample is deterministic and a number can be reproduced with ``dossier eval --limit``.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from ..errors import UnknownStageError
from . import acled, attribution, cameo, entities, extraction, geoparsing, stories

__all__ = [
    "SCORERS",
    "Anchor",
    "Scorer",
    "ScorerResult",
    "UnknownScorerError",
    "build_status",
    "run_scorer",
    "run_scorers",
    "select_scorers",
    "stage_registered",
]

RunFn = Callable[[Path, int | None], dict[str, float]]
Status = Literal["ok", "not built", "error"]

TIMEBANK_MODULE: Final = "dossier.evaluation.timebank"


@dataclass(frozen=True, slots=True)
class Anchor:
    """A published score to show next to ours, as a fraction, with who made it and how."""

    value: float
    system: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Scorer:
    name: str
    component: str
    dataset: str
    stage: str
    metrics: tuple[str, ...]
    run: RunFn
    anchors: Mapping[str, Anchor] = field(default_factory=dict)
    needs_module: str | None = None
    """A module that must import for the scorer to run (one written with its stage)."""


@dataclass(frozen=True, slots=True)
class ScorerResult:
    scorer: Scorer
    status: Status
    scores: Mapping[str, float] = field(default_factory=dict)
    reason: str = ""
    seconds: float = 0.0
    limit: int | None = None

    @property
    def metrics(self) -> dict[str, float]:
        """The scores without the document counts, declared metrics first."""
        declared = [m for m in self.scorer.metrics if m in self.scores]
        extra = sorted(m for m in self.scores if m not in declared and not _is_count(m))
        return {m: self.scores[m] for m in [*declared, *extra]}

    @property
    def documents(self) -> int | None:
        count = self.scores.get("documents")
        return int(count) if count is not None else None


_COUNTS: Final = frozenset({"documents", "gold", "predicted"})
"""Keys that count items rather than score them (the time scorer reports gold/predicted)."""


def _is_count(metric: str) -> bool:
    return metric in _COUNTS or metric.endswith("_documents")


class UnknownScorerError(ValueError):
    """``--only`` named no scorer: the message lists the names that exist."""


# ------------------------------------------------------------------------------ runners
# Adapters from the scorer modules' keyword signatures to the table's (root, limit).


def _scrapinghub(root: Path, limit: int | None) -> dict[str, float]:
    return extraction.run_scrapinghub(root, limit=limit)


def _trafilatura(root: Path, limit: int | None) -> dict[str, float]:
    return extraction.run_trafilatura(root, limit=limit)


def _timebank(root: Path, limit: int | None) -> dict[str, float]:
    # Imported by name: the module is written with the time stage and may not exist yet.
    module = importlib.import_module(TIMEBANK_MODULE)
    scores = module.score_french_timebank(root, limit=limit)
    return {str(metric): float(value) for metric, value in scores.items()}


def _sequoia(root: Path, limit: int | None) -> dict[str, float]:
    return entities.run_sequoia(root, limit=limit)


def _geoparsing(root: Path, limit: int | None) -> dict[str, float]:
    return geoparsing.run_geoparsing(root, limit=limit)


def _conflibert(root: Path, limit: int | None) -> dict[str, float]:
    return cameo.run_conflibert(root, limit=limit)


def _case2021(root: Path, limit: int | None) -> dict[str, float]:
    return acled.run_case2021(root, limit=limit)


def _polnear(root: Path, limit: int | None) -> dict[str, float]:
    return attribution.run_polnear(root, limit=limit)


def _ecbplus(root: Path, limit: int | None) -> dict[str, float]:
    return stories.run_ecbplus(root, limit=limit)


_MORDECAI3 = "Mordecai3"
_HEIDELTIME = "HeidelTime on FTiB 1.1"

SCORERS: Final[tuple[Scorer, ...]] = (
    Scorer(
        name="extraction.scrapinghub",
        component="main text (clean stage)",
        dataset="scrapinghub-article-extraction",
        stage="clean",
        metrics=("precision", "recall", "f1", "accuracy"),
        run=_scrapinghub,
        anchors={"f1": Anchor(0.958, "trafilatura 2.0.0", "benchmark README")},
    ),
    Scorer(
        name="extraction.trafilatura",
        component="main text (clean stage)",
        dataset="trafilatura-eval-fr-en",
        stage="clean",
        metrics=tuple(
            f"{language}_{metric}"
            for language in ("fr", "en")
            for metric in ("with_found", "without_absent", "precision", "recall", "f1", "accuracy")
        ),
        run=_trafilatura,
        anchors={
            f"{language}_f1": Anchor(
                0.924, "trafilatura 2.2.0", "full 990-page set, mostly German; none for fr/en"
            )
            for language in ("fr", "en")
        },
    ),
    Scorer(
        name="times.ftib",
        component="time expressions (fr)",
        dataset="french-timebank-1.1",
        stage="times",
        metrics=("strict_f1", "relaxed_f1", "value_f1", "type_f1"),
        run=_timebank,
        anchors={
            "strict_f1": Anchor(0.8599, _HEIDELTIME),
            "relaxed_f1": Anchor(0.9097, _HEIDELTIME),
            "value_f1": Anchor(0.7363, _HEIDELTIME),
            "type_f1": Anchor(0.8266, _HEIDELTIME),
        },
        needs_module=TIMEBANK_MODULE,
    ),
    Scorer(
        name="entities.sequoia",
        component="named entities (fr)",
        dataset="sequoia-estrepublicain-ner-fr",
        stage="entities",
        metrics=tuple(
            f"{label}_{metric}"
            for label in ("PERS", "LOC", "ORG", "micro")
            for metric in ("precision", "recall", "f1")
        ),
        run=_sequoia,
    ),
    Scorer(
        name="entities.geoparsing",
        component="places: detection and resolution (en)",
        dataset="geoparsing-gwn-lgl-trnews",
        stage="entities",
        metrics=(
            *(f"{c}_{m}" for c in ("GWN", "LGL", "TR") for m in ("span_f1", "acc161", "mean_km")),
            "GWN_country_accuracy",
            "LGL_country_accuracy",
            "TR_country_accuracy",
            "GWN_exact_match",
            "LGL_exact_match",
            "TR_exact_match",
        ),
        run=_geoparsing,
        anchors={
            "GWN_country_accuracy": Anchor(
                0.974, _MORDECAI3, "our gold country from GeoNames ids and points"
            ),
            "LGL_country_accuracy": Anchor(0.979, _MORDECAI3),
            "TR_country_accuracy": Anchor(0.978, _MORDECAI3),
            "GWN_exact_match": Anchor(0.901, _MORDECAI3),
            "LGL_exact_match": Anchor(0.794, _MORDECAI3),
            "TR_exact_match": Anchor(0.843, _MORDECAI3),
        },
    ),
    Scorer(
        name="events.conflibert",
        component="event quad class and actors (en)",
        dataset="conflibert-cameo-sentences",
        stage="events",
        metrics=("quad_accuracy", "quad_macro_f1", "source_f1", "target_f1"),
        run=_conflibert,
    ),
    Scorer(
        name="events.case2021",
        component="event classes, PLOVER → ACLED (en)",
        dataset="case2021-task2-acled-snippets",
        stage="events",
        metrics=(
            "subtask1_weighted_f1",
            "subtask2_weighted_f1",
            "subtask3_weighted_f1",
            "accuracy",
            "macro_f1",
        ),
        run=_case2021,
        anchors={
            "subtask1_weighted_f1": Anchor(0.839, "best CASE 2021 system"),
            "subtask2_weighted_f1": Anchor(0.797, "best CASE 2021 system"),
            "subtask3_weighted_f1": Anchor(0.771, "best CASE 2021 system"),
        },
    ),
    Scorer(
        name="quotes.polnear",
        component="quotes and speakers (en)",
        dataset="polnear-attribution-test",
        stage="quotes",
        metrics=("content_precision", "content_recall", "content_f1", "source_accuracy"),
        run=_polnear,
        anchors={
            "content_f1": Anchor(
                0.923, "PolNeAR annotators", "inter-annotator agreement, not a system"
            )
        },
    ),
    Scorer(
        name="stories.ecbplus",
        component="story clustering (en)",
        dataset="ecbplus-event-coref",
        stage="stories",
        metrics=("bcubed_precision", "bcubed_recall", "bcubed_f1", "ari"),
        run=_ecbplus,
    ),
)


# ------------------------------------------------------------------------------ running


def stage_registered(short_name: str) -> bool:
    """Whether some registered stage has this short name (``"times"``, ``"events"``)."""
    from ..registry import resolve_name

    try:
        resolve_name(short_name)
    except UnknownStageError:
        return False
    return True


def build_status(scorer: Scorer) -> str | None:
    """None when the scorer can run; otherwise why it is "not built"."""
    if not stage_registered(scorer.stage):
        return f"no stage named '{scorer.stage}' is registered yet"
    if scorer.needs_module is not None:
        try:
            importlib.import_module(scorer.needs_module)
        except ImportError as error:
            return f"{scorer.needs_module} does not import yet ({error})"
    return None


def select_scorers(only: Sequence[str] = ()) -> list[Scorer]:
    """Scorers by exact name or by component prefix (``extraction`` selects both
    ``extraction.*``); all of them when ``only`` is empty."""
    if not only:
        return list(SCORERS)
    chosen: list[Scorer] = []
    for wanted in only:
        matches = [s for s in SCORERS if wanted in (s.name, s.name.split(".", 1)[0])]
        if not matches:
            names = ", ".join(s.name for s in SCORERS)
            raise UnknownScorerError(f"no scorer is named {wanted!r}; scorers: {names}")
        chosen.extend(m for m in matches if m not in chosen)
    return chosen


def run_scorer(scorer: Scorer, root: Path, limit: int | None = None) -> ScorerResult:
    """One scorer's result; a missing stage gives "not built", a failure "error" with the
    cause (the run goes on to the next scorer)."""
    reason = build_status(scorer)
    if reason is not None:
        return ScorerResult(scorer, "not built", reason=reason, limit=limit)
    started = time.perf_counter()
    try:
        scores = scorer.run(root, limit)
    except Exception as error:  # noqa: BLE001 - one broken scorer must not hide the others
        return ScorerResult(
            scorer,
            "error",
            reason=f"{type(error).__name__}: {error}",
            seconds=time.perf_counter() - started,
            limit=limit,
        )
    return ScorerResult(scorer, "ok", scores, seconds=time.perf_counter() - started, limit=limit)


def run_scorers(
    root: Path,
    scorers: Sequence[Scorer] | None = None,
    limit: int | None = None,
    progress: Callable[[ScorerResult], None] | None = None,
) -> list[ScorerResult]:
    """Run ``scorers`` (all by default) in table order, reporting each result as it comes."""
    results = []
    for scorer in SCORERS if scorers is None else scorers:
        result = run_scorer(scorer, root, limit)
        if progress is not None:
            progress(result)
        results.append(result)
    return results
