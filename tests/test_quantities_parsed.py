"""Quantities that need the spaCy parse: the counted noun, what happened to people, names.

Slow: these load the French and English models. The sentences are written for these tests.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from dossier.clean.normalize import nlp_view, normalize_text
from dossier.doc import Doc, RawArticle
from dossier.model import Quantity
from dossier.nlp.stages import SpacyStage
from dossier.pipeline import Pipeline
from dossier.quantities.stage import QuantityStage

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
STAGE = QuantityStage()


def analysed(text: str, language: str) -> Doc:
    doc = Doc(raw=RawArticle(data=text.encode(), source="t"))
    doc.text = text
    doc.nlp_text = nlp_view(text)
    doc.language = language
    SpacyStage().pipe([doc])
    STAGE(doc)
    for q in doc.quantities:
        assert text[q.start : q.end] == q.text
    return doc


def found(text: str, language: str = "fr") -> list[Quantity]:
    return analysed(text, language).quantities


def units(text: str, language: str = "fr") -> list[tuple[float | None, str | None, str]]:
    return [(q.value, q.unit, q.kind) for q in found(text, language)]


def test_quantities_parsed_counted_noun_after_adjectives() -> None:
    q = found("Officials said roughly 4,200 Belarusian troops had arrived.", "en")
    assert [(x.value, x.unit, x.qualifier) for x in q] == [(4200, "troops", "about")]
    assert q[0].text == "roughly 4,200 Belarusian troops"


def test_quantities_parsed_counted_noun_after_a_model_name() -> None:
    assert units("Norway will send six F-35 fighter jets to Iceland.", "en") == [
        (6, "aircraft", "count")
    ]


def test_quantities_parsed_lexicon_word_used_as_a_modifier_is_not_the_noun() -> None:
    assert units("The army bought 40 armored personnel carriers.", "en") == [
        (40, "carriers", "count")
    ]


def test_quantities_parsed_vague_group_with_adjectives_before_the_noun() -> None:
    q = found("Tens of thousands of Polish farmers blocked the roads.", "en")
    assert [(x.value, x.unit, x.qualifier) for x in q] == [(10_000, "farmers", "vague")]


def test_quantities_parsed_unknown_french_noun_gives_its_lemma() -> None:
    assert units("Une trentaine de journalistes attendaient devant le palais.") == [
        (30, "journaliste", "count")
    ]


def test_quantities_parsed_unknown_english_noun_stays_plural() -> None:
    assert units("The ministry received 45 complaints.", "en") == [(45, "complaints", "count")]


def test_quantities_parsed_people_killed_passive_become_dead() -> None:
    assert units("Au moins 9 personnes ont été tuées dans l'explosion.") == [(9, "dead", "count")]
    assert units("Officials said 9 people were killed in the blast.", "en") == [
        (9, "dead", "count")
    ]


def test_quantities_parsed_people_as_object_of_kill_become_dead() -> None:
    assert units("The strike killed 9 civilians near the market.", "en") == [(9, "dead", "count")]


def test_quantities_parsed_people_who_died_become_dead() -> None:
    assert units("Nine people died in the fire.", "en") == [(9, "dead", "count")]


def test_quantities_parsed_people_arrested_become_arrested() -> None:
    assert units("La police a interpellé 40 personnes samedi.") == [(40, "arrested", "count")]


def test_quantities_parsed_people_without_outcome_stay_people() -> None:
    assert units("Environ 600 personnes vivent dans le village.") == [(600, "people", "count")]


def test_quantities_parsed_number_of_construction() -> None:
    q = found("La préfecture évalue à 7 500 le nombre de manifestants.")
    assert [(x.value, x.unit) for x in q] == [(7500, "protesters")]


def test_quantities_parsed_number_labelling_a_proper_noun_is_a_name() -> None:
    assert found("The airline grounded its Boeing 737 on Monday.", "en") == []


def test_quantities_parsed_year_before_an_unknown_noun_is_a_year() -> None:
    assert found("The 2023 budget was approved.", "en") == []


def test_quantities_parsed_duration_found_through_the_parse() -> None:
    assert found("Les négociations ont duré trois longues semaines.") == []


def test_quantities_parsed_bare_number_is_other() -> None:
    assert units("Le compteur affichait 87 à midi.") == [(87, None, "other")]


def test_quantities_parsed_stage_runs_in_a_pipeline_after_spacy() -> None:
    from dossier.clean.stage import CleanStage
    from dossier.nlp.stages import LanguageStage

    pipeline = Pipeline([CleanStage(), LanguageStage(), SpacyStage(), QuantityStage()])
    doc = pipeline(RawArticle(data="Le pays a envoyé 3 000 soldats.".encode(), source="t"))
    assert doc.stages["quantities"] == "dossier.quantities.rules.v1"
    assert [(q.value, q.unit) for q in doc.quantities] == [(3000, "troops")]
    assert doc.to_article().quantities == doc.quantities


def test_quantities_parsed_stage_before_spacy_fails_at_construction() -> None:
    from dossier.clean.stage import CleanStage
    from dossier.errors import MissingRequirementError
    from dossier.nlp.stages import LanguageStage

    with pytest.raises(MissingRequirementError, match=r"requires 'doc\.spacy'"):
        Pipeline([CleanStage(), LanguageStage(), QuantityStage(), SpacyStage()])


def test_quantities_parsed_example_article() -> None:
    text = normalize_text((ROOT / "examples" / "us_aid_fr.txt").read_text(encoding="utf-8"))
    got = Counter((q.value, q.unit, q.qualifier) for q in found(text))
    assert got == Counter(
        {
            (200e6, "USD", "exact"): 1,
            (90, "tonnes", "about"): 1,
            (450e6, "USD", "exact"): 1,
            (650e6, "USD", "exact"): 1,
            (2.5e9, "USD", "more_than"): 1,
            (100_000, "troops", "about"): 1,
        }
    )


def test_quantities_parsed_seed_article(seed_article: Path) -> None:
    """The seed article, read in place: its figures, and nothing from its dates or times."""
    text = normalize_text(seed_article.read_text(encoding="utf-8"))
    got = Counter((q.value, q.unit, q.qualifier) for q in found(text))
    assert got[(200e6, "USD", "exact")] == 2
    assert got[(450e6, "USD", "exact")] == 1
    assert got[(140, "ships", "more_than")] == 1
    assert got[(10_000, "troops", "exact")] == 1
    assert got[(10_000, "troops", "vague")] == 2
    assert {u for _, u, _ in got} <= {"USD", "ships", "troops", "source"}


def test_quantities_parsed_stage_is_fast() -> None:
    """About 1,000 words of French with many figures: the stage alone, parse excluded."""
    sentence = (
        "Selon le ministère, plus de 140 navires, environ 10 000 soldats et 200 millions de "
        "dollars d'aide ont été mobilisés le 21 janvier 2022 à 11h00, tandis que des "
        "dizaines de milliers de manifestants défilaient entre 2 et 3 heures. "
    )
    text = sentence * (1000 // len(sentence.split()) + 1)
    doc = analysed(text, "fr")
    start = time.perf_counter()
    for _ in range(5):
        STAGE(doc)
    per_article = (time.perf_counter() - start) / 5
    assert len(doc.quantities) >= 4 * (1000 // len(sentence.split()))
    assert per_article < 0.25, f"{per_article * 1000:.0f} ms per 1,000 words"
