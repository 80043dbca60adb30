"""`dossier kb list|search|validate|add` and user KB directories layered through `--kb`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dossier.cli import main
from dossier.kb.loader import KB_PATH_ENV, load_kb


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv(KB_PATH_ENV, raising=False)
    return CliRunner()


def test_kb_search_finds_a_misspelt_name(runner: CliRunner) -> None:
    result = runner.invoke(main, ["kb", "search", "Sergei Lavroff"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split()[2] == "person:sergey-lavrov"


def test_kb_search_of_an_unknown_name_says_how_to_add_it(runner: CliRunner) -> None:
    result = runner.invoke(main, ["kb", "search", "Qwxzptl Vrrrkmn"])
    assert result.exit_code == 1
    assert "dossier kb add" in result.output


def test_kb_list_filters_by_kind_and_country(runner: CliRunner) -> None:
    result = runner.invoke(main, ["kb", "list", "--kind", "person", "--country", "UKR"])
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.output.splitlines() if line.startswith("person:")]
    assert rows and all(r[1] == "person" and r[2] == "UKR" for r in rows)
    assert any(r[0] == "person:volodymyr-zelensky" for r in rows)


def test_kb_validate_builtin_data_has_no_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["kb", "validate"])
    assert result.exit_code == 0, result.output
    assert " 0 error(s)" in result.output


def test_kb_add_writes_an_entry_the_linker_layer_reads(runner: CliRunner, tmp_path: Path) -> None:
    mine = tmp_path / "my_kb"
    args = ["kb", "add", "--dir", str(mine), "--id", "person:ines-garnier", "--kind", "person",
            "--name", "Inès Garnier", "--alias", "Ines Garnier", "--country", "fra",
            "--sector", "GOV"]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((mine / "added.yaml").read_text(encoding="utf-8"))
    assert data["entries"][0]["country"] == "FRA"
    entry = load_kb([mine]).lookup("Ines Garnier")[0]
    assert (entry.id, entry.sector) == ("person:ines-garnier", "GOV")
    again = runner.invoke(main, args)
    assert again.exit_code == 1 and "already defines" in again.output


def test_kb_add_refuses_an_entry_the_validator_rejects_and_leaves_the_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    mine = tmp_path / "my_kb"
    ok = ["kb", "add", "--dir", str(mine), "--id", "org:vigie", "--kind", "organization",
          "--name", "Vigie citoyenne", "--country", "FRA"]  # fmt: skip
    assert runner.invoke(main, ok).exit_code == 0
    before = (mine / "added.yaml").read_text(encoding="utf-8")
    bad = ["kb", "add", "--dir", str(mine), "--id", "person:x-y", "--kind", "person",
           "--name", "X Y", "--country", "ZZQ"]  # fmt: skip
    result = runner.invoke(main, bad)
    assert result.exit_code == 1
    assert "entry not added" in result.output and "ZZQ" in result.output
    assert (mine / "added.yaml").read_text(encoding="utf-8") == before
    assert not list(mine.glob(".added-*"))


def test_kb_option_layers_a_user_directory_for_every_command(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "my_kb"
    mine.mkdir()
    (mine / "local.yaml").write_text(
        "version: 1\nentries:\n  - {id: person:ines-garnier, kind: person, name: Inès Garnier,"
        " country: FRA, sector: GOV}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(KB_PATH_ENV, "")
    result = runner.invoke(main, ["--kb", str(mine), "kb", "search", "Inès Garnier"])
    assert result.exit_code == 0, result.output
    assert "person:ines-garnier" in result.output


def test_kb_role_held_by_many_names_no_one_from_a_title() -> None:
    kb = load_kb()
    assert kb.roles["ambassador"].many and not kb.roles["foreign_minister"].many
    day = dt.date(2022, 1, 24)
    assert kb.holder_by_title("ambassadeur", "RUS", day) is None
    lavrov = kb.holder_by_title("ministre des Affaires étrangères", "RUS", day)
    assert lavrov is not None and lavrov.id == "person:sergey-lavrov"
