"""ACLED-like CSV: ACLED's column names and codes where they apply, then ours.

One row per stored event (per article: canonical cross-article events come later). The
event type comes from the PLOVER → ACLED rules of ``data/plover_to_acled.yaml`` (the ones
``dossier eval`` scores on CASE 2021), turned into ACLED's ``disorder_type``,
``event_type`` and ``sub_event_type`` names; events outside ACLED's scope (diplomacy,
statements) are "Strategic developments / Other", as ACLED files what it keeps of them.

Only events that happened (asserted, reported, historical) are written unless ``--status``
says otherwise: an ACLED row has no place for "conditional" or "denied".

What we cannot fill is left empty, never guessed: ``region`` and ``admin1``–``admin3``
(no administrative geocoding yet), ``source_scale``, ``tags``. ``fatalities`` is the sum of
the event's figures counted in dead, 0 when the article reports none (ACLED's convention).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any, Final

import duckdb

from ..model import Event, Party
from ..store.filters import Filters
from .countries import crosswalk
from .records import (
    ExportResult,
    check_target,
    event_records,
    first_evidence,
    happened_by_default,
    names,
)

ACLED_COLUMNS: Final = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
EXTRA_COLUMNS: Final = (
    "plover_type", "plover_mode", "status", "confidence", "article_id", "event_id", "url",
    "language", "published", "actor1_country", "actor2_country", "evidence_start",
    "evidence_end", "dated_by_article",
)  # fmt: skip
COLUMNS: Final = ACLED_COLUMNS + EXTRA_COLUMNS

# CASE 2021 label (data/plover_to_acled.yaml) → ACLED (disorder_type, event_type,
# sub_event_type), after ACLED's codebook.
PV, DEMO, SD = "Political violence", "Demonstrations", "Strategic developments"
ACLED_TYPES: Final[dict[str, tuple[str, str, str]]] = {
    "ARMED_CLASH": (PV, "Battles", "Armed clash"),
    "GOV_REGAINS_TERIT": (PV, "Battles", "Government regains territory"),
    "NON_STATE_ACTOR_OVERTAKES_TER": (PV, "Battles", "Non-state actor overtakes territory"),
    "CHEM_WEAP": (PV, "Explosions/Remote violence", "Chemical weapon"),
    "AIR_STRIKE": (PV, "Explosions/Remote violence", "Air/drone strike"),
    "SUIC_BOMB": (PV, "Explosions/Remote violence", "Suicide bomb"),
    "ART_MISS_ATTACK": (PV, "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "REM_EXPLOS": (PV, "Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "GRENADE": (PV, "Explosions/Remote violence", "Grenade"),
    "SEX_VIOL": (PV, "Violence against civilians", "Sexual violence"),
    "ATTACK": (PV, "Violence against civilians", "Attack"),
    "ABDUCT_DISSAP": (PV, "Violence against civilians", "Abduction/forced disappearance"),
    "PEACE_PROTEST": (DEMO, "Protests", "Peaceful protest"),
    "PROTEST_WITH_INTER": (DEMO, "Protests", "Protest with intervention"),
    "FORCE_AGAINST_PROTEST": (f"{PV}; {DEMO}", "Protests", "Excessive force against protesters"),
    "VIOL_DEMONSTR": (DEMO, "Riots", "Violent demonstration"),
    "MOB_VIOL": (PV, "Riots", "Mob violence"),
    "AGREEMENT": (SD, SD, "Agreement"),
    "ARREST": (SD, SD, "Arrests"),
    "CHANGE_TO_GROUP_ACT": (SD, SD, "Change to group/activity"),
    "DISR_WEAP": (SD, SD, "Disrupted weapons use"),
    "HQ_ESTABLISHED": (SD, SD, "Headquarters or base established"),
    "PROPERTY_DISTRUCT": (SD, SD, "Looting/property destruction"),
    "NON_VIOL_TERRIT_TRANSFER": (SD, SD, "Non-violent transfer of territory"),
    "OTHER": (SD, SD, "Other"),
}
OUT_OF_SCOPE: Final = (SD, SD, "Other")
"""Labels ACLED has no type for (DIPLO, ATTRIB, ORG_CRIME…), and unmapped events."""

# ACLED actor types (inter codes), from PLOVER sectors.
STATE, REBEL, MILITIA, RIOTERS, PROTESTERS, CIVILIANS, EXTERNAL = 1, 2, 3, 5, 6, 7, 8
STATE_SECTORS: Final = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
CIVILIAN_SECTORS: Final = frozenset(
    {"CVL", "REF", "JRN", "EDU", "MED", "REL", "SOC", "LAB", "AGR", "BUS", "ELI"}
)
INTERNATIONAL_CODES: Final = frozenset({"IGO", "UNO", "EUR", "NGO", "IMG", "ISM", "MNC"})


def _inter(
    party: dict[str, Any] | None, event_country: str | None, kind: str, mode: str | None
) -> int | None:
    """ACLED's actor type of a party, from its PLOVER sector and code (None: unknown)."""
    if party is None:
        return None
    sector, code = (party["sector"] or "").upper(), (party["code"] or "").upper()
    inter: int | None = None
    if code in INTERNATIONAL_CODES:
        inter = EXTERNAL
    elif sector in STATE_SECTORS:
        foreign = party["country"] and event_country and party["country"] != event_country
        inter = EXTERNAL if foreign else STATE
    elif sector == "REB":
        inter = REBEL
    elif sector in ("PRM", "UAF"):
        inter = MILITIA
    elif sector in CIVILIAN_SECTORS or sector in ("PTY", "OPP"):
        if kind == "PROTEST":
            inter = RIOTERS if mode in ("riot", "vandalize") else PROTESTERS
        else:
            inter = CIVILIANS if sector in CIVILIAN_SECTORS else MILITIA
    return inter


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit code: the two actor types, lower first; N0 for one actor alone."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _event(record: dict[str, Any]) -> Event:
    def parties(key: str) -> list[Party]:
        return [
            Party(name=p["name"], country=p["country"], code=p["code"], sector=p["sector"])
            for p in record[key]
            if p["name"]
        ]

    return Event(
        id=record["event_id"] or "",
        type=record["type"] or "",
        mode=record["mode"],
        status=record["status"],
        actors=parties("actors"),
        recipients=parties("recipients"),
        confidence=record["confidence"] or 0.0,
    )


def acled_types(record: dict[str, Any]) -> tuple[str, str, str]:
    from ..evaluation.acled import load_acled_rules

    event = _event(record)
    label = next((rule.label for rule in load_acled_rules() if rule.matches(event)), None)
    return ACLED_TYPES.get(label or "", OUT_OF_SCOPE)


def _time_precision(record: dict[str, Any]) -> int:
    """ACLED: 1 the day is known, 2 the week, 3 the month or less."""
    if record["dated_by_article"]:
        return 3
    first, last = record["first_day"], record["last_day"]
    if first and last and first == last:
        return 1
    if first and last and (last - first).days <= 7:
        return 2
    return 3


def _geo_precision(precision: str | None) -> int | None:
    """ACLED: 1 the town, 2 near it or a part of a region, 3 a larger region or country."""
    if precision is None:
        return None
    p = precision.lower()
    if p in ("city", "town", "village", "point", "site", "exact", "neighbourhood"):
        return 1
    if p in ("district", "admin2", "near"):
        return 2
    return 3


def _fatalities(quantities: list[dict[str, Any]]) -> int:
    total = 0.0
    for q in quantities:
        if (q["unit"] or "").lower() in ("dead", "killed") and q["value"] is not None:
            total += q["value"]
    return int(total)


def acled_row(record: dict[str, Any]) -> dict[str, Any]:
    countries = crosswalk()
    iso3 = record["location_country"]
    disorder, event_type, sub_type = acled_types(record)
    actors, recipients = record["actors"], record["recipients"]
    actor1 = actors[0] if actors else None
    actor2 = recipients[0] if recipients else None
    inter1 = _inter(actor1, iso3, record["type"], record["mode"])
    inter2 = _inter(actor2, iso3, record["type"], record["mode"])
    evidence = first_evidence(record)
    digest = hashlib.sha256(f"{record['article_id']}:{record['event_idx']}".encode()).hexdigest()
    day = record["first_day"]
    civilian = event_type == "Violence against civilians" or (
        record["type"] == "ASSAULT"
        and any((p["sector"] or "").upper() in CIVILIAN_SECTORS for p in recipients)
    )
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{int(digest[:12], 16) % 10**10:010d}",
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": _time_precision(record),
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_type,
        "actor1": actor1["name"] if actor1 else "",
        "assoc_actor_1": "; ".join(names(actors[1:])),
        "inter1": inter1 if inter1 is not None else "",
        "actor2": actor2["name"] if actor2 else "",
        "assoc_actor_2": "; ".join(names(recipients[1:])),
        "inter2": inter2 if inter2 is not None else "",
        "interaction": _interaction(inter1, inter2) or "",
        "civilian_targeting": "Civilian targeting" if civilian else "",
        "iso": countries.numeric(iso3) or "",
        "region": "",
        "country": countries.name(iso3),
        "admin1": "",
        "admin2": "",
        "admin3": "",
        "location": record["location_name"] or "",
        "latitude": record["latitude"] if record["latitude"] is not None else "",
        "longitude": record["longitude"] if record["longitude"] is not None else "",
        "geo_precision": _geo_precision(record["location_precision"]) or "",
        "source": record["source"] or record["url"] or "",
        "source_scale": "",
        "notes": evidence["sentence"] if evidence else "",
        "fatalities": _fatalities(record["quantities"]),
        "tags": "",
        "timestamp": int(record["ingested_at"].replace(tzinfo=dt.UTC).timestamp()),
        "plover_type": record["type"],
        "plover_mode": record["mode"] or "",
        "status": record["status"],
        "confidence": record["confidence"],
        "article_id": record["article_id"],
        "event_id": record["event_id"],
        "url": record["url"] or "",
        "language": record["language"] or "",
        "published": record["published"] or "",
        "actor1_country": actor1["country"] or "" if actor1 else "",
        "actor2_country": actor2["country"] or "" if actor2 else "",
        "evidence_start": evidence["start_char"] if evidence else "",
        "evidence_end": evidence["end_char"] if evidence else "",
        "dated_by_article": record["dated_by_article"],
    }


def export_acled(
    con: duckdb.DuckDBPyConnection, out: Path, filters: Filters | None = None
) -> ExportResult:
    check_target(out)
    chosen = happened_by_default(filters)
    rows = 0
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for record in event_records(con, chosen):
            writer.writerow(acled_row(record))
            rows += 1
    notes = []
    if not (filters and filters.statuses):
        notes.append(
            "only events that happened (asserted, reported, historical) were written: pass "
            "--status to choose others"
        )
    return ExportResult([out], rows, notes)
