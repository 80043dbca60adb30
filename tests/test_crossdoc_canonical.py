"""Canonical events and contradictions, from hand-made per-article events."""

from __future__ import annotations

import json

from dossier.crossdoc.canonical import Mention, independent_keys, merge
from dossier.crossdoc.contradictions import (
    Reading,
    disagree,
    event_contradictions,
    interval,
    tracked_figures,
)
from dossier.model import Article, Event, Evidence, Party, Place, Quantity

RUS = Party(entity="Q159", name="Russia", country="RUS", code="RUS")
UKR = Party(entity="Q212", name="Ukraine", country="UKR", code="UKR")
USA = Party(entity="Q30", name="United States", country="USA", code="USA")


def event(
    status: str = "asserted",
    date: str | None = "2022-01-21",
    type_: str = "MOBILIZE",
    actors: tuple[Party, ...] = (RUS,),
    quantities: tuple[Quantity, ...] = (),
) -> Event:
    return Event(
        id=f"{type_}-{status}-{date}",
        type=type_,
        status=status,  # type: ignore[arg-type]
        actors=list(actors),
        recipients=[UKR],
        location=Place(name="Ukraine border", country="UKR"),
        date=date,
        date_precision="day" if date else "unknown",
        quantities=list(quantities),
        evidence=[Evidence(sentence="Troops massed near the border.", start=0, end=30)],
        confidence=0.6,
    )


def troops(value: float, text: str, qualifier: str = "about") -> Quantity:
    return Quantity(
        value=value,
        unit="troops",
        kind="count",
        qualifier=qualifier,  # type: ignore[arg-type]
        text=text,
        start=0,
        end=len(text),
    )


def mention(article: str, ev: Event, source: str, key: str | None = None, idx: int = 0) -> Mention:
    return Mention(article, idx, ev, "story-1", source, "2022-01-21", key or source)


def test_crossdoc_claim_and_denial_are_one_event_with_both_statuses() -> None:
    merged = merge(
        [
            mention("a1", event("asserted"), "Kyiv Post"),
            mention("a2", event("denied"), "TASS"),
            mention("a3", event("reported"), "Reuters"),
        ]
    )
    assert len(merged) == 1
    row = merged[0].row()
    assert row["statuses"] == ["asserted", "denied", "reported"]
    assert (row["article_count"], row["source_count"], row["independent_source_count"]) == (3, 3, 3)
    rows = event_contradictions(merged)
    assert {(r.kind, r.reported) for r in rows} == {
        ("status", "asserted"),
        ("status", "denied"),
        ("status", "reported"),
    }
    assert len({r.contradiction_id for r in rows}) == 1


def test_crossdoc_copies_count_once_with_their_original() -> None:
    keys = independent_keys(
        {"orig": "Agence Presse", "synd": "Regional Site", "other": "Lakeshore"},
        {"synd": "orig"},
    )
    merged = merge(
        [
            mention("orig", event(), "Agence Presse", keys["orig"]),
            mention("synd", event(), "Regional Site", keys["synd"]),
            mention("other", event(), "Lakeshore", keys["other"]),
        ]
    )
    row = merged[0].row()
    assert (row["article_count"], row["source_count"], row["independent_source_count"]) == (3, 3, 2)
    assert row["confidence"] == 0.84  # two independent reports at 0.6: 1 - 0.4²


def test_crossdoc_planned_event_and_different_day_stay_separate() -> None:
    merged = merge(
        [
            mention("a1", event("asserted", "2022-01-21"), "A"),
            mention("a2", event("planned", "2022-01-21"), "B"),
            mention("a3", event("asserted", "2022-02-10"), "C"),
            mention("a4", event("asserted", "2022-01-22", actors=(USA,)), "D"),
        ]
    )
    assert len(merged) == 4


def test_crossdoc_merged_parties_are_listed_once() -> None:
    merged = merge([mention("a1", event(), "A"), mention("a2", event(), "B")])
    actors = json.loads(merged[0].row()["actors"])
    assert [a["name"] for a in actors] == ["Russia"]


def test_crossdoc_event_figures_that_disagree_are_flagged_side_by_side() -> None:
    merged = merge(
        [
            mention("a1", event(quantities=(troops(100_000, "about 100,000 troops"),)), "A"),
            mention("a2", event(quantities=(troops(127_000, "127 000 soldats", "exact"),)), "B"),
        ]
    )
    rows = event_contradictions(merged)
    assert [(r.subject, r.value, r.source) for r in rows] == [
        ("mobilize (troops)", 100_000, "A"),
        ("mobilize (troops)", 127_000, "B"),
    ]


def test_crossdoc_intervals_follow_the_qualifier() -> None:
    assert interval(troops(100_000, "about 100,000")) == (90_000, 110_000)
    assert interval(troops(140, "more than 140", "more_than"))[1] == float("inf")
    assert interval(troops(10_000, "tens of thousands", "vague")) == (10_000, 100_000)


def test_crossdoc_tens_of_thousands_and_about_100000_can_both_be_right() -> None:
    readings = [
        Reading("a", "A", None, troops(10_000, "tens of thousands", "vague")),
        Reading("b", "B", None, troops(100_000, "about 100,000")),
    ]
    assert not disagree(readings)


def test_crossdoc_compatible_estimates_are_not_a_disagreement() -> None:
    readings = [
        Reading("a", "A", None, troops(100_000, "about 100,000")),
        Reading("b", "B", None, troops(105_000, "roughly 105,000")),
        Reading("c", "C", None, troops(90_000, "more than 90,000", "more_than")),
    ]
    assert not disagree(readings)


BORDER_EN = "Roughly 100,000 Russian troops have gathered near Ukraine's border. The navy drills involve some 10,000 personnel."
BORDER_FR = "Selon Kiev, 127 000 soldats russes sont désormais massés près de la frontière."


def _with_troops(key: str, text: str, marks: list[tuple[str, float, str]]) -> Article:
    quantities = []
    for written, value, qualifier in marks:
        at = text.index(written)
        quantities.append(
            Quantity(
                value=value,
                unit="troops",
                kind="count",
                qualifier=qualifier,  # type: ignore[arg-type]
                text=written,
                start=at,
                end=at + len(written),
            )
        )
    return Article(
        id=key * 8,
        text=text,
        language="en",
        source=key.upper(),
        published="2022-01-2" + key[-1:],
        quantities=quantities,
    )


def test_crossdoc_troops_at_the_border_over_time_are_compared_but_drill_personnel_are_not() -> None:
    early = _with_troops(
        "a1", BORDER_EN, [("Roughly 100,000", 100_000, "about"), ("some 10,000", 10_000, "about")]
    )
    later = _with_troops("b5", BORDER_FR, [("127 000", 127_000, "exact")])
    rows = tracked_figures({"story-1": [early, later]})
    assert [(r.subject, r.reported, r.value) for r in rows] == [
        ("troops near the border", "Roughly 100,000", 100_000),
        ("troops near the border", "127 000", 127_000),
    ]
    assert rows[0].start == BORDER_EN.index("Roughly")


def test_crossdoc_agreeing_troop_figures_raise_no_contradiction() -> None:
    a = _with_troops("a1", BORDER_EN, [("Roughly 100,000", 100_000, "about")])
    b = _with_troops("b2", BORDER_EN, [("Roughly 100,000", 100_000, "about")])
    assert tracked_figures({"story-1": [a, b]}) == []


def test_crossdoc_a_part_of_a_figure_is_not_another_estimate() -> None:
    text = (
        "Kiev compte 127 000 soldats russes près de la frontière, dont 106 000 soldats des "
        "forces terrestres."
    )
    part = _with_troops("c3", text, [("127 000", 127_000, "exact"), ("106 000", 106_000, "exact")])
    same = _with_troops("d4", "Kiev counts 127,000 Russian troops near the border.",
                        [("127,000", 127_000, "exact")])  # fmt: skip
    assert tracked_figures({"story-1": [part, same]}) == []
    other = _with_troops("e5", BORDER_EN, [("Roughly 100,000", 100_000, "about")])
    values = {r.value for r in tracked_figures({"story-1": [part, other]})}
    assert values == {127_000, 100_000}
