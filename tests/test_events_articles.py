"""Event stage on whole articles: the example article we were given (read in place, never
copied) and the project's examples. Loads spaCy models and the linker, hence slow."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dossier.actors.stage import LinkerStage
from dossier.clean.stage import CleanStage
from dossier.doc import Doc, RawArticle
from dossier.events.stage import EventStage
from dossier.model import Event
from dossier.nlp.stages import LanguageStage, SpacyStage
from dossier.pipeline import Pipeline
from dossier.quantities.stage import QuantityStage
from dossier.quotes.stage import QuoteStage
from dossier.temporal.stage import TimeStage

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
UNREAL = {"hypothetical", "conditional", "denied", "negated"}


@pytest.fixture(scope="module")
def analyse() -> Callable[[Path, str | None], Doc]:
    pipeline = Pipeline(
        [CleanStage(), LanguageStage(), SpacyStage(), TimeStage(), QuantityStage(),
         QuoteStage(), LinkerStage(), EventStage()]
    )  # fmt: skip

    def run(path: Path, published: str | None = None) -> Doc:
        doc = pipeline(RawArticle(path.read_bytes(), str(path), published=published))
        assert doc.error is None
        return doc

    return run


@pytest.fixture(scope="module")
def seed(analyse: Callable[[Path, str | None], Doc], seed_article: Path) -> Doc:
    # The article carries no date; it was published on the day of the Geneva talks.
    return analyse(seed_article, "2022-01-21")


def of_type(doc: Doc, type_: str) -> list[Event]:
    return [e for e in doc.events if e.type == type_]


def has(parties: list[object], code: str, sector: str | None = None) -> bool:
    return any(
        getattr(p, "code", None) == code
        and (sector is None or getattr(p, "sector", None) == sector)
        for p in parties
    )


def test_events_seed_geneva_talks_are_a_planned_consult_between_blinken_and_lavrov(
    seed: Doc,
) -> None:
    talks = [
        e
        for e in of_type(seed, "CONSULT")
        if e.location is not None and e.location.name == "Geneva"
    ]
    assert len(talks) == 1
    event = talks[0]
    names = {p.name for p in [*event.actors, *event.recipients]}
    assert {"Antony Blinken", "Sergey Lavrov"} <= names
    assert (event.date, event.status) == ("2022-01-21", "planned")


def test_events_seed_no_invasion_is_asserted(seed: Doc) -> None:
    assaults = of_type(seed, "ASSAULT")
    assert assaults
    assert all(e.status in UNREAL for e in assaults), [(e.status, e.evidence[0].trigger)
                                                        for e in assaults]  # fmt: skip


def test_events_seed_moscow_denies_an_attack(seed: Doc) -> None:
    assert any(has(e.actors, "RUS") and e.status == "denied" for e in of_type(seed, "ASSAULT"))


def test_events_seed_russian_build_up_is_an_asserted_mobilization(seed: Doc) -> None:
    assert any(
        has(e.actors, "RUS") and e.status == "asserted" and e.quantities
        for e in of_type(seed, "MOBILIZE")
    )


def test_events_seed_naval_exercises_carry_ships_and_troops(seed: Doc) -> None:
    units = {q.unit for e in of_type(seed, "MOBILIZE") for q in e.quantities}
    assert {"ships", "troops"} <= units


def test_events_seed_joint_exercises_with_iran_and_china_are_planned_cooperation(
    seed: Doc,
) -> None:
    joint = [e for e in of_type(seed, "COOPERATE") if has(e.recipients, "IRN")]
    assert len(joint) == 1
    assert has(joint[0].recipients, "CHN")
    assert has(joint[0].actors, "RUS")
    assert joint[0].status == "planned"


def test_events_seed_russian_request_and_american_rejection(seed: Doc) -> None:
    assert any(has(e.actors, "RUS") for e in of_type(seed, "REQUEST"))
    assert any(has(e.actors, "USA") for e in of_type(seed, "REJECT"))


def test_events_seed_biden_threat_is_conditional_and_linked_to_its_quote(seed: Doc) -> None:
    threats = [e for e in of_type(seed, "THREATEN") if has(e.actors, "USA", "GOV")]
    assert len(threats) == 1
    assert has(threats[0].recipients, "RUS")
    assert threats[0].status == "conditional"
    assert any(q.event == threats[0].id for q in seed.quotes)


def test_events_seed_blinken_consults_french_german_british_counterparts_in_berlin(
    seed: Doc,
) -> None:
    berlin = [e for e in of_type(seed, "CONSULT") if e.location and e.location.name == "Berlin"]
    assert len(berlin) == 1
    for code in ("FRA", "DEU", "GBR"):
        assert has(berlin[0].recipients, code, "GOV")


def test_events_seed_aid_amounts_current_and_background(seed: Doc) -> None:
    by_amount = {q.value: e for e in of_type(seed, "AID") for q in e.quantities}
    assert by_amount[200_000_000].status == "asserted"
    assert by_amount[450_000_000].status == "historical"


def test_events_seed_state_department_authorisation(seed: Doc) -> None:
    assert any(has(e.actors, "USA", "GOV") for e in of_type(seed, "AGREE"))
    baltic = [e for e in of_type(seed, "AID") if has(e.actors, "EST")]
    assert baltic
    assert baltic[0].status == "planned"


def test_events_truffle_market_story_has_no_political_event(
    analyse: Callable[[Path, str | None], Doc],
) -> None:
    assert analyse(EXAMPLES / "unrelated_truffle_market_fr.txt", None).events == []


@pytest.mark.parametrize(
    "name",
    [
        "geneva_talks_fr.txt",
        "geneva_talks_en.txt",
        "geneva_talks_fr_syndicated.txt",
        "baltic_weapons_en_translated_copy.txt",
        "us_aid_fr.txt",
        "iran_china_drills_fr.txt",
    ],
)
def test_events_examples_have_events_and_no_asserted_russian_attack(
    analyse: Callable[[Path, str | None], Doc], name: str
) -> None:
    doc = analyse(EXAMPLES / name, None)
    assert doc.events
    for event in of_type(doc, "ASSAULT"):
        if has(event.actors, "RUS"):
            assert event.status in UNREAL, (event.status, event.evidence[0].sentence)


def test_events_geneva_example_talks_asserted_with_both_ministers(
    analyse: Callable[[Path, str | None], Doc],
) -> None:
    doc = analyse(EXAMPLES / "geneva_talks_fr.txt", None)
    talks = [e for e in of_type(doc, "CONSULT") if e.location and e.location.name == "Geneva"]
    assert talks
    names = {p.name for p in [*talks[0].actors, *talks[0].recipients]}
    assert {"Antony Blinken", "Sergey Lavrov"} <= names
    assert talks[0].status == "asserted"
