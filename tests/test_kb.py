"""Knowledge base: loading, layering, validation, look-ups and office holders on a date."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

from dossier.errors import DataFileError
from dossier.kb import (
    Entry,
    KnowledgeBase,
    PartialDate,
    Problem,
    Role,
    load_kb,
    normalize_alias,
    starts_with_article,
    validate_kb,
)

D = dt.date


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def name(entry: Entry | None) -> str | None:
    return entry.name if entry is not None else None


def ids(entries: Sequence[Entry | Role]) -> list[str]:
    return [e.id for e in entries]


# --- loading ------------------------------------------------------------------------------


def test_kb_builtin_is_loaded_once_per_process() -> None:
    assert load_kb() is load_kb()


def test_kb_builtin_has_every_kind(kb: KnowledgeBase) -> None:
    counts = kb.counts()
    assert counts["state"] == 250  # 249 ISO 3166-1 codes and Kosovo
    assert counts["person"] >= 500
    assert counts["organization"] >= 100
    assert counts["place"] >= 80
    assert counts["group"] >= 40


def test_kb_builtin_validates_without_errors(kb: KnowledgeBase) -> None:
    errors = [p for p in validate_kb(kb) if p.severity == "error"]
    assert errors == [], "\n".join(str(p) for p in errors)


def test_kb_builtin_files_stay_small() -> None:
    folder = Path(__file__).parents[1] / "src" / "dossier" / "data" / "kb"
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert total < 3 * 2**20


def test_kb_state_has_iso_codes_names_and_wikidata(kb: KnowledgeBase) -> None:
    ukraine = kb.entries["UKR"]
    assert (ukraine.kind, ukraine.alpha2, ukraine.country, ukraine.wikidata) == (
        "state",
        "UA",
        "UKR",
        "Q212",
    )
    for lang in ("en", "fr", "de", "es", "it", "pt", "ru", "uk", "el", "ar", "tr", "pl", "zh"):
        assert ukraine.names_in(lang), lang
    assert ukraine.names_in("uk") == ("Україна",)


def test_kb_dependent_territory_names_its_sovereign(kb: KnowledgeBase) -> None:
    assert kb.entries["GRL"].dependency_of == "DNK"
    assert kb.entries["HKG"].dependency_of == "CHN"


def test_kb_person_offices_parse_partial_dates(kb: KnowledgeBase) -> None:
    nuland = kb.entries["person:victoria-nuland"]
    ends = [o.end for o in nuland.offices]
    assert PartialDate(2024, 3) in ends
    assert PartialDate(2024, 3).last_day() == D(2024, 3, 31)


def test_kb_unknown_field_is_a_data_file_error_with_a_suggestion(tmp_path: Path) -> None:
    write(
        tmp_path,
        "bad.yaml",
        """\
        version: 1
        entries:
          - {id: person:x, kind: person, name: X, alias: [Y]}
        """,
    )
    with pytest.raises(DataFileError, match=r"bad\.yaml.*'alias'.*did you mean 'aliases'"):
        load_kb([tmp_path])


def test_kb_bad_date_names_the_entry_and_the_format(tmp_path: Path) -> None:
    write(
        tmp_path,
        "bad.yaml",
        """\
        version: 1
        entries:
          - id: person:x
            kind: person
            name: X
            country: FRA
            offices: [{role: president, start: 21/01/2022}]
        """,
    )
    with pytest.raises(DataFileError, match=r"person:x.*YYYY-MM-DD"):
        load_kb([tmp_path])


def test_kb_wrong_format_version_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "v2.yaml", "version: 2\nentries: []\n")
    with pytest.raises(DataFileError, match="version: 1"):
        load_kb([tmp_path])


def test_kb_missing_user_directory_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no such knowledge-base directory"):
        load_kb([tmp_path / "nope"])


# --- layering -----------------------------------------------------------------------------


def test_kb_user_directory_overrides_and_adds(tmp_path: Path) -> None:
    write(
        tmp_path / "mykb",
        "people.yaml",
        """\
        version: 1
        defaults: {kind: person, country: FRA, sector: GOV}
        entries:
          - id: person:jean-yves-le-drian
            name: Jean-Yves Le Drian (corrected)
            aliases: [JYLD]
            offices: [{role: foreign_minister, start: 2017-05-17, end: 2022-05-20}]
          - id: person:new-minister
            name: Marie Exemple
            offices: [{role: foreign_minister, start: 2030-01-01}]
        """,
    )
    layered = load_kb([tmp_path / "mykb"])
    assert layered.entries["person:jean-yves-le-drian"].name == "Jean-Yves Le Drian (corrected)"
    assert ids(layered.lookup("JYLD")) == ["person:jean-yves-le-drian"]
    assert layered.lookup("Le Drian") == []  # replaced whole: the built-in aliases are gone
    assert name(layered.holder("foreign_minister", "FRA", D(2030, 6, 1))) == "Marie Exemple"
    assert "person:jean-yves-le-drian" in (o[0] for o in layered.overrides)
    builtin = load_kb()
    assert builtin.entries["person:jean-yves-le-drian"].name == "Jean-Yves Le Drian"
    assert len(layered) == len(builtin) + 1


def test_kb_user_roles_layer_over_builtin_roles(tmp_path: Path) -> None:
    write(
        tmp_path,
        "roles.yaml",
        """\
        version: 1
        roles:
          - id: ombudsman
            sector: GOV
            titles: {fr: [médiateur], en: [ombudsman]}
        """,
    )
    layered = load_kb([tmp_path])
    assert ids(layered.lookup_title("le médiateur")) == ["ombudsman"]
    assert "president" in layered.roles


# --- validation ---------------------------------------------------------------------------

BAD_KB = """\
version: 1
entries:
  - {id: person:dup, kind: person, name: First, country: FRA}
  - {id: person:dup, kind: person, name: Second, country: FRA}
  - {id: person:nowhere, kind: person, name: Nowhere, country: XYZ}
  - {id: org:badcode, kind: organization, name: Bad Code, code: UNX}
  - {id: person:qid, kind: person, name: Q, country: FRA, wikidata: "7184"}
  - {id: person:sector, kind: person, name: S, country: FRA, sector: GOVT}
  - id: person:dates
    kind: person
    name: Dates
    country: FRA
    offices: [{role: president, start: 2022-05-01, end: 2021-05-01}]
  - id: person:role
    kind: person
    name: Role
    country: FRA
    offices: [{role: emperor_of_the_moon, start: 2022}]
  - id: person:stateless
    kind: person
    name: Stateless
    offices: [{role: president, start: 2022}]
  - {id: place:ref, kind: place, name: Ref, country: FRA, seat_of: [org:missing]}
  - {id: place:far, kind: place, name: Far, country: FRA, coordinates: [123.0, 2.0]}
  - {id: FRX, kind: state, name: Frx, country: FRA}
  - {id: person:lang, kind: person, name: L, country: FRA, names: {French: Elle}}
  - {id: person:georgia, kind: person, name: Georgia, country: USA}
"""

EXPECTED_KINDS = {
    "duplicate_id": "person:dup",
    "unknown_country": "person:nowhere",
    "unknown_code": "org:badcode",
    "bad_wikidata": "person:qid",
    "unknown_sector": "person:sector",
    "office_dates": "person:dates",
    "unknown_role": "person:role",
    "office_place": "person:stateless",
    "unknown_reference": "place:ref",
    "bad_coordinates": "place:far",
    "state_codes": "FRX",
    "bad_language": "person:lang",
}


@pytest.fixture(scope="module")
def problems(tmp_path_factory: pytest.TempPathFactory) -> list[Problem]:
    folder = tmp_path_factory.mktemp("badkb")
    write(folder, "bad.yaml", BAD_KB)
    return validate_kb(load_kb([folder]))


@pytest.mark.parametrize(("kind", "entry"), sorted(EXPECTED_KINDS.items()))
def test_kb_validator_reports_each_problem_kind(
    problems: list[Problem], kind: str, entry: str
) -> None:
    found = [p for p in problems if p.kind == kind and p.entry == entry]
    assert found, f"no {kind} for {entry}: {[str(p) for p in problems if p.entry == entry]}"
    assert found[0].file.endswith("bad.yaml")
    assert found[0].fix


def test_kb_validator_warns_on_aliases_of_two_countries(problems: list[Problem]) -> None:
    collision = [p for p in problems if p.kind == "alias_collision" and "'georgia'" in p.message]
    assert collision
    assert collision[0].severity == "warning"
    assert "GEO" in collision[0].message and "person:georgia" in collision[0].message


def test_kb_validator_message_names_file_entry_and_fix(problems: list[Problem]) -> None:
    text = str(next(p for p in problems if p.kind == "unknown_country"))
    assert text.startswith("error: ") and "bad.yaml" in text and "person:nowhere" in text
    assert "alpha-3" in text


def test_kb_validator_accepts_user_assigned_code_declared_by_a_state(kb: KnowledgeBase) -> None:
    assert kb.entries["XKX"].alpha2 == "XK"
    assert not [p for p in validate_kb(kb) if "XKX" in p.message and p.severity == "error"]


# --- normalisation and look-ups -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("l’Élysée", "elysee"),
        ("L'OTAN", "otan"),
        ("the White House", "white house"),
        ("la Maison-Blanche", "maison blanche"),
        ("U.S.", "us"),
        ("« Kremlin »", "kremlin"),
        ("d’Ukraine", "ukraine"),
        ("Les", "les"),
    ],
)
def test_kb_normalize_alias(text: str, key: str) -> None:
    assert normalize_alias(text) == key


def test_kb_starts_with_article_says_when_the_key_drops_an_article() -> None:
    assert [starts_with_article(t) for t in ("La Union", "l'Élysée", "The Hague")] == [True] * 3
    # Only the articles the key drops: "Los Angeles" keeps its "los"; "Laguna" has none.
    assert [starts_with_article(t) for t in ("Union", "Los Angeles", "Laguna")] == [False] * 3


@pytest.mark.parametrize(
    ("alias", "expected"),
    [
        ("Etats-Unis", "USA"),
        ("les États-Unis", "USA"),
        ("USA", "USA"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("Russie", "RUS"),
        ("Россия", "RUS"),
        ("Royaume-Uni", "GBR"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("Grande-Bretagne", "GBR"),
        ("Biélorussie", "BLR"),
        ("Bélarus", "BLR"),
        ("Moldavie", "MDA"),
        ("Kiev", "place:kyiv"),
        ("Kyiv", "place:kyiv"),
        ("Kyïv", "place:kyiv"),
        ("Київ", "place:kyiv"),
        ("Moscou", "place:moscow"),
        ("le Kremlin", "place:kremlin"),
        ("the Kremlin", "place:kremlin"),
        ("la Maison-Blanche", "place:white-house"),
        ("the White House", "place:white-house"),
        ("Downing Street", "place:downing-street"),
        ("l'Élysée", "place:elysee"),
        ("Pékin", "place:beijing"),
        ("Varsovie", "place:warsaw"),
        ("Bruxelles", "place:brussels"),
        ("l’OTAN", "org:nato"),
        ("l'Alliance atlantique", "org:nato"),
        ("NATO", "org:nato"),
        ("UE", "org:eu"),
        ("Union européenne", "org:eu"),
        ("ONU", "org:un"),
        ("Nations unies", "org:un"),
        ("HCR", "org:unhcr"),
        ("PAM", "org:wfp"),
        ("OMS", "org:who"),
        ("Conseil de sécurité", "org:unsc"),
        ("OTSC", "org:csto"),
        ("CEDEAO", "org:ecowas"),
        ("AIEA", "org:iaea"),
        ("FMI", "org:imf"),
        ("Banque mondiale", "org:world-bank"),
        ("CPI", "org:icc"),
        ("CIJ", "org:icj"),
        ("département d’État", "gov:usa:state-department"),
        ("Pentagone", "gov:usa:dod"),
        ("ministère russe de la Défense", "gov:rus:mod"),
        ("Sergueï Lavrov", "person:sergey-lavrov"),
        ("Sergei Lavrov", "person:sergey-lavrov"),
        ("Сергей Лавров", "person:sergey-lavrov"),
        ("Poutine", "person:vladimir-putin"),
        ("Путин", "person:vladimir-putin"),
        ("Zelenskyy", "person:volodymyr-zelensky"),
        ("Zelenskiy", "person:volodymyr-zelensky"),
        ("Зеленський", "person:volodymyr-zelensky"),
        ("Tony Blinken", "person:antony-blinken"),
        ("Энтони Блинкен", "person:antony-blinken"),
        ("Sergueï Choïgou", "person:sergei-shoigu"),
        ("Dmitri Peskov", "person:dmitry-peskov"),
        ("Alexandre Loukachenko", "person:alexander-lukashenko"),
        ("Ebrahim Raïssi", "person:ebrahim-raisi"),
        ("Mohammed ben Salmane", "person:mohammed-bin-salman"),
        ("Bachar el-Assad", "person:bashar-al-assad"),
        ("Petro Porochenko", "person:petro-poroshenko"),
        ("Alexeï Navalny", "person:alexei-navalny"),
    ],
)
def test_kb_lookup_french_and_english_variants(
    kb: KnowledgeBase, alias: str, expected: str
) -> None:
    assert ids(kb.lookup(alias))[:1] == [expected]


@pytest.mark.parametrize(
    ("demonym", "state"),
    [
        ("russe", "RUS"),
        ("Russes", "RUS"),
        ("Russians", "RUS"),
        ("américaine", "USA"),
        ("Américains", "USA"),
        ("ukrainiennes", "UKR"),
        ("britanniques", "GBR"),
        ("allemande", "DEU"),
        ("Français", "FRA"),
        ("chinoises", "CHN"),
        ("iranien", "IRN"),
        ("sud-coréens", "KOR"),
        ("Israeli", "ISR"),
    ],
)
def test_kb_lookup_demonyms(kb: KnowledgeBase, demonym: str, state: str) -> None:
    assert ids(kb.lookup(demonym)) == [state]
    assert kb.lookup(demonym, demonyms=False) == []


def test_kb_lookup_returns_every_entry_of_an_ambiguous_name(kb: KnowledgeBase) -> None:
    assert set(ids(kb.lookup("Congo"))) == {"COD", "COG"}


def test_kb_metonym_place_stands_for_a_government(kb: KnowledgeBase) -> None:
    kremlin = kb.lookup("le Kremlin")[0]
    assert (kremlin.kind, kremlin.code, kremlin.sector) == ("place", "RUS", "GOV")
    assert kremlin.seat_of == ("gov:rus:presidency",)
    moscow = kb.entries["place:moscow"]
    assert (moscow.capital_of, moscow.geonames) == ("RUS", 524901)
    assert kb.entries["place:brussels"].code == "EUR"


def test_kb_international_codes(kb: KnowledgeBase) -> None:
    assert (kb.entries["org:nato"].code, kb.entries["org:nato"].wikidata) == ("IGO", "Q7184")
    assert kb.entries["org:unhcr"].code == "UNO"
    assert kb.entries["org:european-commission"].code == "EUR"
    assert (kb.entries["gov:usa:dod"].code, kb.entries["gov:usa:dod"].sector) == ("USA", "MIL")


# --- roles, descriptors, holders --------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "country", "day", "name"),
    [
        ("president", "USA", D(2022, 1, 21), "Joe Biden"),
        ("president", "USA", D(2019, 6, 1), "Donald Trump"),
        ("president", "USA", D(2021, 1, 20), "Joe Biden"),  # handover day: the newcomer
        ("head_of_government", "USA", D(2022, 1, 21), "Joe Biden"),
        ("chancellor", "DEU", D(2022, 1, 21), "Olaf Scholz"),
        ("chancellor", "DEU", D(2021, 6, 1), "Angela Merkel"),
        ("head_of_government", "DEU", D(2021, 6, 1), "Angela Merkel"),
        ("head_of_state", "DEU", D(2022, 1, 21), "Frank-Walter Steinmeier"),
        ("foreign_minister", "USA", D(2022, 1, 21), "Antony Blinken"),
        ("foreign_minister", "RUS", D(2022, 1, 21), "Sergey Lavrov"),
        ("defence_minister", "RUS", D(2022, 1, 21), "Sergei Shoigu"),
        ("defence_minister", "UKR", D(2022, 1, 21), "Oleksii Reznikov"),
        ("head_of_state", "IRN", D(2022, 1, 21), "Ali Khamenei"),
        ("president", "IRN", D(2022, 1, 21), "Ebrahim Raisi"),
        ("secretary_general", "org:nato", D(2022, 1, 21), "Jens Stoltenberg"),
        ("secretary_general", "org:un", D(2022, 1, 21), "António Guterres"),
        ("foreign_minister", "org:eu", D(2022, 1, 21), "Josep Borrell"),
        ("spokesperson", "gov:rus:presidency", D(2022, 1, 21), "Dmitry Peskov"),
        ("head_of_state", "GBR", D(2023, 1, 1), "Charles III"),
        ("president", "KOR", D(2025, 1, 10), "Choi Sang-mok"),  # acting during a suspension
    ],
)
def test_kb_holder_on_a_date(
    kb: KnowledgeBase, role: str, country: str, day: dt.date, name: str
) -> None:
    holder = kb.holder(role, country, day)
    assert holder is not None and holder.name == name


def test_kb_holder_is_none_before_anyone_held_it(kb: KnowledgeBase) -> None:
    assert kb.holder("president", "UKR", D(1800, 1, 1)) is None


def test_kb_the_us_president_resolves_through_alias_and_title(kb: KnowledgeBase) -> None:
    country = kb.lookup("US")[0].country
    assert country == "USA"
    role = kb.lookup_title("president", country, lang="en")[0].id
    assert name(kb.holder(role, country, D(2022, 1, 21))) == "Joe Biden"
    assert name(kb.holder(role, country, D(2019, 6, 1))) == "Donald Trump"


def test_kb_le_chancelier_allemand_resolves_through_demonym_and_title(kb: KnowledgeBase) -> None:
    country = kb.lookup("allemand")[0].country
    assert country == "DEU"
    assert name(kb.holder_by_title("le chancelier", country, D(2022, 1, 21))) == "Olaf Scholz"
    assert name(kb.holder_by_title("le chancelier", country, D(2021, 6, 1))) == "Angela Merkel"


@pytest.mark.parametrize(
    ("title", "country", "role"),
    [
        ("secrétaire d'État", "USA", "foreign_minister"),
        ("chef de la diplomatie", "RUS", "foreign_minister"),
        ("Secretary of State", "USA", "foreign_minister"),
        ("chancellor", "GBR", "finance_minister"),
        ("chancellor", "AUT", "chancellor"),
        ("Premier ministre", "GBR", "prime_minister"),
        ("porte-parole", "RUS", "spokesperson"),
        ("un porte-parole", "USA", "spokesperson"),
        ("chef du Pentagone", "USA", "defence_minister"),
        ("chef d'état-major", "RUS", "army_chief"),
    ],
)
def test_kb_lookup_title_respects_country_restrictions(
    kb: KnowledgeBase, title: str, country: str, role: str
) -> None:
    assert kb.lookup_title(title, country)[0].id == role


def test_kb_country_restricted_title_does_not_apply_elsewhere(kb: KnowledgeBase) -> None:
    assert "foreign_minister" not in ids(kb.lookup_title("secrétaire d'État", "FRA"))
    assert "chancellor" not in ids(kb.lookup_title("chancelier", "GBR"))


@pytest.mark.parametrize(
    ("text", "lang", "sector"),
    [
        ("soldats", "fr", "MIL"),
        ("troupes", "fr", "MIL"),
        ("état-major", "fr", "MIL"),
        ("les forces armées", "fr", "MIL"),
        ("policiers", "fr", "COP"),
        ("juge", "fr", "JUD"),
        ("députés", "fr", "LEG"),
        ("services de renseignement", "fr", "SPY"),
        ("séparatistes", "fr", "REB"),
        ("manifestants", "fr", "CVL"),
        ("opposants", "fr", "OPP"),
        ("journalistes", "fr", "JRN"),
        ("réfugiés", "fr", "REF"),
        ("civils", "fr", "CVL"),
        ("entreprises", "fr", "BUS"),
        ("un haut responsable", "fr", "GOV"),
        ("a senior official", "en", "GOV"),
        ("militants", "en", "REB"),
        ("militants", "fr", "CVL"),
        ("lawmakers", "en", "LEG"),
    ],
)
def test_kb_descriptors_give_sectors(kb: KnowledgeBase, text: str, lang: str, sector: str) -> None:
    assert [d.sector for d in kb.lookup_descriptor(text, lang)][:1] == [sector]


def test_kb_affiliation_follows_the_office_on_the_date(kb: KnowledgeBase) -> None:
    blinken = kb.entries["person:antony-blinken"]
    now = kb.affiliation(blinken, D(2022, 1, 21))
    assert (now.code, now.country, now.sector) == ("USA", "USA", "GOV")
    assert kb.affiliation(blinken, D(2018, 1, 1)).sector == "ELI"  # a former official
    stoltenberg = kb.affiliation(kb.entries["person:jens-stoltenberg"], D(2022, 1, 21))
    assert (stoltenberg.code, stoltenberg.country) == ("IGO", None)
    pompeo = kb.affiliation(kb.entries["person:mike-pompeo"], D(2017, 6, 1))
    assert pompeo.sector == "SPY"  # the CIA's sector wins over the role's
    shoigu = kb.affiliation(kb.entries["person:sergei-shoigu"], D(2022, 1, 21))
    assert (shoigu.code, shoigu.sector) == ("RUS", "MIL")
