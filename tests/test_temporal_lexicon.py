"""The temporal vocabularies (data/time_*.yaml): they load, refuse malformed files with a
message that names the section, and every entry they list is read by the grammar."""

from __future__ import annotations

import zoneinfo

import pytest
import yaml

from dossier.errors import DataFileError
from dossier.temporal import find_times
from dossier.temporal.lexicon import (
    LANGUAGES,
    load_lexicon,
    load_zones,
    parse_lexicon,
)
from dossier.temporal.lexicon import _data_text as data_text
from dossier.temporal.zones import resolve_phrase


def _french_with(**changes: object) -> str:
    data = yaml.safe_load(data_text("time_fr.yaml"))
    data.update(changes)
    return yaml.safe_dump(data, allow_unicode=True)


def test_temporal_lexicon_shipped_files_load() -> None:
    for language in LANGUAGES:
        assert load_lexicon(language).language == language
    assert load_zones().abbreviations["GMT"] == "+00:00"


def test_temporal_lexicon_missing_section_is_named() -> None:
    data = yaml.safe_load(data_text("time_fr.yaml"))
    del data["weekdays"]
    with pytest.raises(DataFileError, match="section 'weekdays' is missing"):
        parse_lexicon(yaml.safe_dump(data, allow_unicode=True), "test.yaml")


def test_temporal_lexicon_unknown_unit_code_is_refused() -> None:
    with pytest.raises(DataFileError, match=r"section 'units'.*fortnights"):
        parse_lexicon(_french_with(units={"quinzaine": "fortnights"}), "test.yaml")


def test_temporal_lexicon_month_out_of_range_is_refused() -> None:
    with pytest.raises(DataFileError, match="section 'months'"):
        parse_lexicon(_french_with(months={13: ["brumaire"]}), "test.yaml")


def test_temporal_lexicon_unknown_language_says_how_to_add_it() -> None:
    with pytest.raises(DataFileError, match=r"time_de\.yaml"):
        load_lexicon("de")


@pytest.mark.parametrize("language", LANGUAGES)
def test_temporal_lexicon_every_full_month_name_is_read(language: str) -> None:
    lexicon = load_lexicon(language)
    for name, number in lexicon.months.items():
        if name in lexicon.month_abbreviations:
            continue
        text = f"le 3 {name} 2022." if language == "fr" else f"On {name} 3, 2022."
        found = find_times(text, language, published="2023-03-15").timexes
        assert [t.value for t in found] == [f"2022-{number:02d}-03"], name


@pytest.mark.parametrize("language", LANGUAGES)
def test_temporal_lexicon_every_unit_makes_a_duration(language: str) -> None:
    lexicon = load_lexicon(language)
    for unit in lexicon.units:
        if unit in lexicon.ordinal_units:
            continue
        found = find_times(f"7 {unit}.", language, published="2023-03-15").timexes
        assert [t.type for t in found] == ["DURATION"], unit


def test_temporal_lexicon_every_zone_name_exists() -> None:
    table = load_zones()
    named = [z for spec in table.named.values() for z in spec.adjectives.values()]
    iana = [z for z in (*table.abbreviations.values(), *table.places.values(), *named)]
    for zone in iana:
        if not zone.startswith(("+", "-")):
            assert zoneinfo.ZoneInfo(zone) is not None, zone


def test_temporal_lexicon_zone_phrases() -> None:
    assert resolve_phrase("heure de Moscou", "fr") == "Europe/Moscow"
    assert resolve_phrase("(heure française)", "fr") == "Europe/Paris"
    assert resolve_phrase("Kyiv time", "en") == "Europe/Kyiv"
    assert resolve_phrase("heures locales", "fr") == "LOCAL"
    assert resolve_phrase("heure de Tataouine-les-Bains", "fr") is None
