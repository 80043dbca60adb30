"""Main-text scorers on tiny gold files in each benchmark's format, with hand-computed scores."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from dossier.evaluation.datasets import ExtractionCase
from dossier.evaluation.extraction import (
    SnippetCounts,
    clean_html,
    count_snippets,
    run_scrapinghub,
    run_trafilatura,
)


def write_page(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(html.encode("utf-8")))


def write_scrapinghub(root: Path, pages: dict[str, str]) -> None:
    folder = root / "scrapinghub-article-extraction"
    truth = {
        key: {"articleBody": gold, "url": f"https://x.example/{key}"} for key, gold in pages.items()
    }
    folder.mkdir(parents=True)
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    for key in pages:
        write_page(folder / "html" / f"{key}.html.gz", "<html><body><p>page</p></body></html>")


def test_scrapinghub_scores_shingles_as_the_benchmark(tmp_path: Path) -> None:
    write_scrapinghub(tmp_path, {"same": "a b c d e", "empty": "a b c d e", "half": "a b c d e"})
    extracted = {"same": "a b c d e", "empty": "", "half": "a b c d x"}

    scores = run_scrapinghub(tmp_path, extract=lambda case: extracted[case.case_id])

    # Shingles: "same" P = R = 1; "empty" predicts nothing, so it is left out of the mean
    # precision and scores recall 0; "half" shares 1 of 2 shingles each way: P = R = 0.5.
    assert scores["precision"] == pytest.approx((1.0 + 0.5) / 2)
    assert scores["recall"] == pytest.approx((1.0 + 0.0 + 0.5) / 3)
    assert scores["f1"] == pytest.approx(2 * 0.75 * 0.5 / 1.25)
    assert scores["accuracy"] == pytest.approx(1 / 3)
    assert scores["documents"] == 3


def test_scrapinghub_limit_takes_the_first_pages_in_file_order(tmp_path: Path) -> None:
    write_scrapinghub(tmp_path, {"one": "a b c d", "two": "e f g h"})

    scores = run_scrapinghub(tmp_path, limit=1, extract=lambda case: "a b c d")

    assert (scores["documents"], scores["f1"]) == (1, 1.0)


def write_trafilatura(root: Path, entries: dict[str, dict[str, object]]) -> None:
    folder = root / "trafilatura-eval-fr-en"
    folder.mkdir(parents=True)
    data = {f"https://{key}": {**entry, "file": f"{key}.html"} for key, entry in entries.items()}
    (folder / "evaldata_fr_en.json").write_text(json.dumps(data), encoding="utf-8")
    for key in entries:
        write_page(folder / "html" / f"{key}.html.gz", "<p>page</p>")


TRAFILATURA_ENTRIES: dict[str, dict[str, object]] = {
    "fr1": {"with": ["Le décret", "la loi  du"], "without": ["En savoir plus"], "lang_guess": "fr"},
    "en1": {"with": ["alpha", "beta"], "without": ["gamma"], "lang_guess": "en"},
    "fr2": {"with": ["absent"], "without": ["rien"], "lang_guess": "fr"},
}
TRAFILATURA_TEXTS = {
    "fr1": "Le décret\nla loi du 5 mai. En savoir plus",
    "en1": "alpha",
    "fr2": "",
}


def test_trafilatura_snippets_are_scored_per_language_as_trafilatura(tmp_path: Path) -> None:
    write_trafilatura(tmp_path, TRAFILATURA_ENTRIES)

    scores = run_trafilatura(tmp_path, extract=lambda case: TRAFILATURA_TEXTS[case.case_id])

    # fr: tp 2 (whitespace folded), fp 1, fn 1 ("absent"), tn 1 ("rien" not found).
    assert scores["fr_precision"] == pytest.approx(2 / 3)
    assert scores["fr_recall"] == pytest.approx(2 / 3)
    assert scores["fr_f1"] == pytest.approx(4 / (4 + 1 + 1))
    assert scores["fr_accuracy"] == pytest.approx(3 / 5)
    assert scores["fr_with_found"] == pytest.approx(2 / 3)
    assert scores["fr_without_absent"] == pytest.approx(1 / 2)
    # en: tp 1, fn 1, fp 0, tn 1.
    assert scores["en_precision"] == 1.0
    assert scores["en_recall"] == 0.5
    assert scores["en_f1"] == pytest.approx(2 / 3)
    assert scores["en_without_absent"] == 1.0
    assert (scores["fr_documents"], scores["en_documents"]) == (2, 1)


def test_trafilatura_limit_applies_per_language(tmp_path: Path) -> None:
    write_trafilatura(tmp_path, TRAFILATURA_ENTRIES)

    scores = run_trafilatura(
        tmp_path, limit=1, extract=lambda case: TRAFILATURA_TEXTS[case.case_id]
    )

    assert (scores["fr_documents"], scores["en_documents"]) == (1, 1)
    assert scores["fr_recall"] == 1.0  # only fr1, whose two snippets are found


def test_count_snippets_of_a_failed_extraction_misses_every_with() -> None:
    case = ExtractionCase("c", "u", "", None, "en", ("a",), ("b",))

    assert count_snippets(case, "") == SnippetCounts(tp=0, fp=0, fn=1, tn=1)


def test_clean_html_returns_the_clean_stage_body() -> None:
    html = (
        "<html><head><title>T</title></head><body><nav>Home | World</nav><article>"
        "<p>The foreign ministers met in Geneva on Friday for ninety minutes of talks.</p>"
        "<p>They agreed to meet again next week, a spokesman said after the meeting.</p>"
        "</article></body></html>"
    )
    text = clean_html(ExtractionCase("c", "https://x.example/a", html, None, None))

    assert "met in Geneva" in text and "Home | World" not in text


def test_clean_html_of_a_page_without_article_is_empty() -> None:
    assert clean_html(ExtractionCase("c", "", "<html><body></body></html>", None, None)) == ""
