"""Entity scorers (Sequoia NER, geoparsing) on tiny gold files, with records built by hand."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import pytest

from dossier.evaluation.analysis import GoldText
from dossier.evaluation.entities import run_sequoia
from dossier.evaluation.geoparsing import country_code, run_geoparsing
from dossier.model import Article, Entity, EntityKind, Mention

SENTENCE = "Le maire du Mans, Jean Dupont a parlé à Paris."


def entity(text: str, name: str, kind: EntityKind, country: str | None = None) -> Entity:
    start = text.index(name)
    mention = Mention(start=start, end=start + len(name), text=name)
    return Entity(id=f"local:{name}", name=name, kind=kind, country=country, mentions=[mention])


def article(text: str, entities: Sequence[Entity]) -> Article:
    return Article(id="x", language="fr", text=text, entities=list(entities))


class Fixed:
    """An ``analyse`` that returns the given records and remembers the texts it was given."""

    def __init__(self, records: Sequence[Article | None]) -> None:
        self.records = list(records)
        self.seen: list[GoldText] = []

    def __call__(self, texts: Sequence[GoldText]) -> list[Article | None]:
        self.seen.extend(texts)
        return self.records[: len(texts)]


def conllu_row(conllu_id: str, form: str, mwe: str = "*") -> str:
    return "\t".join([conllu_id, form, "_", "_", "_", "_", "_", "_", "_", "_", mwe, "*"])


def write_sequoia(root: Path, text: str = SENTENCE) -> None:
    forms = ["Le", "maire", "du", "Mans", ",", "Jean", "Dupont", "a", "parlé", "à", "Paris", "."]
    marks = {4: "1:PROPN|NE-LOC.final|_", 6: "2:PROPN|NE-PERS.final|_", 7: "2"}
    marks[11] = "3:PROPN|NE-ORG.final|_;4:PROPN|NE-LOC.prim|_"
    rows = [conllu_row(str(i), form, marks.get(i, "*")) for i, form in enumerate(forms, 1)]
    content = "\n".join(["# sent_id = annodis.er_1", f"# text = {text}", *rows]) + "\n\n"
    path = root / "sequoia-estrepublicain-ner-fr" / "sequoia_annodis_er.parseme.frsemcor.conllu"
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")


def test_sequoia_scores_each_type_and_the_micro_average(tmp_path: Path) -> None:
    write_sequoia(tmp_path)
    record = article(
        SENTENCE,
        [
            entity(SENTENCE, "Jean Dupont", "person"),  # PERS, right
            entity(SENTENCE, "du Mans", "place"),  # LOC, wrong extent: FP and FN
            entity(SENTENCE, "Paris", "state"),  # LOC, but gold is the metonymic ORG.final
            entity(SENTENCE, "maire", "group"),  # no Sequoia type: not scored
        ],
    )
    analyse = Fixed([record])

    scores = run_sequoia(tmp_path, analyse=analyse)

    assert analyse.seen == [GoldText("sequoia:annodis.er_1", SENTENCE, language="fr")]
    assert (scores["PERS_precision"], scores["PERS_recall"], scores["PERS_f1"]) == (1, 1, 1)
    assert (scores["LOC_precision"], scores["LOC_recall"], scores["LOC_f1"]) == (0, 0, 0)
    assert (scores["ORG_precision"], scores["ORG_recall"]) == (0, 0)
    assert scores["micro_precision"] == pytest.approx(1 / 3)
    assert scores["micro_recall"] == pytest.approx(1 / 3)
    assert scores["documents"] == 1


def test_sequoia_offsets_in_the_cleaned_text_are_mapped_back_to_gold(tmp_path: Path) -> None:
    write_sequoia(tmp_path, text=SENTENCE.replace(", ", ",  "))  # cleaning folds the double space
    record = article(SENTENCE, [entity(SENTENCE, "Jean Dupont", "person")])

    scores = run_sequoia(tmp_path, analyse=Fixed([record]))

    assert scores["PERS_f1"] == 1.0


def test_sequoia_refused_article_counts_as_no_prediction(tmp_path: Path) -> None:
    write_sequoia(tmp_path)

    scores = run_sequoia(tmp_path, analyse=Fixed([None]))

    assert (scores["micro_precision"], scores["micro_recall"]) == (0, 0)


# ---------------------------------------------------------------------------- geoparsing

LGL_TEXT = "Fire in Alexandria & Rapides Parish."
LGL_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <title>t</title>
    <text><![CDATA[{LGL_TEXT}]]></text>
    <toponyms>
      <toponym>
        <start>8</start><end>18</end><phrase>Alexandria</phrase>
        <gaztag geonameid="4314550">
          <name>Alexandria</name><fcode>PPL</fcode><lat>31.3113</lat><lon>-92.4451</lon>
          <country geonameid="6252001">United States</country>
        </gaztag>
      </toponym>
      <toponym><start>21</start><end>35</end><phrase>Rapides Parish</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""
EMPTY_XML = '<?xml version="1.0"?>\n<articles></articles>\n'


def write_geoparsing(root: Path) -> None:
    folder = root / "geoparsing-gwn-lgl-trnews"
    folder.mkdir(parents=True)
    (folder / "LGL.xml").write_text(LGL_XML, encoding="utf-8")
    (folder / "GeoWebNews_GWN.xml").write_text(EMPTY_XML, encoding="utf-8")
    (folder / "TR-News.xml").write_text(EMPTY_XML, encoding="utf-8")


class ResolvedPlace(Entity):
    """An entity as the places stage will make it once it adds coordinates to the record."""

    lat: float | None = None
    lon: float | None = None
    geonames: int | None = None


def test_geoparsing_scores_spans_and_country_without_coordinates(tmp_path: Path) -> None:
    write_geoparsing(tmp_path)
    record = article(
        LGL_TEXT,
        [
            entity(LGL_TEXT, "Alexandria", "place", country="USA"),
            entity(LGL_TEXT, "Fire", "place"),  # a false toponym
            entity(LGL_TEXT, "Rapides Parish", "organization"),  # not a place: not scored
        ],
    )

    scores = run_geoparsing(tmp_path, analyse=Fixed([record]))

    assert (scores["LGL_span_precision"], scores["LGL_span_recall"]) == (0.5, 0.5)
    assert scores["LGL_country_accuracy"] == 1.0  # "United States" is USA
    assert scores["LGL_acc161"] == 0.0  # detected, but resolved to no coordinates
    assert math.isnan(scores["LGL_mean_km"])
    assert scores["LGL_exact_match"] == 0.0
    # The GeoWebNews file of this test is empty: no toponym, so nothing right.
    assert scores["GWN_country_accuracy"] == 0.0
    assert scores["documents"] == 1


def test_geoparsing_measures_distance_when_entities_carry_coordinates(tmp_path: Path) -> None:
    write_geoparsing(tmp_path)
    start = LGL_TEXT.index("Alexandria")
    place = ResolvedPlace(
        id="Q1",
        name="Alexandria",
        kind="place",
        country="USA",
        mentions=[Mention(start=start, end=start + 10, text="Alexandria")],
        lat=31.0,
        lon=-92.4451,
        geonames=4314550,
    )

    scores = run_geoparsing(tmp_path, analyse=Fixed([article(LGL_TEXT, [place])]))

    # 0.3113 degrees of latitude on a 6371 km sphere: 34.6 km, within 161 km.
    assert scores["LGL_acc161"] == 1.0
    assert scores["LGL_mean_km"] == pytest.approx(34.615, abs=0.01)
    assert scores["LGL_exact_match"] == 1.0


@pytest.mark.parametrize(
    ("name", "code"),
    [("United States", "USA"), ("Russia", "RUS"), ("Palestinian Territory", "PSE"), (None, None)],
)
def test_country_code_reads_gazetteer_country_names(name: str | None, code: str | None) -> None:
    assert country_code(name) == code
