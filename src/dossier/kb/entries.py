"""The knowledge base's record types: entries (actors and places), their offices, and roles.

Everything here is a frozen dataclass built by the loader from the data files described in
``dossier/data/kb/README.md``; nothing here reads files. Mappings are stored as tuples of
pairs so that records stay hashable and immutable; the ``names_in`` style accessors give the
convenient view.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["person", "organization", "state", "place", "group"]
KINDS: frozenset[str] = frozenset({"person", "organization", "state", "place", "group"})

# PLOVER sectors (ONTOLOGY.md): the frequent ones, then the less frequent ones.
SECTORS: frozenset[str] = frozenset(
    {
        "GOV", "MIL", "COP", "JUD", "LEG", "SPY", "PTY", "REB", "PRM", "UAF", "UNK",
        "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP",
        "PRE", "REL", "SOC",
    }
)  # fmt: skip

# Codes for non-state international actors (ONTOLOGY.md); states and their organs use the
# ISO 3166-1 alpha-3 code of the state instead.
INTERNATIONAL_CODES: frozenset[str] = frozenset({"IGO", "NGO", "MNC", "UNO", "EUR", "ISM", "IMG"})

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day (``2019``, ``2019-06``, ``2019-06-01``)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """From a ``datetime.date``, an int year, or a ``YYYY[-MM[-DD]]`` string.

        Raises ValueError with the value received when it is none of these.
        """
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
            return cls(value)
        if isinstance(value, str):
            m = _DATE.match(value.strip())
            if m:
                year = int(m.group(1))
                month = int(m.group(2)) if m.group(2) else None
                day = int(m.group(3)) if m.group(3) else None
                result = cls(year, month, day)
                result.first_day()  # checks the month and day exist
                return result
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")

    def first_day(self) -> dt.date:
        """The earliest day this partial date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The latest day this partial date can mean."""
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def precision(self) -> Literal["day", "month", "year"]:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True)
class Office:
    """A position held by a person: a role in a country (or in an organisation) over a period.

    ``functions`` lists the functional roles this office fills besides ``role`` itself when
    they differ from the role's defaults (the US president is head of state *and* head of
    government; Iran's is head of government only). ``end`` is None while in office.
    A start is the first day of its period and an end the last day of its period, so an
    office that ends in "2024-03" counts as held on 2024-03-31.
    """

    role: str
    start: PartialDate
    end: PartialDate | None = None
    country: str | None = None
    org: str | None = None
    functions: tuple[str, ...] | None = None
    acting: bool = False
    title: str | None = None
    note: str | None = None

    def held_on(self, day: dt.date) -> bool:
        if day < self.start.first_day():
            return False
        return self.end is None or day <= self.end.last_day()


@dataclass(frozen=True)
class Entry:
    """One actor or place: a person, organisation, state, place (capital, seat) or group.

    ``code`` and ``sector`` are the PLOVER coding of the entry when it acts (for a place:
    what it stands for by metonymy — the Kremlin is RUS GOV). ``country`` is ISO 3166-1
    alpha-3 (a person's nationality, an organ's state, a place's state) or None.
    """

    id: str
    kind: Kind
    name: str
    names: tuple[tuple[str, tuple[str, ...]], ...] = ()
    aliases: tuple[str, ...] = ()
    demonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()
    country: str | None = None
    code: str | None = None
    sector: str | None = None
    wikidata: str | None = None
    alpha2: str | None = None
    dependency_of: str | None = None
    offices: tuple[Office, ...] = ()
    lat: float | None = None
    lon: float | None = None
    geonames: int | None = None
    population: int | None = None
    capital_of: str | None = None
    seat_of: tuple[str, ...] = ()
    parent: str | None = None
    note: str | None = None
    source: str = field(default="", compare=False)

    def names_in(self, lang: str) -> tuple[str, ...]:
        """The names given for one language (ISO 639-1), or ()."""
        for code, values in self.names:
            if code == lang:
                return values
        return ()

    def demonyms_in(self, lang: str) -> tuple[str, ...]:
        for code, values in self.demonyms:
            if code == lang:
                return values
        return ()

    def all_names(self) -> tuple[str, ...]:
        """Every string that names this entry: name, names in all languages, aliases."""
        seen: dict[str, None] = {self.name: None}
        for _, values in self.names:
            seen.update(dict.fromkeys(values))
        seen.update(dict.fromkeys(self.aliases))
        return tuple(seen)

    def all_demonyms(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for _, values in self.demonyms:
            seen.update(dict.fromkeys(values))
        return tuple(seen)

    @property
    def coordinates(self) -> tuple[float, float] | None:
        if self.lat is None or self.lon is None:
            return None
        return (self.lat, self.lon)

    def offices_on(self, day: dt.date) -> tuple[Office, ...]:
        return tuple(o for o in self.offices if o.held_on(day))


@dataclass(frozen=True)
class Title:
    """A word or phrase naming a role, in one language, optionally only for some countries."""

    text: str
    lang: str
    countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    """An office a person holds (``president``, ``foreign_minister``, ``secretary_general``).

    ``is_a`` are the functional roles the office fills by default (a president is a head of
    state, a chancellor a head of government); an Office can override them.
    """

    id: str
    sector: str
    description: str = ""
    is_a: tuple[str, ...] = ()
    titles: tuple[Title, ...] = ()
    many: bool = False  # held by many at once (ambassadors, ministers): a title alone names no one
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class Descriptor:
    """A noun for an unnamed actor ("les soldats", "a senior official") and its sector."""

    id: str
    sector: str
    terms: tuple[Title, ...] = ()
    description: str = ""
    source: str = field(default="", compare=False)
