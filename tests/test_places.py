"""The places gazetteer and the choice among homonyms (no spaCy: candidates ranked directly)."""

from __future__ import annotations

import pytest

from dossier.kb import load_kb
from dossier.places.gazetteer import Gazetteer, load_gazetteer
from dossier.places.resolve import (
    Hints,
    PlaceCandidate,
    PlaceContext,
    PlaceMention,
    place_candidates,
    rank,
    resolve_together,
)
from dossier.places.source import source_country


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def candidates(gazetteer: Gazetteer, name: str, language: str = "en") -> list[PlaceCandidate]:
    return place_candidates(name, language=language, kb=load_kb(), gazetteer=gazetteer)


def best(
    gazetteer: Gazetteer,
    name: str,
    context: PlaceContext | None = None,
    hints: Hints | None = None,
    language: str = "en",
) -> PlaceCandidate:
    found = candidates(gazetteer, name, language)
    return rank(found, context or PlaceContext(language), gazetteer, hints)[0].candidate


def context_of(gazetteer: Gazetteer, *names: str) -> PlaceContext:
    context = PlaceContext("en")
    for name in names:
        context.add(best(gazetteer, name))
    return context


def test_places_gazetteer_knows_cities_states_and_us_states(gazetteer: Gazetteer) -> None:
    features = {(p.feature, p.country) for p in gazetteer.lookup("Georgia")}
    assert ("country", "GEO") in features
    assert ("admin1", "USA") in features
    assert gazetteer.lookup("Kharkiv")[0].country == "UKR"


def test_places_gazetteer_matches_abbreviations_only_as_written(gazetteer: Gazetteer) -> None:
    assert [p.name for p in gazetteer.lookup("Ga.")] == ["Georgia"]
    assert all(p.admin1 != "MO" for p in gazetteer.lookup("Mo"))


def test_places_gazetteer_has_provinces_of_other_states(gazetteer: Gazetteer) -> None:
    alberta = gazetteer.lookup("Alberta")
    assert [(p.feature, p.country) for p in alberta] == [("admin1", "CAN")]
    assert gazetteer.lookup("B.C.")[0].country == "CAN"


def test_places_gazetteer_gives_every_country_a_point(gazetteer: Gazetteer) -> None:
    usa = gazetteer.country("USA")
    assert usa is not None and usa.coordinates == pytest.approx((39.76, -98.5))
    france = gazetteer.country("FRA")
    assert france is not None and france.lat == pytest.approx(46.5, abs=1.5)


def test_places_alternate_names_that_are_codes_are_not_indexed(gazetteer: Gazetteer) -> None:
    assert not gazetteer.lookup("APC")


def test_places_bare_country_name_is_the_state(gazetteer: Gazetteer) -> None:
    assert best(gazetteer, "Georgia").id == "GEO"


def test_places_georgia_among_us_places_is_the_us_state(gazetteer: Gazetteer) -> None:
    context = context_of(gazetteer, "Alabama", "Tennessee", "Atlanta")
    chosen = best(gazetteer, "Georgia", context)
    assert (chosen.feature, chosen.country) == ("admin1", "USA")


def test_places_georgia_next_to_russia_stays_the_country(gazetteer: Gazetteer) -> None:
    context = context_of(gazetteer, "Russia", "Ukraine", "Texas")
    assert best(gazetteer, "Georgia", context).id == "GEO"


def test_places_georgia_coordinated_with_a_state_is_a_state(gazetteer: Gazetteer) -> None:
    hints = Hints(coordinated=(tuple(candidates(gazetteer, "Ukraine")),))
    context = context_of(gazetteer, "Florida", "Moscow")
    assert best(gazetteer, "Georgia", context, hints).id == "GEO"


def test_places_paris_alone_is_in_france(gazetteer: Gazetteer) -> None:
    assert best(gazetteer, "Paris").country == "FRA"


def test_places_paris_before_texas_is_in_texas(gazetteer: Gazetteer) -> None:
    hints = Hints(qualifiers=tuple(candidates(gazetteer, "Texas")))
    chosen = best(gazetteer, "Paris", hints=hints)
    assert (chosen.country, chosen.admin1) == ("USA", "TX")


def test_places_french_name_of_a_city_in_french(gazetteer: Gazetteer) -> None:
    assert best(gazetteer, "Mexico", language="fr").feature == "city"
    assert best(gazetteer, "Mexico", language="en").feature == "country"


def test_places_capital_known_to_the_kb_keeps_its_kb_id(gazetteer: Gazetteer) -> None:
    geneva = best(gazetteer, "Genève", language="fr")
    assert geneva.id == "place:geneva"
    assert geneva.geonames == 2660646


def test_places_part_of_a_place_is_located_by_it(gazetteer: Gazetteer) -> None:
    chosen = best(gazetteer, "North Texas")
    assert (chosen.name, chosen.country, chosen.precision) == ("North Texas", "USA", "region")


def test_places_region_and_sea_from_the_data_file(gazetteer: Gazetteer) -> None:
    assert best(gazetteer, "mer Noire", language="fr").feature == "water"
    assert best(gazetteer, "Occident", language="fr").kind == "other"


def test_places_unknown_name_has_no_candidate(gazetteer: Gazetteer) -> None:
    assert candidates(gazetteer, "Trévillers-sur-Brâme", "fr") == []


def test_places_ranking_explains_itself(gazetteer: Gazetteer) -> None:
    context = context_of(gazetteer, "Alabama", "Tennessee")
    ranked = rank(candidates(gazetteer, "Georgia"), context, gazetteer)
    assert any("USA named in the article" in r for r in ranked[0].reasons)


def test_places_a_capital_named_elsewhere_does_not_pull_towns_of_its_province(
    gazetteer: Gazetteer,
) -> None:
    # "Londres accuse Moscou…; Washington a promis une réponse": London stands for the UK
    # government, so it is no evidence for Washington, Tyne and Wear.
    context = context_of(gazetteer, "London", "Moscow", "United States")
    assert best(gazetteer, "Washington", context).country == "USA"


def test_places_tiny_territory_does_not_outrank_a_city_of_its_name(gazetteer: Gazetteer) -> None:
    # Norfolk Island has 1,700 inhabitants; Norfolk, Virginia, 240,000.
    assert best(gazetteer, "Norfolk").country == "USA"
    # A territory with no namesake is still itself.
    assert best(gazetteer, "Greenland").country == "GRL"


def test_places_conflict_regions_from_the_data_file(gazetteer: Gazetteer) -> None:
    darfur = best(gazetteer, "Darfur")
    assert (darfur.feature, darfur.country) == ("region", "SDN")
    assert best(gazetteer, "Haut-Karabakh", language="fr").country == "AZE"
    assert best(gazetteer, "Cachemire", language="fr").country is None


def mention(gazetteer: Gazetteer, name: str) -> PlaceMention:
    return PlaceMention(name.lower(), tuple(candidates(gazetteer, name)))


def test_places_mentions_resolved_together_settle_on_one_reading(gazetteer: Gazetteer) -> None:
    # "Richmond's restaurant was shut by the Vancouver health authority": ranked against the
    # previous round's choices all at once, Richmond (Virginia) and Vancouver (Washington)
    # swap states every round; taken one at a time they settle in British Columbia.
    reading = resolve_together(
        [mention(gazetteer, "Richmond"), mention(gazetteer, "Vancouver")], "en", gazetteer
    )
    assert [(r.candidate.country, r.candidate.admin1) for r in reading] == [
        ("CAN", "02"),
        ("CAN", "02"),
    ]
    assert reading[0].alternatives[0].candidate is reading[0].candidate


def test_places_source_domain_of_the_state_backs_its_towns(gazetteer: Gazetteer) -> None:
    # The London Free Press (lfpress.ca) writes about London, Ontario.
    assert best(gazetteer, "London").country == "GBR"
    home = PlaceContext("en", home=source_country("https://lfpress.ca/news/local"))
    chosen = best(gazetteer, "London", home)
    assert (chosen.country, chosen.admin1) == ("CAN", "08")
    # A small town does not pass a capital for it: Paris on cbc.ca is still in France.
    assert best(gazetteer, "Paris", PlaceContext("en", home="CAN")).country == "FRA"


def test_places_source_country_reads_country_code_domains_only() -> None:
    assert source_country("http://www.independent.ie/news/1.html") == "IRL"
    assert source_country("https://www.bbc.co.uk/news") == "GBR"
    assert source_country("civil.ge/eng/article") == "GEO"
    # Generic domains, and country codes sold as generic ones, name no state.
    assert source_country("https://www.cnn.com/2017/04/21/") is None
    assert source_country("https://news.example.tv/a") is None
    assert source_country("http://localhost:8000/a") is None
    assert source_country(None) is None


def test_places_facility_named_after_a_place_is_located_there(gazetteer: Gazetteer) -> None:
    jail = best(gazetteer, "Titus County Jail")
    assert (jail.name, jail.country, jail.admin1) == ("Titus County Jail", "USA", "TX")
    assert best(gazetteer, "Huntsville City").country == "USA"
    office = best(gazetteer, "Titus County Sheriff's Office")
    assert (office.country, office.admin1) == ("USA", "TX")
    assert best(gazetteer, "Kermanshah province").country == "IRN"
    # Only office and building words: a restaurant is not in the city it is named after.
    assert candidates(gazetteer, "Yokohama Japanese Restaurant") == []


def test_places_irish_counties_are_places(gazetteer: Gazetteer) -> None:
    for name in ("Tipperary", "County Tipperary", "Co. Clare"):
        found = best(gazetteer, name)
        assert (found.feature, found.country) == ("admin2", "IRL"), name


def test_places_islands_bays_and_occupied_regions_from_the_data_file(
    gazetteer: Gazetteer,
) -> None:
    assert [
        (best(gazetteer, n).feature, best(gazetteer, n).country)
        for n in ("North Island", "Aleutian Islands", "Delaware Bay", "Golan Heights")
    ] == [("region", "NZL"), ("region", "USA"), ("water", "USA"), ("region", "SYR")]


def test_places_bare_islamic_republic_is_iran_and_full_names_their_state() -> None:
    kb = load_kb()
    assert [e.id for e in kb.lookup("the Islamic Republic")] == ["IRN"]
    assert [e.id for e in kb.lookup("République islamique")] == ["IRN"]
    assert [e.id for e in kb.lookup("Islamic Republic of Pakistan")] == ["PAK"]


def test_places_subdivision_known_only_by_its_data_file_names(gazetteer: Gazetteer) -> None:
    # ISO's "North-West" is all generic words; the data file names the province.
    north_west = best(gazetteer, "North West", PlaceContext("en", home="ZAF"))
    assert (north_west.feature, north_west.country) == ("admin1", "ZAF")
    # A direction before a construct is no part of it: "North West" is not "the West".
    assert all(c.feature != "construct" for c in candidates(gazetteer, "North West"))


def test_places_philippine_provinces_are_places(gazetteer: Gazetteer) -> None:
    # A Philippine paper's "Laguna" is the province, not Laguna, California.
    laguna = best(gazetteer, "Laguna", PlaceContext("en", home="PHL"))
    assert (laguna.feature, laguna.country) == ("admin2", "PHL")


def test_places_west_coast_is_the_us_one(gazetteer: Gazetteer) -> None:
    coast = best(gazetteer, "West Coast")
    assert (coast.feature, coast.country) == ("region", "USA")


def test_places_territory_iso_lists_twice_is_the_state(gazetteer: Gazetteer) -> None:
    # ISO 3166-2 also lists Taiwan as a province of China: next to China it stays Taiwan.
    assert best(gazetteer, "Taiwan", context_of(gazetteer, "China", "Beijing")).country == "TWN"
