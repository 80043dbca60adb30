"""docs/evaluation.md and its JSON twin: provenance, table rows, anchors, not-built rows."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

from dossier.evaluation.report import git_commit, write_report
from dossier.evaluation.scorers import Anchor, Scorer, ScorerResult


def never(root: Path, limit: int | None) -> dict[str, float]:
    raise AssertionError("the report does not run scorers")


BUILT = Scorer(
    "extraction.scrapinghub",
    "main text",
    "scrapinghub-article-extraction",
    "clean",
    ("f1", "mean_km"),
    never,
    anchors={"f1": Anchor(0.958, "trafilatura 2.0.0", "benchmark README")},
)
MISSING = Scorer(
    "times.ftib",
    "time expressions",
    "french-timebank-1.1",
    "times",
    ("strict_f1",),
    never,
    anchors={"strict_f1": Anchor(0.8599, "HeidelTime")},
)
RESULTS = [
    ScorerResult(
        BUILT,
        "ok",
        {
            "f1": 0.96,
            "mean_km": math.nan,
            "fr_documents": 68.0,
            "en_documents": 113.0,
            "documents": 181.0,
        },
        seconds=7.5,
    ),
    ScorerResult(MISSING, "not built", reason="no stage named 'times' is registered yet"),
]


def test_report_markdown_has_provenance_rows_and_not_built_scorers(tmp_path: Path) -> None:
    markdown, _ = write_report(RESULTS, tmp_path, data_root=Path("/data"))

    page = markdown.read_text(encoding="utf-8")
    assert re.search(r"- Date: \d{4}-\d\d-\d\dT", page)
    assert f"- Commit: `{git_commit()}`" in page
    assert (
        "| main text | scrapinghub-article-extraction | f1 | 0.960 | "
        "0.958 (trafilatura 2.0.0; benchmark README) | 181 docs (68 fr + 113 en) |"
    ) in page
    assert "| mean_km | n/a |" in page
    assert "## Not built or failed" in page
    assert "| times.ftib | time expressions | french-timebank-1.1 | not built: no stage" in page
    assert "strict_f1 0.860 (HeidelTime)" in page


def test_report_json_twin_holds_the_same_numbers(tmp_path: Path) -> None:
    _, twin = write_report(RESULTS, tmp_path, data_root=Path("/data"), limit=5, only=["x"])

    data = json.loads(twin.read_text(encoding="utf-8"))
    assert data["command"] == "dossier eval --only x --limit 5"
    assert data["commit"] == git_commit() and data["data"] == "/data"
    built, missing = data["scorers"]
    assert built["metrics"]["f1"] == {
        "ours": 0.96,
        "anchor": {"value": 0.958, "system": "trafilatura 2.0.0", "note": "benchmark README"},
    }
    assert built["metrics"]["mean_km"]["ours"] is None  # NaN is not JSON
    assert (built["status"], built["documents"], built["sample"]) == ("ok", 181, "all")
    assert built["documents_per_part"] == {"fr": 68, "en": 113}
    assert missing["status"] == "not built"
    assert missing["metrics"]["strict_f1"]["ours"] is None


def test_git_commit_outside_a_checkout_is_unknown(tmp_path: Path) -> None:
    assert git_commit(tmp_path) == "unknown"
