from __future__ import annotations

from pathlib import Path

import pytest

from dossier.errors import DataFileError
from dossier.events.ontology import load_ontology


def test_ontology_has_the_sixteen_plover_types_with_quads() -> None:
    onto = load_ontology()
    assert len(onto.types) == 16
    assert onto.quad_number("CONSULT") == 1 and onto.quad_number("AID") == 2
    assert onto.quad_number("THREATEN") == 3 and onto.quad_number("ASSAULT") == 4


def test_ontology_maps_old_cameo_era_names_to_plover() -> None:
    onto = load_ontology()
    assert onto.canonical("demand") == "REQUEST" and onto.canonical("FIGHT") == "ASSAULT"
    with pytest.raises(KeyError, match="not an event type"):
        onto.canonical("PARTY")


def test_ontology_modes_are_listed_where_the_type_defines_them() -> None:
    onto = load_ontology()
    assert "phone" in onto.types["CONSULT"].modes and onto.types["AGREE"].modes == {}


def test_ontology_validator_names_the_file_and_the_bad_type(tmp_path: Path) -> None:
    bad = tmp_path / "onto.yaml"
    bad.write_text("version: x\ntypes:\n  HUG: {quad: warm}\nsectors: {}\nstatuses: {}\n")
    with pytest.raises(DataFileError, match=r"onto.yaml: type HUG: quad must be"):
        load_ontology(bad)


def test_ontology_statuses_must_match_the_record_status_field(tmp_path: Path) -> None:
    bad = tmp_path / "onto.yaml"
    bad.write_text("version: x\ntypes: {}\nsectors: {}\nstatuses: {asserted: yes}\n")
    with pytest.raises(DataFileError, match="statuses must be exactly"):
        load_ontology(bad)
