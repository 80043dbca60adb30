"""Quote stage, fast part: quotation-mark pairing, the cue data file, speaker descriptions.

No spaCy model is loaded here; the rules that read the parse are in
test_quotes_stage.py (marked slow). Every sentence is written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import DataFileError
from dossier.quotes.cues import generate_forms, load_cues, load_tables, split_words
from dossier.quotes.marks import QuotedSpan, find_quotes
from dossier.quotes.speakers import describe


def contents(text: str, *, outer_only: bool = True) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text) if q.depth == 0 or not outer_only]


def only(text: str) -> QuotedSpan:
    quotes = [q for q in find_quotes(text) if q.depth == 0]
    assert len(quotes) == 1, quotes
    return quotes[0]


# ------------------------------------------------------------------ quotation marks


def test_quotes_marks_french_guillemets_with_spaces_inside() -> None:
    text = "« Nous tiendrons nos engagements », a assuré la ministre."
    assert contents(text) == ["Nous tiendrons nos engagements"]


def test_quotes_marks_french_guillemets_with_no_break_spaces() -> None:
    text = "Elle a parlé d’un «\u202fmoment décisif\u202f» pour la région."
    assert contents(text) == ["moment décisif"]


def test_quotes_marks_english_curly_quotes_leave_the_trailing_comma_out() -> None:
    text = "“We will keep talking,” the minister said."
    quote = only(text)
    assert text[quote.start : quote.end] == "We will keep talking"
    assert text[quote.outer_start] == "“" and text[quote.outer_end - 1] == "”"


def test_quotes_marks_straight_double_quotes() -> None:
    text = 'The envoy said "the door remains open" and left the room.'
    assert contents(text) == ["the door remains open"]


def test_quotes_marks_single_guillemets() -> None:
    assert contents("Il parle de ‹ ligne rouge › depuis hier.") == ["ligne rouge"]


def test_quotes_marks_german_low_opening_quote_closed_by_high_one() -> None:
    assert contents("Er sagte „wir bleiben“ und ging.") == ["wir bleiben"]


def test_quotes_marks_single_quotes_nested_in_double_quotes() -> None:
    text = "“They call it a ‘special operation’ and nothing more,” she said."
    assert contents(text) == ["They call it a ‘special operation’ and nothing more"]
    inner = [q for q in find_quotes(text) if q.depth == 1]
    assert [text[q.start : q.end] for q in inner] == ["special operation"]


def test_quotes_marks_french_nested_quotes_are_not_outer_quotes() -> None:
    text = "« Ils appellent cela “une simple mesure” et rien de plus », dit-elle."
    assert contents(text) == ["Ils appellent cela “une simple mesure” et rien de plus"]


def test_quotes_marks_apostrophes_are_not_quotation_marks() -> None:
    text = "L’ambassadeur n’a pas répondu; the envoy didn’t either."
    assert find_quotes(text) == []


def test_quotes_marks_quotation_over_several_sentences() -> None:
    text = "« Rien n’est réglé. Nous reviendrons la semaine prochaine. » Puis il est parti."
    assert contents(text) == ["Rien n’est réglé. Nous reviendrons la semaine prochaine."]


def test_quotes_marks_quotation_continued_into_the_next_paragraph() -> None:
    text = "« Le premier point est réglé.\n« Le second ne l’est pas », a-t-il conclu."
    first, second = (q for q in find_quotes(text) if q.depth == 0)
    assert text[first.start : first.end] == "Le premier point est réglé."
    assert first.repair is None and first.close_at is None
    assert second.continues and text[second.start : second.end] == "Le second ne l’est pas"


def test_quotes_marks_unclosed_quotation_ends_with_its_paragraph() -> None:
    text = "Il a lancé « nous verrons bien\nUn autre paragraphe commence ici."
    quote = only(text)
    assert quote.repair == "no_close"
    assert text[quote.start : quote.end] == "nous verrons bien"


def test_quotes_marks_closing_mark_without_opening_starts_at_its_sentence() -> None:
    # The second opening guillemet was lost, as machine translation often does.
    text = "« La première étape est franchie. » La seconde prendra des mois. » a-t-il dit."
    first, second = (q for q in find_quotes(text) if q.depth == 0)
    assert text[first.start : first.end] == "La première étape est franchie."
    assert second.repair == "no_open" and second.open_at is None
    assert text[second.start : second.end] == "La seconde prendra des mois."


def test_quotes_marks_repeated_opening_after_a_sentence_end_reopens() -> None:
    text = "« Faut-il attendre ? Non. « Il faut agir », a dit la ministre."
    first, second = (q for q in find_quotes(text) if q.depth == 0)
    assert text[first.start : first.end] == "Faut-il attendre ? Non."
    assert first.repair == "reopened"
    assert second.continues and text[second.start : second.end] == "Il faut agir"


def test_quotes_marks_glued_closing_mark_and_incise() -> None:
    text = "« Les livraisons continueront ».a précisé le porte-parole."
    quote = only(text)
    assert text[quote.start : quote.end] == "Les livraisons continueront"
    assert text[quote.outer_end :].startswith(".a précisé")


def test_quotes_marks_guillemet_turned_the_wrong_way_closes() -> None:
    text = "Il a promis « une réponse rapide «, selon son entourage."
    assert contents(text) == ["une réponse rapide"]


def test_quotes_marks_offsets_index_the_text() -> None:
    text = 'Il a dit « oui ». Elle a dit “non”. Ils ont dit "peut-être".'
    for quote in find_quotes(text):
        assert 0 <= quote.outer_start <= quote.start <= quote.end <= quote.outer_end <= len(text)
    assert contents(text) == ["oui", "non", "peut-être"]


# ------------------------------------------------------------------ cue data file


def test_quotes_cues_data_file_loads_french_and_english() -> None:
    french, english = load_cues("fr"), load_cues("en")
    assert french is not None and english is not None
    assert "speech" in french.forms["déclaré"]
    assert "speech" in english.forms["said"]
    assert "thought" in french.forms["estime"]
    assert "naming" in english.forms["dubbed"]
    assert load_cues("de") is None and load_cues(None) is None


def test_quotes_cues_french_regular_forms_are_generated() -> None:
    forms = generate_forms("annoncer", "fr")
    assert {"annonce", "annoncé", "annonçait", "annonça", "annonçant"} <= set(forms)
    assert {"répète", "répètent", "répété"} <= set(generate_forms("répéter", "fr"))


def test_quotes_cues_english_regular_forms_are_generated() -> None:
    assert {"warns", "warned", "warning"} <= set(generate_forms("warn", "en"))
    assert {"denies", "denied", "denying"} <= set(generate_forms("deny", "en"))
    assert {"states", "stated", "stating"} <= set(generate_forms("state", "en"))


def test_quotes_cues_phrases_split_french_elisions() -> None:
    assert split_words("D’après") == ("d'", "après")
    assert split_words("aujourd'hui") == ("aujourd'hui",)


def write_cues(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cues.yaml"
    path.write_text(body, encoding="utf-8")
    return path


_MINIMAL_TABLES = """
nationalities: {USA: [américain]}
places: {USA: [Washington]}
sectors: {GOV: [ministre]}
person_roles: [ministre]
institutions: {}
"""


def test_quotes_cues_validator_names_a_duplicate_word(tmp_path: Path) -> None:
    path = write_cues(
        tmp_path,
        "version: 1\nlanguages:\n  fr:\n    speech: {dire: [dit, dit]}\n" + _MINIMAL_TABLES,
    )
    with pytest.raises(DataFileError, match="listed twice: dit"):
        load_cues("fr", path)


def test_quotes_cues_validator_explains_yaml_booleans(tmp_path: Path) -> None:
    body = "version: 1\nlanguages:\n  en:\n    stoppers: [in, on]\n" + _MINIMAL_TABLES
    with pytest.raises(DataFileError, match='write "on" in quotes'):
        load_cues("en", write_cues(tmp_path, body))


def test_quotes_cues_validator_rejects_a_bad_country_code(tmp_path: Path) -> None:
    body = "version: 1\nlanguages: {}\n" + _MINIMAL_TABLES.replace("USA: [amér", "US: [amér")
    with pytest.raises(DataFileError, match="three capital letters"):
        load_tables(write_cues(tmp_path, body))


def test_quotes_cues_validator_requires_every_section(tmp_path: Path) -> None:
    body = "version: 1\nlanguages: {}\n"
    with pytest.raises(DataFileError, match="nationalities: this section is missing"):
        load_tables(write_cues(tmp_path, body))


# ------------------------------------------------------------------ speaker descriptions


def describe_text(text: str) -> tuple[str | None, str | None]:
    capitals = frozenset(w.casefold() for w in text.split() if w.isupper())
    found = describe(split_words(text), load_tables(), capitals)
    return found.country, found.sector


def test_quotes_describe_spokesperson_of_the_state_department_is_usa_gov() -> None:
    assert describe_text("porte-parole du département d'État") == ("USA", "GOV")


def test_quotes_describe_defence_ministry_with_nationality_is_military() -> None:
    assert describe_text("ministère russe de la Défense") == ("RUS", "MIL")
    assert describe_text("Russian Defense Ministry") == ("RUS", "MIL")


def test_quotes_describe_senior_official_with_capital_us() -> None:
    assert describe_text("senior US official") == ("USA", "GOV")


def test_quotes_describe_lower_case_us_is_a_pronoun_not_a_country() -> None:
    assert describe_text("one of us") == (None, None)


def test_quotes_describe_complement_names_the_institution() -> None:
    # Between "président" and "confrérie" the complement decides the sector.
    assert describe_text("président de la confrérie locale") == (None, "CVL")
    assert describe_text("ambassade des États-Unis") == ("USA", "GOV")


def test_quotes_describe_capital_city_speaks_for_its_government() -> None:
    assert describe_text("Moscou") == ("RUS", "GOV")


def test_quotes_describe_role_word_is_kept_for_coreference() -> None:
    found = describe(split_words("ministre lituanienne des Affaires étrangères"), load_tables())
    assert found.role == ("ministre",)
    assert found.country == "LTU"
