"""Copies: identical, near-duplicate (syndication), translation, and what is not a copy."""

from __future__ import annotations

import pytest

from dossier.crossdoc.copies import aligned_copies, identical_and_near, resolve
from dossier.crossdoc.features import build_features
from dossier.model import Article, Entity, Quantity

WIRE_FR = """VIENNE, 3 mars 2023 (Agence Fluviale de Presse) – Les ministres des Affaires étrangères de l’Arménie et de l’Azerbaïdjan se sont rencontrés vendredi à Vienne pendant près de trois heures, sans parvenir à un accord sur le tracé de leur frontière commune.
Les deux délégations ont toutefois convenu de se retrouver avant la fin du mois pour poursuivre les discussions, a indiqué la présidence autrichienne de la rencontre.
Selon un diplomate européen présent à Vienne, les positions restent très éloignées sur la question des enclaves et sur le retour des personnes déplacées.
Environ 2 000 observateurs civils pourraient être déployés le long de la ligne de contact si un accord était trouvé, a précisé ce diplomate.
Le ministre arménien a dénoncé « des provocations répétées » près du village de Tegh, tandis que son homologue azerbaïdjanais a accusé Erevan de retarder le processus.
L’Union européenne a salué « un dialogue franc » et s’est dite prête à accueillir la prochaine session à Bruxelles."""

SYNDICATED_FR = """VIENNE, 3 mars 2023 (Agence Fluviale de Presse) – Les ministres des Affaires étrangères de l’Arménie et de l’Azerbaïdjan se sont rencontrés vendredi à Vienne pendant près de trois heures, sans parvenir à un accord sur le tracé de leur frontière commune.
Les deux délégations ont toutefois convenu de se retrouver avant la fin du mois pour poursuivre les discussions, a indiqué la présidence autrichienne de la rencontre.
Selon un diplomate européen présent à Vienne, les positions restent très éloignées sur la question des enclaves et sur le retour des personnes déplacées.
Quelque 2 000 observateurs civils seraient déployés le long de la ligne de contact en cas d’accord, selon ce diplomate.
L’Union européenne a salué « un dialogue franc » et s’est dite prête à accueillir la prochaine session à Bruxelles."""

TRANSLATION_EN = """VIENNA, March 3, 2023 – The foreign ministers of Armenia and Azerbaijan met on Friday in Vienna for nearly three hours, without reaching an agreement on the line of their common border.
The two delegations nevertheless agreed to meet again before the end of the month to continue the discussions, the Austrian chair of the meeting said.
According to a European diplomat present in Vienna, the positions remain very far apart on the question of the enclaves and on the return of displaced people.
About 2,000 civilian observers could be deployed along the line of contact if an agreement was found, the diplomat said.
The Armenian minister denounced "repeated provocations" near the village of Tegh, while his Azerbaijani counterpart accused Yerevan of delaying the process.
The European Union welcomed "a frank dialogue" and said it was ready to host the next session in Brussels."""

INDEPENDENT_EN = """VIENNA (Danube Wire) — Armenian and Azerbaijani diplomats left a closed-door session in the Austrian capital on Friday with no deal on demarcation, their third failed round this year.
Officials from both sides blamed each other. Baku said Yerevan was stalling; Armenian officials pointed to shooting near Tegh over the past week.
Brussels has offered to host another round, and diplomats said a civilian monitoring mission of up to 2,000 people remained on the table.
Analysts in the region said neither government could afford to be seen making concessions before elections next year."""

UNRELATED_FR = """LYON – Le festival des lumières a attiré près de deux millions de visiteurs ce week-end, selon la mairie, qui se félicite d’une fréquentation record.
Les commerçants du centre-ville ont prolongé leurs horaires d’ouverture et les transports en commun ont circulé toute la nuit de samedi à dimanche.
Les organisateurs préparent déjà l’édition suivante, avec de nouvelles installations prévues sur les berges du Rhône."""

_ARMENIA = Entity(id="Q399", name="Armenia", kind="state", country="ARM")
_AZERBAIJAN = Entity(id="Q227", name="Azerbaijan", kind="state", country="AZE")


def _observers(text: str) -> list[Quantity]:
    for marker in ("2 000", "2,000"):
        at = text.find(marker)
        if at >= 0:
            return [
                Quantity(
                    value=2000,
                    unit="people",
                    kind="count",
                    qualifier="about",
                    text=marker,
                    start=at,
                    end=at + len(marker),
                )
            ]
    return []


def article(
    key: str, text: str, language: str, published: str | None, source: str | None = None
) -> Article:
    linked = "Arm" in text or "arm" in text
    return Article(
        id=key * 8,
        text=text,
        language=language,
        published=published,
        source=source,
        title=text.split("\n", 1)[0][:60],
        entities=[_ARMENIA, _AZERBAIJAN] if linked else [],
        quantities=_observers(text),
    )


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    return [
        article("a", WIRE_FR, "fr", "2023-03-03", "Agence Fluviale de Presse"),
        article("b", SYNDICATED_FR, "fr", "2023-03-04", "Le Courrier du Lac"),
        article("c", TRANSLATION_EN, "en", "2023-03-05", "worldnews-today.example"),
        article("d", INDEPENDENT_EN, "en", "2023-03-03", "Danube Wire"),
        article("e", UNRELATED_FR, "fr", "2023-03-04", "Lyon Matin"),
    ]


def _links(corpus: list[Article]) -> dict[str, tuple[str, str]]:
    features = build_features(corpus)
    direct = identical_and_near(features)
    # One group holding everything: the story step's job is tested elsewhere.
    direct.update(aligned_copies(features, [[a.id for a in corpus]], known=set(direct)))
    return {link.copy_id: (link.copy_of, link.relation) for link in resolve(direct)}


def test_crossdoc_syndicated_copy_is_a_near_duplicate_of_the_earlier_wire(
    corpus: list[Article],
) -> None:
    assert _links(corpus)["b" * 8] == ("a" * 8, "near_duplicate")


def test_crossdoc_translation_is_linked_to_its_original_across_languages(
    corpus: list[Article],
) -> None:
    assert _links(corpus)["c" * 8] == ("a" * 8, "translation")


def test_crossdoc_translation_evidence_holds_aligned_sentence_pairs(corpus: list[Article]) -> None:
    features = build_features(corpus)
    found = aligned_copies(features, [[a.id for a in corpus]], known={"b" * 8})
    evidence = found["c" * 8][3]
    assert evidence["aligned_share"] >= 0.6
    assert any("Vienna" in p["copy"] and "Vienne" in p["original"] for p in evidence["pairs"])
    assert evidence["shared_figures"] == ["2000 people"]


def test_crossdoc_independent_report_of_the_same_talks_is_not_a_copy(
    corpus: list[Article],
) -> None:
    links = _links(corpus)
    assert "d" * 8 not in links
    assert "e" * 8 not in links


def test_crossdoc_typographic_variant_is_identical() -> None:
    variant = WIRE_FR.replace("’", "'").replace("« ", '"').replace(" »", '"')
    features = build_features(
        [article("a", WIRE_FR, "fr", "2023-03-03"), article("f", variant, "fr", "2023-03-04")]
    )
    found = identical_and_near(features)
    assert found["f" * 8][:2] == ("a" * 8, "identical")


def test_crossdoc_copy_of_a_copy_points_to_the_earliest_original() -> None:
    later = SYNDICATED_FR + "\nAvec AFP."
    features = build_features(
        [
            article("b", SYNDICATED_FR, "fr", "2023-03-04"),
            article("a", WIRE_FR, "fr", "2023-03-03"),
            article("g", later, "fr", "2023-03-06"),
        ]
    )
    links = {link.copy_id: link for link in resolve(identical_and_near(features))}
    assert links["g" * 8].copy_of == "a" * 8


def test_crossdoc_sentence_vectors_are_completed_once_per_article() -> None:
    from dossier.crossdoc.embeddings import encode
    from dossier.crossdoc.features import complete_vectors

    first, second = build_features(
        [article("a", WIRE_FR, "fr", None), article("c", TRANSLATION_EN, "en", None)]
    )
    assert len(first.vectors) < len(first.sentences)
    complete_vectors([first, second, first])
    assert len(first.vectors) == len(first.sentences)
    assert len(second.vectors) == len(second.sentences)
    expected = encode(second.sentences[-1:])[0]
    assert float(second.vectors[-1] @ expected) > 0.999
