"""Query API over a loaded knowledge base: aliases, titles, office holders on a date, fuzzy search.

Look-ups go through :func:`dossier.kb.normalize.normalize_alias`, so "l’Élysée", "Elysee" and
"the Élysée" are one key. Three levels, each tried only when the previous one finds nothing:

1. ``exact``: the normalised key of a name, alias or demonym;
2. ``skeleton``: the key after transliteration folds ("Poutine" → "putin", "Choïgou" →
   "shoigu"; see :func:`dossier.kb.normalize.skeleton`);
3. ``fuzzy``: rapidfuzz's normalised Indel similarity (``fuzz.ratio``) between skeletons (the
   query also with its words reversed), kept when at least :data:`FUZZY_THRESHOLD` and both
   keys have at least :data:`FUZZY_MIN_CHARS` characters.

FUZZY_THRESHOLD was set on the dev list in ``tests/test_kb_search.py``: 47 real misspellings
and transliterations of people in the KB (none an alias) against 47 real, different people
and things with close names. Every positive scored at least 90.9 against its target ("Lloyd
Austen"; most score 92–98) and every negative at most 90.0 against any name ("Mark Miller"
vs. Mark Milley; then 88.9, "John Kelly" vs. John Kerry); 90.5 splits the gap. The gap is
narrow: such pairs are where a misspelling and another person look alike, and a wrong link
costs more than a missed one (the linker can still code an unlinked name by its context).
Short keys are excluded because one letter there is another country ("Iran"/"Iraq",
"Niger"/"Nigeria"). Rerun that test with ``-rP`` before changing either constant, and add
to its lists rather than tuning on one example.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from rapidfuzz import fuzz, process

from .entries import Descriptor, Entry, Office, Role, Title
from .normalize import normalize_alias, skeleton

FUZZY_THRESHOLD = 90.5
FUZZY_MIN_CHARS = 8


@dataclass(frozen=True)
class SearchHit:
    entry: Entry
    key: str
    score: float
    how: Literal["exact", "skeleton", "fuzzy"]


@dataclass(frozen=True)
class Affiliation:
    """How an entry is coded on a day: PLOVER code, country and sector."""

    code: str | None
    country: str | None
    sector: str | None
    office: Office | None = None


class AliasIndex:
    """Normalised key → entry ids, plus the transliteration skeleton of each key.

    Holds only strings and tuples so that a large index stays small: one dict per level.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        keys: dict[str, list[str]] = {}
        for text, entry_id in pairs:
            key = normalize_alias(text)
            if not key:
                continue
            ids = keys.setdefault(key, [])
            if entry_id not in ids:
                ids.append(entry_id)
        self.keys: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in keys.items()}
        skeletons: dict[str, list[str]] = {}
        for key in self.keys:
            skeletons.setdefault(skeleton(key), []).append(key)
        self.skeletons: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in skeletons.items()}

    def __len__(self) -> int:
        return len(self.keys)

    def exact(self, text: str) -> tuple[str, ...]:
        return self.keys.get(normalize_alias(text), ())

    def by_skeleton(self, text: str) -> tuple[tuple[str, str], ...]:
        """(key, entry id) pairs whose skeleton equals the text's."""
        found: list[tuple[str, str]] = []
        for key in self.skeletons.get(skeleton(normalize_alias(text)), ()):
            found.extend((key, i) for i in self.keys[key])
        return tuple(found)

    @cached_property
    def _skeleton_list(self) -> list[str]:
        return list(self.skeletons)

    def fuzzy(self, text: str, limit: int) -> list[tuple[str, float]]:
        """(skeleton, score) pairs at or above FUZZY_THRESHOLD, best first.

        The query is also tried with its words reversed ("Stoltenberg Jens"); sorting the
        words instead (rapidfuzz's token_sort_ratio) was measured worse: it scores
        "Kim Jong-il" 90.9 against "Kim Yo-jong".
        """
        query = skeleton(normalize_alias(text))
        if len(query) < FUZZY_MIN_CHARS:
            return []
        queries = [query]
        words = query.split()
        if len(words) > 1:
            queries.append(" ".join(reversed(words)))
        best: dict[str, float] = {}
        for q in queries:
            for choice, score, _ in process.extract(
                q, self._skeleton_list, scorer=fuzz.ratio, limit=limit, score_cutoff=FUZZY_THRESHOLD
            ):
                if len(choice) >= FUZZY_MIN_CHARS and score > best.get(choice, 0.0):
                    best[choice] = float(score)
        return sorted(best.items(), key=lambda item: -item[1])[:limit]


# Indefinite articles and partitives before a title or a noun ("a senior official",
# « un porte-parole », « des soldats »). Not part of normalize_alias: "UN" there is a name.
_INDEFINITE = re.compile(r"^(?:(?:an?|une?|des|du|de la)\s+|de l'\s*)")


def _noun_key(text: str, table: Mapping[str, object]) -> str:
    """The key of a title or descriptor, without a leading indefinite article if needed."""
    key = normalize_alias(text)
    if key in table:
        return key
    return _INDEFINITE.sub("", key, count=1)


def fuzzy_score(query: str, name: str) -> float:
    """The score :meth:`AliasIndex.fuzzy` gives ``query`` against one name (for measurements)."""
    q = skeleton(normalize_alias(query))
    k = skeleton(normalize_alias(name))
    reversed_q = " ".join(reversed(q.split()))
    return float(max(fuzz.ratio(q, k), fuzz.ratio(reversed_q, k)))


class KnowledgeBase:
    """Entries, roles and descriptors, layered and indexed. Build with :func:`load_kb`."""

    def __init__(
        self,
        entries: Mapping[str, Entry],
        roles: Mapping[str, Role],
        descriptors: Mapping[str, Descriptor],
        *,
        files: tuple[str, ...] = (),
        duplicates: tuple[object, ...] = (),
        overrides: tuple[tuple[str, str, str], ...] = (),
    ) -> None:
        self.entries: Mapping[str, Entry] = dict(entries)
        self.roles: Mapping[str, Role] = dict(roles)
        self.descriptors: Mapping[str, Descriptor] = dict(descriptors)
        self.files = files
        self.duplicates = duplicates
        self.overrides = overrides

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self.entries

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def counts(self) -> dict[str, int]:
        """Number of entries of each kind."""
        result: dict[str, int] = {}
        for entry in self.entries.values():
            result[entry.kind] = result.get(entry.kind, 0) + 1
        return dict(sorted(result.items()))

    # --- indexes, built on first use -------------------------------------------------------

    @cached_property
    def names(self) -> AliasIndex:
        """Names, names in every language and aliases."""
        return AliasIndex((n, e.id) for e in self.entries.values() for n in e.all_names())

    @cached_property
    def demonym_index(self) -> AliasIndex:
        return AliasIndex((d, e.id) for e in self.entries.values() for d in e.all_demonyms())

    @cached_property
    def _titles(self) -> dict[str, list[tuple[Role, Title]]]:
        table: dict[str, list[tuple[Role, Title]]] = {}
        for role in self.roles.values():
            for title in role.titles:
                table.setdefault(normalize_alias(title.text), []).append((role, title))
        return table

    @cached_property
    def _descriptor_terms(self) -> dict[str, list[tuple[Descriptor, Title]]]:
        table: dict[str, list[tuple[Descriptor, Title]]] = {}
        for descriptor in self.descriptors.values():
            for term in descriptor.terms:
                table.setdefault(normalize_alias(term.text), []).append((descriptor, term))
        return table

    @cached_property
    def _offices(self) -> dict[str, list[tuple[Office, Entry]]]:
        """Functional or specific role id → offices that fill it, with their holders."""
        table: dict[str, list[tuple[Office, Entry]]] = {}
        for entry in self.entries.values():
            for office in entry.offices:
                for role_id in self.office_roles(office):
                    table.setdefault(role_id, []).append((office, entry))
        return table

    # --- look-ups ------------------------------------------------------------------------

    def lookup(self, alias: str, *, demonyms: bool = True) -> list[Entry]:
        """Entries named exactly by ``alias`` after normalisation (names first, then demonyms)."""
        ids = list(self.names.exact(alias))
        if demonyms:
            ids.extend(i for i in self.demonym_index.exact(alias) if i not in ids)
        return [self.entries[i] for i in ids]

    def search(self, text: str, limit: int = 5) -> list[SearchHit]:
        """Best entries for a possibly misspelt name: exact, then skeleton, then fuzzy."""
        exact = self.lookup(text)
        if exact:
            key = normalize_alias(text)
            return [SearchHit(e, key, 100.0, "exact") for e in exact[:limit]]
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for index in (self.names, self.demonym_index):
            for key, entry_id in index.by_skeleton(text):
                if entry_id not in seen:
                    seen.add(entry_id)
                    hits.append(SearchHit(self.entries[entry_id], key, 99.0, "skeleton"))
        if hits:
            return hits[:limit]
        scored: list[SearchHit] = []
        for skel, score in self.names.fuzzy(text, limit * 3):
            for key in self.names.skeletons[skel]:
                for entry_id in self.names.keys[key]:
                    if entry_id not in seen:
                        seen.add(entry_id)
                        scored.append(SearchHit(self.entries[entry_id], key, score, "fuzzy"))
        scored.sort(key=lambda h: -h.score)
        return scored[:limit]

    def lookup_title(
        self, title: str, country: str | None = None, lang: str | None = None
    ) -> list[Role]:
        """Roles a title names ("chancelier", "Secretary of State"), for a country if given.

        A title restricted to some countries ("secrétaire d'État" → foreign_minister only for
        USA) is returned only when ``country`` is one of them, or when no country is given.
        Unrestricted titles come after restricted ones that match the country.
        """
        found: list[tuple[bool, Role]] = []
        for role, t in self._titles.get(_noun_key(title, self._titles), []):
            if lang is not None and t.lang != lang:
                continue
            if t.countries and country is not None and country not in t.countries:
                continue
            if all(r.id != role.id for _, r in found):
                found.append((not t.countries, role))
        return [r for _, r in sorted(found, key=lambda f: f[0])]

    def lookup_descriptor(self, text: str, lang: str | None = None) -> list[Descriptor]:
        """Descriptors for a noun naming unnamed actors ("soldats", "senior official").

        Give ``lang`` where a word differs across languages: French "militants" are activists
        (CVL), English "militants" armed (REB).
        """
        found: list[Descriptor] = []
        key = _noun_key(text, self._descriptor_terms)
        for descriptor, term in self._descriptor_terms.get(key, []):
            if (lang is None or term.lang == lang) and descriptor not in found:
                found.append(descriptor)
        return found

    # --- offices -------------------------------------------------------------------------

    def office_roles(self, office: Office) -> tuple[str, ...]:
        """The role itself and the functional roles the office fills."""
        if office.functions is not None:
            functions = office.functions
        else:
            role = self.roles.get(office.role)
            functions = role.is_a if role else ()
        return (office.role, *(f for f in functions if f != office.role))

    def holders(
        self, role: str, country: str | None = None, on: dt.date | None = None
    ) -> list[Entry]:
        """Everyone holding ``role`` in ``country`` on a day, latest start first.

        ``role`` is a role id (``chancellor``) or a functional one (``head_of_government``);
        ``country`` is an ISO alpha-3 code or the id of an organisation (``org:nato``).
        """
        day = on or dt.date.today()
        matches = [
            (office, entry)
            for office, entry in self._offices.get(role, [])
            if (country is None or country in (office.country, office.org)) and office.held_on(day)
        ]
        matches.sort(key=lambda m: (m[0].start.first_day(), not m[0].acting), reverse=True)
        seen: set[str] = set()
        result: list[Entry] = []
        for _, entry in matches:
            if entry.id not in seen:
                seen.add(entry.id)
                result.append(entry)
        return result

    def holder(
        self, role: str, country: str | None = None, on: dt.date | None = None
    ) -> Entry | None:
        """The holder of a role on a day; when two overlap (a handover day, an acting
        president during a suspension), the one whose term started last."""
        found = self.holders(role, country, on)
        return found[0] if found else None

    def holder_by_title(self, title: str, country: str, on: dt.date | None = None) -> Entry | None:
        """The holder of the role a title names: ("chancelier", DEU, day) → the chancellor."""
        for role in self.lookup_title(title, country):
            if role.many:
                continue
            found = self.holder(role.id, country, on)
            if found is not None:
                return found
        return None

    def affiliation(self, entry: Entry, on: dt.date | None = None) -> Affiliation:
        """The code, country and sector of an entry on a day.

        A person in office is coded by the office that started last: in an organisation, by
        the organisation's code, country and sector (the role's sector when it has none); in
        a state, by that state and the role's sector. A person whose offices have all ended is
        ELI (PLOVER's former officials) when the entry's own sector is GOV or MIL; others keep
        the entry's own coding.
        """
        day = on or dt.date.today()
        current = sorted(entry.offices_on(day), key=lambda o: o.start.first_day(), reverse=True)
        if current:
            office = current[0]
            role = self.roles.get(office.role)
            sector = role.sector if role else entry.sector
            org = self.entries.get(office.org) if office.org else None
            if org is not None:
                # The body's own sector wins: a CIA director is SPY, Hamas's leader REB.
                return Affiliation(org.code, org.country, org.sector or sector, office)
            return Affiliation(office.country, office.country, sector, office)
        ended = [o for o in entry.offices if o.end is not None and o.end.last_day() < day]
        if entry.kind == "person" and ended and entry.sector in (None, "GOV", "MIL"):
            return Affiliation(entry.country, entry.country, "ELI")
        return Affiliation(entry.code, entry.country, entry.sector)

    def ambiguous_aliases(self) -> dict[str, list[Entry]]:
        """Keys naming entries of two or more different countries (e.g. "georgia", "congo")."""
        result: dict[str, list[Entry]] = {}
        for index in (self.names, self.demonym_index):
            for key, ids in index.keys.items():
                entries = [self.entries[i] for i in ids]
                countries = {e.country for e in entries if e.country}
                if len(countries) > 1:
                    found = result.setdefault(key, [])
                    found.extend(e for e in entries if e not in found)
        return result
