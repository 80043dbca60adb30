"""Speech cues and speaker tables, read from ``data/speech_cues.yaml`` (format at its top).

Two products, both loaded once per process: a :class:`CueLexicon` per language (verbs of
saying and their forms, "selon"/"according to", pronouns, the small words that bound a
speaker description) and the language-neutral :class:`SpeakerTables` (nationalities,
places, sectors, institutions) that give an unnamed speaker a country and a sector.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from ..errors import DataFileError

__all__ = [
    "CueKind",
    "CueLexicon",
    "PhraseSet",
    "SpeakerTables",
    "Words",
    "generate_forms",
    "load_cues",
    "load_tables",
    "normalize_word",
    "split_words",
]

CueKind = Literal["speech", "thought", "evidence", "naming"]
CUE_KINDS: Final[tuple[CueKind, ...]] = ("speech", "thought", "evidence", "naming")
Words = tuple[str, ...]
"""A phrase as normalised words, the unit every table is keyed by."""

_BUILTIN: Final = "dossier/data/speech_cues.yaml"
# Elided articles and conjunctions that French writes glued to the next word (l'OTAN).
_ELIDED: Final = re.compile(
    r"^((?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)')(.+)$", re.IGNORECASE
)
_GENDER: Final = frozenset({"m", "f", "n", "p"})
_SECTOR: Final = re.compile(r"^[A-Z]{3}$")
_COUNTRY: Final = re.compile(r"^[A-Z]{3}$")


def normalize_word(word: str) -> str:
    """Lower case, typographic apostrophes straightened: how every table key is written."""
    return word.casefold().replace("’", "'").replace("ʼ", "'")


def split_words(phrase: str) -> Words:
    """A phrase as the words spaCy makes of it: spaces split, elided articles split off."""
    words: list[str] = []
    for raw in normalize_word(phrase).split():
        match = _ELIDED.match(raw)
        if match:
            words.extend((match.group(1), match.group(2)))
        else:
            words.append(raw)
    return tuple(words)


def generate_forms(lemma: str, language: str) -> tuple[str, ...]:
    """The regular forms of a verb, as the data file's format describes."""
    if language == "fr" and lemma.endswith("er") and " " not in lemma:
        return _french_er_forms(lemma)
    if language == "en" and " " not in lemma:
        return _english_forms(lemma)
    return (lemma,)


def _french_er_forms(lemma: str) -> tuple[str, ...]:
    stem = lemma[:-2]
    # Before a or o, c becomes ç and g takes an e (annonça, jugea).
    soft = stem[:-1] + "ç" if stem.endswith("c") else stem + "e" if stem.endswith("g") else stem
    # An é in the last syllable of the stem opens to è before a mute ending (répète).
    opened = re.sub(r"é([^aeiouyéèêë]+)$", r"è\1", stem)
    return (
        lemma,
        opened + "e",
        opened + "es",
        opened + "ent",
        stem + "é",
        stem + "ée",
        stem + "és",
        stem + "ées",
        soft + "ait",
        soft + "aient",
        soft + "a",
        stem + "èrent",
        soft + "ant",
        stem + "era",
        stem + "eront",
        stem + "erait",
        stem + "eraient",
    )


def _english_forms(lemma: str) -> tuple[str, ...]:
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    if lemma.endswith("e"):
        ing = lemma + "ing" if lemma.endswith("ee") else lemma[:-1] + "ing"
        return (lemma, lemma + "s", lemma + "d", ing)
    third = lemma + "es" if lemma.endswith(("s", "sh", "ch", "x", "z", "o")) else lemma + "s"
    return (lemma, third, lemma + "ed", lemma + "ing")


class PhraseSet:
    """Phrases indexed by their first word, for the longest match at a position in a list
    of words: the quote stage asks at every token, so a scan of all phrases is too slow."""

    __slots__ = ("_by_first", "_phrases")

    def __init__(self, phrases: Iterable[Words]) -> None:
        self._phrases = frozenset(p for p in phrases if p)
        by_first: dict[str, list[Words]] = {}
        for phrase in self._phrases:
            by_first.setdefault(phrase[0], []).append(phrase)
        self._by_first = {
            first: tuple(sorted(group, key=len, reverse=True)) for first, group in by_first.items()
        }

    def match(self, words: Sequence[str], start: int = 0) -> int:
        """Length of the longest phrase that ``words[start:]`` begins with (0: none)."""
        if start >= len(words):
            return 0
        for phrase in self._by_first.get(words[start], ()):
            n = len(phrase)
            if tuple(words[start : start + n]) == phrase:
                return n
        return 0

    def contains_any(self, words: Sequence[str]) -> bool:
        """Whether a phrase starts at any position of ``words``."""
        return any(self.match(words, k) for k in range(len(words)))

    def __contains__(self, phrase: object) -> bool:
        return phrase in self._phrases

    def __iter__(self) -> Iterator[Words]:
        return iter(self._phrases)

    def __len__(self) -> int:
        return len(self._phrases)


@dataclass(frozen=True)
class CueLexicon:
    """One language's speech vocabulary. Single-word verb forms are looked up by token,
    multi-word cues (``point out``, ``mettre en garde``) in ``multiword``."""

    language: str
    forms: Mapping[str, frozenset[CueKind]]
    lemmas: Mapping[str, frozenset[CueKind]]
    phrases: Mapping[Words, frozenset[CueKind]]
    multiword: PhraseSet
    according_to: PhraseSet
    pronouns: Mapping[str, str]
    definite: frozenset[str]
    determiners: frozenset[str]
    honorifics: frozenset[str]
    prepositions: frozenset[str]
    stoppers: frozenset[str]
    time_words: PhraseSet
    speaker_nouns: PhraseSet
    scare_markers: PhraseSet


@dataclass(frozen=True)
class SpeakerTables:
    """What a description says about a speaker: phrases (normalised words) → values.

    ``cased`` holds the phrases written in capitals in the data file (US, UK), which only
    match with that case: lower-cased, "us" is a pronoun.
    """

    nationalities: Mapping[Words, str]
    places: Mapping[Words, str]
    sectors: Mapping[Words, str]
    person_roles: frozenset[Words]
    institutions: Mapping[Words, tuple[str | None, str | None]]
    cased: frozenset[str]
    roles_and_sectors: PhraseSet


def load_cues(language: str | None, path: Path | None = None) -> CueLexicon | None:
    """The cue lexicon of ``language``, or None when the data file has none for it."""
    if not language:
        return None
    data = _builtin() if path is None else _parse(path.read_text(encoding="utf-8"), str(path))
    return data[0].get(language)


def load_tables(path: Path | None = None) -> SpeakerTables:
    """The speaker tables, from the built-in data file or ``path``."""
    data = _builtin() if path is None else _parse(path.read_text(encoding="utf-8"), str(path))
    return data[1]


@lru_cache(maxsize=1)
def _builtin() -> tuple[dict[str, CueLexicon], SpeakerTables]:
    ref = resources.files("dossier") / "data" / "speech_cues.yaml"
    return _parse(ref.read_text(encoding="utf-8"), _BUILTIN)


class _Reader:
    """Validation with messages that name the file, the section and the fix."""

    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, where: str, problem: str) -> DataFileError:
        return DataFileError(
            f"{self.name}: {where}: {problem} — see the format described at the top of {_BUILTIN}"
        )

    def mapping(self, data: Any, where: str) -> dict[str, Any]:
        if data is None:
            return {}
        if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
            raise self.error(where, f"expected a mapping with text keys, got {type(data).__name__}")
        return data

    def words(self, data: Any, where: str) -> list[str]:
        if data is None:
            return []
        if not isinstance(data, list):
            raise self.error(where, "expected a list of words or phrases")
        bad = [w for w in data if not isinstance(w, str) or not w.strip()]
        if bad:
            # YAML reads a bare on/off/yes/no as a boolean: the usual cause.
            raise self.error(where, f'{bad[0]!r} is not a word (write "on" in quotes)')
        duplicates = sorted({w for w in data if data.count(w) > 1})
        if duplicates:
            raise self.error(where, f"listed twice: {', '.join(duplicates)}")
        return data


def _parse(text: str, name: str) -> tuple[dict[str, CueLexicon], SpeakerTables]:
    reader = _Reader(name)
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise reader.error("file", f"not valid YAML ({exc})") from None
    data = reader.mapping(data, "file")
    for section in ("version", "languages", "nationalities", "places", "sectors"):
        if section not in data:
            raise reader.error(section, "this section is missing")
    for section in ("person_roles", "institutions"):
        if section not in data:
            raise reader.error(section, "this section is missing")
    if not isinstance(data["version"], int):
        raise reader.error("version", "expected an integer")
    languages = {
        code: _language(reader, code, reader.mapping(entry, f"languages.{code}"))
        for code, entry in reader.mapping(data["languages"], "languages").items()
    }
    return languages, _tables(reader, data)


def _language(reader: _Reader, code: str, data: dict[str, Any]) -> CueLexicon:
    forms: dict[str, set[CueKind]] = {}
    lemmas: dict[str, set[CueKind]] = {}
    phrases: dict[Words, set[CueKind]] = {}
    for kind in CUE_KINDS:
        where = f"languages.{code}.{kind}"
        for lemma, listed in reader.mapping(data.get(kind), where).items():
            if listed is not None and not isinstance(listed, list):
                raise reader.error(f"{where}.{lemma}", "expected ~ or a list of forms")
            variants = (
                generate_forms(lemma, code)
                if listed is None
                else (lemma, *reader.words(listed, f"{where}.{lemma}"))
            )
            lemmas.setdefault(normalize_word(lemma), set()).add(kind)
            for form in variants:
                words = split_words(form)
                if len(words) == 1:
                    forms.setdefault(words[0], set()).add(kind)
                else:
                    phrases.setdefault(words, set()).add(kind)
    pronouns = reader.mapping(data.get("pronouns"), f"languages.{code}.pronouns")
    bad = sorted(p for p, g in pronouns.items() if g not in _GENDER)
    if bad:
        raise reader.error(f"languages.{code}.pronouns", f"gender must be m, f, n or p: {bad}")

    def word_set(section: str) -> frozenset[str]:
        return frozenset(
            normalize_word(w)
            for w in reader.words(data.get(section), f"languages.{code}.{section}")
        )

    def phrase_set(section: str) -> PhraseSet:
        return PhraseSet(
            split_words(w) for w in reader.words(data.get(section), f"languages.{code}.{section}")
        )

    return CueLexicon(
        language=code,
        forms={k: frozenset(v) for k, v in forms.items()},
        lemmas={k: frozenset(v) for k, v in lemmas.items()},
        phrases={k: frozenset(v) for k, v in phrases.items()},
        multiword=PhraseSet(phrases),
        according_to=phrase_set("according_to"),
        pronouns={normalize_word(p): g for p, g in pronouns.items()},
        definite=word_set("definite"),
        determiners=word_set("determiners"),
        honorifics=word_set("honorifics"),
        prepositions=word_set("prepositions"),
        stoppers=word_set("stoppers"),
        time_words=phrase_set("time_words"),
        speaker_nouns=phrase_set("speaker_nouns"),
        scare_markers=phrase_set("scare_markers"),
    )


def _tables(reader: _Reader, data: dict[str, Any]) -> SpeakerTables:
    cased: set[str] = set()

    def by_code(section: str, pattern: re.Pattern[str]) -> dict[Words, str]:
        table: dict[Words, str] = {}
        for code, words in reader.mapping(data[section], section).items():
            if not pattern.match(code):
                raise reader.error(f"{section}.{code}", "keys must be three capital letters")
            for word in reader.words(words, f"{section}.{code}"):
                if word.isupper():
                    cased.add(word)
                key = split_words(word)
                if table.get(key, code) != code:
                    raise reader.error(f"{section}.{code}", f"{word!r} is also under {table[key]}")
                table[key] = code
        return table

    institutions: dict[Words, tuple[str | None, str | None]] = {}
    for phrase, entry in reader.mapping(data["institutions"], "institutions").items():
        values = reader.mapping(entry, f"institutions.{phrase}")
        country, sector = values.get("country"), values.get("sector")
        if country is not None and not (isinstance(country, str) and _COUNTRY.match(country)):
            raise reader.error(f"institutions.{phrase}", "country must be an alpha-3 code")
        if sector is not None and not (isinstance(sector, str) and _SECTOR.match(sector)):
            raise reader.error(f"institutions.{phrase}", "sector must be a PLOVER sector code")
        institutions[split_words(phrase)] = (country, sector)
    sectors = by_code("sectors", _SECTOR)
    person_roles = frozenset(
        split_words(w) for w in reader.words(data["person_roles"], "person_roles")
    )
    return SpeakerTables(
        nationalities=by_code("nationalities", _COUNTRY),
        places=by_code("places", _COUNTRY),
        sectors=sectors,
        person_roles=person_roles,
        institutions=institutions,
        cased=frozenset(normalize_word(w) for w in cased),
        roles_and_sectors=PhraseSet([*sectors, *person_roles, *institutions]),
    )
