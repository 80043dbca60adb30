"""Coreference inside one article: names, surnames, titles and counterparts.

Rules, in the order they run:

1. **Apposition.** A name next to a role description ("le secrétaire d'État américain
   Antony Blinken", "Jan Kowalski, the Polish defence minister") takes the role as evidence:
   an unknown person gets the description's country and the role's sector; an unknown
   name whose surname is close to the role's holder's is that holder ("Sergei Lavrof").
2. **Surnames.** A one-word (or shorter) name of a person is the person named in full
   elsewhere in the article with that surname ("Johnson" after "Boris Johnson"), when only
   one person of the article has it.
3. **The date.** Roles are resolved on the article's publication date. Without one, the
   appositions of the article date it: the periods in which each named person held the
   role the text gives them intersect ("Antony Blinken, secretary of state" and "Boris
   Johnson, British prime minister": 2021-01-26 to 2022-09-06; the middle day is used). With
   neither, roles go to their current holders, and the article says so in a warning.
4. **Descriptions.** "le président américain" is first a person of the article who holds
   (or, undated, ever held) that role in that country, the nearest before it; failing
   that, the holder on the date. A title with no country ("le président") is only the
   nearest earlier person of the article with that role. "son homologue russe" holds, in
   Russia, the role of the person just mentioned. Unnamed actors with a nationality ("un
   haut responsable américain", "les responsables russes") are that state's sector
   (government, military, …); a spokesman "du département d'État" speaks for the body.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..kb import Entry, KnowledgeBase, Office, normalize_alias
from ..model import EntityKind
from .mentions import RolePhrase
from .resolve import Link, LocalActor, Scored, local_person

# Surname similarity (rapidfuzz ratio, 0–100) above which an unknown name in apposition to a
# role is that role's holder. Set on the misspellings of tests/test_kb_search.py's dev list:
# surnames alone score 83–95 against their target (one letter off in 6 to 12); unrelated
# surnames of the same role's holders score below 60.
SURNAME_SIMILARITY = 80.0

STATE_ORGAN_SECTORS = frozenset({"MIL", "COP", "SPY", "JUD", "LEG"})
# Display names of a state's unnamed actors by sector: "Russia (government)".
SECTOR_NAMES: dict[str, str] = {
    "GOV": "government", "MIL": "military", "COP": "police", "JUD": "judiciary",
    "LEG": "legislature", "SPY": "intelligence", "PTY": "parties", "REB": "rebels",
    "PRM": "paramilitaries", "UAF": "armed men", "CVL": "civilians", "JRN": "media",
    "OPP": "opposition", "BUS": "business", "LAB": "labour", "REL": "religious",
    "MED": "health workers", "EDU": "education", "REF": "refugees", "CRM": "criminals",
    "ELI": "elites", "AGR": "farmers", "SOC": "civil society",
}  # fmt: skip


@dataclass(frozen=True)
class DateInfo:
    """The day roles are resolved on, and where it came from."""

    day: dt.date | None
    source: str  # "published", "appositions", "none"


# --- 1. apposition --------------------------------------------------------------------------


def apply_appositions(
    links: Sequence[Link], phrases: Sequence[RolePhrase], kb: KnowledgeBase
) -> None:
    by_start = {link.start: link for link in links}
    for phrase in phrases:
        if phrase.name is None:
            continue
        link = by_start.get(phrase.name.start)
        if link is None:
            continue
        link.role = phrase
        if link.local is None or link.local.kind != "person":
            continue
        holder = _holder_with_surname(phrase, link.text, kb)
        if holder is not None:
            link.set_entry(
                holder,
                "apposition-holder",
                f"{phrase.text!r} names {holder.name}, whose surname is close",
            )
            continue
        sector = _phrase_sector(phrase, kb)
        if phrase.country or sector:
            link.local = LocalActor(
                link.local.id, link.local.name, "person", phrase.country, phrase.country, sector
            )
            link.how = "local-person"
            link.reason = f"unknown person; {phrase.text!r} gives {phrase.country} {sector}"


def _phrase_sector(phrase: RolePhrase, kb: KnowledgeBase) -> str | None:
    for role_id in phrase.roles:
        role = kb.roles.get(role_id)
        if role is not None:
            return role.sector
    for descriptor_id in phrase.descriptors:
        descriptor = kb.descriptors.get(descriptor_id)
        if descriptor is not None:
            return descriptor.sector
    return None


def _holder_with_surname(phrase: RolePhrase, name: str, kb: KnowledgeBase) -> Entry | None:
    if not (phrase.country or phrase.org):
        return None
    surname = normalize_alias(name).split()[-1:]
    if not surname:
        return None
    place = phrase.country or phrase.org
    for role in _roles_for(phrase, kb):
        for entry in _everyone_with(kb, role, place):
            theirs = normalize_alias(entry.name).split()[-1]
            if fuzz.ratio(surname[0], theirs) >= SURNAME_SIMILARITY:
                return entry
    return None


def _everyone_with(kb: KnowledgeBase, role: str, place: str | None) -> list[Entry]:
    """Every KB person who ever held ``role`` in ``place`` (a state or an organisation)."""
    found = []
    for entry in kb.entries.values():
        if entry.kind != "person":
            continue
        for office in entry.offices:
            if role in kb.office_roles(office) and place in (office.country, office.org):
                found.append(entry)
                break
    return found


# --- 2. surnames ----------------------------------------------------------------------------


def _surname(text: str) -> str:
    words = normalize_alias(text).split()
    return words[-1] if words else ""


def apply_surnames(links: Sequence[Link]) -> None:
    """Short person names → the one full name of the article with that surname."""
    full: dict[str, set[tuple[str, int]]] = {}
    owners: dict[str, Link] = {}
    for index, link in enumerate(links):
        if not link.is_person or (link.role is not None and link.mention is None):
            continue
        if len(link.text.split()) >= 2 or link.entry is not None:
            key = _surname(link.text)
            ident = link.referent_id or ""
            full.setdefault(key, set()).add((ident, index))
            owners.setdefault(ident, link)
            if link.entry is not None:
                full.setdefault(_surname(link.entry.name), set()).add((ident, index))
    for link in links:
        if link.local is None or link.local.kind != "person" or len(link.text.split()) != 1:
            continue
        found = {ident for ident, _ in full.get(_surname(link.text), set())}
        found.discard(link.local.id)
        if len(found) != 1:
            continue
        owner = owners[found.pop()]
        if owner.entry is not None:
            link.set_entry(owner.entry, "surname", f"surname of {owner.text!r} in this article")
        elif owner.local is not None:
            link.local, link.how = owner.local, "surname"
            link.reason = f"surname of {owner.text!r} in this article"


# --- 3. the date ----------------------------------------------------------------------------


def publication_day(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def implied_day(links: Sequence[Link], kb: KnowledgeBase) -> tuple[dt.date, dt.date] | None:
    """The period consistent with every role the article gives a named KB person."""
    low: dt.date | None = None
    high: dt.date | None = None
    for link in links:
        phrase = link.role
        if link.entry is None or link.entry.kind != "person" or phrase is None:
            continue
        if not (phrase.country or phrase.org) or phrase.former:
            continue
        offices = _matching_offices(link.entry, phrase, kb)
        if not offices:
            continue
        start = min(o.start.first_day() for o in offices)
        ends = [o.end.last_day() if o.end else None for o in offices]
        end = None if None in ends else max(e for e in ends if e is not None)
        low = start if low is None else max(low, start)
        if end is not None:
            high = end if high is None else min(high, end)
    if low is None or high is None or high < low:
        return None
    return low, high


def _matching_offices(entry: Entry, phrase: RolePhrase, kb: KnowledgeBase) -> list[Office]:
    roles = set(_roles_for(phrase, kb))
    return [
        o
        for o in entry.offices
        if roles & set(kb.office_roles(o)) and (phrase.country or phrase.org) in (o.country, o.org)
    ]


def _roles_for(phrase: RolePhrase, kb: KnowledgeBase) -> list[str]:
    """The phrase's roles, those its title restricts to its country first."""
    found = [r.id for r in kb.lookup_title(phrase.title_text, phrase.country)]
    return found or [r for r in phrase.roles if r in kb.roles]


# --- 4. descriptions ------------------------------------------------------------------------


def link_role(link: Link, kb: KnowledgeBase, day: dt.date | None) -> tuple[str, str | None] | None:
    """(role id, state or organisation) of a person link: the text's, else the KB's."""
    phrase = link.role
    if phrase is not None and (phrase.country or phrase.org):
        roles = _roles_for(phrase, kb)
        if roles:
            return roles[0], phrase.country or phrase.org
    entry = link.entry
    if entry is None or entry.kind != "person" or not entry.offices:
        return None
    offices = entry.offices_on(day) if day else ()
    if not offices:
        offices = tuple(sorted(entry.offices, key=lambda o: o.start.first_day())[-1:])
    office = max(offices, key=lambda o: o.start.first_day())
    return office.role, office.country or office.org or entry.country


def resolve_descriptions(
    links: list[Link],
    phrases: Sequence[RolePhrase],
    kb: KnowledgeBase,
    date: DateInfo,
    warn: Callable[[str], None],
) -> None:
    """Add a link for each description that names someone (see rule 4)."""
    for phrase in sorted(phrases, key=lambda p: p.start):
        if phrase.name is not None or phrase.former:
            continue
        link = Link(phrase.start, phrase.end, phrase.text, "role", role=phrase)
        if phrase.counterpart:
            if not phrase.plural:  # "ses homologues européens": several people
                _counterpart(link, links, kb, date, warn)
        elif (
            phrase.roles
            and (phrase.country or phrase.org)
            and not phrase.plural
            and (phrase.definite or phrase.possessive)
        ):
            _role_holder(link, links, kb, date, warn)
            if not link.linked and phrase.org:
                _speaks_for(link, kb)
        elif phrase.roles and not phrase.plural and phrase.definite and not phrase.descriptors:
            _antecedent(link, links, kb, date)
        if not link.linked and phrase.org:
            _speaks_for(link, kb)
        if not link.linked and phrase.country and (phrase.descriptors or phrase.roles):
            _unnamed(link, kb)
        if link.linked:
            links.append(link)
    links.sort(key=lambda x: (x.start, -x.end))


def _persons_before(links: Sequence[Link], position: int) -> list[Link]:
    before = [x for x in links if x.is_person and x.end <= position and x.entry is not None]
    return sorted(before, key=lambda x: -x.start)


def _role_holder(
    link: Link,
    links: Sequence[Link],
    kb: KnowledgeBase,
    date: DateInfo,
    warn: Callable[[str], None],
) -> None:
    phrase = link.role
    assert phrase is not None
    place = phrase.country or phrase.org
    roles = _roles_for(phrase, kb)
    _hold(link, roles, place, links=links, kb=kb, date=date, warn=warn, what=f"{phrase.text!r}")


def _hold(
    link: Link,
    roles: Sequence[str],
    place: str | None,
    *,
    links: Sequence[Link],
    kb: KnowledgeBase,
    date: DateInfo,
    warn: Callable[[str], None],
    what: str,
) -> None:
    """Link to the holder of one of ``roles`` in ``place``: in the article first, then KB."""
    if place is None:
        return
    in_article = [x for x in links if x.is_person and x.entry is not None]
    in_article.sort(key=lambda x: (x.start > link.start, abs(x.start - link.start)))
    for role in roles:
        for other in in_article:
            assert other.entry is not None
            if _holds(other.entry, role, place, date.day, kb):
                when = f"on {date.day}" if date.day else "at some time (the article has no date)"
                link.set_entry(
                    other.entry,
                    "holder-in-article",
                    f"{what}: {other.entry.name}, named in the article, holds {role} "
                    f"in {place} {when}",
                )
                link.candidates.append(
                    Scored(other.entry.id, other.entry.name, 100.0, "in article")
                )
                return
    for role in roles:
        known = kb.roles.get(role)
        if known is not None and known.many:
            # « l'ambassadeur de Russie »: one of many; only the article can say which.
            continue
        holder = kb.holder(role, place, date.day)
        if holder is not None:
            if date.day is None:
                warn(
                    f"{what} was linked to {holder.name}, the current holder of {role} in "
                    f"{place}: the article has no publication date"
                )
            when = f"on {date.day} ({date.source})" if date.day else "today (no date)"
            link.set_entry(holder, "holder", f"{what}: holder of {role} in {place} {when}")
            link.candidates.append(Scored(holder.id, holder.name, 90.0, "KB holder"))
            return


# Generic titles that cover every specific role of their family: "the Russian minister" may
# be the foreign or the defence minister (the family is every role id ending in the suffix).
GENERIC_ROLES: dict[str, tuple[str, frozenset[str]]] = {
    "minister": ("_minister", frozenset({"prime_minister", "deputy_prime_minister"})),
}


def _fills(office: Office, role: str, kb: KnowledgeBase) -> bool:
    roles = kb.office_roles(office)
    if role in roles:
        return True
    family = GENERIC_ROLES.get(role)
    if family is None:
        return False
    suffix, excluded = family
    return any(r.endswith(suffix) and r not in excluded for r in roles)


def _holds(entry: Entry, role: str, place: str, day: dt.date | None, kb: KnowledgeBase) -> bool:
    for office in entry.offices:
        if not _fills(office, role, kb):
            continue
        if place not in (
            office.country,
            office.org,
            entry.country if office.country is None and office.org is None else None,
        ):
            continue
        if day is None or office.held_on(day):
            return True
    return False


def _antecedent(link: Link, links: Sequence[Link], kb: KnowledgeBase, date: DateInfo) -> None:
    """A title without a country: the nearest earlier person of the article with that role."""
    phrase = link.role
    assert phrase is not None
    roles = set(phrase.roles)
    for other in _persons_before(links, link.start):
        assert other.entry is not None
        for office in other.entry.offices:
            fills = any(_fills(office, role, kb) for role in roles)
            if fills and (date.day is None or office.held_on(date.day)):
                link.set_entry(
                    other.entry,
                    "antecedent",
                    f"{phrase.text!r}: {other.entry.name}, named before, holds it",
                )
                return


def _counterpart(
    link: Link,
    links: Sequence[Link],
    kb: KnowledgeBase,
    date: DateInfo,
    warn: Callable[[str], None],
) -> None:
    """« son homologue russe »: the Russian holder of the role of the person just named."""
    phrase = link.role
    assert phrase is not None
    if phrase.country is None:
        return
    for anchor in _persons_before(links, link.start):
        role = link_role(anchor, kb, date.day)
        if role is None or role[1] == phrase.country:
            continue
        assert anchor.entry is not None
        what = f"{phrase.text!r} (counterpart of {anchor.entry.name}, {role[0]})"
        _hold(link, [role[0]], phrase.country, links=links, kb=kb, date=date, warn=warn, what=what)
        if link.linked:
            link.how = "counterpart"
        return


def _unnamed(link: Link, kb: KnowledgeBase) -> None:
    """An unnamed actor of a state: its government, military, police… as one local actor."""
    phrase = link.role
    assert phrase is not None and phrase.country is not None
    state = kb.get(phrase.country)
    sector = None
    for descriptor_id in phrase.descriptors:
        descriptor = kb.descriptors.get(descriptor_id)
        if descriptor is not None:
            sector = descriptor.sector
            break
    if sector is None:
        for role_id in phrase.roles:
            role = kb.roles.get(role_id)
            if role is not None:
                sector = role.sector
                break
    if sector is None or state is None:
        return
    link.local = sector_actor(state, sector)
    link.how = "unnamed"
    link.reason = f"{phrase.text!r}: unnamed {sector} actor of {state.id}"


def sector_actor(state: Entry, sector: str) -> LocalActor:
    """The government (or another sector) of a state as one actor: ``RUS/GOV``."""
    kind: EntityKind = (
        "state"
        if sector == "GOV"
        else ("organization" if sector in STATE_ORGAN_SECTORS else "group")
    )
    name = f"{state.name} ({SECTOR_NAMES.get(sector, sector)})"
    return LocalActor(f"{state.id}/{sector}", name, kind, state.id, state.id, sector)


def _speaks_for(link: Link, kb: KnowledgeBase) -> None:
    """« un porte-parole du département d'État »: the body speaks."""
    phrase = link.role
    assert phrase is not None and phrase.org is not None
    body = kb.get(phrase.org)
    if body is not None:
        link.set_entry(body, "speaks-for", f"{phrase.text!r} speaks for {body.name}")


def unknown_people(links: Sequence[Link]) -> None:
    """Give every local person its longest name in the article (after surname linking)."""
    longest: dict[str, str] = {}
    for link in links:
        if link.local is not None and link.local.kind == "person":
            name = longest.get(link.local.id, "")
            if len(link.text) > len(name):
                longest[link.local.id] = link.text
    for link in links:
        if link.local is not None and link.local.kind == "person":
            name = longest[link.local.id]
            if name != link.local.name:
                link.local = LocalActor(
                    link.local.id,
                    name,
                    "person",
                    link.local.country,
                    link.local.code,
                    link.local.sector,
                )


__all__ = [
    "DateInfo",
    "apply_appositions",
    "apply_surnames",
    "implied_day",
    "link_role",
    "local_person",
    "publication_day",
    "resolve_descriptions",
    "sector_actor",
    "unknown_people",
]
