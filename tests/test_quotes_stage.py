"""Quote stage on parsed text: one test per quote form and attribution rule, French and
English. Sentences are written for these tests (names of people are invented or public
figures in invented sentences). Loads spaCy models, hence slow.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dossier.clean.stage import CleanStage
from dossier.doc import Doc, RawArticle
from dossier.model import Entity, Mention, Quote
from dossier.nlp.stages import LanguageStage, SpacyStage
from dossier.pipeline import Pipeline
from dossier.quotes.speakers import ArticleSpeakerResolver
from dossier.quotes.stage import EXTRAS_KEY, QuoteStage

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def run() -> Callable[[str, str], Doc]:
    pipeline = Pipeline([CleanStage(), LanguageStage(), SpacyStage(), QuoteStage()])

    def analyse(text: str, language: str) -> Doc:
        # An empty title keeps the first line as body text (no title guessing).
        raw = RawArticle(text.encode("utf-8"), "<test>", language=language, title="")
        doc = pipeline(raw)
        assert doc.error is None
        return doc

    return analyse


def find(doc: Doc, start_of_text: str) -> Quote:
    """The quote whose text starts with ``start_of_text`` (exactly one)."""
    found = [q for q in doc.quotes if q.text.startswith(start_of_text)]
    assert len(found) == 1, [(q.kind, q.text) for q in doc.quotes]
    return found[0]


def speaker_of(doc: Doc, start_of_text: str) -> tuple[str | None, str | None, str | None]:
    speaker = find(doc, start_of_text).speaker
    assert speaker is not None, f"no speaker for {start_of_text!r}"
    return speaker.name, speaker.country, speaker.sector


# ------------------------------------------------------------------ French forms


def test_quotes_fr_direct_quote_with_incise_after(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "« Nous ne céderons rien sur la frontière », a déclaré jeudi le ministre polonais "
        "de la Défense.",
        "fr",
    )
    quote = find(doc, "Nous ne céderons rien")
    assert (quote.kind, quote.direct, quote.cue) == ("direct", True, "a déclaré")
    assert speaker_of(doc, "Nous ne céderons") == ("ministre polonais de la Défense", "POL", "MIL")
    assert doc.text[quote.start : quote.end] == quote.text


def test_quotes_fr_incise_inside_the_quotation(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "Jan Kowalski a rencontré la presse à Varsovie. "
        "« Nous resterons, a-t-il insisté, aux côtés de nos alliés. »",
        "fr",
    )
    quote = find(doc, "Nous resterons")
    assert quote.cue == "a-t-il insisté"
    assert speaker_of(doc, "Nous resterons")[0] == "Jan Kowalski"


def test_quotes_fr_quotation_over_sentences_and_paragraphs(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "La négociatrice lituanienne Rasa Petraitė s’est exprimée devant le Parlement.\n"
        "« Le premier accord est signé. Il couvre le gaz.\n"
        "« Le second viendra au printemps », a-t-elle annoncé.",
        "fr",
    )
    assert speaker_of(doc, "Le premier accord est signé. Il couvre le gaz.")[0] == "Rasa Petraitė"
    assert speaker_of(doc, "Le second viendra")[0] == "Rasa Petraitė"


def test_quotes_fr_nested_quotation_stays_inside(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "« Ils parlent de “simple exercice”, nous n’y croyons pas », a affirmé un diplomate "
        "estonien.",
        "fr",
    )
    assert [q.text for q in doc.quotes] == [
        "Ils parlent de “simple exercice”, nous n’y croyons pas"
    ]
    assert speaker_of(doc, "Ils parlent")[1:] == ("EST", "GOV")


def test_quotes_fr_broken_typography_lost_opening_and_glued_incise(
    run: Callable[[str, str], Doc],
) -> None:
    doc = run(
        "« Les livraisons commenceront lundi. » Elles dureront tout l’hiver, sans interruption "
        "».a précisé une porte-parole du ministère letton de la Défense.",
        "fr",
    )
    first = find(doc, "Les livraisons commenceront")
    second = find(doc, "Elles dureront tout l’hiver")
    assert second.cue == "a précisé"
    for quote in (first, second):
        assert quote.speaker is not None
        assert quote.speaker.name == "porte-parole du ministère letton de la Défense"
        assert (quote.speaker.country, quote.speaker.sector) == ("LVA", "MIL")


def test_quotes_fr_reopened_quotation_shares_the_incise(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "« Faut-il négocier ? Oui. « Mais pas à n’importe quel prix », a ajouté la ministre "
        "estonienne des Affaires étrangères.",
        "fr",
    )
    assert speaker_of(doc, "Faut-il négocier ?")[1] == "EST"
    assert speaker_of(doc, "Mais pas à n’importe")[1] == "EST"


def test_quotes_fr_partial_quote_governed_by_a_cue(run: Callable[[str, str], Doc]) -> None:
    doc = run("Marta Nowak a qualifié la réunion de « franche et utile ».", "fr")
    quote = find(doc, "franche et utile")
    assert (quote.kind, quote.cue) == ("partial", "a qualifié")
    assert speaker_of(doc, "franche et utile")[0] == "Marta Nowak"


def test_quotes_fr_indirect_speech_with_que(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "Le chancelier allemand a déclaré mardi que son pays livrerait des casques à l’armée.",
        "fr",
    )
    quote = find(doc, "son pays livrerait")
    assert (quote.kind, quote.direct, quote.cue) == ("indirect", False, "a déclaré")
    assert speaker_of(doc, "son pays")[1:] == ("DEU", "GOV")


def test_quotes_fr_indirect_speech_with_selon(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "Selon des diplomates européens, les discussions reprendront la semaine prochaine.",
        "fr",
    )
    quote = find(doc, "les discussions reprendront")
    assert (quote.kind, quote.cue) == ("indirect", "Selon")
    assert speaker_of(doc, "les discussions")[0] == "diplomates européens"


def test_quotes_fr_indirect_speech_with_a_thought_verb(run: Callable[[str, str], Doc]) -> None:
    doc = run("Le maire de la ville estime que le pont doit être rouvert avant l’été.", "fr")
    assert find(doc, "le pont doit être rouvert").cue == "estime"


def test_quotes_fr_incise_after_an_unquoted_clause(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "Les convois ont franchi la frontière dans la nuit, ont indiqué deux responsables "
        "ukrainiens.",
        "fr",
    )
    quote = find(doc, "Les convois ont franchi")
    assert (quote.kind, quote.cue) == ("indirect", "ont indiqué")
    assert speaker_of(doc, "Les convois")[1:] == ("UKR", "GOV")


def test_quotes_fr_scare_quote_is_not_speech(run: Callable[[str, str], Doc]) -> None:
    doc = run("Les observateurs redoutent une « opération éclair » dans le nord du pays.", "fr")
    assert not [q for q in doc.quotes if q.text == "opération éclair"]


def test_quotes_fr_title_given_by_a_naming_verb_is_not_speech(
    run: Callable[[str, str], Doc],
) -> None:
    doc = run(
        "Baptisées « Rempart boréal », les manœuvres ont commencé lundi, a annoncé l’état-major.",
        "fr",
    )
    assert not [q for q in doc.quotes if q.text == "Rempart boréal"]


def test_quotes_fr_pronoun_takes_the_latest_person(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "La Première ministre finlandaise Aino Virtanen a reçu son homologue à Helsinki.\n"
        "« Nous partageons la même frontière », a-t-elle rappelé.",
        "fr",
    )
    assert speaker_of(doc, "Nous partageons")[0] == "Aino Virtanen"


def test_quotes_fr_surname_finds_the_full_name(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "Le commissaire européen Pierre Lambert est arrivé à Kiev mardi.\n"
        "« L’aide arrivera avant l’hiver », a promis M. Lambert.",
        "fr",
    )
    assert speaker_of(doc, "L’aide arrivera")[0] == "Pierre Lambert"


def test_quotes_fr_unnamed_described_speaker_keeps_its_description(
    run: Callable[[str, str], Doc],
) -> None:
    doc = run(
        "Un porte-parole du département d’État a confirmé que les visas seraient suspendus.",
        "fr",
    )
    assert speaker_of(doc, "les visas") == ("porte-parole du département d’État", "USA", "GOV")


def test_quotes_fr_definite_role_refers_to_the_person_named_with_it(
    run: Callable[[str, str], Doc],
) -> None:
    doc = run(
        "Le président roumain Andrei Popescu a reçu les ambassadeurs jeudi.\n"
        "« Notre porte reste ouverte », a déclaré le président roumain.",
        "fr",
    )
    assert speaker_of(doc, "Notre porte")[0] == "Andrei Popescu"


def test_quotes_fr_quote_takes_the_speaker_of_the_sentence_before(
    run: Callable[[str, str], Doc],
) -> None:
    doc = run(
        "La ministre Claire Morel a annoncé hier qu’elle signerait l’accord.\n"
        "« C’est une étape, pas une fin. »",
        "fr",
    )
    assert speaker_of(doc, "C’est une étape")[0] == "Claire Morel"


# ------------------------------------------------------------------ English forms


def test_quotes_en_direct_quote_then_speaker(run: Callable[[str, str], Doc]) -> None:
    doc = run("“We expect an answer by Friday,” Governor Ellen Price told reporters.", "en")
    quote = find(doc, "We expect an answer")
    assert (quote.kind, quote.cue) == ("direct", "told")
    assert speaker_of(doc, "We expect")[0] == "Ellen Price"


def test_quotes_en_inverted_incise_said_x(run: Callable[[str, str], Doc]) -> None:
    doc = run('"The vote is over," said Senator Paul Grant, a Republican from Ohio.', "en")
    assert speaker_of(doc, "The vote is over")[0] == "Paul Grant"


def test_quotes_en_split_quotation_shares_its_speaker(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "“This is not a negotiation,” the mayor said. “It is a warning.”\nShe then left the hall.",
        "en",
    )
    assert speaker_of(doc, "This is not")[0] == "mayor"
    assert speaker_of(doc, "It is a warning")[0] == "mayor"


def test_quotes_en_indirect_speech_with_and_without_that(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "Mark Ellis said that the plant would close in March. "
        "His deputy said the workers had been told.",
        "en",
    )
    assert find(doc, "the plant would close").kind == "indirect"
    assert speaker_of(doc, "the plant would close")[0] == "Mark Ellis"
    assert find(doc, "the workers had been told").cue == "said"


def test_quotes_en_according_to(run: Callable[[str, str], Doc]) -> None:
    doc = run("According to two Polish officials, the convoy crossed at dawn.", "en")
    quote = find(doc, "the convoy crossed")
    assert quote.cue == "According to"
    assert speaker_of(doc, "the convoy")[1:] == ("POL", "GOV")


def test_quotes_en_clause_then_officials_said(run: Callable[[str, str], Doc]) -> None:
    doc = run("The talks will resume next week, officials said on Tuesday.", "en")
    assert find(doc, "The talks will resume").cue == "said"
    assert speaker_of(doc, "The talks")[0] == "officials"


def test_quotes_en_partial_quote_after_a_cue(run: Callable[[str, str], Doc]) -> None:
    doc = run("Laura Chen called the proposal “reckless and unworkable.”", "en")
    quote = find(doc, "reckless and unworkable")
    assert quote.kind == "partial"
    assert speaker_of(doc, "reckless")[0] == "Laura Chen"


def test_quotes_en_scare_quote_is_not_speech(run: Callable[[str, str], Doc]) -> None:
    doc = run("The so-called “peace dividend” has vanished from the budget.", "en")
    assert doc.quotes == []


def test_quotes_en_title_is_not_speech(run: Callable[[str, str], Doc]) -> None:
    doc = run("The navy began a drill dubbed “Northern Shield” on Monday.", "en")
    assert doc.quotes == []


def test_quotes_en_pronoun_he(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "Defense Secretary Tom Hale visited the base on Monday.\n“We are ready,” he said.",
        "en",
    )
    assert speaker_of(doc, "We are ready")[0] == "Tom Hale"


def test_quotes_en_pronoun_they_for_an_organisation(run: Callable[[str, str], Doc]) -> None:
    doc = run(
        "The campaign released its figures on Sunday. They said the rally drew 9,000 people.",
        "en",
    )
    assert speaker_of(doc, "the rally drew")[0] == "campaign"


def test_quotes_en_unnamed_senior_official(run: Callable[[str, str], Doc]) -> None:
    doc = run("A senior US official said the sanctions were ready.", "en")
    assert speaker_of(doc, "the sanctions") == ("senior US official", "USA", "GOV")


def test_quotes_en_colon_introduces_the_quotation(run: Callable[[str, str], Doc]) -> None:
    doc = run("The minister was blunt: “Nobody will pay twice.”", "en")
    assert speaker_of(doc, "Nobody will pay twice")[0] == "minister"


# ------------------------------------------------------------------ the linker's seam


def test_quotes_speaker_overlapping_a_linked_entity_takes_it(
    run: Callable[[str, str], Doc],
) -> None:
    doc = run("“The border stays closed,” said Kaja Tamm.", "en")
    start = doc.text.index("Kaja Tamm")
    doc.entities = [
        Entity(
            id="Q_TEST",
            name="Kaja Tamm",
            kind="person",
            country="EST",
            sector="GOV",
            mentions=[Mention(start=start, end=start + 9, text="Kaja Tamm")],
        )
    ]
    QuoteStage(resolver=ArticleSpeakerResolver())(doc)
    speaker = find(doc, "The border").speaker
    assert speaker is not None
    assert (speaker.entity, speaker.country, speaker.sector) == ("Q_TEST", "EST", "GOV")


def test_quotes_evidence_keeps_cue_and_speaker_offsets(run: Callable[[str, str], Doc]) -> None:
    doc = run("« Le dialogue continue », a assuré la diplomate.", "fr")
    (evidence,) = doc.extras[EXTRAS_KEY]
    assert evidence.speaker is not None and evidence.cue is not None
    assert doc.text[evidence.speaker[0] : evidence.speaker[1]] == "la diplomate"
    assert doc.text[evidence.cue[0] : evidence.cue[1]] == "a assuré"


def test_quotes_language_without_cues_warns(run: Callable[[str, str], Doc]) -> None:
    doc = run("„Wir bleiben“, sagte die Ministerin am Montag in Berlin.", "de")
    assert doc.quotes == []
    assert any("no speech cues for language 'de'" in w for w in doc.warnings)


# ------------------------------------------------------------------ whole articles


EXPECTED_SEED_SPEAKERS = {
    # name (or description), country, sector — the acceptance list
    ("Anthony Blinken", "USA", "GOV"),
    ("Joe Biden", "USA", "GOV"),
    ("Boris Johnson", "GBR", "GOV"),
    ("porte-parole du département d’État", "USA", "GOV"),
    ("haut responsable américain", "USA", "GOV"),
    ("ministère russe de la Défense", "RUS", "MIL"),
}


def test_quotes_seed_article_every_quotation_has_the_right_speaker(
    run: Callable[[str, str], Doc], seed_article: Path
) -> None:
    doc = run(seed_article.read_text(encoding="utf-8"), "fr")
    speakers = {
        (q.speaker.name, q.speaker.country, q.speaker.sector) for q in doc.quotes if q.speaker
    }
    assert speakers >= EXPECTED_SEED_SPEAKERS
    quoted = [q for q in doc.quotes if q.kind != "indirect"]
    # Every direct or partial quotation is credited; no scare quote is taken for speech.
    assert all(q.speaker is not None for q in quoted)
    assert all(len(q.text.split()) > 2 or q.cue for q in quoted)
    described = {q.speaker.name for q in quoted if q.speaker and q.speaker.entity is None}
    assert "porte-parole du département d’État" in described
    for quote in doc.quotes:
        assert doc.text[quote.start : quote.end] == quote.text


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "examples").glob("*.txt")))
def test_quotes_example_articles_give_valid_records(
    run: Callable[[str, str], Doc],
    validate_record: Callable[[dict[str, Any]], None],
    name: str,
) -> None:
    text = (ROOT / "examples" / name).read_text(encoding="utf-8")
    doc = run(text, "fr" if name.endswith("_fr.txt") or "_fr_" in name else "en")
    record = json.loads(doc.to_article().model_dump_json())
    validate_record(record)
    for quote in doc.quotes:
        assert doc.text[quote.start : quote.end] == quote.text
        assert quote.direct == (quote.kind != "indirect")


def test_quotes_example_zelensky_reply_is_credited_through_his_title(
    run: Callable[[str, str], Doc],
) -> None:
    text = (ROOT / "examples" / "geneva_talks_fr.txt").read_text(encoding="utf-8")
    doc = run(text, "fr")
    replies = [q for q in doc.quotes if q.cue == "avait rétorqué"]
    assert replies and replies[0].speaker is not None
    assert replies[0].speaker.name == "Volodymyr Zelensky"
