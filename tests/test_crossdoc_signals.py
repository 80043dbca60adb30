"""Source signals: spam tails, templated bios, machine-translation artefacts, nothing hidden."""

from __future__ import annotations

from dossier.crossdoc.copies import CopyLink
from dossier.crossdoc.signals import article_signals, copy_signals
from dossier.model import Article, Removed

CONTENT_FARM_EN = """Poland and Romania will receive additional Patriot batteries after the green light of Berlin.
The German government has given its agreement to Polandand Romania for the transfer of air defence systems, according to officials of the two countries.
“We act in full solidarity with our allies”., declared a spokesperson of the ministry, who did not want to give more details.
The decision arrives some days after the summit of Vilnius.The ministers will meet again in March.
Poland has asked for this equipment since the autumn, and Romania since the summer."""

CLEAN_FR = """Le gouvernement allemand a autorisé la Pologne et la Roumanie à recevoir des batteries Patriot supplémentaires, selon des responsables des deux pays.
« Nous agissons en pleine solidarité avec nos alliés », a déclaré un porte-parole du ministère.
La décision intervient quelques jours après le sommet de Vilnius. Les ministres se retrouveront en mars.
Dans l'île de Rügen, l'armée allemande prépare un exercice prévu pour le printemps."""


def _signals(article: Article) -> list[tuple[str, str]]:
    return [(s.signal, s.detail) for s in article_signals(article)]


def test_crossdoc_glued_name_and_function_word_is_an_mt_artefact() -> None:
    article = Article(id="x" * 8, text=CONTENT_FARM_EN, language="en")
    found = [s for s in article_signals(article) if "glued words" in s.detail]
    assert len(found) == 1
    assert "'Polandand' = 'Poland' + 'and'" in found[0].detail
    assert CONTENT_FARM_EN[found[0].start : found[0].end] == "Polandand"


def test_crossdoc_sentences_glued_without_space_and_stray_punctuation_are_flagged() -> None:
    details = [d for _, d in _signals(Article(id="x" * 8, text=CONTENT_FARM_EN, language="en"))]
    assert any("'Vilnius.The'" in d for d in details)
    assert any(d.startswith("stray punctuation") and "”.," in d for d in details)


def test_crossdoc_french_elided_glued_word_is_flagged() -> None:
    text = "Washington veut aider l'Ukraine. Il faut aider l'Ukrainebien plus vite, dit-il."
    details = [d for _, d in _signals(Article(id="x" * 8, text=text, language="fr"))]
    assert details == ["glued words: 'Ukrainebien' = 'Ukraine' + 'bien'"]


def test_crossdoc_clean_article_carries_no_signal() -> None:
    assert _signals(Article(id="y" * 8, text=CLEAN_FR, language="fr")) == []


def test_crossdoc_sentence_left_in_another_language_is_flagged() -> None:
    text = (
        "The ministers met in Vilnius on Tuesday to discuss air defence.\n"
        "Le ministre a déclaré que la décision sera prise dans les prochains jours.\n"
        "The next meeting is planned for March."
    )
    found = _signals(Article(id="x" * 8, text=text, language="en"))
    assert [s for s, d in found if d.startswith("sentence left in fr")] == ["mt_artefact"]


def test_crossdoc_stripped_spam_tail_and_templated_bio_become_signals() -> None:
    article = Article(
        id="z" * 8,
        text=CLEAN_FR,
        language="fr",
        source="actu-monde.example",
        removed=[
            Removed(text="Suivez Actu Monde sur Google Actualités !", reason="promo"),
            Removed(text="EN DIRECT : tempête de neige, les écoles fermées", reason="teaser"),
            Removed(
                text="Coffee lover. Friendly web geek. Hardcore music nerd. Travel fanatic.",
                reason="tagline",
            ),
            Removed(text="Avec AFP", reason="credit"),
            Removed(text="Partager sur Facebook", reason="share"),
        ],
    )
    signals = _signals(article)
    assert [s for s, _ in signals] == ["spam_tail", "spam_tail", "author_bio", "credit"]
    assert signals[2][1].startswith("templated: ")


def test_crossdoc_plain_author_tagline_is_not_called_templated() -> None:
    article = Article(
        id="z" * 8,
        text=CLEAN_FR,
        language="fr",
        removed=[Removed(text="Marie Dubois est correspondante à Berlin.", reason="tagline")],
    )
    assert _signals(article) == [
        ("author_bio", "tagline: Marie Dubois est correspondante à Berlin.")
    ]


def test_crossdoc_copy_signal_names_the_original_and_relation() -> None:
    original = Article(id="o" * 8, text=CLEAN_FR, language="fr", source="Agence Est")
    copy = Article(id="c" * 8, text=CONTENT_FARM_EN, language="en", source="farm.example")
    signals = list(
        copy_signals(
            {a.id: a for a in (original, copy)},
            [CopyLink(copy.id, original.id, "translation", 0.9)],
        )
    )
    assert [(s.article_id, s.signal) for s in signals] == [(copy.id, "copy")]
    assert signals[0].detail.startswith("translation of Agence Est")
