"""PolNeAR attribution and ECB+ story scorers on tiny gold files, scores computed by hand."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Hashable, Sequence
from pathlib import Path

import pytest

from dossier.evaluation.analysis import GoldText
from dossier.evaluation.attribution import run_polnear
from dossier.evaluation.stories import run_ecbplus
from dossier.model import Article, Entity, Mention, Quote, Speaker


class Fixed:
    """An ``analyse`` that returns the given records, in order."""

    def __init__(self, records: Sequence[Article | None]) -> None:
        self.records = list(records)
        self.seen: list[GoldText] = []

    def __call__(self, texts: Sequence[GoldText]) -> list[Article | None]:
        self.seen.extend(texts)
        return self.records[: len(texts)]


# ------------------------------------------------------------------------------- PolNeAR

TEXT = 'Trump said "we will win". Officials believe taxes rise. Reportedly, rates fall. It rained.'


def brat_span(number: int, kind: str, piece: str) -> str:
    start = TEXT.index(piece)
    return f"T{number}\t{kind} {start} {start + len(piece)}\t{piece}"


def write_polnear(root: Path) -> None:
    folder = root / "polnear-attribution-test"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "a1.txt").write_text(TEXT, encoding="utf-8")
    lines = [
        brat_span(1, "Source", "Trump"),
        brat_span(2, "Cue", "said"),
        brat_span(3, "Content", "we will win"),
        brat_span(4, "Attribution", "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        brat_span(5, "Source", "Officials"),
        brat_span(6, "Cue", "believe"),
        brat_span(7, "Content", "taxes rise"),
        brat_span(8, "Attribution", "believe"),
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
        brat_span(9, "Cue", "Reportedly"),
        brat_span(10, "Content", "rates fall"),
        brat_span(11, "Attribution-no-source", "Reportedly"),
        "E3\tAttribution-no-source:T11 Content:T10 Cue:T9",
    ]
    (folder / "attributions" / "a1_0001.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


def quote(piece: str, speaker: Speaker | None) -> Quote:
    start = TEXT.index(piece)
    return Quote(text=piece, start=start, end=start + len(piece), direct=False, speaker=speaker)


def test_polnear_scores_content_spans_and_source_attribution(tmp_path: Path) -> None:
    write_polnear(tmp_path)
    officials = TEXT.index("Officials")
    administration = Entity(
        id="L1",
        name="the administration",
        kind="organization",
        mentions=[Mention(start=officials, end=officials + 9, text="Officials")],
    )
    record = Article(
        id="x",
        language="en",
        text=TEXT,
        entities=[administration],
        quotes=[
            quote("we will win", Speaker(name="Donald Trump")),  # right by name
            quote("taxes rise.", Speaker(entity="L1", name="the administration")),  # by mention
            quote("rates fall", Speaker(name="Someone")),  # gold has no source: wrong
            quote("It rained", None),  # no gold attribution: a false quote
        ],
    )

    scores = run_polnear(tmp_path, analyse=Fixed([record]))

    # 3 gold contents, 4 quotes, 3 overlapping pairs; 2 of them with identical extents.
    assert scores["content_precision"] == pytest.approx(3 / 4)
    assert scores["content_recall"] == 1.0
    assert scores["content_f1"] == pytest.approx(6 / 7)
    assert scores["content_strict_f1"] == pytest.approx(4 / 7)
    assert scores["source_accuracy"] == pytest.approx(2 / 3)


def test_polnear_refused_article_misses_every_content(tmp_path: Path) -> None:
    write_polnear(tmp_path)

    scores = run_polnear(tmp_path, analyse=Fixed([None]))

    assert (scores["content_recall"], scores["source_accuracy"]) == (0.0, 0.0)


# ---------------------------------------------------------------------------------- ECB+


def ecb_xml(words: str) -> bytes:
    tokens = "".join(
        f'<token t_id="{i}" sentence="0" number="{i}">{w}</token>'
        for i, w in enumerate(words.split(), 1)
    )
    return f'<?xml version="1.0"?><Document doc_name="d">{tokens}</Document>'.encode()


def write_ecbplus(root: Path) -> None:
    folder = root / "ecbplus-event-coref"
    folder.mkdir(parents=True)
    members = {
        "ECB+/1/1_1ecb.xml": "A train topic document .",  # topic 1 is not a test topic
        "ECB+/36/36_1ecb.xml": "An earthquake hit Chile .",
        "ECB+/36/36_2ecb.xml": "The Chile earthquake killed many .",
        "ECB+/36/36_1ecbplus.xml": "An earthquake hit Peru .",
    }
    with tarfile.open(folder / "ECBplus_xml.tar.xz", "w:xz") as archive:
        for name, words in members.items():
            data = ecb_xml(words)
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def one_story(records: Sequence[Article | None]) -> Sequence[Hashable]:
    return ["all"] * len(records)


def test_ecbplus_scores_test_topics_with_bcubed_and_ari(tmp_path: Path) -> None:
    write_ecbplus(tmp_path)
    analyse = Fixed([None] * 3)

    scores = run_ecbplus(tmp_path, analyse=analyse, clusterer=one_story)

    assert [text.key for text in analyse.seen] == [
        "ecbplus:36_1ecb",
        "ecbplus:36_2ecb",
        "ecbplus:36_1ecbplus",
    ]
    # One cluster of three: B-cubed precision (2/3 + 2/3 + 1/3) / 3, recall 1; the ARI of
    # a single cluster is what chance gives, 0.
    assert scores["bcubed_precision"] == pytest.approx(5 / 9)
    assert scores["bcubed_recall"] == 1.0
    assert scores["bcubed_f1"] == pytest.approx(10 / 14)
    assert scores["ari"] == pytest.approx(0.0)


def test_ecbplus_perfect_clustering_scores_one(tmp_path: Path) -> None:
    write_ecbplus(tmp_path)

    scores = run_ecbplus(
        tmp_path, analyse=Fixed([None] * 3), clusterer=lambda records: ["q", "q", "p"]
    )

    assert (scores["bcubed_f1"], scores["ari"]) == (1.0, 1.0)


def test_ecbplus_limit_takes_documents_from_every_story_in_turn(tmp_path: Path) -> None:
    write_ecbplus(tmp_path)
    analyse = Fixed([None] * 2)

    run_ecbplus(tmp_path, limit=2, analyse=analyse, clusterer=lambda records: ["a", "b"])

    assert [text.key for text in analyse.seen] == ["ecbplus:36_1ecb", "ecbplus:36_1ecbplus"]
