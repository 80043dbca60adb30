"""The linker stage, one behaviour per rule, on sentences written for these tests.

Every test runs the real pipeline (clean → language → spaCy → linker) and is marked slow.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dossier.actors.explain import explain
from dossier.actors.stage import LinkerStage, LinkerTrace
from dossier.doc import Doc, RawArticle
from dossier.model import Entity, Place
from dossier.pipeline import Pipeline

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    from dossier.clean.stage import CleanStage
    from dossier.nlp.stages import LanguageStage, SpacyStage

    return Pipeline([CleanStage(), LanguageStage(), SpacyStage(), LinkerStage()])


def analyse(pipeline: Pipeline, text: str, lang: str, published: str | None = None) -> Doc:
    raw = RawArticle(
        data=text.encode(), source="test", language=lang, published=published, title=""
    )
    doc = pipeline(raw)
    assert doc.error is None
    for entity in doc.entities:
        for mention in entity.mentions:
            assert doc.text[mention.start : mention.end] == mention.text
    return doc


def by_id(doc: Doc, ident: str) -> Entity:
    found = [e for e in doc.entities if e.id == ident]
    assert found, f"{ident} not in {[(e.id, [m.text for m in e.mentions]) for e in doc.entities]}"
    return found[0]


def mentions_of(doc: Doc, ident: str) -> list[str]:
    return [m.text for m in by_id(doc, ident).mentions]


def test_linker_gazetteer_links_states_named_in_french(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "La Lituanie et la Pologne ont signé mardi un accord gazier.", "fr")
    assert by_id(doc, "LTU").kind == "state"
    assert by_id(doc, "POL").code == "POL"


def test_linker_elided_article_is_left_out_of_the_mention(pipeline: Pipeline) -> None:
    text = "Les ministres européens ont critiqué l'OTAN pendant la réunion."
    doc = analyse(pipeline, text, "fr")
    nato = by_id(doc, "org:nato")
    assert nato.mentions[0].text == "OTAN"
    assert nato.mentions[0].start == text.index("OTAN")
    assert (nato.code, nato.wikidata) == ("IGO", "Q7184")


def test_linker_fuzzy_match_links_a_misspelt_person(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Hier soir, Anthony Blinkin a répondu aux journalistes à Paris.", "fr")
    assert mentions_of(doc, "person:antony-blinken") == ["Anthony Blinkin"]
    trace = doc.extras["linker"]
    assert isinstance(trace, LinkerTrace)
    assert any(m.how == "kb-fuzzy" for m in trace.mentions if m.text == "Anthony Blinkin")


def test_linker_apposition_gives_the_role_and_dates_an_undated_article(pipeline: Pipeline) -> None:
    text = "Le Premier ministre britannique Boris Johnson a reçu des élus écossais à Londres."
    doc = analyse(pipeline, text, "fr")
    johnson = by_id(doc, "person:boris-johnson")
    assert (johnson.code, johnson.sector) == ("GBR", "GOV")
    trace = doc.extras["linker"]
    assert trace.date_source == "appositions"
    assert any("no publication date" in w for w in doc.warnings)


def test_linker_surname_refers_to_the_full_name_in_the_article(pipeline: Pipeline) -> None:
    text = (
        "Boris Johnson est arrivé lundi à Belfast. "
        "Dans la soirée, Johnson a rencontré les responsables locaux."
    )
    doc = analyse(pipeline, text, "fr", "2021-05-03")
    assert mentions_of(doc, "person:boris-johnson") == ["Boris Johnson", "Johnson"]


def test_linker_surname_of_an_unknown_person_joins_their_full_name(pipeline: Pipeline) -> None:
    text = "Marcel Fourquemin a présidé l'assemblée. Fourquemin a ensuite remercié les bénévoles."
    doc = analyse(pipeline, text, "fr")
    people = [e for e in doc.entities if e.kind == "person"]
    assert len(people) == 1
    assert [m.text for m in people[0].mentions] == ["Marcel Fourquemin", "Fourquemin"]
    assert people[0].name == "Marcel Fourquemin"


@pytest.mark.parametrize(
    ("published", "holder"),
    [("2022-01-15", "person:joe-biden"), ("2019-05-10", "person:donald-trump")],
)
def test_linker_role_goes_to_its_holder_on_the_publication_date(
    pipeline: Pipeline, published: str, holder: str
) -> None:
    doc = analyse(pipeline, "Le président américain a appelé à la retenue.", "fr", published)
    assert mentions_of(doc, holder) == ["président américain"]


def test_linker_role_without_date_prefers_the_holder_named_in_the_article(
    pipeline: Pipeline,
) -> None:
    text = "Joe Biden a parlé aux journalistes. Le président américain a promis une réponse."
    doc = analyse(pipeline, text, "fr")
    assert mentions_of(doc, "person:joe-biden") == ["Joe Biden", "président américain"]


def test_linker_counterpart_holds_the_same_role_in_the_other_state(pipeline: Pipeline) -> None:
    text = "Antony Blinken a rencontré son homologue russe vendredi à Genève."
    doc = analyse(pipeline, text, "fr", "2022-01-21")
    assert mentions_of(doc, "person:sergey-lavrov") == ["homologue russe"]


def test_linker_english_title_before_the_name(pipeline: Pipeline) -> None:
    text = "Russian Foreign Minister Sergei Lavrov spoke to reporters in Moscow on Tuesday."
    doc = analyse(pipeline, text, "en", "2023-03-07")
    lavrov = by_id(doc, "person:sergey-lavrov")
    assert [m.text for m in lavrov.mentions] == ["Sergei Lavrov"]
    assert by_id(doc, "place:moscow").kind == "place"


def test_linker_capital_as_subject_is_its_government(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Moscou nie toute implication dans l'attaque.", "fr", "2022-02-01")
    government = by_id(doc, "RUS/GOV")
    assert (government.kind, government.country, government.code, government.sector) == (
        "state",
        "RUS",
        "RUS",
        "GOV",
    )
    assert [m.text for m in government.mentions] == ["Moscou"]


def test_linker_capital_after_a_locative_preposition_stays_a_place(pipeline: Pipeline) -> None:
    doc = analyse(
        pipeline, "Le sommet s'est tenu à Moscou la semaine dernière.", "fr", "2022-02-01"
    )
    moscow = by_id(doc, "place:moscow")
    assert moscow.kind == "place"
    place = doc.extras["places"]["place:moscow"]
    assert isinstance(place, Place)
    assert place.lat == pytest.approx(55.75, abs=0.1)


def test_linker_seat_of_power_speaking_is_the_government(pipeline: Pipeline) -> None:
    text = "The Kremlin said on Monday that the talks had failed."
    doc = analyse(pipeline, text, "en", "2022-02-01")
    assert mentions_of(doc, "RUS/GOV") == ["Kremlin"]


def test_linker_georgia_next_to_ukraine_is_the_country(pipeline: Pipeline) -> None:
    text = "L'Ukraine et la Géorgie souhaitent toujours rejoindre l'Alliance atlantique."
    doc = analyse(pipeline, text, "fr")
    assert by_id(doc, "GEO").kind == "state"


def test_linker_georgia_among_us_places_is_the_us_state(pipeline: Pipeline) -> None:
    text = (
        "Voters in Atlanta and Savannah lined up early. Georgia's governor said the "
        "polls in Georgia would stay open late, as in Alabama and Florida."
    )
    doc = analyse(pipeline, text, "en", "2020-11-03")
    georgia = [e for e in doc.entities if any(m.text == "Georgia" for m in e.mentions)]
    assert georgia and georgia[0].country == "USA"
    assert georgia[0].id != "GEO"


def test_linker_unknown_person_takes_nationality_and_role_from_apposition(
    pipeline: Pipeline,
) -> None:
    text = "Le député hongrois Gábor Keresztesi a voté contre le texte."
    doc = analyse(pipeline, text, "fr", "2023-04-04")
    person = next(e for e in doc.entities if e.kind == "person")
    assert person.name == "Gábor Keresztesi"
    assert (person.country, person.code, person.sector) == ("HUN", "HUN", "LEG")
    assert person.id.startswith("person:local:")


def test_linker_unnamed_official_is_a_sector_of_the_state(pipeline: Pipeline) -> None:
    doc = analyse(
        pipeline, "A senior US official said the offer was still open.", "en", "2022-01-20"
    )
    government = by_id(doc, "USA/GOV")
    assert (government.code, government.sector) == ("USA", "GOV")


def test_linker_spokesman_of_a_body_speaks_for_the_body(pipeline: Pipeline) -> None:
    text = "Un porte-parole du département d'État a confirmé l'envoi de matériel."
    doc = analyse(pipeline, text, "fr", "2022-01-20")
    state_department = by_id(doc, "gov:usa:state-department")
    assert "porte-parole du département d'État" in [m.text for m in state_department.mentions]


def test_linker_pronoun_us_is_not_the_united_states(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Give us time, the mayor told us on Friday.", "en", "2022-01-20")
    assert not [e for e in doc.entities if e.id == "USA"]


def test_linker_unresolved_place_is_kept_with_a_warning(pipeline: Pipeline) -> None:
    text = "Les habitants de Trévillers-sur-Brâme ont manifesté devant la mairie de Lyon."
    doc = analyse(pipeline, text, "fr", "2022-01-20")
    unresolved = [p for p in doc.extras["places"].values() if p.precision == "unresolved"]
    assert [p.name for p in unresolved] == ["Trévillers-sur-Brâme"]
    assert any("kept unresolved" in w for w in doc.warnings)
    assert any(e.name == "Lyon" for e in doc.entities)


def test_linker_unresolved_place_takes_the_state_of_the_articles_one_place(
    pipeline: Pipeline,
) -> None:
    text = (
        "The barn fire in Hollister Springs, a village 20 miles south of Topeka, burned for "
        "six hours, the sheriff said on Monday."
    )
    doc = analyse(pipeline, text, "en", "2009-03-23")
    hamlet = [p for p in doc.extras["places"].values() if p.name == "Hollister Springs"]
    assert [(p.precision, p.country) for p in hamlet] == [("unresolved", "USA")]


def test_linker_kb_name_before_county_is_the_county(pipeline: Pipeline) -> None:
    text = (
        "Guernsey County commissioners approved a new contract for the jail on Monday. "
        "The sheriff said the Guernsey County budget would not cover a second deputy."
    )
    doc = analyse(pipeline, text, "en", "2009-03-20")
    county = [e for e in doc.entities if e.name == "Guernsey County"]
    assert [(e.kind, e.country) for e in county] == [("place", "USA")]
    assert not any(e.country == "GGY" for e in doc.entities)


def test_linker_place_ending_an_organisation_name_is_the_longer_place(pipeline: Pipeline) -> None:
    text = (
        "Officers of the New London Police Department arrested two men on Bank Street on "
        "Friday night, a spokesman said."
    )
    doc = analyse(pipeline, text, "en", "2009-03-13")
    places = [(e.name, e.country) for e in doc.entities if e.kind == "place"]
    assert ("New London", "USA") in places
    assert not any(e.country == "GBR" for e in doc.entities)


def test_linker_place_opening_an_organisation_name_is_the_longer_place(pipeline: Pipeline) -> None:
    text = (
        "The Niger Delta Development Commission said on Thursday that the oil spill near "
        "Port Harcourt had been contained."
    )
    doc = analyse(pipeline, text, "en", "2018-04-05")
    assert ("Niger Delta", "NGA") in [(e.name, e.country) for e in doc.entities]
    assert not any(e.country == "NER" for e in doc.entities)


def test_linker_name_without_its_article_is_no_nested_place(pipeline: Pipeline) -> None:
    # "Union" is a gazetteer name only as "La Union" (a Philippine province).
    text = "Les membres de l'Union nationale des combattants ont défilé dimanche à Besançon."
    doc = analyse(pipeline, text, "fr", "2022-01-20")
    assert [e.name for e in doc.entities if e.kind in ("place", "state")] == ["Besançon"]


def test_linker_person_whose_surname_is_a_state_is_a_person(pipeline: Pipeline) -> None:
    text = (
        "Andrew Jordan finished third at Thruxton on Sunday, and Michael Chad was fifth. "
        "King Abdullah of Jordan was not at the track."
    )
    doc = analyse(pipeline, text, "en", "2018-04-01")
    people = {e.name for e in doc.entities if e.kind == "person"}
    assert {"Andrew Jordan", "Michael Chad"} <= people
    assert not any(e.id == "TCD" for e in doc.entities)
    jordan = [m for e in doc.entities if e.id == "JOR" for m in e.mentions]
    assert [text[m.start : m.end] for m in jordan] == ["Jordan"]
    assert jordan[0].start == text.index("of Jordan") + 3


def test_linker_building_named_after_a_town_is_no_evidence_for_its_namesake(
    pipeline: Pipeline,
) -> None:
    # "Paris City Hall" asks which Paris as "Paris" does; it must not vote for Paris, France,
    # against the Tennessee county the story names.
    text = (
        "A Paris man was arrested on Sunday at Paris City Hall by officers of the Paris "
        "Police Department. He is to appear on Tuesday in Henry County General Sessions "
        "Court, and the Henry County Sheriff's Office said a second man was sought."
    )
    doc = analyse(pipeline, text, "en", "2009-03-30")
    paris = [e for e in doc.entities if e.name == "Paris"]
    assert [e.country for e in paris] == ["USA"]


def test_linker_source_domain_chooses_the_local_namesake(pipeline: Pipeline) -> None:
    text = "Police in London closed a downtown street after a crash on Tuesday morning."
    raw = RawArticle(
        data=text.encode(), source="test", language="en", url="https://www.lfpress.ca/news/1"
    )
    doc = pipeline(raw)
    london = next(e for e in doc.entities if e.name == "London")
    assert london.country == "CAN"
    elsewhere = analyse(pipeline, text, "en")
    assert next(e for e in elsewhere.entities if e.name == "London").country == "GBR"


def test_linker_explain_lists_mentions_and_reasons(pipeline: Pipeline) -> None:
    doc = analyse(pipeline, "Moscou nie toute implication.", "fr", "2022-02-01")
    rendered = explain(doc)
    assert "'Moscou'" in rendered and "metonymy" in rendered


def test_linker_runs_on_every_example(pipeline: Pipeline) -> None:
    for path in sorted((ROOT / "examples").glob("*.txt")):
        doc = pipeline(RawArticle(data=path.read_bytes(), source=str(path)))
        assert doc.error is None, path
        assert not [w for w in doc.warnings if "stage entities failed" in w], path
        for entity in doc.entities:
            for mention in entity.mentions:
                assert doc.text[mention.start : mention.end] == mention.text


def test_linker_speed_benchmark(pipeline: Pipeline) -> None:
    """Prints linking throughput (mentions/s) over the examples; asserts nothing about it."""
    parsed = []
    for path in sorted((ROOT / "examples").glob("*.txt")):
        doc = Pipeline(pipeline.stages[:3])(RawArticle(data=path.read_bytes(), source=str(path)))
        parsed.append(doc)
    stage = pipeline.stages[3]
    assert isinstance(stage, LinkerStage)
    stage(parsed[0])  # loads the gazetteer, once per process
    rounds = 5
    started = time.perf_counter()
    mentions = 0
    for _ in range(rounds):
        for doc in parsed:
            stage(doc)
            mentions += sum(len(e.mentions) for e in doc.entities)
    elapsed = time.perf_counter() - started
    print(
        f"\nlinking: {mentions / elapsed:,.0f} mentions/s, "
        f"{rounds * len(parsed) / elapsed:,.1f} articles/s ({mentions} mentions)"
    )
