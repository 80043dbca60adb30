"""From a mention to what it names: the knowledge base, the gazetteer, or a local actor.

Each mention becomes a :class:`Link`. In order:

1. a nationality noun ("les Russes") is the people of that state (a group coded with it);
2. KB entries found by the alias matcher, or by an exact look-up of spaCy's span, that are
   actors (people, organisations, groups) win when spaCy does not call the span a place;
3. places and states (KB or gazetteer) are ranked by ``dossier.places.resolve`` with the
   article's other places as context — all place mentions are collected first, then ranked;
4. a person-like span the KB does not know exactly is searched with transliteration folds
   and fuzzy matching ("Entoni Blinken", "Sergei Lavrof"; the KB's threshold applies); a
   person still unknown becomes a local person, named as the text names them;
5. an organisation-like span is searched without fuzzy matching (short names collide:
   "Iran"/"Iraq"), then, failing that, it may be a region or a continent spaCy labelled
   ORG ("Europe de l'Est"); otherwise it becomes a local organisation.

Nothing here looks at dates: people are coded on the article's date when the entities are
built (``stage``), after coreference has had its say about their roles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..kb import Entry, KnowledgeBase, normalize_alias
from ..model import EntityKind
from ..places.gazetteer import Gazetteer
from ..places.resolve import (
    Hints,
    PlaceCandidate,
    PlaceMention,
    Ranked,
    place_candidates,
    resolve_together,
)
from .mentions import Label, Mention, RolePhrase

ACTOR_KINDS = frozenset({"person", "organization", "group"})
PLACE_KINDS = frozenset({"state", "place"})
# spaCy's label → KB kinds it agrees with, best first.
_AGREES: dict[str, tuple[str, ...]] = {
    "person": ("person",),
    "organization": ("organization", "group", "state"),
    "place": ("state", "place"),
    "facility": ("place", "organization"),
    "misc": ("group", "organization", "state"),
    "nationality": ("group", "state"),
}


@dataclass(frozen=True, slots=True)
class LocalActor:
    """An actor or place the knowledge base does not hold, coded from the text itself."""

    id: str
    name: str
    kind: EntityKind
    country: str | None = None
    code: str | None = None
    sector: str | None = None
    unresolved: bool = False  # a place no gazetteer knows


@dataclass(frozen=True, slots=True)
class Scored:
    """One candidate of a mention, for ``--explain``."""

    id: str
    name: str
    score: float
    note: str


@dataclass(slots=True)
class Link:
    """A mention (or a description) and what it names; ``how`` and ``reason`` say why."""

    start: int
    end: int
    text: str
    source: str
    label: Label | None = None
    mention: Mention | None = None
    entry: Entry | None = None
    place: PlaceCandidate | None = None
    local: LocalActor | None = None
    role: RolePhrase | None = None
    how: str = ""
    reason: str = ""
    candidates: list[Scored] = field(default_factory=list)

    @property
    def linked(self) -> bool:
        return self.entry is not None or self.place is not None or self.local is not None

    @property
    def referent_id(self) -> str | None:
        if self.local is not None:
            return self.local.id
        if self.place is not None:
            return self.place.id
        return self.entry.id if self.entry is not None else None

    @property
    def is_person(self) -> bool:
        if self.local is not None:
            return self.local.kind == "person"
        return self.entry is not None and self.entry.kind == "person" and self.place is None

    def set_entry(self, entry: Entry, how: str, reason: str) -> None:
        self.entry, self.place, self.local = entry, None, None
        self.how, self.reason = how, reason


def slug(text: str) -> str:
    return normalize_alias(text).replace(" ", "-").replace("'", "")


def people_of(state: Entry) -> LocalActor:
    """The people of a state ("les Russes"): a group coded with the state, no sector."""
    plural = [d for d in state.demonyms_in("en") if d.endswith("s")]
    name = plural[0] if plural else f"people of {state.name}"
    return LocalActor(f"people:{state.id}", name, "group", state.id, state.id, None)


def local_person(name: str) -> LocalActor:
    return LocalActor(f"person:local:{slug(name)}", name, "person")


class Resolver:
    """Links the mentions of one article (a new one per article; the KB and gazetteer are
    shared and loaded once per process)."""

    def __init__(
        self,
        kb: KnowledgeBase,
        gazetteer: Callable[[], Gazetteer],
        language: str | None,
        home: str | None = None,
    ) -> None:
        self.kb = kb
        self._gazetteer = gazetteer
        self.language = language
        self.home = home  # the source's state (dossier.places.source)

    @property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer()

    # --- names ------------------------------------------------------------------------------

    def resolve(self, mentions: Sequence[Mention], parse: Any | None, text: str) -> list[Link]:
        links: list[Link] = []
        pending_places: list[tuple[Link, list[PlaceCandidate]]] = []
        for mention in mentions:
            link = Link(
                mention.start,
                mention.end,
                mention.text,
                "+".join(sorted(mention.origins)),
                mention.label,
                mention,
            )
            links.append(link)
            places = self._resolve_one(link, mention)
            if places is not None:
                pending_places.append((link, places))
        self.main_country: str | None = None
        self._rank_places(pending_places, mentions, parse, text)
        where = self._unresolved_country()
        if where is not None:
            country, why = where
            for link in links:
                local = link.local
                if local is not None and local.unresolved and local.country is None:
                    link.local = replace(local, country=country)
                    link.reason += f"; in {country}, {why}"
        return links

    def _unresolved_country(self) -> tuple[str, str] | None:
        """The state of a place no gazetteer knows: the source's own (a British paper on a
        race at Thruxton), unless most of the article's places lie in another (a Taiwanese
        paper on Sichuan); else the state of most of the article's places."""
        if self.home is not None and self.main_country in (None, self.home):
            return self.home, "the state of the source"
        if self.main_country is not None:
            return self.main_country, "the state of most of the article's places"
        return None

    def _entries(self, mention: Mention) -> list[Entry]:
        ids = mention.entries or tuple(e.id for e in self.kb.lookup(mention.text, demonyms=False))
        return [e for i in ids if (e := self.kb.get(i)) is not None]

    def _resolve_one(self, link: Link, mention: Mention) -> list[PlaceCandidate] | None:
        """Link an actor now; return the place candidates of a place, to rank later."""
        if "demonym" in mention.origins:
            state = self.kb.get(mention.entries[0]) if mention.entries else None
            if state is not None:
                link.local = people_of(state)
                link.how, link.reason = "demonym", f"nationality noun of {state.id}"
            return None
        entries = self._entries(mention)
        label = mention.label
        link.candidates = [Scored(e.id, e.name, 100.0, f"kb {e.kind}") for e in entries]
        actors = [e for e in entries if e.kind in ACTOR_KINDS]
        if label == "nationality":
            groups = [e for e in entries if e.kind == "group"]
            if groups:  # "Russian" as an adjective names no one; "Houthis" a group
                link.set_entry(groups[0], "kb-exact", "a group named by its members")
        elif actors and label not in ("place", "facility"):
            best = _agreeing(actors, label)
            link.set_entry(best, "kb-exact", _why_kind(best, label))
        elif entries or label in ("place", "facility"):
            return self._place_or_fallback(link, mention, entries, actors)
        elif label == "person":
            self._person(link, mention)
        elif label == "organization":
            return self._organization(link, mention)
        return None

    def _place_or_fallback(
        self, link: Link, mention: Mention, entries: Sequence[Entry], actors: Sequence[Entry]
    ) -> list[PlaceCandidate] | None:
        candidates = place_candidates(
            mention.text,
            language=self.language,
            kb=self.kb,
            gazetteer=self.gazetteer,
            entries=[e for e in entries if e.kind in PLACE_KINDS],
        )
        if candidates:
            return candidates
        if actors:
            best = _agreeing(actors, mention.label)
            link.set_entry(best, "kb-exact", _why_kind(best, mention.label))
        elif mention.label == "place":
            ident = f"place:local:{slug(mention.text)}"
            link.local = LocalActor(ident, mention.text, "place", unresolved=True)
            link.how, link.reason = "unresolved", "no gazetteer or KB place has this name"
        else:
            link.how, link.reason = "unlinked", "a building or road no gazetteer knows"
        return None

    def _person(self, link: Link, mention: Mention) -> None:
        hits = [h for h in self.kb.search(mention.text) if h.entry.kind == "person"]
        link.candidates = [Scored(h.entry.id, h.entry.name, h.score, h.how) for h in hits]
        if hits and hits[0].how != "exact":
            best = hits[0]
            link.set_entry(
                best.entry,
                f"kb-{best.how}",
                f"{best.how} match of {mention.text!r} with {best.key!r} ({best.score:.1f})",
            )
            return
        # An unknown person; coreference may still join them to a fuller name.
        link.local = local_person(mention.text)
        link.how, link.reason = "local-person", "a person the KB does not know"

    def _organization(self, link: Link, mention: Mention) -> list[PlaceCandidate] | None:
        hits = [
            h
            for h in self.kb.search(mention.text)
            if h.how == "skeleton" and h.entry.kind in ("organization", "group")
        ]
        if hits:
            link.set_entry(hits[0].entry, "kb-skeleton", f"spelling variant of {hits[0].key!r}")
            return None
        places = [
            c
            for c in place_candidates(
                mention.text, language=self.language, kb=self.kb, gazetteer=self.gazetteer
            )
            if c.feature in ("country", "continent", "region", "water", "construct")
        ]
        if places:
            return places
        link.local = LocalActor(f"org:local:{slug(mention.text)}", mention.text, "organization")
        link.how, link.reason = "local-organization", "an organisation the KB does not know"
        return None

    # --- places -----------------------------------------------------------------------------

    def _rank_places(
        self,
        pending: Sequence[tuple[Link, list[PlaceCandidate]]],
        mentions: Sequence[Mention],
        parse: Any | None,
        text: str,
    ) -> None:
        """Every place mention together: see ``dossier.places.resolve.resolve_together``."""
        by_start = {link.start: candidates for link, candidates in pending}
        places = [
            PlaceMention(
                normalize_alias(link.text),
                tuple(candidates),
                _hints(link, by_start, mentions, parse, text),
            )
            for link, candidates in pending
        ]
        reading = resolve_together(places, self.language, self.gazetteer, self.home)
        self.main_country = _main_country([r.candidate.country for r in reading])
        for (link, _), best in zip(pending, reading, strict=True):
            ranked = best.alternatives or (best,)
            link.place = best.candidate
            link.how = "place"
            link.reason = "; ".join(best.reasons)
            link.candidates = [_scored(r) for r in ranked[:6]]


# An unresolved place is given the state of the article's places when this share of them
# lies in one state (local news: a village of a Kentucky story is in the United States).
MAIN_COUNTRY_SHARE = 0.6
# … when the article has at least this many resolved places to judge by. One is enough: a
# township next to the one town a local paper's story names is in that town's state far more
# often than not (measured: requiring 3, then 2, then 1 resolved place — country accuracy
# LGL 0.970 / 0.972 / 0.973, GeoWebNews 0.976 / 0.976 / 0.976, TR-News unchanged).
MAIN_COUNTRY_MIN = 1


def _main_country(found: Sequence[str | None]) -> str | None:
    countries = [country for country in found if country]
    if len(countries) < MAIN_COUNTRY_MIN:
        return None
    country, count = Counter(countries).most_common(1)[0]
    return country if count / len(countries) >= MAIN_COUNTRY_SHARE else None


def _scored(ranked: Ranked) -> Scored:
    c = ranked.candidate
    where = c.country or "-"
    return Scored(c.id, f"{c.name} ({c.feature}, {where})", ranked.score, "; ".join(ranked.reasons))


def _agreeing(entries: Sequence[Entry], label: Label | None) -> Entry:
    order = _AGREES.get(label or "", ())
    for kind in order:
        for entry in entries:
            if entry.kind == kind:
                return entry
    return entries[0]


def _why_kind(entry: Entry, label: Label | None) -> str:
    if label is None:
        return f"KB name of a {entry.kind}"
    return f"KB name of a {entry.kind}; spaCy says {label}"


def _hints(
    link: Link,
    by_start: dict[int, list[PlaceCandidate]],
    mentions: Sequence[Mention],
    parse: Any | None,
    text: str,
) -> Hints:
    """The place after a comma ("Paris, Texas") and the toponyms coordinated with this one."""
    qualifiers: tuple[PlaceCandidate, ...] = ()
    after = [m for m in mentions if m.start > link.end]
    if after and text:
        nxt = min(after, key=lambda m: m.start)
        between = text[link.end : nxt.start]
        if between.strip() == "," and nxt.start in by_start:
            qualifiers = tuple(by_start[nxt.start])
    coordinated: list[tuple[PlaceCandidate, ...]] = []
    if parse is not None:
        span = parse.char_span(link.start, link.end, alignment_mode="expand")
        if span is not None:
            for token in span.root.conjuncts:
                for mention in mentions:
                    if mention.start <= token.idx < mention.end and mention.start in by_start:
                        coordinated.append(tuple(by_start[mention.start]))
    return Hints(qualifiers, tuple(coordinated))


PlaceOrActor = Literal["place", "actor"]
