"""Merging mentions into events, event ids and confidence, on mentions built by hand (no
spaCy model)."""

from __future__ import annotations

from dossier.events.arguments import Arguments
from dossier.events.confidence import combine, evidence_score, probability
from dossier.events.lexicon import load_lexicon
from dossier.events.merge import Mention, event_id, merge_mentions, to_event
from dossier.events.status import StatusResult
from dossier.events.triggers import TriggerMatch
from dossier.model import EventStatus, Evidence, Party, Place, Quantity

RUS = Party(entity="RUS", name="Russia", country="RUS", code="RUS")
UKR = Party(entity="UKR", name="Ukraine", country="UKR", code="UKR")
USA = Party(entity="USA", name="United States", country="USA", code="USA")
FRA = Party(entity="FRA", name="France", country="FRA", code="FRA")


def entry(type_: str = "MOBILIZE") -> object:
    lexicon = load_lexicon("en")
    assert lexicon is not None
    return next(e for e in lexicon.entries if e.type == type_)


def mention(
    start: int,
    *,
    type_: str = "MOBILIZE",
    actors: list[Party] | None = None,
    recipients: list[Party] | None = None,
    status: EventStatus = "asserted",
    sentence: int = 0,
    lemma: str = "deploy",
    date: str | None = None,
    precision: str = "unknown",
    place: Place | None = None,
    money: float | None = None,
) -> Mention:
    found = entry(type_)
    match = TriggerMatch(found, start, (start,), start, start + 5, sentence, lemma)  # type: ignore[arg-type]
    args = Arguments(
        actors=actors or [],
        recipients=recipients or [],
        date=date,
        date_precision=precision,
        location=place,
    )
    if money is not None:
        args.quantities = [
            Quantity(value=money, unit="USD", kind="money", text="$", start=start, end=start + 1)
        ]
    evidence = Evidence(sentence="s", start=start, end=start + 10, trigger="t",
                        trigger_start=start, trigger_end=start + 5)  # fmt: skip
    return Mention(match, type_, None, args, StatusResult(status), evidence, 0.6, False)


def test_events_merge_same_type_and_party_become_one_event_with_two_evidences() -> None:
    groups = merge_mentions([mention(0, actors=[RUS]), mention(100, actors=[RUS], sentence=3)])
    assert len(groups) == 1
    event = to_event(groups[0], "a" * 64, 0.8)
    assert len(event.evidence) == 2


def test_events_merge_different_actors_stay_apart() -> None:
    groups = merge_mentions([mention(0, actors=[RUS]), mention(100, actors=[USA])])
    assert len(groups) == 2


def test_events_merge_different_types_stay_apart() -> None:
    groups = merge_mentions([mention(0, actors=[RUS]), mention(50, type_="ASSAULT", actors=[RUS])])
    assert len(groups) == 2


def test_events_merge_different_amounts_are_two_events() -> None:
    groups = merge_mentions([
        mention(0, type_="AID", actors=[USA], recipients=[UKR], money=200e6),
        mention(90, type_="AID", actors=[USA], recipients=[UKR], money=450e6),
    ])  # fmt: skip
    assert len(groups) == 2


def test_events_merge_conflicting_days_stay_apart() -> None:
    groups = merge_mentions([
        mention(0, actors=[RUS], date="2022-01-19", precision="day"),
        mention(90, actors=[RUS], date="2022-01-21", precision="day"),
    ])  # fmt: skip
    assert len(groups) == 2


def test_events_merge_month_contains_day() -> None:
    groups = merge_mentions([
        mention(0, actors=[RUS], date="2022-01", precision="month"),
        mention(90, actors=[RUS], date="2022-01-21", precision="day"),
    ])  # fmt: skip
    assert len(groups) == 1
    assert to_event(groups[0], "x", 0.5).date == "2022-01-21"


def test_events_merge_denied_and_asserted_stay_apart() -> None:
    groups = merge_mentions([
        mention(0, type_="ASSAULT", actors=[RUS], status="denied"),
        mention(90, type_="ASSAULT", actors=[RUS], status="asserted"),
    ])  # fmt: skip
    assert len(groups) == 2


def test_events_merge_planned_and_asserted_mentions_give_planned() -> None:
    groups = merge_mentions([
        mention(0, type_="CONSULT", actors=[USA], recipients=[RUS], status="planned"),
        mention(90, type_="CONSULT", actors=[USA], recipients=[RUS]),
    ])  # fmt: skip
    assert to_event(groups[0], "x", 0.5).status == "planned"


def test_events_merge_symmetric_meeting_with_other_partner_stays_apart() -> None:
    groups = merge_mentions([
        mention(0, type_="CONSULT", actors=[USA], recipients=[RUS]),
        mention(90, type_="CONSULT", actors=[USA], recipients=[FRA]),
    ])  # fmt: skip
    assert len(groups) == 2


def test_events_merge_symmetric_meeting_reversed_roles_is_one() -> None:
    groups = merge_mentions([
        mention(0, type_="CONSULT", actors=[USA], recipients=[RUS]),
        mention(90, type_="CONSULT", actors=[RUS], recipients=[USA]),
    ])  # fmt: skip
    assert len(groups) == 1


def test_events_merge_partyless_mention_joins_same_word_event_just_before() -> None:
    groups = merge_mentions([mention(0, actors=[RUS]), mention(90, sentence=1)])
    assert len(groups) == 1
    assert len(groups[0].mentions) == 2


def test_events_merge_partyless_mention_far_away_is_dropped() -> None:
    groups = merge_mentions([mention(0, actors=[RUS]), mention(900, sentence=9)])
    assert len(groups) == 1
    assert len(groups[0].mentions) == 1


def test_events_merge_places_in_different_cities_stay_apart() -> None:
    geneva = Place(name="Geneva", country="CHE", precision="city")
    berlin = Place(name="Berlin", country="DEU", precision="city")
    groups = merge_mentions([
        mention(0, type_="CONSULT", actors=[USA], place=geneva),
        mention(90, type_="CONSULT", actors=[USA], place=berlin),
    ])  # fmt: skip
    assert len(groups) == 2


def test_events_id_is_stable_and_depends_on_type_parties_date_offsets_article() -> None:
    evidence = Evidence(sentence="s", start=3, end=9)
    first = event_id("AID", [USA, UKR], "2022-01-21", evidence, "a")
    assert first == event_id("AID", [UKR, USA], "2022-01-21", evidence, "a")
    assert first != event_id("AID", [USA, UKR], "2022-01-21", evidence, "b")
    assert first != event_id("SANCTION", [USA, UKR], "2022-01-21", evidence, "a")
    assert first.startswith("ev:")


def test_events_confidence_is_a_probability() -> None:
    for score in (0.0, 0.3, 0.7, 1.0):
        assert 0.0 <= probability(score) <= 1.0


def test_events_confidence_grows_with_evidence_score() -> None:
    assert probability(0.8) > probability(0.4)


def test_events_confidence_two_mentions_beat_one() -> None:
    assert combine([0.6, 0.6]) > combine([0.6])
    assert combine([0.99, 0.99, 0.99]) <= 0.99


def test_events_confidence_complete_arguments_score_higher() -> None:
    found = entry("CONSULT")
    both = Arguments(actors=[USA], recipients=[RUS])
    actor_only = Arguments(actors=[USA])
    score_both = evidence_score(found, both, "asserted", 0.9, True)  # type: ignore[arg-type]
    score_one = evidence_score(found, actor_only, "asserted", 0.9, True)  # type: ignore[arg-type]
    assert score_both > score_one


def test_events_confidence_negated_event_scores_lower() -> None:
    found = entry("ASSAULT")
    args = Arguments(actors=[RUS], recipients=[UKR])
    asserted = evidence_score(found, args, "asserted", 0.9, True)  # type: ignore[arg-type]
    negated = evidence_score(found, args, "negated", 0.9, True)  # type: ignore[arg-type]
    assert negated < asserted


def test_events_confidence_fit_recovers_a_monotonic_curve() -> None:
    from dossier.events.confidence import fit_calibration

    samples = [(x / 10, x >= 5) for x in range(11) for _ in range(3)] + [(0.6, False), (0.4, True)]
    slope, intercept = fit_calibration(samples)
    assert slope > 0
    assert -slope < intercept < 0


def test_events_merge_keeps_a_repeated_figure_once() -> None:
    groups = merge_mentions(
        [mention(0, actors=[USA], money=200e6), mention(100, actors=[USA], sentence=3, money=200e6)]
    )
    assert len(groups) == 1
    event = to_event(groups[0], "x", 0.5)
    assert [(q.value, q.start) for q in event.quantities] == [(200e6, 0)]
    assert len(event.evidence) == 2
