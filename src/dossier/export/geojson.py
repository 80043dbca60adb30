"""Events as GeoJSON (RFC 7946): a FeatureCollection of Points, one per event with
coordinates, with the place's ``precision`` (city, region, country…) in its properties.

An event without coordinates is left out, and counted: putting it at its country's centre
would draw a precise-looking dot for a vague place (GDELT's centroid problem). With
``centroids=True`` (``--centroids``) an event whose place names a country but has no
coordinates is put at that country's centre — the centre of its populated territory, from
``data/place_centres.yaml`` — and flagged ``"centroid": true``, ``"precision": "country"``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

import duckdb
import yaml

from ..store.errors import ExportError
from ..store.filters import Filters
from .records import ExportResult, check_target, event_records, first_evidence, names

CENTRES_FILE: Final = "place_centres.yaml"


@cache
def country_centres() -> dict[str, tuple[float, float]]:
    """ISO alpha-3 → (lat, lon) of the country's populated centre."""
    ref = resources.files("dossier") / "data" / CENTRES_FILE
    try:
        data: Any = yaml.safe_load(ref.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExportError(
            f"dossier/data/{CENTRES_FILE} is missing, so --centroids has no country centres — "
            "export without --centroids, or reinstall dossier"
        ) from None
    countries = data.get("countries") if isinstance(data, dict) else None
    if not isinstance(countries, dict):
        raise ExportError(f"dossier/data/{CENTRES_FILE} has no 'countries' mapping — reinstall")
    return {str(k): (float(v[0]), float(v[1])) for k, v in countries.items()}


def feature(record: dict[str, Any], *, centroids: bool) -> dict[str, Any] | None:
    lat, lon = record["latitude"], record["longitude"]
    precision = record["location_precision"]
    centroid = False
    if lat is None or lon is None:
        iso3 = record["location_country"]
        if not centroids or not iso3 or iso3 not in country_centres():
            return None
        lat, lon = country_centres()[iso3]
        precision, centroid = "country", True
    evidence = first_evidence(record)
    first, last = record["first_day"], record["last_day"]
    return {
        "type": "Feature",
        "id": f"{record['article_id'][:16]}-{record['event_idx']}",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "event_id": record["event_id"],
            "article_id": record["article_id"],
            "type": record["type"],
            "mode": record["mode"],
            "status": record["status"],
            "date": first.isoformat() if first else None,
            "date_end": last.isoformat() if last and last != first else None,
            "date_precision": record["date_precision"],
            "dated_by_article": record["dated_by_article"],
            "location": record["location_name"],
            "country": record["location_country"],
            "precision": precision,
            "centroid": centroid,
            "geonames": record["geonames"],
            "actors": names(record["actors"]),
            "recipients": names(record["recipients"]),
            "confidence": record["confidence"],
            "evidence": evidence["sentence"] if evidence else None,
            "source": record["source"],
            "url": record["url"],
            "published": record["published"],
        },
    }


def export_geojson(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    filters: Filters | None = None,
    *,
    centroids: bool = False,
) -> ExportResult:
    check_target(out)
    if centroids:
        country_centres()  # fail before writing anything
    features, placeless, at_centre = [], 0, 0
    for record in event_records(con, filters):
        item = feature(record, centroids=centroids)
        if item is None:
            placeless += 1
            continue
        at_centre += item["properties"]["centroid"]
        features.append(item)
    collection = {"type": "FeatureCollection", "features": features}
    out.write_text(json.dumps(collection, ensure_ascii=False) + "\n", encoding="utf-8")
    notes = []
    if placeless:
        hint = "" if centroids else " (--centroids puts those with a country at its centre)"
        notes.append(f"{placeless} events without coordinates left out{hint}")
    if at_centre:
        notes.append(f"{at_centre} events placed at their country's centre (centroid: true)")
    return ExportResult([out], len(features), notes)
