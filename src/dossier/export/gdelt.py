"""GDELT-like TSV: the 61 columns of a GDELT 2.0 event file, in order, with no header (as
GDELT's ``*.export.CSV`` files, so their loaders read it), plus a sidecar TSV with a header
that ties each ``GLOBALEVENTID`` to our event, its status and evidence.

How our records fill GDELT's columns:

- ``GLOBALEVENTID``: the first 60 bits of sha256(article id, event index), so a re-export
  gives the same ids; ``SQLDATE`` etc.: the event's first day (its article's day when it
  has no date of its own); ``FractionDate`` = year + (month × 30 + day) / 365, as GDELT.
- ``Actor1Code`` = PLOVER code (ISO alpha-3 for states) + sector (``USAGOV``), as CAMEO
  actor codes are built; ``Actor1Name`` upper-cased; ``Actor1Type1Code`` = the sector.
- ``EventCode``: the CAMEO code of the PLOVER type and mode (:data:`CAMEO`, after the
  CAMEO 1.1b3 manual); ``EventBaseCode``/``EventRootCode`` its first 3 and 2 digits.
- ``QuadClass``: PLOVER's quad class; ``GoldsteinScale``: the PLOVER score of the type from
  ``data/ontology.yaml`` (the same −10…+10 scale, per type rather than per CAMEO code).
- ``NumMentions``: evidence sentences; ``NumSources``, ``NumArticles``: 1 (one article's
  event). ``AvgTone``: empty (not measured). ``IsRootEvent``: 1 when the first evidence is
  in the lead (the first two lines).
- ``ActionGeo_*``: the event's place. ``Type``: 1 country, 2 US state, 3 US city, 4 world
  city, 5 world region, as GDELT; ``CountryCode``: FIPS 10-4 through
  ``data/fips_iso.csv``; ``ADM1Code``: the FIPS country code (GDELT's value when the
  first-level division is unknown); ``FeatureID``: the GeoNames id (GDELT uses GNS/GNIS
  ids). ``Actor1Geo_*``/``Actor2Geo_*``: empty — we do not place actors.
- ``DATEADDED``: when the article was stored; ``SOURCEURL``: its URL (else its input).

Only events that happened are written unless ``--status`` says otherwise (GDELT has no
status column; see ``records.HAPPENED``).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any, Final

import duckdb

from ..events.ontology import QUAD_NUMBERS, load_ontology
from ..store.filters import Filters
from .countries import crosswalk
from .records import ExportResult, check_target, event_records, first_evidence, happened_by_default

_ACTOR: Final = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
_GEO: Final = (
    "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"
)  # fmt: skip
GDELT_COLUMNS: Final = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO), "DATEADDED", "SOURCEURL",
)  # fmt: skip
SIDECAR_COLUMNS: Final = (
    "GLOBALEVENTID", "article_id", "event_idx", "event_id", "plover_type", "plover_mode",
    "status", "confidence", "dated_by_article", "evidence",
)  # fmt: skip

# PLOVER type → {mode: CAMEO code}; "" is the type without (or with an unlisted) mode.
CAMEO: Final[dict[str, dict[str, str]]] = {
    "AGREE": {"": "030"},
    "CONSULT": {"": "040", "phone": "041", "visit": "042", "third-party": "044"},
    "SUPPORT": {"": "050"},
    "CONCEDE": {"": "080"},
    "COOPERATE": {"": "060"},
    "AID": {"": "070", "economic": "071", "military": "072", "humanitarian": "073"},
    "RETREAT": {
        "": "087", "release": "084", "access": "086", "ceasefire": "0871",
        "disarm": "0873", "withdraw": "0874", "resign": "0831",
    },
    "REQUEST": {"": "100", "assist": "103", "change": "104", "yield": "105", "meet": "106"},
    "ACCUSE": {"": "112", "disapprove": "111", "allege": "112", "investigate": "090"},
    "REJECT": {"": "120", "assist": "122", "change": "123", "yield": "124", "meet": "125"},
    "THREATEN": {
        "": "130", "restrict": "132", "sanctions": "1312", "relations": "1313",
        "arrest": "137", "expel": "137", "territory": "1382", "violence": "138",
    },
    "PROTEST": {
        "": "140", "demo": "141", "hunger": "142", "strike": "143", "boycott": "143",
        "obstruct": "144", "riot": "145", "vandalize": "145",
    },
    "SANCTION": {"": "160", "discontinue": "161", "withdraw": "166", "expel": "166"},
    "MOBILIZE": {"": "150", "police": "153", "troops": "154", "weapons": "154", "militia": "154"},
    "COERCE": {
        "": "170", "seize": "171", "restrict": "172", "censor": "1721", "curfew": "1723",
        "martial-law": "1724", "arrest": "173", "deport": "174", "cyber": "176",
        "crowd-control": "175",
    },
    "ASSAULT": {
        "": "180", "abduct": "181", "beat": "182", "sexual": "1821", "torture": "1822",
        "explosives": "183", "suicide-attack": "1831", "targeted": "186", "firearms": "193",
        "heavy-weapons": "194", "aerial": "195", "drone": "195", "crowd-control": "175",
        "unconventional": "200",
    },
}  # fmt: skip

_COUNTRY_PRECISION: Final = frozenset({"country"})
_REGION_PRECISION: Final = frozenset({"region", "admin1", "state", "province"})


def cameo_code(kind: str | None, mode: str | None) -> str:
    codes = CAMEO.get((kind or "").upper())
    if not codes:
        return ""
    return codes.get((mode or "").lower(), codes[""])


def global_event_id(article_id: str, event_idx: int) -> int:
    return int(hashlib.sha256(f"{article_id}:{event_idx}".encode()).hexdigest()[:15], 16)


def _actor(party: dict[str, Any] | None) -> list[str]:
    if party is None:
        return [""] * len(_ACTOR)
    code = (party["code"] or party["country"] or "").upper()
    sector = (party["sector"] or "").upper()
    return [code + sector, (party["name"] or "").upper(), (party["country"] or "").upper(),
            "", "", "", "", sector, "", ""]  # fmt: skip


def _geo_type(precision: str | None, iso3: str | None) -> int:
    p = (precision or "").lower()
    if p in _COUNTRY_PRECISION:
        return 1
    if p in _REGION_PRECISION:
        return 2 if iso3 == "USA" else 5
    return 3 if iso3 == "USA" else 4


def _action_geo(record: dict[str, Any]) -> list[str]:
    if record["location_name"] is None:
        return ["0", "", "", "", "", "", "", ""]
    countries = crosswalk()
    iso3 = record["location_country"]
    fips = countries.fips(iso3)
    name = record["location_name"]
    country = countries.name(iso3)
    full = name if not country or name == country else f"{name}, {country}"
    return [
        str(_geo_type(record["location_precision"], iso3)),
        full,
        fips,
        fips,
        "",
        "" if record["latitude"] is None else f"{record['latitude']:.4f}",
        "" if record["longitude"] is None else f"{record['longitude']:.4f}",
        "" if record["geonames"] is None else str(record["geonames"]),
    ]


def gdelt_row(record: dict[str, Any]) -> list[str]:
    ontology = load_ontology()
    day: dt.date | None = record["first_day"]
    known = ontology.types.get(record["type"] or "")
    code = cameo_code(record["type"], record["mode"])
    evidence = first_evidence(record)
    root = evidence is not None and evidence["start_char"] < record["lead_end"]
    actors, recipients = record["actors"], record["recipients"]
    return [
        str(global_event_id(record["article_id"], record["event_idx"])),
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        str(day.year) if day else "",
        f"{day.year + (day.month * 30 + day.day) / 365:.4f}" if day else "",
        *_actor(actors[0] if actors else None),
        *_actor(recipients[0] if recipients else None),
        "1" if root else "0",
        code,
        code[:3],
        code[:2],
        str(QUAD_NUMBERS[known.quad]) if known else "",
        f"{known.score:.1f}" if known else "",
        str(max(1, len(record["evidence"]))),
        "1",
        "1",
        "",
        *([""] * len(_GEO)),
        *([""] * len(_GEO)),
        *_action_geo(record),
        record["ingested_at"].strftime("%Y%m%d%H%M%S"),
        record["url"] or record["input"] or "",
    ]


def sidecar_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.dossier.tsv")


def export_gdelt(
    con: duckdb.DuckDBPyConnection, out: Path, filters: Filters | None = None
) -> ExportResult:
    check_target(out)
    side = sidecar_path(out)
    rows = 0
    with (
        out.open("w", encoding="utf-8", newline="") as f,
        side.open("w", encoding="utf-8", newline="") as g,
    ):
        events = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                            escapechar="\\")  # fmt: skip
        ids = csv.writer(g, delimiter="\t", lineterminator="\n")
        ids.writerow(SIDECAR_COLUMNS)
        for record in event_records(con, happened_by_default(filters)):
            row = gdelt_row(record)
            events.writerow([_clean(cell) for cell in row])
            evidence = first_evidence(record)
            ids.writerow(
                [row[0], record["article_id"], record["event_idx"], record["event_id"],
                 record["type"], record["mode"] or "", record["status"], record["confidence"],
                 record["dated_by_article"], _clean(evidence["sentence"]) if evidence else ""]
            )  # fmt: skip
            rows += 1
    notes = [f"the ids, statuses and evidence of these rows are in {side}"]
    if not (filters and filters.statuses):
        notes.append(
            "only events that happened (asserted, reported, historical) were written: pass "
            "--status to choose others"
        )
    return ExportResult([out, side], rows, notes)


def _clean(cell: str) -> str:
    """GDELT files hold no tabs or line breaks inside a field."""
    return " ".join(cell.split()) if any(c in cell for c in "\t\n\r") else cell
