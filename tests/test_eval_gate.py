"""The evaluation regression gate: the gate's own rules, then every built scorer on its sample.

The gold run is part of `make test`: each built scorer runs on the sample its floors name
in evaluation/floors.toml (all of it for the main-text sets today, about 20 s in all) and
fails with the metric, the score, the floor and the command that reproduces it.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from dossier.errors import DataFileError
from dossier.evaluation.datasets import SHARED_DATA_ENV, default_root
from dossier.evaluation.gate import (
    Floor,
    check_floors,
    default_floors_path,
    gate_samples,
    load_floors,
)
from dossier.evaluation.scorers import SCORERS, Scorer, build_status, run_scorer

FLOORS = load_floors()
SAMPLES = gate_samples(FLOORS)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The gold data folder; skips (with the reason in the report) when it is absent."""
    root = default_root()
    if not root.is_dir():
        pytest.skip(
            f"../shared/data not found: the evaluation gate did NOT run; set {SHARED_DATA_ENV} "
            f"to the folder holding the gold sets (looked in {root})"
        )
    return root


def floor(metric: str = "f1", value: float = 0.9, sample: int | None = 10) -> Floor:
    return Floor("extraction.scrapinghub", metric, value, sample, "set by a test")


# ----------------------------------------------------------------------- the gate's rules


def test_gate_passes_scores_at_or_above_their_floors() -> None:
    scores = {"extraction.scrapinghub": {"f1": 0.9, "recall": 0.99}}

    assert check_floors(scores, [floor("f1", 0.9)], built={"extraction.scrapinghub"}) == []


def test_gate_fails_a_score_below_its_floor_with_metric_floor_and_command() -> None:
    scores = {"extraction.scrapinghub": {"f1": 0.85}}

    [failure] = check_floors(scores, [floor("f1", 0.9, 10)], built={"extraction.scrapinghub"})

    assert "extraction.scrapinghub f1 = 0.8500 is below its floor 0.9000" in failure
    assert "make eval" in failure
    assert ".venv/bin/dossier eval --only extraction.scrapinghub --limit 10" in failure


def test_gate_fails_a_built_scorer_without_floors() -> None:
    [failure] = check_floors({"events.case2021": {"accuracy": 1.0}}, [], built={"events.case2021"})

    assert "events.case2021 is built but has no floor" in failure


def test_gate_fails_a_floored_metric_the_scorer_no_longer_reports() -> None:
    [failure] = check_floors(
        {"extraction.scrapinghub": {"recall": 1.0}}, [floor("f1")], {"extraction.scrapinghub"}
    )

    assert "reports no metric 'f1'" in failure


def test_gate_fails_an_undefined_score() -> None:
    failures = check_floors(
        {"extraction.scrapinghub": {"f1": math.nan}}, [floor("f1")], {"extraction.scrapinghub"}
    )

    assert len(failures) == 1 and "below its floor" in failures[0]


def test_gate_ignores_floors_of_scorers_that_did_not_run() -> None:
    assert check_floors({}, [floor("f1")], built=set()) == []


def test_floors_file_rejects_two_samples_for_one_scorer(tmp_path: Path) -> None:
    path = tmp_path / "floors.toml"
    entry = '[[floor]]\nscorer = "s"\nmetric = "{m}"\nfloor = 0.5\nsample = {n}\nnote = "x"\n'
    path.write_text(entry.format(m="a", n=10) + entry.format(m="b", n=20), encoding="utf-8")

    with pytest.raises(DataFileError, match="two samples"):
        load_floors(path)


def test_floors_file_rejects_an_entry_without_a_note(tmp_path: Path) -> None:
    path = tmp_path / "floors.toml"
    path.write_text('[[floor]]\nscorer = "s"\nmetric = "f1"\nfloor = 0.5\n', encoding="utf-8")

    with pytest.raises(DataFileError, match="missing keys \\['note'\\]"):
        load_floors(path)


# ------------------------------------------------------------------ the committed floors


def test_committed_floors_name_real_scorers_and_their_metrics() -> None:
    declared = {scorer.name: scorer.metrics for scorer in SCORERS}
    for entry in FLOORS:
        assert entry.scorer in declared, f"{default_floors_path()}: unknown scorer {entry.scorer}"
        assert entry.metric in declared[entry.scorer], f"{entry.scorer} has no {entry.metric}"
        assert 0.0 <= entry.floor <= 1.0


def test_every_built_scorer_has_floors() -> None:
    built = {scorer.name for scorer in SCORERS if build_status(scorer) is None}

    failures = check_floors({}, FLOORS, built)

    assert not failures, "\n".join(failures)


# ------------------------------------------------------------------------ the gold gate


@pytest.mark.gold
@pytest.mark.slow
@pytest.mark.parametrize("scorer", SCORERS, ids=lambda scorer: scorer.name)
def test_eval_gate_scorer_meets_its_floors(scorer: Scorer, shared_data: Path) -> None:
    reason = build_status(scorer)
    if reason is not None:
        pytest.skip(f"{scorer.name}: not built ({reason})")
    result = run_scorer(scorer, shared_data, SAMPLES.get(scorer.name))
    assert result.status == "ok", f"{scorer.name} failed: {result.reason}"

    failures = check_floors({scorer.name: result.scores}, FLOORS, built={scorer.name})

    assert not failures, "\n".join(failures)
