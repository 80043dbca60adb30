"""Rules of the TIME stage that read the parse: the tense of the governing verb decides which
Friday "vendredi" is, and the parser tells a year from a quantity and an age from a span.

Publication date: Wednesday 15 March 2023. Sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from dossier.clean.normalize import nlp_view
from dossier.clean.stage import CleanStage
from dossier.doc import Doc, RawArticle
from dossier.errors import MissingRequirementError
from dossier.nlp.models import load_model
from dossier.nlp.stages import LanguageStage, SpacyStage
from dossier.pipeline import Pipeline
from dossier.temporal import find_times
from dossier.temporal.mention import Timex
from dossier.temporal.stage import TimeStage

pytestmark = pytest.mark.slow

PUBLISHED = "2023-03-15"


def parsed_times(text: str, language: str = "fr") -> list[Timex]:
    sdoc = load_model(language).nlp(nlp_view(text))  # the model is loaded once (cached)
    return find_times(text, language, published=PUBLISHED, sdoc=sdoc).timexes


def value(text: str, language: str = "fr") -> str | None:
    found = parsed_times(text, language)
    assert len(found) == 1, [(t.text, t.value) for t in found]
    return found[0].value


# ---------------------------------------------------------------------------- weekdays


def test_temporal_tense_passe_compose_weekday_is_the_one_before() -> None:
    assert value("Le ministre a déclaré vendredi que la réforme passerait.") == "2023-03-10"


def test_temporal_tense_future_weekday_is_the_next_one() -> None:
    assert value("Les négociations débuteront vendredi à Vienne.") == "2023-03-17"


def test_temporal_tense_english_future_weekday() -> None:
    assert value("The ministers will meet on Friday in Vienna.", "en") == "2023-03-17"


def test_temporal_tense_english_past_weekday() -> None:
    assert value("The minister resigned on Monday.", "en") == "2023-03-13"


def test_temporal_tense_present_weekday_is_in_the_same_week() -> None:
    assert value("Le président se rend lundi à Varsovie.") == "2023-03-13"


def test_temporal_tense_future_on_the_publication_weekday_is_that_day() -> None:
    assert value("Le conseil se réunira mercredi en séance plénière.") == "2023-03-15"


def test_temporal_tense_past_on_the_publication_weekday_is_that_very_day() -> None:
    # Wires report same-day news as "s'est réuni mercredi"; a week earlier would say
    # "mercredi dernier".
    assert value("Le conseil s'est réuni mercredi en séance plénière.") == "2023-03-15"


def test_temporal_tense_last_weekday_is_strictly_before_the_publication_day() -> None:
    assert value("Le conseil s'est réuni mercredi dernier en séance plénière.") == "2023-03-08"


def test_temporal_tense_conditional_tagged_imperfect_is_read_as_future() -> None:
    text = "Il a assuré qu'il signerait l'accord samedi."
    assert [t.value for t in parsed_times(text)] == ["2023-03-18"]


def test_temporal_tense_bare_past_participle_is_past() -> None:
    text = "Le texte, adopté dimanche par les députés, doit encore passer au Sénat."
    assert value(text) == "2023-03-12"


def test_temporal_tense_evening_of_a_past_weekday() -> None:
    assert value("Les émeutes ont éclaté mardi soir dans le centre.") == "2023-03-14TEV"


def test_temporal_tense_postponing_verb_points_ahead_whatever_its_tense() -> None:
    assert value("Le tribunal a renvoyé l'audience au 12 mars.") == "2024-03-12"


# ------------------------------------------------------------------ months, day-months


def test_temporal_tense_future_month_is_the_next_one() -> None:
    assert value("Les exercices auront lieu en janvier.") == "2024-01"


def test_temporal_tense_past_month_is_the_last_one() -> None:
    assert value("Les exercices ont eu lieu en janvier.") == "2023-01"


def test_temporal_tense_english_past_month() -> None:
    assert value("The drills took place in May.", "en") == "2022-05"


def test_temporal_tense_future_day_month() -> None:
    assert value("Le référendum se tiendra le 2 mars.") == "2024-03-02"


def test_temporal_tense_past_day_month() -> None:
    assert value("Le référendum s'est tenu le 20 mars.") == "2022-03-20"


# --------------------------------------------------------- quantities, ages, adjectives


def test_temporal_tense_number_of_a_noun_is_not_a_year() -> None:
    assert parsed_times("Il a écopé d'une amende de 2000 euros.") == []


def test_temporal_tense_de_n_ans_after_a_person_is_an_age() -> None:
    assert parsed_times("Une fillette de six ans a disparu.") == []


def test_temporal_tense_de_n_ans_after_a_span_noun_is_a_duration() -> None:
    assert value("Il entame un mandat de cinq ans.") == "P5Y"


def test_temporal_tense_hours_of_a_kind_are_not_a_duration() -> None:
    assert parsed_times("Les agents refusent des heures supplémentaires.") == []


# ------------------------------------------------------------------------ the stage


def _doc(text: str, language: str) -> Doc:
    raw = RawArticle(data=text.encode(), source="test", language=language, published=PUBLISHED)
    doc = Doc(raw=raw, text=text, nlp_text=nlp_view(text), published=PUBLISHED)
    return doc


def test_temporal_stage_fills_times_and_keeps_mods_in_extras() -> None:
    doc = _doc("Les ventes ont reculé fin 2022, puis hier encore.", "fr")
    LanguageStage()(doc)
    SpacyStage()(doc)
    TimeStage()(doc)
    assert [(t.text, t.value, t.precision) for t in doc.times] == [
        ("fin 2022", "2022", "year"),
        ("hier", "2023-03-14", "day"),
    ]
    assert [t.mod for t in doc.extras["times"]] == ["END", None]
    assert doc.to_article().times == doc.times


def test_temporal_stage_warns_for_a_language_without_grammar() -> None:
    doc = _doc("Die Sitzung beginnt morgen.", "de")
    doc.language = "de"
    TimeStage()(doc)
    assert doc.times == []
    assert any("no temporal grammar" in warning for warning in doc.warnings)


def test_temporal_stage_declares_its_requirements() -> None:
    with pytest.raises(MissingRequirementError, match=r"doc\.spacy"):
        Pipeline([CleanStage(), LanguageStage(), TimeStage()])
