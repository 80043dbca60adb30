"""The temporal vocabularies (data/time_<lang>.yaml, data/time_zones.yaml), loaded once.

The files are data that a linguist can extend without touching Python (their format is
documented at the top of data/time_fr.yaml); this module reads them into frozen records and
refuses a malformed file with a :class:`~dossier.errors.DataFileError` that names the file,
the section and what was found.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from ..errors import DataFileError

LANGUAGES: tuple[str, ...] = ("fr", "en")

_UNIT_CODES = frozenset({"S", "MIN", "H", "D", "W", "WE", "M", "Q", "HY", "Y", "DE", "CE"})
_PARTS_OF_DAY = frozenset({"MO", "AF", "EV", "NI", "DT", "MI"})
_SEASONS = frozenset({"SP", "SU", "FA", "WI"})
_REFS = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
_MODS = frozenset(
    {
        "START",
        "MID",
        "END",
        "APPROX",
        "MORE_THAN",
        "LESS_THAN",
        "EQUAL_OR_MORE",
        "EQUAL_OR_LESS",
        "BEFORE",
        "AFTER",
        "ON_OR_BEFORE",
        "ON_OR_AFTER",
    }
)


@dataclass(frozen=True, slots=True)
class Holiday:
    """A feast day: a fixed ``month``/``day``, or ``easter`` days after Easter Sunday."""

    month: int | None = None
    day: int | None = None
    easter: int | None = None


@dataclass(frozen=True)
class Lexicon:
    """One language's temporal vocabulary. Keys are lower case unless names are capitalised."""

    language: str
    capitalised_names: bool
    months: Mapping[str, int]
    month_abbreviations: frozenset[str]
    weekdays: Mapping[str, int]
    weekday_abbreviations: frozenset[str]
    numbers: Mapping[str, int]
    multipliers: Mapping[str, int]
    approximate_numbers: Mapping[str, int]
    vague_amounts: tuple[str, ...]
    units: Mapping[str, str]
    named_durations: Mapping[str, str]
    fractions: Mapping[str, float]
    relative_days: Mapping[str, int]
    reference_days: Mapping[str, int]
    same_day: tuple[str, ...]
    parts_of_day: Mapping[str, str]
    relative_parts_of_day: Mapping[str, tuple[int, str]]
    standalone_parts_of_day: frozenset[str]
    clock_words: Mapping[str, tuple[int, int]]
    afternoon_markers: tuple[str, ...]
    morning_markers: tuple[str, ...]
    seasons: Mapping[str, str]
    ambiguous_seasons: frozenset[str]
    directions: Mapping[str, int]
    reference_directions: Mapping[str, int]
    demonstratives: tuple[str, ...]
    fuzzy: Mapping[str, str]
    qualifiers: Mapping[str, str]
    refs: Mapping[str, str]
    ref_adjectives: Mapping[str, str]
    ref_exclusions: tuple[str, ...]
    every: tuple[str, ...]
    per: tuple[str, ...]
    set_adjectives: Mapping[str, str]
    ago: tuple[str, ...]
    ago_after: tuple[str, ...]
    later: Mapping[str, int]
    in_future: tuple[str, ...]
    from_now: tuple[str, ...]
    until_now: tuple[str, ...]
    date_signals: Mapping[str, str]
    age_before: tuple[str, ...]
    age_after: tuple[str, ...]
    age_verbs: frozenset[str]
    duration_nouns: frozenset[str]
    ranges: tuple[tuple[str, str], ...]
    list_connectors: tuple[str, ...]
    determiners: frozenset[str]
    clock_cues: tuple[str, ...]
    durative_lemmas: frozenset[str]
    year_cues: frozenset[str]
    decade_words: Mapping[str, int]
    ordinals: Mapping[str, int]
    holidays: Mapping[str, Holiday]
    conditional_stems: Mapping[str, str]
    ordinal_units: frozenset[str]
    prospective_lemmas: frozenset[str]
    clock_qualifiers: tuple[str, ...]


@dataclass(frozen=True)
class NamedZones:
    """How one language names a zone through a place or an adjective."""

    place_before: tuple[str, ...]
    place_after: tuple[str, ...]
    adjective_before: tuple[str, ...]
    adjective_after: tuple[str, ...]
    adjectives: Mapping[str, str]


@dataclass(frozen=True)
class ZoneTable:
    """data/time_zones.yaml: abbreviations, local-time phrases, named zones, extra places."""

    abbreviations: Mapping[str, str]
    local: Mapping[str, tuple[str, ...]]
    named: Mapping[str, NamedZones]
    places: Mapping[str, str]


class _Reader:
    """Typed access to one YAML mapping, with errors that name the file and the section."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise DataFileError(f"{where}: expected a mapping, found {type(data).__name__}")
        self.data = data
        self.where = where

    def fail(self, key: str, expected: str, found: object) -> DataFileError:
        return DataFileError(
            f"{self.where}: section '{key}' must be {expected}, found {found!r}; "
            "see the format at the top of dossier/data/time_fr.yaml"
        )

    def raw(self, key: str) -> Any:
        if key not in self.data:
            raise DataFileError(
                f"{self.where}: section '{key}' is missing; every section is required "
                "(write {} or [] for an empty one)"
            )
        return self.data[key]

    def words(self, key: str, *, lower: bool = True) -> tuple[str, ...]:
        value = self.raw(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, "a list of words", value)
        return tuple(v.lower() if lower else v for v in value)

    def mapping(self, key: str) -> dict[Any, Any]:
        value = self.raw(key)
        if not isinstance(value, dict):
            raise self.fail(key, "a mapping", value)
        return value

    def to_int(self, key: str, *, lower: bool = True) -> dict[str, int]:
        out: dict[str, int] = {}
        for word, number in self.mapping(key).items():
            if not isinstance(word, str) or isinstance(number, bool) or not isinstance(number, int):
                raise self.fail(key, "word → integer entries", {word: number})
            out[word.lower() if lower else word] = number
        return out

    def to_code(self, key: str, allowed: frozenset[str] | None = None) -> dict[str, str]:
        out: dict[str, str] = {}
        for word, code in self.mapping(key).items():
            if not isinstance(word, str) or not isinstance(code, str):
                raise self.fail(key, "word → text entries", {word: code})
            if allowed is not None and code not in allowed:
                raise self.fail(key, f"codes among {sorted(allowed)}", {word: code})
            out[word.lower()] = code
        return out

    def numbered_names(self, key: str, low: int, high: int) -> dict[int, tuple[str, ...]]:
        out: dict[int, tuple[str, ...]] = {}
        for number, names in self.mapping(key).items():
            ok_names = isinstance(names, list) and all(isinstance(n, str) for n in names)
            if not isinstance(number, int) or not low <= number <= high or not ok_names:
                raise self.fail(key, f"{low}..{high} → list of names", {number: names})
            out[number] = tuple(names)
        return out


def _names(
    table: dict[int, tuple[str, ...]], capitalised: bool
) -> tuple[dict[str, int], frozenset[str]]:
    """Name → number, and the set of abbreviations (names ending in a full stop)."""
    names: dict[str, int] = {}
    abbreviations: set[str] = set()
    for number, variants in table.items():
        for name in variants:
            key = name if capitalised else name.lower()
            bare = key.rstrip(".")
            names[bare] = number
            if key.endswith("."):
                abbreviations.add(bare)
    return names, frozenset(abbreviations)


def _holidays(reader: _Reader) -> dict[str, Holiday]:
    out: dict[str, Holiday] = {}
    for name, spec in reader.mapping("holidays").items():
        fixed = isinstance(spec, dict) and {"month", "day"} <= spec.keys()
        movable = isinstance(spec, dict) and isinstance(spec.get("easter"), int)
        if not isinstance(name, str) or not (fixed or movable):
            raise reader.fail("holidays", "name → {month, day} or {easter: days}", {name: spec})
        if fixed:
            out[name.lower()] = Holiday(month=int(spec["month"]), day=int(spec["day"]))
        else:
            out[name.lower()] = Holiday(easter=int(spec["easter"]))
    return out


def _clock_words(reader: _Reader) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for word, hhmm in reader.to_code("clock_words").items():
        hours, _, minutes = hhmm.partition(":")
        if not (hours.isdigit() and minutes.isdigit()):
            raise reader.fail("clock_words", "word → 'HH:MM'", {word: hhmm})
        out[word] = (int(hours), int(minutes))
    return out


def _relative_parts_of_day(reader: _Reader) -> dict[str, tuple[int, str]]:
    out: dict[str, tuple[int, str]] = {}
    for phrase, spec in reader.mapping("relative_parts_of_day").items():
        ok = (
            isinstance(phrase, str)
            and isinstance(spec, list)
            and len(spec) == 2
            and isinstance(spec[0], int)
            and spec[1] in _PARTS_OF_DAY
        )
        if not ok:
            raise reader.fail("relative_parts_of_day", "phrase → [offset, part of day]", spec)
        out[phrase.lower()] = (spec[0], spec[1])
    return out


def _ranges(reader: _Reader) -> tuple[tuple[str, str], ...]:
    pairs = reader.raw("ranges")
    ok = isinstance(pairs, list) and all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(w, str) for w in p) for p in pairs
    )
    if not ok:
        raise reader.fail("ranges", "a list of [opener, connector] pairs", pairs)
    return tuple((p[0].lower(), p[1].lower()) for p in pairs)


def parse_lexicon(text: str, where: str) -> Lexicon:
    """Validate one time_<lang>.yaml file's text into a :class:`Lexicon`."""
    reader = _Reader(yaml.safe_load(text), where)
    language = reader.raw("language")
    if not isinstance(language, str) or len(language) != 2:
        raise reader.fail("language", "an ISO 639-1 code", language)
    capitalised = reader.raw("capitalised_names")
    if not isinstance(capitalised, bool):
        raise reader.fail("capitalised_names", "true or false", capitalised)
    months, month_abbr = _names(reader.numbered_names("months", 1, 12), capitalised)
    weekdays, weekday_abbr = _names(reader.numbered_names("weekdays", 1, 7), capitalised)
    fractions = {w: float(v) for w, v in reader.mapping("fractions").items()}
    return Lexicon(
        language=language,
        capitalised_names=capitalised,
        months=months,
        month_abbreviations=month_abbr,
        weekdays=weekdays,
        weekday_abbreviations=weekday_abbr,
        numbers=reader.to_int("numbers"),
        multipliers=reader.to_int("multipliers"),
        approximate_numbers=reader.to_int("approximate_numbers"),
        vague_amounts=reader.words("vague_amounts"),
        units=reader.to_code("units", _UNIT_CODES),
        named_durations=reader.to_code("named_durations"),
        fractions=fractions,
        relative_days=reader.to_int("relative_days"),
        reference_days=reader.to_int("reference_days"),
        same_day=reader.words("same_day"),
        parts_of_day=reader.to_code("parts_of_day", _PARTS_OF_DAY),
        relative_parts_of_day=_relative_parts_of_day(reader),
        standalone_parts_of_day=frozenset(reader.words("standalone_parts_of_day")),
        clock_words=_clock_words(reader),
        afternoon_markers=reader.words("afternoon_markers"),
        morning_markers=reader.words("morning_markers"),
        seasons=reader.to_code("seasons", _SEASONS),
        ambiguous_seasons=frozenset(reader.words("ambiguous_seasons")),
        directions=reader.to_int("directions"),
        reference_directions=reader.to_int("reference_directions"),
        demonstratives=reader.words("demonstratives"),
        fuzzy=reader.to_code("fuzzy", _MODS),
        qualifiers=reader.to_code("qualifiers", _MODS),
        refs=reader.to_code("refs", _REFS),
        ref_adjectives=reader.to_code("ref_adjectives", _REFS),
        ref_exclusions=reader.words("ref_exclusions"),
        every=reader.words("every"),
        per=reader.words("per"),
        set_adjectives=reader.to_code("set_adjectives"),
        ago=reader.words("ago"),
        ago_after=reader.words("ago_after"),
        later=reader.to_int("later"),
        in_future=reader.words("in_future"),
        from_now=reader.words("from_now"),
        until_now=reader.words("until_now"),
        date_signals=reader.to_code("date_signals", _MODS),
        age_before=reader.words("age_before"),
        age_after=reader.words("age_after"),
        age_verbs=frozenset(reader.words("age_verbs")),
        duration_nouns=frozenset(reader.words("duration_nouns")),
        ranges=_ranges(reader),
        list_connectors=reader.words("list_connectors"),
        determiners=frozenset(reader.words("determiners")),
        clock_cues=reader.words("clock_cues"),
        durative_lemmas=frozenset(reader.words("durative_lemmas")),
        year_cues=frozenset(reader.words("year_cues")),
        decade_words=reader.to_int("decade_words"),
        ordinals=reader.to_int("ordinals"),
        holidays=_holidays(reader),
        conditional_stems=reader.to_code("conditional_stems"),
        ordinal_units=frozenset(reader.words("ordinal_units")),
        prospective_lemmas=frozenset(reader.words("prospective_lemmas")),
        clock_qualifiers=reader.words("clock_qualifiers"),
    )


def _data_text(name: str) -> str:
    return (resources.files("dossier") / "data" / name).read_text(encoding="utf-8")


@cache
def load_lexicon(language: str) -> Lexicon:
    """The vocabulary of ``language`` ('fr' or 'en'), read once per process."""
    if language not in LANGUAGES:
        raise DataFileError(
            f"no temporal vocabulary for language {language!r}; available: "
            f"{', '.join(LANGUAGES)} (add data/time_{language}.yaml to support it)"
        )
    name = f"time_{language}.yaml"
    lexicon = parse_lexicon(_data_text(name), f"dossier/data/{name}")
    if lexicon.language != language:
        raise DataFileError(f"dossier/data/{name} says language {lexicon.language!r}")
    return lexicon


def parse_zones(text: str, where: str) -> ZoneTable:
    """Validate data/time_zones.yaml's text into a :class:`ZoneTable`."""
    reader = _Reader(yaml.safe_load(text), where)
    abbreviations = {str(k): str(v) for k, v in reader.mapping("abbreviations").items()}
    local = {
        lang: _Reader({"local": words}, where).words("local")
        for lang, words in reader.mapping("local").items()
    }
    named: dict[str, NamedZones] = {}
    for lang, spec in reader.mapping("named").items():
        sub = _Reader(spec, f"{where} (named.{lang})")
        named[lang] = NamedZones(
            place_before=sub.words("place_before"),
            place_after=sub.words("place_after"),
            adjective_before=sub.words("adjective_before"),
            adjective_after=sub.words("adjective_after"),
            adjectives={str(k).lower(): str(v) for k, v in sub.mapping("adjectives").items()},
        )
    places = {str(k): str(v) for k, v in reader.mapping("places").items()}
    return ZoneTable(abbreviations, local, named, places)


@cache
def load_zones() -> ZoneTable:
    """data/time_zones.yaml, read once per process."""
    return parse_zones(_data_text("time_zones.yaml"), "dossier/data/time_zones.yaml")
