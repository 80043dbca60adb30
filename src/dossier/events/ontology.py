"""The event ontology as data (data/ontology.yaml): loaded once, validated on load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, get_args

import yaml

from ..errors import DataFileError
from ..model import EventStatus

QUADS = ("verbal_coop", "material_coop", "verbal_conf", "material_conf")
# The CAMEO quad classes as numbered in ConfliBERT's data (0 is "no event / neutral").
QUAD_NUMBERS = {quad: i for i, quad in enumerate(QUADS, start=1)}


@dataclass(frozen=True)
class EventType:
    name: str
    quad: str
    score: float
    definition: str
    modes: dict[str, str]
    examples: tuple[str, ...]


@dataclass(frozen=True)
class Ontology:
    version: str
    types: dict[str, EventType]
    aliases: dict[str, str]
    sectors: dict[str, str]
    actor_codes: dict[str, str]
    statuses: dict[str, str]

    def canonical(self, name: str) -> str:
        """The PLOVER type for a name, old CAMEO-era aliases included."""
        upper = name.upper()
        upper = self.aliases.get(upper, upper)
        if upper not in self.types:
            raise KeyError(f"{name!r} is not an event type of ontology {self.version}")
        return upper

    def quad_number(self, name: str) -> int:
        return QUAD_NUMBERS[self.types[self.canonical(name)].quad]


def load_ontology(path: Path | None = None) -> Ontology:
    if path is None:
        return _builtin()
    return _parse(path.read_text(encoding="utf-8"), str(path))


@lru_cache(maxsize=1)
def _builtin() -> Ontology:
    ref = resources.files("dossier") / "data" / "ontology.yaml"
    return _parse(ref.read_text(encoding="utf-8"), "dossier/data/ontology.yaml")


def _parse(text: str, name: str) -> Ontology:
    def bad(problem: str) -> DataFileError:
        return DataFileError(
            f"{name}: {problem} — see the format at the top of dossier/data/ontology.yaml"
        )

    data: Any = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise bad("expected a mapping")
    for key in ("version", "types", "sectors", "statuses"):
        if key not in data:
            raise bad(f"missing '{key}'")
    types: dict[str, EventType] = {}
    for tname, entry in data["types"].items():
        if not isinstance(entry, dict):
            raise bad(f"type {tname} is not a mapping")
        if entry.get("quad") not in QUADS:
            raise bad(f"type {tname}: quad must be one of {', '.join(QUADS)}")
        score = entry.get("score", 0)
        if not isinstance(score, int | float) or not -10 <= score <= 10:
            raise bad(f"type {tname}: score must be a number from -10 to 10")
        modes = entry.get("modes") or {}
        if not isinstance(modes, dict):
            raise bad(f"type {tname}: modes must be a mapping of mode → definition")
        types[str(tname)] = EventType(
            str(tname),
            entry["quad"],
            float(score),
            str(entry.get("definition", "")),
            {str(k): str(v) for k, v in modes.items()},
            tuple(entry.get("examples") or ()),
        )
    aliases = {str(k): str(v) for k, v in (data.get("aliases") or {}).items()}
    for old, new in aliases.items():
        if new not in types:
            raise bad(f"alias {old} points to unknown type {new}")
    statuses = {str(k): str(v) for k, v in data["statuses"].items()}
    if set(statuses) != set(get_args(EventStatus)):
        raise bad(
            f"statuses must be exactly {', '.join(get_args(EventStatus))} (the record's "
            "status field); change dossier.model.EventStatus too when adding one"
        )
    return Ontology(
        version=str(data["version"]),
        types=types,
        aliases=aliases,
        sectors={str(k): str(v) for k, v in data["sectors"].items()},
        actor_codes={str(k): str(v) for k, v in (data.get("actor_codes") or {}).items()},
        statuses=statuses,
    )
