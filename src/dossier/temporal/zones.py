"""Time zones after a clock time: "10:30 GMT", "12h00 heure grecque", "11h00 heure locale".

A zone is named by an abbreviation, by a place ("heure de Moscou", "Kyiv time"), by an
adjective ("heure grecque") or as local time, which is the zone of the place the story is at:
the nearest place named before the clock time in the same paragraph, preferring one that
follows a locative preposition ("à Genève", "in Geneva"). Offsets come from the IANA
database for the date of the expression, so summer time is right.

The place table joins, once per process: the city of every IANA zone (Europe/Paris → Paris),
CLDR's localised exemplar cities (Moscou, Bruxelles), every country that has one zone named
in French and English (CLDR, through babel), and data/time_zones.yaml for the rest.
"""

from __future__ import annotations

import re
import unicodedata
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from babel import Locale
from babel.core import get_global

from .lexicon import NamedZones, load_zones
from .patterns import alternation

LOCAL = "LOCAL"
_FIXED_OFFSET = re.compile(r"^[+-]\d\d:\d\d$")
# How far back a local-time expression looks for the place it refers to, within its
# paragraph. 1,500 characters is longer than any paragraph of French TimeBank (the longest
# has 1,442): the limit only guards against unbroken text, where a place named much
# earlier is no longer the scene.
_LOCAL_LOOKBACK = 1500
_CLAUSE_END = re.compile(r"[.!?](?:\s|$)|[\n(;]")
_LOCATIVE = re.compile(r"(?:\b(?:à|a|en|au|aux|in|at|de|near|près\s+de)\s+)$", re.IGNORECASE)


@dataclass(frozen=True)
class ZoneIndex:
    """Place names (as written) → IANA zone, and a pattern that finds them in text."""

    places: dict[str, str]
    folded: dict[str, str]
    place_pattern: re.Pattern[str]


def _fold(name: str) -> str:
    """Case- and accent-insensitive key ("Genève" and "GENEVE" meet)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


@cache
def zone_index() -> ZoneIndex:
    places: dict[str, str] = {}
    available = zoneinfo.available_timezones()
    for zone in sorted(available):
        area, _, city = zone.rpartition("/")
        if area and area not in {"Etc", "SystemV", "US", "Brazil", "Canada", "Chile", "Mexico"}:
            places.setdefault(city.replace("_", " "), zone)
    for language in ("fr", "en"):
        locale = Locale(language)
        for zone, names in locale.time_zones.items():
            city = names.get("city")
            if isinstance(city, str) and zone in available:
                places.setdefault(city, zone)
        territory_zones: Mapping[str, list[str]] = get_global("territory_zones")
        for code, name in locale.territories.items():
            zones = territory_zones.get(code, [])
            if len(zones) == 1 and zones[0] in available and not code.isdigit():
                places.setdefault(name, zones[0])
    places.update(load_zones().places)  # the data file overrides the automatic tables
    names = sorted(places, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
    folded = {_fold(name): zone for name, zone in places.items()}
    return ZoneIndex(places, folded, pattern)


@cache
def zone_suffix_source(language: str) -> str:
    """Regex source of the zone phrases that may follow a clock time in ``language``."""
    table = load_zones()
    parts: list[str] = []
    abbreviations = sorted(table.abbreviations, key=len, reverse=True)
    parts.append("(?-i:" + "|".join(re.escape(a) for a in abbreviations) + r")(?![\w])")
    place = r"[A-ZÀ-Ý][\w'’-]*(?:[\s-][A-ZÀ-Ý][\w'’-]*){0,2}"
    named = table.named.get(language)
    if named is not None:
        if named.adjectives:
            adjectives = alternation(named.adjectives)
            if named.adjective_before:
                parts.append(alternation(named.adjective_before) + r"\s+" + adjectives)
            if named.adjective_after:
                parts.append(adjectives + r"\s+" + alternation(named.adjective_after))
        if named.place_before:
            parts.append(alternation(named.place_before) + r"\s*(?-i:" + place + ")")
        if named.place_after:
            parts.append("(?-i:" + place + r")\s+" + alternation(named.place_after))
    local = table.local.get(language, ())
    if local:
        parts.append(alternation(local))
    return "(?:" + "|".join(parts) + r")(?![\w])"


def resolve_phrase(phrase: str, language: str) -> str | None:
    """The zone a phrase after a clock time names: "+HH:MM", an IANA name, LOCAL or None."""
    text = " ".join(phrase.strip(" ()").split())
    table = load_zones()
    if text in table.abbreviations:
        return table.abbreviations[text]
    if _fold(text) in {_fold(p) for p in table.local.get(language, ())}:
        return LOCAL
    named = table.named.get(language)
    return _named_zone(text, named) if named is not None else None


def _named_zone(text: str, named: NamedZones) -> str | None:
    """ "heure grecque", "Greek time" (adjectives), "heure de Moscou", "Kyiv time" (places)."""
    folded = _fold(text)
    for adjective, zone in named.adjectives.items():
        phrases = [f"{before} {adjective}" for before in named.adjective_before]
        phrases += [f"{adjective} {after}" for after in named.adjective_after]
        if folded in {_fold(p) for p in phrases}:
            return zone
    for before in sorted(named.place_before, key=len, reverse=True):
        if folded.startswith(_fold(before)):
            return place_zone(text[len(before) :].strip(" '’"))
    for after in named.place_after:
        if folded.endswith(" " + _fold(after)):
            return place_zone(text[: -len(after)].strip())
    return None


def place_zone(name: str) -> str | None:
    """The IANA zone of a place name, or None when the place is unknown or spans zones."""
    return zone_index().folded.get(_fold(name))


def local_zone(text: str, position: int) -> str | None:
    """The zone of the place the story is at: a place after a locative preposition in the
    same sentence ("à 15 h heure locale à Kiev"), else the nearest one named before in the
    paragraph, preferring a locative one ("la réunion à Genève … 11h00 heure locale")."""
    index = zone_index()
    clause_end = _CLAUSE_END.search(text, position)  # "(20 h 30 en France)" is another zone
    after_end = clause_end.start() if clause_end else len(text)
    for m in index.place_pattern.finditer(text, position, after_end):
        if _LOCATIVE.search(text[max(0, m.start() - 12) : m.start()]):
            return index.places[m.group(0)]
    start = max(0, position - _LOCAL_LOOKBACK)
    paragraph = text.rfind("\n", start, position)
    window_start = paragraph + 1 if paragraph >= 0 else start
    found = [
        (m.start(), index.places[m.group(0)])
        for m in index.place_pattern.finditer(text, window_start, position)
    ]
    if not found:
        return None
    locative = [(at, zone) for at, zone in found if _LOCATIVE.search(text[max(0, at - 12) : at])]
    return (locative or found)[-1][1]


def utc_offset(zone: str, day: date, hour: int, minute: int) -> str | None:
    """The UTC offset, as "+HH:MM", of a fixed offset or an IANA zone on that day and time."""
    if _FIXED_OFFSET.match(zone):
        return zone
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    moment = datetime(day.year, day.month, day.day, hour % 24, minute, tzinfo=tz)
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
