"""Wikidata importer: a small dump in Wikidata's line-per-entity layout, written by the test."""

from __future__ import annotations

import bz2
import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from dossier.errors import DataFileError
from dossier.kb import load_kb, validate_kb
from dossier.kb.serialize import dump_entries
from dossier.kb.wikidata import import_dump, main, wikidata_time


def item(prop: str, qid: str, qualifiers: dict[str, Any] | None = None) -> dict[str, Any]:
    claim: dict[str, Any] = {
        "mainsnak": {
            "snaktype": "value",
            "property": prop,
            "datavalue": {"value": {"entity-type": "item", "id": qid}, "type": "wikibase-entityid"},
        },
        "type": "statement",
    }
    if qualifiers:
        claim["qualifiers"] = qualifiers
    return claim


def string(prop: str, value: str) -> dict[str, Any]:
    return {"mainsnak": {"property": prop, "datavalue": {"value": value, "type": "string"}}}


def time(prop: str, value: str, precision: int = 11) -> dict[str, Any]:
    return {
        "property": prop,
        "datavalue": {"value": {"time": value, "precision": precision}, "type": "time"},
    }


def entity(
    qid: str, labels: dict[str, str], claims: dict[str, list[Any]], **extra: Any
) -> dict[str, Any]:
    return {
        "type": "item",
        "id": qid,
        "labels": {lang: {"language": lang, "value": v} for lang, v in labels.items()},
        "claims": claims,
        **extra,
    }


DUMP = [
    # a country, recognised by its ISO alpha-3 code (not imported)
    entity("Q900001", {"en": "Freedonia"}, {"P298": [string("P298", "FRA")]}),
    # a position: subclass of head of government, for that country
    entity(
        "Q900002",
        {"en": "Prime Minister of Freedonia"},
        {"P279": [item("P279", "Q2285706")], "P1001": [item("P1001", "Q900001")]},
    ),
    # a politician who held it, with a French label and aliases
    entity(
        "Q900003",
        {"en": "Rufus T. Firefly", "fr": "Rufus T. Luciole"},
        {
            "P31": [item("P31", "Q5")],
            "P27": [item("P27", "Q900001")],
            "P39": [
                item(
                    "P39",
                    "Q900002",
                    {
                        "P580": [time("P580", "+2019-06-01T00:00:00Z")],
                        "P582": [time("P582", "+2022-03-00T00:00:00Z", 10)],
                    },
                ),
                item("P39", "Q999999", {"P580": [time("P580", "+2010-00-00T00:00:00Z", 9)]}),
            ],
        },
        aliases={"en": [{"language": "en", "value": "Firefly"}]},
    ),
    # a human with no political office: skipped
    entity("Q900004", {"en": "Somebody"}, {"P31": [item("P31", "Q5")]}),
    # an intergovernmental organisation
    entity(
        "Q900005",
        {"en": "League of Freedonian States", "fr": "Ligue des États freedoniens"},
        {"P31": [item("P31", "Q245065")]},
    ),
    # a place with coordinates, a GeoNames id and a population
    entity(
        "Q900006",
        {"en": "Freedonia City"},
        {
            "P17": [item("P17", "Q900001")],
            "P625": [
                {
                    "mainsnak": {
                        "property": "P625",
                        "datavalue": {
                            "value": {"latitude": 48.85, "longitude": 2.35, "precision": 0.01},
                            "type": "globecoordinate",
                        },
                    }
                }
            ],
            "P1566": [string("P1566", "2988507")],
            "P1082": [
                {"mainsnak": {"datavalue": {"value": {"amount": "+2148000"}, "type": "quantity"}}}
            ],
        },
    ),
]


def write_dump(path: Path, entities: list[dict[str, Any]]) -> Path:
    lines = ["["] + [json.dumps(e) + "," for e in entities[:-1]] + [json.dumps(entities[-1]), "]"]
    text = "\n".join(lines) + "\n"
    if path.suffix == ".bz2":
        path.write_bytes(bz2.compress(text.encode()))
    elif path.suffix == ".gz":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".json", ".json.gz", ".json.bz2"])
def test_kb_wikidata_reads_plain_and_compressed_dumps(tmp_path: Path, suffix: str) -> None:
    entries, report = import_dump(write_dump(tmp_path / f"dump{suffix}", DUMP))
    assert report.entities == len(DUMP)
    assert report.kept == {"person": 1, "organization": 1, "place": 1}
    assert {e.id for e in entries} == {"wd:Q900003", "wd:Q900005", "wd:Q900006"}


def test_kb_wikidata_person_gets_offices_from_mapped_positions(tmp_path: Path) -> None:
    entries, report = import_dump(write_dump(tmp_path / "dump.json", DUMP))
    person = next(e for e in entries if e.kind == "person")
    assert (person.name, person.country, person.wikidata) == ("Rufus T. Firefly", "FRA", "Q900003")
    assert person.names_in("fr") == ("Rufus T. Luciole",)
    assert person.aliases == ("Firefly",)
    (office,) = person.offices
    assert (office.role, office.country, str(office.start), str(office.end)) == (
        "head_of_government",
        "FRA",
        "2019-06-01",
        "2022-03",
    )
    assert report.unmapped_positions == 1
    assert report.people_without_office == 0  # the office-less human was never a candidate


def test_kb_wikidata_organisation_and_place(tmp_path: Path) -> None:
    entries, _ = import_dump(write_dump(tmp_path / "dump.json", DUMP))
    org = next(e for e in entries if e.kind == "organization")
    assert (org.code, org.names_in("fr")) == ("IGO", ("Ligue des États freedoniens",))
    place = next(e for e in entries if e.kind == "place")
    assert (place.coordinates, place.geonames, place.population, place.country) == (
        (48.85, 2.35),
        2988507,
        2148000,
        "FRA",
    )


def test_kb_wikidata_output_loads_as_a_user_kb(tmp_path: Path) -> None:
    entries, _ = import_dump(write_dump(tmp_path / "dump.json", DUMP))
    folder = tmp_path / "userkb"
    folder.mkdir()
    (folder / "wd.yaml").write_text(dump_entries(entries), encoding="utf-8")
    kb = load_kb([folder])
    assert [e.id for e in kb.lookup("Firefly")] == ["wd:Q900003"]
    holder = kb.holder("head_of_government", "FRA", dt.date(2020, 1, 1))
    assert holder is not None and holder.id == "wd:Q900003"
    assert not [p for p in validate_kb(kb) if p.severity == "error" and p.entry.startswith("wd:")]


def test_kb_wikidata_command_writes_a_kb_file(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "dump.json.bz2", DUMP)
    out = tmp_path / "out.yaml"
    assert main([str(dump), str(out)]) == 0
    assert "wd:Q900005" in out.read_text(encoding="utf-8")


def test_kb_wikidata_skips_broken_lines(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text("[\n{not json},\n" + json.dumps(DUMP[4]) + "\n]\n", encoding="utf-8")
    entries, report = import_dump(path)
    assert report.bad_lines == 1 and [e.id for e in entries] == ["wd:Q900005"]


def test_kb_wikidata_missing_dump_is_a_data_file_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="no such Wikidata dump"):
        import_dump(tmp_path / "missing.json")


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [
        ("+2021-01-20T00:00:00Z", 11, "2021-01-20"),
        ("+2021-01-00T00:00:00Z", 10, "2021-01"),
        ("+2021-00-00T00:00:00Z", 9, "2021"),
        ("+2021-01-20T00:00:00Z", 9, "2021"),
    ],
)
def test_kb_wikidata_time_keeps_its_precision(value: str, precision: int, expected: str) -> None:
    assert str(wikidata_time(value, precision)) == expected


def test_kb_wikidata_time_below_year_precision_is_unknown() -> None:
    assert wikidata_time("+2000-00-00T00:00:00Z", 8) is None
