"""Stories: incremental, cross-language clustering; new batches join existing stories."""

from __future__ import annotations

import pytest

from dossier.crossdoc.features import build_features
from dossier.crossdoc.stories import StoryIndex, StoryStage, story_id_for
from dossier.doc import Doc, RawArticle
from dossier.errors import PipelineError
from dossier.model import Article, Entity

TALKS_FR = """Arménie-Azerbaïdjan : pas d’accord à Vienne sur le tracé de la frontière
VIENNE – Les ministres des Affaires étrangères de l’Arménie et de l’Azerbaïdjan se sont rencontrés vendredi à Vienne pendant près de trois heures, sans parvenir à un accord sur le tracé de leur frontière commune.
Les deux délégations ont convenu de se retrouver avant la fin du mois, a indiqué la présidence autrichienne de la rencontre.
Selon un diplomate européen, les positions restent éloignées sur les enclaves et le retour des personnes déplacées."""

TALKS_EN = """Armenia and Azerbaijan fail to agree on border in Vienna talks
VIENNA — Armenian and Azerbaijani foreign ministers ended talks in Vienna on Friday without a deal on where their shared border should run.
Both sides said they would meet again before the end of the month, according to the Austrian hosts.
A European diplomat said the two countries remained far apart on enclaves and on the return of displaced people."""

FESTIVAL_FR = """Lyon : la Fête des lumières bat son record de fréquentation
LYON – La Fête des lumières a attiré près de deux millions de visiteurs ce week-end, selon la mairie, qui se félicite d’une affluence record.
Les commerçants du centre-ville ont prolongé leurs horaires et les transports en commun ont circulé toute la nuit.
Les organisateurs préparent déjà l’édition suivante, avec de nouvelles installations sur les berges du Rhône."""

_CAUCASUS = [
    Entity(id="Q399", name="Armenia", kind="state"),
    Entity(id="Q227", name="Azerbaijan", kind="state"),
    Entity(id="Q1741", name="Vienna", kind="place"),
]
_LYON = [Entity(id="Q456", name="Lyon", kind="place")]


def article(key: str, text: str, language: str, published: str | None) -> Article:
    title, body = text.split("\n", 1)
    return Article(
        id=key * 8,
        title=title,
        text=body,
        language=language,
        published=published,
        entities=_CAUCASUS if "Vienn" in text else _LYON,
    )


def test_crossdoc_french_and_english_reports_of_one_talk_share_a_story() -> None:
    index = StoryIndex()
    placed = index.add(
        build_features(
            [
                article("a", TALKS_FR, "fr", "2023-03-03"),
                article("b", TALKS_EN, "en", "2023-03-03"),
                article("c", FESTIVAL_FR, "fr", "2023-03-04"),
            ]
        )
    )
    assert placed[0][0] == placed[1][0] == story_id_for("a" * 8)
    assert placed[2][0] != placed[0][0]
    assert placed[1][1] >= 0.45


def test_crossdoc_new_batch_joins_existing_story_without_moving_old_ones() -> None:
    index = StoryIndex()
    first = index.add(
        build_features(
            [
                article("a", TALKS_FR, "fr", "2023-03-03"),
                article("c", FESTIVAL_FR, "fr", "2023-03-04"),
            ]
        )
    )
    stories_before = len(index.stories)
    second = index.add(build_features([article("b", TALKS_EN, "en", "2023-03-04")]))
    assert second[0][0] == first[0][0]
    assert len(index.stories) == stories_before
    assert index.stories[index.story_of["c" * 8]].members == ["c" * 8]


def test_crossdoc_same_kind_of_happening_weeks_later_is_another_story() -> None:
    index = StoryIndex()
    placed = index.add(
        build_features(
            [article("a", TALKS_FR, "fr", "2023-03-03"), article("b", TALKS_EN, "en", "2023-04-20")]
        )
    )
    assert placed[0][0] != placed[1][0]


def test_crossdoc_known_copy_joins_its_originals_story() -> None:
    index = StoryIndex()
    index.add(build_features([article("a", TALKS_FR, "fr", "2023-03-03")]))
    placed = index.add(
        build_features([article("d", FESTIVAL_FR, "fr", "2023-03-03")]), copy_of={"d" * 8: "a" * 8}
    )
    assert placed == [(story_id_for("a" * 8), 1.0)]


def test_crossdoc_restored_story_keeps_its_id_and_takes_new_members() -> None:
    index = StoryIndex()
    index.restore("story-kept", build_features([article("a", TALKS_FR, "fr", "2023-03-03")]))
    placed = index.add(build_features([article("b", TALKS_EN, "en", "2023-03-03")]))
    assert placed[0][0] == "story-kept"


def test_crossdoc_story_stage_clusters_records_and_keys_missing_ones() -> None:
    keys = StoryStage().cluster(
        [
            article("a", TALKS_FR, "fr", None),
            None,
            article("b", TALKS_EN, "en", None),
            article("c", FESTIVAL_FR, "fr", None),
        ]
    )
    assert keys[0] == keys[2]
    assert len({keys[0], keys[1], keys[3]}) == 3


def test_crossdoc_story_stage_refuses_a_single_doc() -> None:
    with pytest.raises(PipelineError, match="cluster"):
        StoryStage()(Doc(raw=RawArticle(data=b"text", source="x")))
