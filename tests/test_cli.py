from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dossier.cli import main

from .conftest import EXAMPLES


def run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.mark.slow
def test_cli_analyze_json_prints_a_schema_valid_record_per_article(
    validate_record: Callable[[dict[str, Any]], None],
) -> None:
    result = run(
        "analyze",
        str(EXAMPLES / "geneva_talks_en.txt"),
        "--published",
        "2022-01-21",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    validate_record(record)
    assert record["language"] == "en" and record["published"] == "2022-01-21"


@pytest.mark.slow
def test_cli_analyze_batch_goes_on_past_bad_inputs_and_lists_them(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(
        "Le ministre a rencontré son homologue à Genève pour parler de la crise.", encoding="utf-8"
    )
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    result = run("analyze", str(tmp_path), str(tmp_path / "missing.txt"), "--format", "jsonl")
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 1
    assert "1 analysed, 3 failed" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_analyze_exits_non_zero_when_nothing_could_be_analysed(tmp_path: Path) -> None:
    result = run("analyze", str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert "missing.txt: no such file or directory — check the path" in result.stderr


@pytest.mark.slow
def test_cli_analyze_reads_standard_input_with_a_language_override() -> None:
    result = run(
        "analyze",
        "-",
        "--lang",
        "fr",
        "--format",
        "jsonl",
        stdin="Le ministre a rencontré son homologue mardi à Genève.",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["language"] == "fr"


@pytest.mark.slow
def test_cli_analyze_text_format_shows_removed_lines() -> None:
    result = run("analyze", str(EXAMPLES / "baltic_weapons_en_translated_copy.txt"))
    assert result.exit_code == 0, result.output
    assert "removed" in result.stdout and "tagline" in result.stdout


def test_cli_every_command_is_documented_in_the_readme() -> None:
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        if not command.hidden:
            assert f"dossier {name}" in readme, f"README does not show `dossier {name}`"
