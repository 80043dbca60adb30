"""`dossier eval`: a thin command over the scorers (unknown names and missing data are errors)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import main
from dossier.evaluation.datasets import default_root


def test_cli_eval_unknown_scorer_is_an_error_listing_the_names(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "--data", str(tmp_path), "--only", "nope"])

    assert result.exit_code == 2
    assert "no scorer is named 'nope'" in result.output
    assert "extraction.scrapinghub" in result.output


def test_cli_eval_missing_data_folder_says_where_to_point(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["eval", "--data", str(tmp_path / "absent")])

    assert result.exit_code == 2
    assert "gold data folder not found" in result.output and "--data" in result.output


def _unregister_stories(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every scorer's stage is built now: take one away to see the "not built" path.
    from dossier import registry

    monkeypatch.delitem(registry.STAGES, "dossier.stories.v1")


def test_cli_eval_not_built_scorer_is_reported_and_does_not_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _unregister_stories(monkeypatch)
    result = CliRunner().invoke(
        main, ["eval", "--data", str(tmp_path), "--only", "stories", "--output", str(tmp_path)]
    )

    assert result.exit_code == 0, result.output
    assert "stories.ecbplus: not built" in result.output
    assert "not built" in (tmp_path / "evaluation.md").read_text(encoding="utf-8")


def test_cli_eval_missing_gold_set_is_an_error_for_a_built_scorer(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["eval", "--data", str(tmp_path), "--only", "extraction.scrapinghub"]
    )

    assert result.exit_code == 1
    assert "extraction.scrapinghub: error — GoldDataNotFoundError" in result.output


@pytest.mark.gold
def test_cli_eval_writes_both_reports_for_a_limited_run(tmp_path: Path) -> None:
    root = default_root()
    if not root.is_dir():
        pytest.skip(f"../shared/data not found (looked in {root}): eval CLI gold run skipped")

    result = CliRunner().invoke(
        main,
        ["eval", "--data", str(root), "--only", "extraction.scrapinghub", "--limit", "3",
         "--output", str(tmp_path)],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "evaluation.json").read_text(encoding="utf-8"))
    [scorer] = data["scorers"]
    assert (scorer["status"], scorer["documents"], scorer["sample"]) == ("ok", 3, 3)
    assert data["command"] == "dossier eval --only extraction.scrapinghub --limit 3"
    assert (tmp_path / "evaluation.md").is_file()


def test_cli_eval_limited_run_writes_nothing_unless_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _unregister_stories(monkeypatch)

    result = CliRunner().invoke(
        main, ["eval", "--data", str(tmp_path), "--only", "stories", "--limit", "2"]
    )

    assert result.exit_code == 0, result.output
    assert not (tmp_path / "docs").exists()
