"""The scorer table: selection, "not built" for missing stages, errors kept per scorer."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.evaluation.scorers import (
    SCORERS,
    Scorer,
    UnknownScorerError,
    build_status,
    run_scorer,
    run_scorers,
    select_scorers,
    stage_registered,
)

GOLD_FOLDERS = {
    "scrapinghub-article-extraction",
    "trafilatura-eval-fr-en",
    "french-timebank-1.1",
    "sequoia-estrepublicain-ner-fr",
    "geoparsing-gwn-lgl-trnews",
    "conflibert-cameo-sentences",
    "case2021-task2-acled-snippets",
    "polnear-attribution-test",
    "ecbplus-event-coref",
}


def fake(name: str = "fake.one", stage: str = "clean", **kwargs: object) -> Scorer:
    def run(root: Path, limit: int | None) -> dict[str, float]:
        return {"f1": 0.5, "documents": float(limit or 3)}

    return Scorer(name, "component", "dataset", stage, ("f1",), run, **kwargs)  # type: ignore[arg-type]


def test_scorer_table_covers_every_gold_set_with_unique_names() -> None:
    assert len({scorer.name for scorer in SCORERS}) == len(SCORERS)
    assert {scorer.dataset for scorer in SCORERS} == GOLD_FOLDERS


def test_scorer_anchors_are_fractions_of_declared_metrics() -> None:
    for scorer in SCORERS:
        for metric, anchor in scorer.anchors.items():
            assert metric in scorer.metrics, f"{scorer.name}: anchor for unknown {metric}"
            assert 0.0 < anchor.value <= 1.0


def test_stage_registered_looks_up_short_names() -> None:
    assert stage_registered("clean")
    assert not stage_registered("no-such-stage")


def test_scorer_of_an_unregistered_stage_is_not_built_and_does_not_run() -> None:
    def explode(root: Path, limit: int | None) -> dict[str, float]:
        raise AssertionError("a not-built scorer must not run")

    scorer = Scorer("x.y", "c", "d", "no-such-stage", ("f1",), explode)

    result = run_scorer(scorer, Path("/nowhere"))

    assert result.status == "not built"
    assert "no-such-stage" in result.reason


def test_scorer_whose_module_does_not_import_is_not_built() -> None:
    scorer = fake(needs_module="dossier.evaluation.no_such_module")

    result = run_scorer(scorer, Path("/nowhere"))

    assert result.status == "not built"
    assert "dossier.evaluation.no_such_module" in result.reason


def test_time_scorer_is_not_built_until_its_stage_and_module_exist() -> None:
    [times] = select_scorers(["times.ftib"])
    reason = build_status(times)
    if stage_registered("times"):
        pytest.skip("the times stage is registered: the gate runs this scorer instead")
    assert reason is not None and "'times'" in reason


def test_failing_scorer_is_an_error_and_the_run_goes_on(tmp_path: Path) -> None:
    def broken(root: Path, limit: int | None) -> dict[str, float]:
        raise ValueError("bad gold file")

    seen: list[str] = []
    results = run_scorers(
        tmp_path,
        [Scorer("x.broken", "c", "d", "clean", ("f1",), broken), fake()],
        limit=2,
        progress=lambda result: seen.append(result.status),
    )

    assert seen == ["error", "ok"]
    assert results[0].reason == "ValueError: bad gold file"
    assert (results[1].metrics, results[1].documents, results[1].limit) == ({"f1": 0.5}, 2, 2)


def test_result_metrics_put_declared_metrics_first_and_drop_counts() -> None:
    def run(root: Path, limit: int | None) -> dict[str, float]:
        return {"extra": 1.0, "f1": 0.5, "fr_documents": 2.0, "documents": 3.0}

    result = run_scorer(Scorer("x.y", "c", "d", "clean", ("f1",), run), Path("."))

    assert list(result.metrics) == ["f1", "extra"]


def test_select_scorers_by_name_or_component() -> None:
    assert [s.name for s in select_scorers(["extraction"])] == [
        "extraction.scrapinghub",
        "extraction.trafilatura",
    ]
    assert [s.name for s in select_scorers(["events.case2021", "events"])] == [
        "events.case2021",
        "events.conflibert",
    ]
    assert select_scorers() == list(SCORERS)


def test_select_unknown_scorer_lists_the_names() -> None:
    with pytest.raises(UnknownScorerError, match=r"'nope'.*extraction\.scrapinghub"):
        select_scorers(["nope"])


def test_gwn_gold_country_from_geonames_id_or_nearest_town() -> None:
    from dossier.evaluation.datasets import Toponym
    from dossier.evaluation.geoparsing import gwn_gold_country

    def toponym(name: str, geonames: int | None, lat: float | None, lon: float | None) -> Toponym:
        return Toponym(0, len(name), name, lat, lon, geonames, resolved_name=name)

    assert gwn_gold_country(toponym("France", 3017382, 46.0, 2.0)) == "FRA"
    assert gwn_gold_country(toponym("Paris", 2988507, 48.85, 2.35)) == "FRA"
    # No id the cities list holds: the country of the nearest town within 25 km.
    assert gwn_gold_country(toponym("Franklin County", None, 39.96, -83.0)) == "USA"
    # A continent has a point, not a country; the open sea has no town near it.
    assert gwn_gold_country(toponym("Europe", 6255148, 48.69, 9.14)) is None
    assert gwn_gold_country(toponym("Atlantic", None, 30.0, -40.0)) is None
