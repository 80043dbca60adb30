"""Read knowledge-base files: the built-in data, then user directories layered over it.

Format: ``dossier/data/kb/README.md``. Structural mistakes (a field of the wrong type, an
unknown field, a date that is not a date) raise DataFileError naming the file, the entry and
the fix; semantic ones (unknown country codes, collisions, offices that end before they
start) are left to ``dossier.kb.validate`` so that one run lists them all.

Layering: the built-in files are one layer, each user directory another, in the order given.
An entry (or role, or descriptor) whose id is already defined by an earlier layer replaces it
whole; a new id adds. Two definitions of one id in the *same* layer are kept as the first and
reported by the validator as duplicates.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

import yaml

from ..errors import DataFileError
from .entries import KINDS, Descriptor, Entry, Kind, Office, PartialDate, Role, Title
from .index import KnowledgeBase

FORMAT_VERSIONS = frozenset({1})
# libyaml's loader when PyYAML was built with it: 8× faster on countries.yaml (0.26 s vs 2 s).
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BUILTIN_NAME = "dossier/data/kb"
README = "dossier/data/kb/README.md"

_ENTRY_FIELDS = frozenset(
    {
        "id", "kind", "name", "names", "aliases", "demonyms", "country", "code", "sector",
        "wikidata", "alpha2", "dependency_of", "offices", "coordinates", "geonames",
        "population", "capital_of", "seat_of", "parent", "note",
    }
)  # fmt: skip
_OFFICE_FIELDS = frozenset(
    {"role", "country", "org", "start", "end", "acting", "functions", "title", "note"}
)
_ROLE_FIELDS = frozenset({"id", "sector", "description", "is_a", "titles", "many"})
_DESCRIPTOR_FIELDS = frozenset({"id", "sector", "description", "terms"})
_DEFAULT_FIELDS = frozenset({"kind", "country", "code", "sector"})
_FILE_FIELDS = frozenset({"version", "defaults", "entries", "roles", "descriptors", "generated"})


@dataclass(frozen=True)
class Duplicate:
    """One id defined twice in the same layer (the first definition is kept)."""

    id: str
    what: str  # "entry", "role" or "descriptor"
    first: str
    second: str


@dataclass
class Layer:
    """What one directory (or the built-in data) defines, before layering."""

    name: str
    files: list[str] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    descriptors: dict[str, Descriptor] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)


KB_PATH_ENV = "DOSSIER_KB"
"""Environment variable naming user KB directories (separated by ``os.pathsep``) that every
stage layers over the built-in data; ``dossier --kb DIR`` sets it, and worker processes
inherit it."""


def user_kb_dirs() -> tuple[str, ...]:
    """The user KB directories named by ``$DOSSIER_KB``, in order."""
    return tuple(d for d in os.environ.get(KB_PATH_ENV, "").split(os.pathsep) if d)


def load_kb(extra_dirs: Sequence[Path | str] = ()) -> KnowledgeBase:
    """The built-in knowledge base, with user KB directories (or files) layered over it.

    Without ``extra_dirs`` the directories of ``$DOSSIER_KB`` are layered (none: the built-in
    data alone). That knowledge base is read once per process, so ``load_kb()`` returns the
    same object every time; explicit ``extra_dirs`` are read afresh on each call. Raises
    DataFileError for a missing directory or a malformed file.
    """
    if extra_dirs:
        return build_kb([_builtin_layer(), *(read_layer(Path(d)) for d in extra_dirs)])
    dirs = user_kb_dirs()
    return _layered_kb(dirs) if dirs else _builtin_kb()


@lru_cache(maxsize=4)
def _layered_kb(dirs: tuple[str, ...]) -> KnowledgeBase:
    return build_kb([_builtin_layer(), *(read_layer(Path(d)) for d in dirs)])


@lru_cache(maxsize=1)
def _builtin_kb() -> KnowledgeBase:
    return build_kb([_builtin_layer()])


@lru_cache(maxsize=1)
def _builtin_layer() -> Layer:
    root = resources.files("dossier") / "data" / "kb"
    layer = Layer(BUILTIN_NAME)
    files = sorted((f for f in root.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
    for ref in files:
        _read_into(layer, ref.read_text(encoding="utf-8"), f"{BUILTIN_NAME}/{ref.name}")
    return layer


def read_layer(path: Path) -> Layer:
    """Parse one user KB directory (every ``*.yaml``/``*.yml`` in it, by name) or one file."""
    if path.is_file():
        layer = Layer(str(path))
        _read_into(layer, _read_text(path), str(path))
        return layer
    if not path.is_dir():
        raise DataFileError(
            f"{path}: no such knowledge-base directory — pass a folder holding *.yaml files "
            f"written as described in {README}"
        )
    layer = Layer(str(path))
    for file in sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml"}):
        _read_into(layer, _read_text(file), str(file))
    return layer


def build_kb(layers: Iterable[Layer]) -> KnowledgeBase:
    """Layer parsed directories in order: later ids replace earlier ones, new ids add."""
    entries: dict[str, Entry] = {}
    roles: dict[str, Role] = {}
    descriptors: dict[str, Descriptor] = {}
    duplicates: list[Duplicate] = []
    files: list[str] = []
    overrides: list[tuple[str, str, str]] = []
    for layer in layers:
        for key, entry in layer.entries.items():
            if key in entries:
                overrides.append((key, entries[key].source, entry.source))
            entries[key] = entry
        roles.update(layer.roles)
        descriptors.update(layer.descriptors)
        duplicates.extend(layer.duplicates)
        files.extend(layer.files)
    return KnowledgeBase(
        entries=entries,
        roles=roles,
        descriptors=descriptors,
        files=tuple(files),
        duplicates=tuple(duplicates),
        overrides=tuple(overrides),
    )


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{path}: not UTF-8 ({exc}) — save the file as UTF-8") from exc


def _read_into(layer: Layer, text: str, name: str) -> None:
    try:
        data: Any = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise DataFileError(f"{name}: not valid YAML ({exc}) — fix the syntax there") from exc
    if not isinstance(data, dict):
        raise DataFileError(
            f"{name}: expected a mapping with 'version' and 'entries' (or 'roles', "
            f"'descriptors'), got {type(data).__name__} — see {README}"
        )
    _check_fields(data, _FILE_FIELDS, name, "the file")
    version = data.get("version")
    if version not in FORMAT_VERSIONS:
        raise DataFileError(
            f"{name}: format version {version!r} — this dossier reads version(s) "
            f"{sorted(FORMAT_VERSIONS)}; add 'version: 1' at the top (see {README})"
        )
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise DataFileError(f"{name}: 'defaults' must be a mapping of kind/country/code/sector")
    _check_fields(defaults, _DEFAULT_FIELDS, name, "'defaults'")
    layer.files.append(name)
    for item in _items(data, "entries", name):
        entry = _parse_entry({**defaults, **item}, name)
        _add(layer, layer.entries, entry.id, entry, "entry")
    for item in _items(data, "roles", name):
        role = _parse_role(item, name)
        _add(layer, layer.roles, role.id, role, "role")
    for item in _items(data, "descriptors", name):
        descriptor = _parse_descriptor(item, name)
        _add(layer, layer.descriptors, descriptor.id, descriptor, "descriptor")


def _add(layer: Layer, table: dict[str, Any], key: str, value: Any, what: str) -> None:
    if key in table:
        layer.duplicates.append(Duplicate(key, what, table[key].source, value.source))
        return
    table[key] = value


def _items(data: Mapping[str, Any], key: str, name: str) -> Iterator[dict[str, Any]]:
    items = data.get(key) or []
    if not isinstance(items, list):
        raise DataFileError(f"{name}: '{key}' must be a list of mappings")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise DataFileError(
                f"{name}: item {i + 1} of '{key}' is {type(item).__name__}, expected a mapping "
                "starting with 'id:'"
            )
        yield item


def _check_fields(data: Mapping[str, Any], allowed: frozenset[str], name: str, where: str) -> None:
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = (
                f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(sorted(allowed))}"
            )
            raise DataFileError(f"{name}: unknown field {key!r} in {where} — {hint}")


class _Fields:
    """Typed access to one mapping's fields, with errors that name file, entry and field."""

    def __init__(self, data: Mapping[str, Any], name: str, where: str) -> None:
        self.data = data
        self.name = name
        self.where = where

    def bad(self, key: str, problem: str) -> DataFileError:
        return DataFileError(f"{self.name}: {self.where}: field {key!r} {problem} — see {README}")

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                raise self.bad(key, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.bad(key, f"must be text, got {type(value).__name__}")
        return str(value)

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.bad(key, f"must be a whole number, got {value!r}")
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise self.bad(key, "must be a list of strings")
        return tuple(str(v) for v in value if str(v).strip())

    def by_language(self, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, dict):
            raise self.bad(key, "must map language codes (en, fr, …) to a name or a list")
        result = []
        for lang, names in value.items():
            sub = _Fields({str(lang): names}, self.name, self.where)
            values = sub.strings(str(lang))
            if values:
                result.append((str(lang), values))
        return tuple(result)

    def date(self, key: str, required: bool = False) -> PartialDate | None:
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                raise self.bad(key, "is required (YYYY, YYYY-MM or YYYY-MM-DD)")
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            raise self.bad(key, str(exc)) from exc


def _parse_entry(data: dict[str, Any], name: str) -> Entry:
    ident = data.get("id")
    if not isinstance(ident, str) or not ident.strip():
        raise DataFileError(
            f"{name}: an entry has no 'id' (got {ident!r}; its name: {data.get('name')!r}) — "
            "give every entry a unique id such as 'person:antony-blinken'"
        )
    where = f"entry {ident!r}"
    _check_fields(data, _ENTRY_FIELDS, name, where)
    f = _Fields(data, name, where)
    kind = f.text("kind", required=True)
    if kind not in KINDS:
        raise f.bad("kind", f"is {kind!r}; allowed: {', '.join(sorted(KINDS))}")
    country = f.text("country")
    lat = lon = None
    coords = data.get("coordinates")
    if coords is not None:
        if (
            not isinstance(coords, list)
            or len(coords) != 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
        ):
            raise f.bad("coordinates", f"must be [latitude, longitude] in degrees, got {coords!r}")
        lat, lon = float(coords[0]), float(coords[1])
    code = f.text("code") or country
    return Entry(
        id=ident.strip(),
        kind=cast(Kind, kind),
        name=f.text("name", required=True) or "",
        names=f.by_language("names"),
        aliases=f.strings("aliases"),
        demonyms=f.by_language("demonyms"),
        country=country,
        code=code,
        sector=f.text("sector"),
        wikidata=f.text("wikidata"),
        alpha2=f.text("alpha2"),
        dependency_of=f.text("dependency_of"),
        offices=tuple(_parse_office(o, country, name, where) for o in _office_items(f)),
        lat=lat,
        lon=lon,
        geonames=f.integer("geonames"),
        population=f.integer("population"),
        capital_of=f.text("capital_of"),
        seat_of=f.strings("seat_of"),
        parent=f.text("parent"),
        note=f.text("note"),
        source=name,
    )


def _office_items(f: _Fields) -> list[dict[str, Any]]:
    value = f.data.get("offices")
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise f.bad("offices", "must be a list of mappings with role, start and end")
    return value


def _parse_office(data: dict[str, Any], country: str | None, name: str, where: str) -> Office:
    role = data.get("role", "?")
    sub = f"{where}, office {role!r}"
    _check_fields(data, _OFFICE_FIELDS, name, sub)
    f = _Fields(data, name, sub)
    org = f.text("org")
    acting = data.get("acting", False)
    if not isinstance(acting, bool):
        raise f.bad("acting", f"must be true or false, got {acting!r}")
    functions = f.strings("functions") if "functions" in data else None
    return Office(
        role=f.text("role", required=True) or "",
        start=cast(PartialDate, f.date("start", required=True)),
        end=f.date("end"),
        country=f.text("country") or (None if org else country),
        org=org,
        functions=functions,
        acting=acting,
        title=f.text("title"),
        note=f.text("note"),
    )


def _titles(f: _Fields, key: str) -> tuple[Title, ...]:
    value = f.data.get(key)
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise f.bad(key, "must map language codes to lists of words, plus optional 'only:'")
    result: list[Title] = []
    for lang, items in value.items():
        if not isinstance(items, list):
            raise f.bad(key, f"'{lang}' must be a list")
        for item in items:
            if isinstance(item, str):
                result.append(Title(item, str(lang)))
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                only = _Fields(item, f.name, f.where).strings("only")
                result.append(Title(item["text"], str(lang), only))
            else:
                raise f.bad(key, f"items must be text or {{text: …, only: [alpha-3]}}: {item!r}")
    return tuple(result)


def _parse_role(data: dict[str, Any], name: str) -> Role:
    where = f"role {data.get('id')!r}"
    _check_fields(data, _ROLE_FIELDS, name, where)
    f = _Fields(data, name, where)
    return Role(
        id=f.text("id", required=True) or "",
        sector=f.text("sector", required=True) or "",
        description=f.text("description") or "",
        is_a=f.strings("is_a"),
        titles=_titles(f, "titles"),
        many=_flag(data, "many", name, where),
        source=name,
    )


def _flag(data: Mapping[str, Any], key: str, name: str, where: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise DataFileError(f"{name}: {where}: '{key}' must be true or false, got {value!r}")
    return value


def _parse_descriptor(data: dict[str, Any], name: str) -> Descriptor:
    where = f"descriptor {data.get('id')!r}"
    _check_fields(data, _DESCRIPTOR_FIELDS, name, where)
    f = _Fields(data, name, where)
    return Descriptor(
        id=f.text("id", required=True) or "",
        sector=f.text("sector", required=True) or "",
        terms=_titles(f, "terms"),
        description=f.text("description") or "",
        source=name,
    )
