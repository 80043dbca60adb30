"""Build KB entries from a Wikidata JSON dump, for a user KB directory.

The dump is Wikidata's standard ``latest-all.json`` layout — a JSON array written one entity
per line (``[``, ``{…},``, …, ``]``) — plain, ``.gz`` or ``.bz2``; a filtered extract in the
same layout works the same. The import keeps three kinds of items:

- people (``P31`` human, ``Q5``) who held a position (``P39``) that maps to a KB role;
- organisations (``P31`` among :data:`ORGANIZATION_CLASSES`);
- places: any other item with coordinates (``P625``).

Countries are recognised by their ISO alpha-3 code (``P298``) in the dump, and by the
Wikidata ids of the built-in KB's states; they resolve ``P27``/``P17``/``P1001`` to alpha-3
codes but are not imported (the built-in countries file is curated). Positions map to roles
through :data:`DEFAULT_POSITION_ROLES` (pass your own mapping for more): a position item maps
when its own id is in the mapping or, when it is in the dump, one of its ``P279`` (subclass
of) values is; its ``P1001`` (applies to jurisdiction) gives the office's country.

Run ``python -m dossier.kb.wikidata DUMP OUT.yaml`` and pass OUT's folder to ``load_kb``.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import DataFileError
from .entries import Entry, Kind, Office, PartialDate
from .serialize import dump_entries

HUMAN = "Q5"
# instance-of classes taken as organisations. Q484652 and Q245065 (international and
# intergovernmental organisations) are also coded IGO.
ORGANIZATION_CLASSES: frozenset[str] = frozenset(
    {
        "Q43229",  # organization
        "Q484652",  # international organization
        "Q245065",  # intergovernmental organization
        "Q327333",  # government agency
        "Q7278",  # political party
        "Q4830453",  # business
        "Q783794",  # company
        "Q163740",  # nonprofit organization
    }
)
INTERNATIONAL_CLASSES: frozenset[str] = frozenset({"Q484652", "Q245065"})
# Position (or position class) → KB role. Generic classes only; extend per project.
DEFAULT_POSITION_ROLES: Mapping[str, str] = {
    "Q48352": "head_of_state",
    "Q2285706": "head_of_government",
    "Q30461": "president",
    "Q14212": "prime_minister",
    "Q83307": "minister",
}
DEFAULT_LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "es", "it", "pt", "ru", "uk", "ar", "zh")
# Wikidata time precision → the parts of a PartialDate that are known.
_DAY, _MONTH, _YEAR = 11, 10, 9


@dataclass
class ImportReport:
    """Counts of one import, to print and to test."""

    entities: int = 0
    kept: dict[str, int] = field(default_factory=dict)
    countries: int = 0
    offices: int = 0
    unmapped_positions: int = 0
    people_without_office: int = 0
    bad_lines: int = 0


def open_dump(path: Path) -> IO[str]:
    """A text stream over a dump, decompressing ``.bz2`` and ``.gz`` by suffix."""
    if path.suffix == ".bz2":
        return io.TextIOWrapper(bz2.open(path, "rb"), encoding="utf-8")
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return path.open(encoding="utf-8")


def iter_entities(
    lines: Iterable[str], report: ImportReport | None = None
) -> Iterator[dict[str, Any]]:
    """Entities from the lines of a dump (the array brackets and trailing commas skipped)."""
    for line in lines:
        text = line.strip().rstrip(",")
        if text in ("", "[", "]"):
            continue
        try:
            entity = json.loads(text)
        except json.JSONDecodeError:
            if report is not None:
                report.bad_lines += 1
            continue
        if isinstance(entity, dict) and "id" in entity:
            yield entity


def import_dump(
    path: Path,
    *,
    position_roles: Mapping[str, str] = DEFAULT_POSITION_ROLES,
    languages: Sequence[str] = DEFAULT_LANGUAGES,
    known_countries: Mapping[str, str] | None = None,
) -> tuple[list[Entry], ImportReport]:
    """Entries for the people, organisations and places of a dump, and what was kept.

    ``known_countries`` maps Wikidata ids to alpha-3 codes (default: the built-in KB's
    states); countries found in the dump (``P298``) are added to it.
    """
    if not path.is_file():
        raise DataFileError(f"{path}: no such Wikidata dump — pass a .json, .json.gz or .json.bz2")
    report = ImportReport()
    countries = dict(_builtin_countries() if known_countries is None else known_countries)
    positions: dict[str, dict[str, Any]] = {}
    candidates: list[dict[str, Any]] = []
    with open_dump(path) as stream:
        for entity in iter_entities(stream, report):
            report.entities += 1
            alpha3 = _first_string(entity, "P298")
            if alpha3:
                countries[entity["id"]] = alpha3
                report.countries += 1
                continue
            if "P279" in entity.get("claims", {}) or "P1001" in entity.get("claims", {}):
                positions[entity["id"]] = entity
            if _kind(entity) is not None:
                candidates.append(entity)
    roles = _position_roles(positions, position_roles, countries)
    ctx = _Context(roles, countries, languages, report)
    entries = []
    for entity in candidates:
        entry = _to_entry(entity, _kind(entity), ctx)
        if entry is not None:
            entries.append(entry)
            report.kept[entry.kind] = report.kept.get(entry.kind, 0) + 1
    return entries, report


def _builtin_countries() -> dict[str, str]:
    from .loader import load_kb

    return {
        e.wikidata: e.id for e in load_kb().entries.values() if e.kind == "state" and e.wikidata
    }


def _kind(entity: Mapping[str, Any]) -> Kind | None:
    classes = set(_item_ids(entity, "P31"))
    if HUMAN in classes:
        return "person" if "P39" in entity.get("claims", {}) else None
    if classes & ORGANIZATION_CLASSES:
        return "organization"
    if "P625" in entity.get("claims", {}):
        return "place"
    return None


def _position_roles(
    positions: Mapping[str, Mapping[str, Any]],
    mapping: Mapping[str, str],
    countries: Mapping[str, str],
) -> dict[str, tuple[str, str | None]]:
    """Position id → (role, alpha-3 of its jurisdiction or None)."""
    result: dict[str, tuple[str, str | None]] = {qid: (role, None) for qid, role in mapping.items()}
    for qid, entity in positions.items():
        role = mapping.get(qid) or next(
            (mapping[c] for c in _item_ids(entity, "P279") if c in mapping), None
        )
        if role is None:
            continue
        jurisdiction = next(
            (countries[c] for c in _item_ids(entity, "P1001") if c in countries), None
        )
        result[qid] = (role, jurisdiction)
    return result


@dataclass(frozen=True)
class _Context:
    roles: Mapping[str, tuple[str, str | None]]
    countries: Mapping[str, str]
    languages: Sequence[str]
    report: ImportReport


def _to_entry(entity: Mapping[str, Any], kind: Kind | None, ctx: _Context) -> Entry | None:
    if kind is None:
        return None
    languages, countries, report = ctx.languages, ctx.countries, ctx.report
    qid = str(entity["id"])
    labels = {lang: v["value"] for lang, v in entity.get("labels", {}).items() if lang in languages}
    if not labels:
        labels = {lang: v["value"] for lang, v in list(entity.get("labels", {}).items())[:1]}
    if not labels:
        return None
    name = next((labels[lang] for lang in languages if lang in labels), next(iter(labels.values())))
    aliases = [
        a["value"]
        for lang in languages
        for a in entity.get("aliases", {}).get(lang, [])
        if a.get("value") and a["value"] != name
    ]
    country_prop = "P27" if kind == "person" else "P17"
    country = next((countries[c] for c in _item_ids(entity, country_prop) if c in countries), None)
    offices = _offices(entity, ctx.roles, country, report) if kind == "person" else ()
    if kind == "person" and not offices:
        report.people_without_office += 1
        return None
    classes = set(_item_ids(entity, "P31"))
    code = "IGO" if classes & INTERNATIONAL_CLASSES else country
    lat, lon = _coordinates(entity)
    geonames = _first_string(entity, "P1566")
    return Entry(
        id=f"wd:{qid}",
        kind=kind,
        name=name,
        names=tuple((lang, (label,)) for lang, label in labels.items()),
        aliases=tuple(dict.fromkeys(aliases)),
        country=country,
        code=code,
        sector="GOV" if offices else None,
        wikidata=qid,
        offices=offices,
        lat=lat,
        lon=lon,
        geonames=int(geonames) if geonames and geonames.isdigit() else None,
        population=_population(entity),
        source=f"wikidata:{qid}",
    )


def _offices(
    entity: Mapping[str, Any],
    roles: Mapping[str, tuple[str, str | None]],
    country: str | None,
    report: ImportReport,
) -> tuple[Office, ...]:
    offices = []
    for claim in entity.get("claims", {}).get("P39", []):
        position = _claim_item(claim)
        if position is None:
            continue
        if position not in roles:
            report.unmapped_positions += 1
            continue
        role, jurisdiction = roles[position]
        start = _qualifier_date(claim, "P580")
        if start is None:
            continue
        offices.append(
            Office(
                role=role,
                start=start,
                end=_qualifier_date(claim, "P582"),
                country=jurisdiction or country,
                note=f"Wikidata position {position}",
            )
        )
        report.offices += 1
    return tuple(offices)


def _claim_value(claim: Mapping[str, Any]) -> Any:
    return claim.get("mainsnak", {}).get("datavalue", {}).get("value")


def _claim_item(claim: Mapping[str, Any]) -> str | None:
    value = _claim_value(claim)
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def _item_ids(entity: Mapping[str, Any], prop: str) -> list[str]:
    ids = (_claim_item(c) for c in entity.get("claims", {}).get(prop, []))
    return [i for i in ids if i is not None]


def _first_string(entity: Mapping[str, Any], prop: str) -> str | None:
    for claim in entity.get("claims", {}).get(prop, []):
        value = _claim_value(claim)
        if isinstance(value, str) and value:
            return value
    return None


def _coordinates(entity: Mapping[str, Any]) -> tuple[float | None, float | None]:
    for claim in entity.get("claims", {}).get("P625", []):
        value = _claim_value(claim)
        if isinstance(value, dict) and "latitude" in value and "longitude" in value:
            return float(value["latitude"]), float(value["longitude"])
    return None, None


def _population(entity: Mapping[str, Any]) -> int | None:
    for claim in entity.get("claims", {}).get("P1082", []):
        value = _claim_value(claim)
        if isinstance(value, dict) and "amount" in value:
            try:
                return int(float(value["amount"]))
            except ValueError:
                return None
    return None


def _qualifier_date(claim: Mapping[str, Any], prop: str) -> PartialDate | None:
    for snak in claim.get("qualifiers", {}).get(prop, []):
        value = snak.get("datavalue", {}).get("value")
        if isinstance(value, dict) and isinstance(value.get("time"), str):
            return wikidata_time(value["time"], int(value.get("precision", _DAY)))
    return None


def wikidata_time(time: str, precision: int) -> PartialDate | None:
    """``+2021-01-20T00:00:00Z`` at a precision (11 day, 10 month, 9 year) → PartialDate."""
    if precision < _YEAR:
        return None
    try:
        year, month, day = (int(p) for p in time.lstrip("+").split("T", 1)[0].split("-"))
    except ValueError:
        return None
    if year < 1:
        return None
    if precision == _YEAR or month == 0:
        return PartialDate(year)
    if precision == _MONTH or day == 0:
        return PartialDate(year, month)
    return PartialDate(year, month, day)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 2:
        print("usage: python -m dossier.kb.wikidata DUMP[.gz|.bz2] OUT.yaml", file=sys.stderr)
        return 2
    entries, report = import_dump(Path(args[0]))
    header = f"# Imported from {Path(args[0]).name} by dossier.kb.wikidata; check before use.\n"
    Path(args[1]).write_text(dump_entries(entries, header), encoding="utf-8")
    print(f"{report.entities} entities read; kept {report.kept}; {report.offices} offices")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
