"""PLOVER JSON Lines: one event per line, with the field names of the PLOVER specification
("JSON Data Fields" in the PLOVER manual, Open Event Data Alliance) where they apply, and
ours beside them (PLOVER invites providers to add named fields).

PLOVER fields written: ``id``, ``has_event``, ``date``, ``enddate``, ``event`` (a list of
one type), ``mode``, ``quad_code``, ``event_scale``, ``source`` and ``recipient`` (lists of
actor objects: ``code``, ``sector``, ``actor_text``, ``identifier_id``,
``identifier_text``), ``event_loc`` (GeoNames field names: ``geonameid``, ``name``,
``latitude``, ``longitude``, ``country code`` (alpha-2), ``cc3``), ``event_text``,
``text_info`` (``start``/``end`` of the first evidence), ``size`` (``dead``, ``injured``,
``arrested`` from the event's figures), ``cite_info``, ``coder``, ``coded_date``.
Ours: ``status``, ``confidence``, ``date_precision``, ``dated_by_article`` (no date of
its own: ``date`` is the article's publication day), ``article_id``, ``event_id``,
``evidence`` (sentences with offsets and triggers), ``quantities``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Final

import duckdb

from .. import __version__
from ..events.ontology import QUAD_NUMBERS, load_ontology
from ..store.filters import Filters
from .countries import crosswalk
from .records import ExportResult, check_target, event_records, first_evidence

CODER: Final = f"dossier {__version__}"
SIZE_UNITS: Final = {"dead": "dead", "killed": "dead", "injured": "injured", "arrested": "arrested"}


def _actor(party: dict[str, Any]) -> dict[str, Any]:
    identifier = party["entity_id"]
    return {
        "code": party["code"] or party["country"],
        "sector": party["sector"],
        "actor_text": party["name"],
        "identifier_id": identifier,
        "identifier_text": party["name"] if identifier else None,
        "country": party["country"],
    }


def _location(record: dict[str, Any]) -> dict[str, Any] | None:
    if record["location_name"] is None:
        return None
    iso3 = record["location_country"]
    country = crosswalk().by_iso3.get(iso3 or "")
    return {
        "geonameid": record["geonames"],
        "name": record["location_name"],
        "latitude": record["latitude"],
        "longitude": record["longitude"],
        "country code": country.iso2 if country else None,
        "cc3": iso3,
        "precision": record["location_precision"],
    }


def _size(quantities: list[dict[str, Any]]) -> dict[str, float] | None:
    size: dict[str, float] = defaultdict(float)
    for q in quantities:
        key = SIZE_UNITS.get((q["unit"] or "").lower())
        if key and q["kind"] == "count" and q["value"] is not None:
            size[key] += q["value"]
    return {k: (int(v) if v.is_integer() else v) for k, v in size.items()} or None


def plover_record(record: dict[str, Any], ontology_version: str) -> dict[str, Any]:
    ontology = load_ontology()
    kind = record["type"]
    known = ontology.types.get(kind)
    evidence = first_evidence(record)
    first, last = record["first_day"], record["last_day"]
    return {
        "id": f"{record['article_id'][:16]}-{record['event_idx']}",
        "has_event": True,
        "date": first.isoformat() if first else None,
        "enddate": last.isoformat() if last and last != first else None,
        "event": [kind],
        "mode": record["mode"],
        "quad_code": QUAD_NUMBERS[known.quad] if known else None,
        "event_scale": known.score if known else None,
        "source": [_actor(p) for p in record["actors"]],
        "recipient": [_actor(p) for p in record["recipients"]],
        "event_loc": _location(record),
        "event_text": [e["sentence"] for e in record["evidence"]],
        "text_info": {"start": evidence["start_char"], "end": evidence["end_char"]}
        if evidence
        else None,
        "size": _size(record["quantities"]),
        "cite_info": {
            "url": record["url"],
            "title": record["title"],
            "language": record["language"],
            "publication": record["source"],
            "coder": CODER,
            "codebook": ontology_version,
        },
        "coder": CODER,
        "coded_date": record["ingested_at"].date().isoformat(),
        # ours
        "status": record["status"],
        "confidence": record["confidence"],
        "date_precision": record["date_precision"],
        "dated_by_article": record["dated_by_article"],
        "article_id": record["article_id"],
        "event_id": record["event_id"],
        "published": record["published"],
        "evidence": record["evidence"],
        "quantities": record["quantities"],
    }


def export_plover(
    con: duckdb.DuckDBPyConnection, out: Path, filters: Filters | None = None
) -> ExportResult:
    check_target(out)
    version = load_ontology().version
    rows = 0
    with out.open("w", encoding="utf-8") as f:
        for record in event_records(con, filters):
            f.write(json.dumps(plover_record(record, version), ensure_ascii=False) + "\n")
            rows += 1
    return ExportResult([out], rows, [])
