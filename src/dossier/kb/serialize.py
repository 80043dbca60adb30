"""Entries back to the YAML format the loader reads (for importers and tools)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml

from .entries import Entry, Office


def office_to_dict(office: Office) -> dict[str, Any]:
    data: dict[str, Any] = {"role": office.role}
    if office.country:
        data["country"] = office.country
    if office.org:
        data["org"] = office.org
    data["start"] = str(office.start)
    if office.end is not None:
        data["end"] = str(office.end)
    if office.acting:
        data["acting"] = True
    if office.functions is not None:
        data["functions"] = list(office.functions)
    if office.title:
        data["title"] = office.title
    if office.note:
        data["note"] = office.note
    return data


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """The mapping the loader parses back into an equal Entry (empty fields left out)."""
    data: dict[str, Any] = {"id": entry.id, "kind": entry.kind, "name": entry.name}
    if entry.names:
        data["names"] = {lang: list(values) for lang, values in entry.names}
    if entry.aliases:
        data["aliases"] = list(entry.aliases)
    if entry.demonyms:
        data["demonyms"] = {lang: list(values) for lang, values in entry.demonyms}
    scalars = (
        ("country", entry.country),
        ("code", entry.code if entry.code != entry.country else None),
        ("sector", entry.sector),
        ("wikidata", entry.wikidata),
        ("alpha2", entry.alpha2),
        ("dependency_of", entry.dependency_of),
        ("geonames", entry.geonames),
        ("population", entry.population),
        ("capital_of", entry.capital_of),
        ("parent", entry.parent),
        ("note", entry.note),
    )
    data.update({key: value for key, value in scalars if value is not None})
    if entry.coordinates is not None:
        data["coordinates"] = list(entry.coordinates)
    if entry.seat_of:
        data["seat_of"] = list(entry.seat_of)
    if entry.offices:
        data["offices"] = [office_to_dict(o) for o in entry.offices]
    return data


def dump_entries(entries: Iterable[Entry], header: str = "") -> str:
    """A complete KB file (``version: 1``, ``entries:``) holding the entries."""
    document = {"version": 1, "entries": [entry_to_dict(e) for e in entries]}
    body = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    return header + body
