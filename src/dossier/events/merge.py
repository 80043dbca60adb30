"""Within one article, mentions of the same event become one event with several evidence
spans: the talks announced in the lead and described three paragraphs later, the aid
package named in two sentences.

Two mentions are the same event when they have the same type, compatible modes, parties,
dates, places and statuses:

- parties: for each side (actors, recipients) the sets of codes and entity ids intersect,
  or one side is empty or holds only uncoded described parties; for meetings and joint
  actions (symmetric types) both sides are pooled, since "X met Y" and "Y met X" are one;
- dates: equal, one contains the other ("2022-01" and "2022-01-21"), or one is only the
  publication date (precision ``unknown``);
- places: equal, or the same country where one is a country;
- statuses: equal, or both current (asserted, reported, planned — the merged event
  takes the most specific: planned, then asserted, reported: a mention that places the
  event in the future says more than one without tense cue); background (historical)
  mentions only join background ones, since news and its background are two events; for speech
  acts a conditional mention joins factual ones ("he will pay a heavy price" and, later,
  "… if he invades" are one conditional threat).

Two mentions must also share a party, and their figures must agree (two amounts of aid
are two aid events). Mentions with every argument found are merged first; the others then
join the nearest compatible event in the text. A mention with no party at all ("the
exercises will involve 140 ships") joins an event of its type in its own sentence, or one
named by the same word at most :data:`PARTYLESS_WINDOW` sentences before it, or is
dropped — unless its lexicon entry needs no party (``needs: none``: "a car bomb exploded"),
in which case it is an event of its own with unknown parties.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import Event, EventStatus, Evidence, Party, Place, Quantity
from .arguments import Arguments
from .status import StatusResult
from .triggers import TriggerMatch

__all__ = ["PARTYLESS_WINDOW", "Group", "Mention", "event_id", "merge_mentions"]

# How many sentences back a mention without parties may find the event it belongs to.
# Two: on the example articles the follow-up sentences that add figures or a schedule to an
# event ("Plus de 140 navires … participeront aux exercices") come right after it, while an
# unrelated mention of the same type stands further away ("mettre fin aux exercices").
PARTYLESS_WINDOW = 2

SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
FACTUAL: frozenset[EventStatus] = frozenset({"asserted", "reported", "planned"})
FACTUAL_ORDER: tuple[EventStatus, ...] = ("planned", "asserted", "reported")


@dataclass
class Mention:
    """One trigger with its arguments, status and confidence, before merging."""

    match: TriggerMatch
    type: str
    mode: str | None
    args: Arguments
    status: StatusResult
    evidence: Evidence
    confidence: float
    verbal: bool

    @property
    def has_party(self) -> bool:
        return bool(self.args.actors or self.args.recipients)

    @property
    def complete(self) -> bool:
        a = self.args
        return bool(a.actors and a.recipients) or (
            bool(a.actors) and (a.location is not None or a.date_precision != "unknown")
        )


@dataclass
class Group:
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> Mention:
        return min(self.mentions, key=lambda m: m.match.start)


def _keys(parties: Sequence[Party]) -> set[str]:
    keys: set[str] = set()
    for party in parties:
        if party.code:
            keys.add("code:" + party.code)
        if party.entity:
            keys.add("id:" + party.entity)
    return keys


def _side_ok(a: Sequence[Party], b: Sequence[Party]) -> bool:
    ka, kb = _keys(a), _keys(b)
    return not ka or not kb or bool(ka & kb)


def _parties_ok(m: Mention, g: Group) -> bool:
    """No conflict on either side, and at least one party in common (an uncoded described
    party is common only by name)."""
    actors = [p for x in g.mentions for p in x.args.actors]
    recipients = [p for x in g.mentions for p in x.args.recipients]
    mine = [*m.args.actors, *m.args.recipients]
    theirs = [*actors, *recipients]
    shared = bool(_keys(mine) & _keys(theirs)) or bool(
        {p.name for p in mine if not p.code} & {p.name for p in theirs if not p.code}
    )
    if not shared:
        return False
    if m.type in SYMMETRIC:
        # "X met Y" and "Y met X" are one meeting; X meeting Y and X meeting Z are two.
        common = _keys(mine) & _keys(theirs)
        return not (_keys(mine) - common and _keys(theirs) - common)
    return _side_ok(m.args.actors, actors) and _side_ok(m.args.recipients, recipients)


def _same_figure(m: Mention, g: Group) -> bool:
    """Both name the same amount ("200 millions de dollars"): the same event, whatever
    dates each mention carries (approved in December, announced on Wednesday)."""
    mine = {(q.unit, q.value) for q in m.args.quantities if q.value}
    return any((q.unit, q.value) in mine for x in g.mentions for q in x.args.quantities)


def _figures_ok(m: Mention, g: Group) -> bool:
    """Two different amounts of the same unit are two events ($200M and $450M of aid)."""
    mine: dict[str | None, set[float | None]] = {}
    for quantity in m.args.quantities:
        mine.setdefault(quantity.unit, set()).add(quantity.value)
    for other in g.mentions:
        for quantity in other.args.quantities:
            values = mine.get(quantity.unit)
            if values and quantity.value not in values:
                return False
    return True


def _date_ok(m: Mention, g: Group) -> bool:
    if m.args.date_precision == "unknown" or not m.args.date:
        return True
    for other in g.mentions:
        if other.args.date_precision == "unknown" or not other.args.date:
            continue
        a, b = m.args.date, other.args.date
        if not (a.startswith(b) or b.startswith(a)):
            return False
    return True


def _place_ok(m: Mention, g: Group) -> bool:
    mine = m.args.location
    if mine is None:
        return True
    for other in g.mentions:
        theirs = other.args.location
        if theirs is None or theirs.name == mine.name:
            continue
        same_country = mine.country is not None and mine.country == theirs.country
        if not (same_country and "country" in (mine.precision, theirs.precision)):
            return False
    return True


def _status_ok(m: Mention, g: Group) -> bool:
    for other in g.mentions:
        a, b = m.status.status, other.status.status
        if a == b or (a in FACTUAL and b in FACTUAL):
            continue
        if m.verbal and {a, b} <= FACTUAL | {"conditional"}:
            continue
        return False
    return True


def _mode_ok(m: Mention, g: Group) -> bool:
    modes = {x.mode for x in g.mentions if x.mode}
    return m.mode is None or not modes or m.mode in modes


def compatible(m: Mention, g: Group) -> bool:
    return (
        g.first.type == m.type
        and _mode_ok(m, g)
        and _parties_ok(m, g)
        and (_date_ok(m, g) or _same_figure(m, g))
        and _place_ok(m, g)
        and _status_ok(m, g)
        and _figures_ok(m, g)
    )


def _distance(m: Mention, g: Group) -> int:
    return min(abs(m.match.start - x.match.start) for x in g.mentions)


def merge_mentions(mentions: Sequence[Mention]) -> list[Group]:
    """Groups of mentions, one per event, in text order of their first mention.

    Mentions named by the same word are joined first ("exercices" with "exercices navals"),
    then the groups across words ("déployé" with "rassemblé"), most complete first, each
    into the nearest compatible group — so that a heading joins the paragraph it heads.
    """
    by_word: list[Group] = []
    for mention in sorted((m for m in mentions if m.has_party), key=lambda m: m.match.start):
        candidates = [
            g
            for g in by_word
            if g.first.match.lemma == mention.match.lemma and compatible(mention, g)
        ]
        if candidates:
            min(candidates, key=lambda g: _distance(mention, g)).mentions.append(mention)
        else:
            by_word.append(Group([mention]))
    groups: list[Group] = []
    for group in sorted(by_word, key=lambda g: (not _complete(g), g.first.match.start)):
        candidates = [
            g
            for g in groups
            if all(compatible(m, g) for m in group.mentions)
            and ((_has_actor(group) and _has_actor(g)) or _near(group, g))
        ]
        if candidates:
            target = min(candidates, key=lambda g: min(_distance(m, g) for m in group.mentions))
            target.mentions.extend(group.mentions)
        else:
            groups.append(group)
    for mention in (m for m in mentions if not m.has_party):
        near = [g for g in groups if _partyless_ok(mention, g)]
        if near:
            min(near, key=lambda g: _distance(mention, g)).mentions.append(mention)
        elif mention.match.entry.needs == "none":
            # Unmistakable on its own ("a car bomb exploded"): an event with unknown parties.
            groups.append(Group([mention]))
    for group in groups:
        group.mentions.sort(key=lambda m: m.match.start)
    groups.sort(key=lambda g: g.first.match.start)
    return groups


def _has_actor(group: Group) -> bool:
    return any(m.args.actors for m in group.mentions)


def _near(a: Group, b: Group) -> bool:
    """Groups without an actor ("weapons sent to Ukraine", no sender) merge across words
    only with a neighbour: sharing a recipient says little on its own."""
    return any(
        abs(x.match.sentence - y.match.sentence) <= PARTYLESS_WINDOW
        for x in a.mentions
        for y in b.mentions
    )


def _complete(group: Group) -> bool:
    return any(m.complete for m in group.mentions)


def _partyless_ok(m: Mention, g: Group) -> bool:
    """A mention without parties belongs to an event of its type in the same sentence, or
    to one named by the same word at most PARTYLESS_WINDOW sentences before it."""
    if g.first.type != m.type or not _figures_ok(m, g):
        return False
    lemma = m.match.lemma
    for other in g.mentions:
        if other.match.sentence == m.match.sentence:
            # "fourni 450 millions de dollars d'aide": one event whatever the noun's status.
            return True
    if not _status_ok(m, g):
        return False
    for other in g.mentions:
        if (
            other.match.lemma == lemma
            and 0 < m.match.sentence - other.match.sentence <= PARTYLESS_WINDOW
        ):
            return True
    return False


def _merged_status(group: Group) -> EventStatus:
    # A mention without parties joins for its evidence; its status counts only when it
    # stands in a sentence of its own ("140 navires participeront aux exercices").
    sentences = {m.match.sentence for m in group.mentions if m.has_party}
    statuses = [
        m.status.status for m in group.mentions if m.has_party or m.match.sentence not in sentences
    ]
    if len(set(statuses)) == 1:
        return statuses[0]
    if "conditional" in statuses:
        return "conditional"
    # A mention told in the past tense says it happened: it outweighs a future mention
    # that joined the group ("ont discuté vendredi" and « poursuivre le dialogue »).
    if any(m.status.explicit and m.status.status == "asserted" for m in group.mentions):
        return "asserted"
    for status in FACTUAL_ORDER:
        if status in statuses:
            return status
    return statuses[0] if statuses else group.first.status.status


def _parties(lists: Sequence[Sequence[Party]]) -> list[Party]:
    out: list[Party] = []
    keys: set[str] = set()
    for parties in lists:
        for party in parties:
            key = _keys([party])
            if key and key & keys:
                continue
            if not key and any(p.name == party.name for p in out):
                continue
            keys |= key
            out.append(party)
    if any(p.code for p in out):
        out = [p for p in out if p.code or p.entity]
    return out


def _best_date(group: Group) -> Arguments:
    rank = {"day": 0, "range": 1, "month": 2, "year": 3, "unknown": 9}
    return min((m.args for m in group.mentions), key=lambda a: rank.get(a.date_precision, 5))


def event_id(
    etype: str, parties: Sequence[Party], date: str | None, first: Evidence, article_id: str
) -> str:
    """A stable id: type, sorted party codes and entity ids, date, the first evidence's
    offsets and the article id (sha256 of the text)."""
    keys = sorted(_keys(parties)) or sorted(p.name for p in parties)
    payload = json.dumps([etype, keys, date, [first.start, first.end], article_id])
    return "ev:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def to_event(group: Group, article_id: str, confidence: float) -> Event:
    first = group.first
    actors = _parties([m.args.actors for m in group.mentions])
    recipients = _parties([m.args.recipients for m in group.mentions])
    keys = _keys(actors)
    recipients = [p for p in recipients if not (_keys([p]) & keys)]
    dated = _best_date(group)
    location: Place | None = next(
        (m.args.location for m in group.mentions if m.args.location is not None), None
    )
    # A figure the article repeats ("10 000 soldats" in two paragraphs) is one figure of the
    # event, kept at its first mention; different values stay side by side.
    by_value: dict[tuple[str | None, float | None, float | None], Quantity] = {}
    for mention in group.mentions:
        for quantity in mention.args.quantities:
            figure = (quantity.unit, quantity.value, quantity.value_max)
            if figure not in by_value or quantity.start < by_value[figure].start:
                by_value[figure] = quantity
    quantities = list(by_value.values())
    evidence = []
    spans: set[tuple[int, int | None]] = set()
    for mention in group.mentions:
        key = (mention.evidence.start, mention.evidence.trigger_start)
        if key not in spans:
            spans.add(key)
            evidence.append(mention.evidence)
    mode = next((m.mode for m in group.mentions if m.mode), None)
    return Event(
        id=event_id(first.type, [*actors, *recipients], dated.date, first.evidence, article_id),
        type=first.type,
        mode=mode,
        status=_merged_status(group),
        actors=actors,
        recipients=recipients,
        location=location,
        date=dated.date,
        date_end=dated.date_end,
        date_precision=dated.date_precision,
        quantities=sorted(quantities, key=lambda q: q.start),
        evidence=evidence,
        confidence=confidence,
    )
