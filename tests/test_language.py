from __future__ import annotations

import pytest

from dossier.doc import Doc, RawArticle
from dossier.nlp.language import detect_language
from dossier.nlp.stages import LanguageStage


def lang_doc(text: str, language: str | None = None) -> Doc:
    doc = Doc(raw=RawArticle(data=text.encode(), source="<t>", language=language))
    doc.text = text
    return LanguageStage()(doc)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le ministre a rencontré son homologue à Genève pour parler de la crise.", "fr"),
        ("The minister met his counterpart in Geneva to discuss the crisis.", "en"),
        ("Der Minister traf seinen Amtskollegen in Genf, um über die Krise zu sprechen.", "de"),
        ("Министр встретился с коллегой в Женеве, чтобы обсудить кризис.", "ru"),
    ],
)
def test_language_detects_the_language_of_a_sentence(text: str, expected: str) -> None:
    assert detect_language(text)[0] == expected


def test_language_too_short_text_is_undetermined() -> None:
    assert detect_language("OK ?")[0] is None


def test_language_stage_marks_a_paragraph_in_another_language() -> None:
    text = (
        "Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les agriculteurs.\n"
        "Les syndicats ont salué une décision attendue depuis plusieurs mois.\n"
        "The government said on Tuesday that the measures would cost two billion euros."
    )
    doc = lang_doc(text)
    assert doc.language == "fr"
    assert [p.language for p in doc.paragraphs] == ["fr", "fr", "en"]
    assert any("paragraph 3 looks en" in w for w in doc.warnings)
    assert doc.text[doc.paragraphs[2].start : doc.paragraphs[2].end].startswith("The government")


def test_language_given_language_wins_and_a_bad_code_is_warned_about() -> None:
    text = "Le gouvernement a annoncé mardi de nouvelles mesures pour les agriculteurs."
    assert lang_doc(text, "en").language == "en"
    doc = lang_doc(text, "French")
    assert doc.language == "fr" and any("ISO 639-1" in w for w in doc.warnings)


def test_language_undetermined_article_gets_a_warning_that_says_what_to_do() -> None:
    doc = lang_doc("123 456 — !!")
    assert doc.language is None and any("--lang" in w for w in doc.warnings)
