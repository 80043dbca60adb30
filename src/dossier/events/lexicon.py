"""Event lexicons as data: ``data/events_<language>.yaml``, loaded once and validated.

The file format is documented at the top of ``dossier/data/events_en.yaml``. This module
turns a file into a :class:`Lexicon`: trigger entries indexed by the word that anchors
them, the named argument frames resolved, word classes expanded, and the cue lists the
argument and status rules read. Every problem is reported with the file and the entry that
has it, so a political scientist editing a lexicon learns what to fix without reading
Python.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataFileError
from .ontology import load_ontology

__all__ = [
    "BLOCK",
    "CUE_KEYS",
    "SLOTS",
    "Entry",
    "Item",
    "Lexicon",
    "lexicon_languages",
    "load_lexicon",
    "parse_lexicon",
]

SLOTS = frozenset({"actor", "recipient", "pair"})
"""What an argument role gives: an actor, a recipient, or, for ``pair``, the first of a
coordination as actor and the others as recipients ("talks between X and Y")."""

STRUCTURAL_ROLES = frozenset({"subj", "obj", "iobj", "poss", "amod", "compound", "speaker"})
"""Roles that are not prepositions: grammatical subject and objects, a noun trigger's
possessive, demonym adjective and compound modifier, and the speaker of the clause."""

CUE_KEYS = frozenset(
    {
        # status cues
        "negation",
        "negation_with_ne",
        "ne",
        "modal_hypothetical",
        "modal_planned",
        "future_aux",
        "future_in_past",
        "going_to",
        "speculation",
        "fear",
        "planning",
        "planned_modifiers",
        "reporting",
        "claim",
        "attribution",
        "denial",
        "denial_objects",
        "condition",
        "condition_phrases",
        "condition_inversion",
        "condition_quantifiers",
        "whether_verbs",
        "background",
        "background_clause",
        "negative_determiners",
        "occurrence",
        # argument cues
        "support",
        "participation",
        "object_control",
        "joint",
        "location_prepositions",
        "state_location_prepositions",
        "relative_pronouns",
        "first_person",
        "third_person",
        "person_pronouns",
        "non_agents",
        "pass_through",
        "refusal",
        "desire",
        "reject_verbs",
        "recipient_prepositions",
        "permission",
        "light_nouns",
        "future_endings",
    }
)
"""The cue lists a lexicon file may (and the rules expect to) define; see the file header."""

_TOP_KEYS = frozenset(
    {
        "version",
        "language",
        "fillers",
        "elisions",
        "prepositions",
        "classes",
        "frames",
        "defaults",
        "triggers",
        "cues",
        "actors",
        "mode_cues",
        "figure_units",
    }
)
_ENTRY_KEYS = frozenset(
    {
        "lemma",
        "pattern",
        "type",
        "mode",
        "pos",
        "frame",
        "roles",
        "object",
        "subject",
        "strength",
        "joint",
        "needs",
    }
)
_POS = frozenset({"VERB", "NOUN", "ADJ", "PROPN", "AUX", "ADV"})
DEFAULT_POS = frozenset({"VERB", "NOUN", "ADJ", "PROPN"})
NEEDS = frozenset({"none", "any", "actor", "recipient", "both"})
BLOCK = "none"
"""The `type` of an entry that is not an event: a phrase that contains a trigger word but
means something else ("reject accusations" is a denial, not a REJECT). It takes its words,
so the shorter trigger inside it does not match."""
SPECIAL_CLASSES = frozenset({"@money", "@party", "@person", "@object"})
"""Object conditions computed from other stages: a money figure, any party, a person (a
linked person, or an unnamed one described by a noun: "the ambassador"), or any direct
object at all ("returned the artefacts", not "returned home")."""
_ALTERNATIVES = re.compile(r"\|")


@dataclass(frozen=True, slots=True)
class Item:
    """One word of a pattern: its accepted forms (lemmas or surface forms, lower case)."""

    words: frozenset[str]
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Entry:
    """One trigger: a lemma or a multiword pattern, the event it signals and its frame."""

    text: str  # as written in the file, for --explain and error messages
    number: int  # 1-based position in the file's trigger list
    items: tuple[Item, ...]
    anchor: int  # the item looked up first (the first required content word)
    type: str
    mode: str | None
    pos: frozenset[str]
    roles: Mapping[str, str]
    objects: frozenset[str]  # empty: any object; words, or SPECIAL_CLASSES
    subjects: frozenset[str]  # empty: any subject; else the words its subject must be
    strength: float
    joint: str | None  # the type this trigger takes with a joint modifier or a partner
    needs: str  # which parties an event needs: any, actor, recipient, both

    @property
    def required(self) -> int:
        return sum(not item.optional for item in self.items)


@dataclass(frozen=True)
class Lexicon:
    """A language's lexicon, ready for matching (built by :func:`parse_lexicon`)."""

    name: str
    language: str
    version: int
    entries: tuple[Entry, ...]
    index: Mapping[str, tuple[Entry, ...]]
    fillers: frozenset[str]
    elisions: Mapping[str, str]
    prepositions: Mapping[str, str]
    classes: Mapping[str, frozenset[str]]
    cues: Mapping[str, frozenset[str]]
    actors: Mapping[str, str]
    mode_cues: Mapping[str, tuple[tuple[str, frozenset[str]], ...]]
    figure_units: frozenset[str]

    def cue(self, key: str) -> frozenset[str]:
        return self.cues.get(key, frozenset())

    def preposition(self, word: str) -> str:
        """The canonical form of a preposition ("au" → "à", "du" → "de")."""
        lowered = word.lower()
        return self.prepositions.get(lowered, lowered)


def lexicon_languages() -> tuple[str, ...]:
    """Languages with a built-in lexicon."""
    folder = resources.files("dossier") / "data"
    found = []
    for item in folder.iterdir():
        name = item.name
        if name.startswith("events_") and name.endswith(".yaml"):
            found.append(name[len("events_") : -len(".yaml")])
    return tuple(sorted(found))


def load_lexicon(language: str, path: Path | None = None) -> Lexicon | None:
    """The lexicon of ``language``: the file at ``path``, else the built-in one, else None."""
    if path is not None:
        return parse_lexicon(path.read_text(encoding="utf-8"), str(path))
    return _builtin(language)


@lru_cache(maxsize=8)
def _builtin(language: str) -> Lexicon | None:
    resource = resources.files("dossier") / "data" / f"events_{language}.yaml"
    if not resource.is_file():
        return None
    return parse_lexicon(
        resource.read_text(encoding="utf-8"), f"dossier/data/events_{language}.yaml"
    )


class _Problems:
    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, where: str, problem: str) -> DataFileError:
        return DataFileError(
            f"{self.name}: {where}: {problem} — see the format at the top of "
            "dossier/data/events_en.yaml"
        )


def _words(value: Any, bad: _Problems, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise bad(where, f"expected a word or a list of words, got {value!r}")


@dataclass(frozen=True)
class _Reading:
    """What reading one trigger entry needs from the rest of the file."""

    defaults: Mapping[str, Any]
    frames: Mapping[str, dict[str, str]]
    classes: Mapping[str, frozenset[str]]
    fillers: frozenset[str]
    elisions: Mapping[str, str]
    ontology: Any
    bad: _Problems


def parse_lexicon(text: str, name: str = "<string>") -> Lexicon:
    """A validated :class:`Lexicon` from the YAML text of a lexicon file."""
    bad = _Problems(name)
    data = _top(text, bad)
    classes = _classes(data.get("classes") or {}, bad)
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise bad("defaults", "expected a mapping")
    reading = _Reading(
        defaults=defaults,
        frames=_frames(data["frames"], bad),
        classes=classes,
        fillers=frozenset(w.lower() for w in _words(data.get("fillers") or [], bad, "fillers")),
        elisions=_mapping(data.get("elisions") or {}, bad, "elisions"),
        ontology=load_ontology(),
        bad=bad,
    )
    triggers = data["triggers"]
    if not isinstance(triggers, list) or not triggers:
        raise bad("triggers", "expected a non-empty list of entries")
    entries = [_entry(raw, number, reading) for number, raw in enumerate(triggers, start=1)]
    index: dict[str, list[Entry]] = {}
    for entry in entries:
        for word in entry.items[entry.anchor].words:
            index.setdefault(word, []).append(entry)
    units = frozenset(_words(data.get("figure_units") or [], bad, "figure_units"))
    return Lexicon(
        name=name,
        language=str(data["language"]),
        version=1,
        entries=tuple(entries),
        index={k: tuple(v) for k, v in index.items()},
        fillers=reading.fillers,
        elisions=reading.elisions,
        prepositions=_mapping(data.get("prepositions") or {}, bad, "prepositions"),
        classes=classes,
        cues=_cues(data.get("cues") or {}, classes, bad),
        actors=_actors(data.get("actors") or {}, reading.ontology, bad),
        mode_cues=_mode_cues(data.get("mode_cues") or {}, classes, reading.ontology, bad),
        figure_units=units,
    )


def _top(text: str, bad: _Problems) -> dict[str, Any]:
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise bad("file", f"not valid YAML ({error})") from error
    if not isinstance(data, dict):
        raise bad("file", "expected a mapping at the top level")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise bad("file", f"unknown top-level keys {sorted(unknown)}; allowed {sorted(_TOP_KEYS)}")
    for key in ("version", "language", "triggers", "frames"):
        if key not in data:
            raise bad("file", f"missing '{key}'")
    if data["version"] != 1:
        raise bad("version", f"only version 1 is understood, got {data['version']!r}")
    language = data["language"]
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}", language):
        raise bad("language", f"expected an ISO 639-1 code like 'fr', got {language!r}")
    return data


def _cues(
    value: Any, classes: Mapping[str, frozenset[str]], bad: _Problems
) -> dict[str, frozenset[str]]:
    if not isinstance(value, dict):
        raise bad("cues", "expected a mapping of cue list name → words")
    unknown = set(value) - CUE_KEYS
    if unknown:
        raise bad("cues", f"unknown cue lists {sorted(unknown)}; allowed {sorted(CUE_KEYS)}")
    # A cue of several words ("according to", "en cas de") is matched as a phrase.
    return {
        key: frozenset(_expand(_words(words, bad, f"cues.{key}"), classes, bad, f"cues.{key}"))
        for key, words in value.items()
    }


def _actors(value: Any, ontology: Any, bad: _Problems) -> dict[str, str]:
    if not isinstance(value, dict):
        raise bad("actors", "expected a mapping of noun → sector")
    actors: dict[str, str] = {}
    for noun, sector in value.items():
        if sector not in ontology.sectors:
            raise bad(f"actors.{noun}", f"sector {sector!r} is not a PLOVER sector")
        actors[str(noun).lower()] = str(sector)
    return actors


def _mapping(value: Any, bad: _Problems, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise bad(where, "expected a mapping of word → word")
    return {k.lower(): v.lower() for k, v in value.items()}


def _classes(value: Any, bad: _Problems) -> dict[str, frozenset[str]]:
    if not isinstance(value, dict):
        raise bad("classes", "expected a mapping of class name → list of words")
    classes: dict[str, frozenset[str]] = {}
    for cname, words in value.items():
        classes[str(cname)] = frozenset(w.lower() for w in _words(words, bad, f"classes.{cname}"))
    return classes


def _expand(
    words: list[str], classes: Mapping[str, frozenset[str]], bad: _Problems, where: str
) -> list[str]:
    out: list[str] = []
    for word in words:
        if word.startswith("@") and word not in SPECIAL_CLASSES:
            if word[1:] not in classes:
                raise bad(where, f"unknown class {word}; defined: {sorted(classes)}")
            out.extend(sorted(classes[word[1:]]))
        else:
            out.append(word.lower())
    return out


def _frames(value: Any, bad: _Problems) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict) or not value:
        raise bad("frames", "expected a mapping of frame name → {role: slot}")
    frames: dict[str, dict[str, str]] = {}
    for fname, roles in value.items():
        frames[str(fname)] = _roles(roles, bad, f"frames.{fname}")
    return frames


def _roles(value: Any, bad: _Problems, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise bad(where, "expected a mapping of role → slot (actor, recipient, pair)")
    roles: dict[str, str] = {}
    for role, slot in value.items():
        if slot not in SLOTS:
            raise bad(where, f"role {role!r}: slot {slot!r} is not one of {sorted(SLOTS)}")
        role_name = str(role).lower()
        base, _, pos = role_name.partition(".")
        if not base or " " in base or pos not in ("", "noun", "verb"):
            raise bad(
                where,
                f"role {role!r}: a role is one of {sorted(STRUCTURAL_ROLES)} or a preposition, "
                "optionally limited to noun or verb triggers ('de.noun')",
            )
        roles[role_name] = str(slot)
    return roles


def _entry(raw: Any, number: int, reading: _Reading) -> Entry:
    bad = reading.bad
    if not isinstance(raw, dict):
        raise bad(f"trigger {number}", f"expected a mapping, got {raw!r}")
    written = raw.get("lemma") or raw.get("pattern")
    where = f"trigger {number} ({written!r})"
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise bad(where, f"unknown keys {sorted(unknown)}; allowed {sorted(_ENTRY_KEYS)}")
    if ("lemma" in raw) == ("pattern" in raw):
        raise bad(where, "give exactly one of 'lemma' (one word) or 'pattern' (several)")
    if not isinstance(written, str) or not written.strip():
        raise bad(where, "the lemma or pattern must be a non-empty string")
    if "lemma" in raw and " " in written.strip():
        raise bad(where, "a lemma is one word; write several words as a 'pattern'")
    etype, mode, joint = _typing(raw, reading.ontology, bad, where)
    items = _items(written, reading.fillers, reading.elisions, bad, where)
    anchor = next((i for i, item in enumerate(items) if not item.optional), None)
    if anchor is None:
        raise bad(where, "every word of the pattern is optional or a filler")
    defaults = reading.defaults
    pos_value = raw.get("pos", defaults.get("pos"))
    pos = DEFAULT_POS if pos_value is None else frozenset(_words(pos_value, bad, where))
    if not pos <= _POS:
        raise bad(where, f"pos must be among {sorted(_POS)}, got {sorted(pos)}")
    strength = raw.get("strength", defaults.get("strength", 0.8))
    if not isinstance(strength, int | float) or not 0 < strength <= 1:
        raise bad(where, f"strength must be a number in (0, 1], got {strength!r}")
    needs = raw.get("needs", defaults.get("needs", "any"))
    if needs not in NEEDS:
        raise bad(where, f"needs must be one of {sorted(NEEDS)}, got {needs!r}")

    def words(key: str) -> frozenset[str]:
        return frozenset(
            _expand(_words(raw.get(key) or [], bad, where), reading.classes, bad, where)
        )

    return Entry(
        text=written.strip(),
        number=number,
        items=items,
        anchor=anchor,
        type=etype,
        mode=mode,
        pos=pos,
        roles=_entry_roles(raw, reading, etype, where),
        objects=words("object"),
        subjects=words("subject"),
        strength=float(strength),
        joint=joint,
        needs=str(needs),
    )


def _typing(
    raw: dict[str, Any], ontology: Any, bad: _Problems, where: str
) -> tuple[str, str | None, str | None]:
    etype = raw.get("type")
    if etype != BLOCK and (not isinstance(etype, str) or etype not in ontology.types):
        raise bad(
            where, f"type {etype!r} is not a PLOVER type ({sorted(ontology.types)}) nor {BLOCK!r}"
        )
    mode = raw.get("mode")
    if mode is not None and (etype == BLOCK or mode not in ontology.types[etype].modes):
        allowed = "none" if etype == BLOCK else (sorted(ontology.types[etype].modes) or "none")
        raise bad(where, f"mode {mode!r} is not a mode of {etype} (modes: {allowed})")
    joint = raw.get("joint")
    if joint is not None and joint not in ontology.types:
        raise bad(where, f"joint type {joint!r} is not a PLOVER type")
    return str(etype), mode, joint


def _entry_roles(raw: dict[str, Any], reading: _Reading, etype: str, where: str) -> dict[str, str]:
    bad = reading.bad
    frame_name = raw.get("frame", reading.defaults.get("frame"))
    if etype == BLOCK and frame_name is None:
        frame_name = next(iter(reading.frames))
    roles: dict[str, str] = {}
    if frame_name is not None:
        if frame_name not in reading.frames:
            raise bad(where, f"unknown frame {frame_name!r}; defined: {sorted(reading.frames)}")
        roles.update(reading.frames[frame_name])
    if "roles" in raw:
        roles.update(_roles(raw["roles"], bad, where))
    if not roles:
        raise bad(where, "no argument frame: give 'frame' (a named frame) or 'roles'")
    return roles


def _items(
    written: str,
    fillers: frozenset[str],
    elisions: Mapping[str, str],
    bad: _Problems,
    where: str,
) -> tuple[Item, ...]:
    """Pattern words → items. Elided clitics are split ("s'entretenir" → se + entretenir);
    determiners and possessives ("fillers") are dropped, so "payer un lourd tribut" and
    "payer le lourd tribut" are one pattern; "(word)" is optional; "a|b" are alternatives."""
    items: list[Item] = []
    for raw_word in written.replace("’", "'").split():
        optional = raw_word.startswith("(") and raw_word.endswith(")")
        word = raw_word.strip("()").lower()
        parts: list[str] = []
        if "'" in word and "|" not in word:
            head, _, rest = word.partition("'")
            clitic = elisions.get(head + "'")
            if clitic is None:
                raise bad(where, f"cannot read the elided word {raw_word!r}")
            parts = [clitic, rest] if rest else [clitic]
        else:
            parts = [word]
        for part in parts:
            forms = frozenset(f for f in _ALTERNATIVES.split(part) if f)
            if not forms:
                raise bad(where, f"empty word in pattern {written!r}")
            if forms <= fillers:
                continue
            items.append(Item(forms, optional))
    if not items:
        raise bad(where, "the pattern has no words besides fillers")
    return tuple(items)


def _mode_cues(
    value: Any, classes: Mapping[str, frozenset[str]], ontology: Any, bad: _Problems
) -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    if not isinstance(value, dict):
        raise bad("mode_cues", "expected a mapping of type → {mode: words}")
    out: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {}
    for etype, modes in value.items():
        if etype not in ontology.types:
            raise bad(f"mode_cues.{etype}", "not a PLOVER type")
        if not isinstance(modes, dict):
            raise bad(f"mode_cues.{etype}", "expected a mapping of mode → words")
        ordered = []
        for mode, words in modes.items():
            if mode not in ontology.types[etype].modes:
                raise bad(f"mode_cues.{etype}.{mode}", f"not a mode of {etype}")
            where = f"mode_cues.{etype}.{mode}"
            ordered.append(
                (str(mode), frozenset(_expand(_words(words, bad, where), classes, bad, where)))
            )
        out[str(etype)] = tuple(ordered)
    return out
