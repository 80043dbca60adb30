"""`dossier analyze --explain`: the linker's candidates and the event stage's reasons."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import main

pytestmark = pytest.mark.slow


def test_analyze_explain_shows_candidates_triggers_and_decisions(tmp_path: Path) -> None:
    article = tmp_path / "talks.txt"
    article.write_text(
        "Le chef de la diplomatie russe Sergueï Lavrov a rencontré vendredi Antony Blinken à "
        "Genève. Moscou n'a pas l'intention d'envahir l'Ukraine, a-t-il assuré.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        ["analyze", str(article), "--lang", "fr", "--published", "2022-01-21", "--explain",
         "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)  # the explanation goes to stderr with --format json
    assert any(e["type"] == "CONSULT" for e in record["events"])
    assert "'Genève'" in result.stderr and "geonames:" in result.stderr  # losing candidates
    assert "trigger 'rencontré'" in result.stderr
    assert "EMITTED as " in result.stderr
    assert "status: denied" in result.stderr or "status: negated" in result.stderr
