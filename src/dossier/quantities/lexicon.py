"""The quantities lexicon (data/quantities.yaml): loaded once per process and checked.

The file's format is documented at its top. ``load_lexicon()`` returns the built-in lexicon,
read once; ``load_lexicon(path)`` reads another file in the same format, so a domain expert
can try new words without touching Python. Every problem is a ``DataFileError`` that names the
file and the entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, cast, get_args

import yaml

from ..errors import DataFileError
from ..model import Qualifier

UnitKind = Literal["count", "measure", "percent"]
# Qualifiers a phrase can give; "exact", "vague" and "range" come from the number's form.
PhraseQualifier = Literal["more_than", "less_than", "about", "up_to", "at_least"]
_PHRASE_QUALIFIERS: frozenset[str] = frozenset(get_args(PhraseQualifier))
_UNIT_KINDS: frozenset[str] = frozenset(get_args(UnitKind))
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_ISO_4217 = re.compile(r"^[A-Z]{3}$")
# The language whose conventions are used first for articles in other languages.
FALLBACK_LANGUAGE = "en"
_BUILTIN = "dossier/data/quantities.yaml"
_ELIDED_DE = re.compile(r"\bd'\s*")
_HYPHENS = str.maketrans({"-": " ", "\u2011": " ", "’": "'"})


def key(phrase: str) -> str:
    """How phrases are compared, as the patterns match them: lowercase, one space for any run
    of spaces or a hyphen ("quatre-vingt" = "quatre vingt"), "d'" read as "de", ’ as '."""
    folded = _ELIDED_DE.sub("de ", phrase.lower().translate(_HYPHENS))
    return " ".join(folded.split())


@dataclass(frozen=True)
class Unit:
    unit: str
    kind: UnitKind
    people: bool = False


@dataclass(frozen=True)
class Outcome:
    unit: str
    done_to: frozenset[str]
    happened: frozenset[str]


@dataclass
class Words:
    """Everything read for one language; keys are ``key()``-normalised phrases."""

    currencies: dict[str, str] = field(default_factory=dict)  # word → ISO 4217
    scales: dict[str, Decimal] = field(default_factory=dict)
    values: dict[str, int] = field(default_factory=dict)
    hundreds: set[str] = field(default_factory=set)
    standalone: set[str] = field(default_factory=set)
    connectors: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)
    half_after: set[str] = field(default_factory=set)
    half_before: set[str] = field(default_factory=set)
    group_singular: dict[str, int] = field(default_factory=dict)
    group_plural: dict[str, int] = field(default_factory=dict)
    vague_determiners: set[str] = field(default_factory=set)
    before: dict[str, Qualifier] = field(default_factory=dict)
    after: dict[str, Qualifier] = field(default_factory=dict)
    between: set[str] = field(default_factory=set)
    and_words: set[str] = field(default_factory=set)
    to_words: set[str] = field(default_factory=set)
    units: dict[str, Unit] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    not_counted: set[str] = field(default_factory=set)
    months: set[str] = field(default_factory=set)
    weekdays: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    reference_determiners: set[str] = field(default_factory=set)
    number_of: set[str] = field(default_factory=set)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per file read
class Lexicon:
    version: int
    source: str
    languages: Mapping[str, Words]
    symbols: Mapping[str, str]  # symbol → ISO 4217, case-sensitive
    abbreviations: Mapping[str, Decimal]  # case-sensitive
    money_abbreviations: Mapping[str, Decimal]  # case-sensitive
    fallback: Words  # for languages the file does not list

    def words(self, language: str | None) -> Words:
        """The words for ``language``; for others, every language's, English ones first."""
        return self.languages.get(language or "", self.fallback)


def _merge(languages: Mapping[str, Words]) -> Words:
    merged = Words()
    for lang in sorted(languages, key=lambda code: code != FALLBACK_LANGUAGE):
        words = languages[lang]
        for name in vars(merged):
            mine, theirs = getattr(merged, name), getattr(words, name)
            if isinstance(mine, dict):
                for k, v in theirs.items():
                    mine.setdefault(k, v)  # the first language wins a conflict ("billion")
            elif isinstance(mine, set):
                mine |= theirs
            else:
                mine.extend(o for o in theirs if o not in mine)
    return merged


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The built-in lexicon (read once per process), or the file at ``path``."""
    if path is None:
        return _builtin()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(
            f"{path}: cannot read the quantities lexicon ({exc}) — pass an existing YAML file"
        ) from None
    return parse_lexicon(text, str(path))


@lru_cache(maxsize=1)
def _builtin() -> Lexicon:
    ref = resources.files("dossier") / "data" / "quantities.yaml"
    return parse_lexicon(ref.read_text(encoding="utf-8"), _BUILTIN)


class _Reader:
    """Checks one lexicon file; every error names the file and says where the format is."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.languages: dict[str, Words] = {}

    def bad(self, problem: str) -> DataFileError:
        return DataFileError(
            f"{self.name}: {problem} — see the format described at the top of {_BUILTIN}"
        )

    def lang(self, code: object, where: str) -> Words:
        if not isinstance(code, str) or not _LANGUAGE.match(code):
            raise self.bad(f"{where}: {code!r} is not an ISO 639-1 language code like 'fr'")
        return self.languages.setdefault(code, Words())

    def mapping(self, data: object, where: str) -> dict[Any, Any]:
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise self.bad(f"{where} must be a mapping, not {type(data).__name__}")
        return data

    def entries(self, data: object, where: str) -> list[dict[str, Any]]:
        if data is None:
            return []
        if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
            raise self.bad(f"{where} must be a list of mappings")
        return data

    def strings(self, data: object, where: str) -> list[str]:
        if data is None:
            return []
        if not isinstance(data, list) or not all(isinstance(w, str) and w.strip() for w in data):
            raise self.bad(f"{where} must be a list of non-empty words")
        return data

    def number(self, data: object, where: str) -> Decimal:
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            raise self.bad(f"{where} must be a number, not {data!r}")
        try:
            value = Decimal(str(data))
        except InvalidOperation:
            raise self.bad(f"{where} must be a number, not {data!r}") from None
        if value <= 0:
            raise self.bad(f"{where} must be above 0, not {data!r}")
        return value

    def per_language(self, data: object, where: str) -> Iterable[tuple[str, Words, list[str]]]:
        for code, words in self.mapping(data, where).items():
            yield code, self.lang(code, where), self.strings(words, f"{where}.{code}")

    def put(self, table: dict[str, Any], word: str, value: Any, where: str) -> None:
        k = key(word)
        if table.get(k, value) != value:
            raise self.bad(f"{where}: {word!r} is given two meanings ({table[k]!r} and {value!r})")
        table[k] = value


def parse_lexicon(text: str, name: str) -> Lexicon:
    reader = _Reader(name)
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise reader.bad(f"not valid YAML ({exc})") from None
    if not isinstance(data, dict):
        raise reader.bad("expected a mapping with version, currencies, scales, numbers, …")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise reader.bad(f"version must be an integer, not {version!r}")
    symbols = _currencies(reader, data.get("currencies"))
    abbreviations, money_abbreviations = _scales(reader, data.get("scales"))
    _numbers(reader, data.get("numbers"))
    _groups(reader, data.get("groups"))
    _qualifiers(reader, data.get("qualifiers"))
    _ranges(reader, data.get("ranges"))
    _units(reader, data.get("units"))
    _outcomes(reader, data.get("outcomes"))
    _context(reader, data.get("context"))
    return Lexicon(
        version,
        name,
        reader.languages,
        symbols,
        abbreviations,
        money_abbreviations,
        _merge(reader.languages),
    )


def _currencies(reader: _Reader, data: object) -> dict[str, str]:
    symbols: dict[str, str] = {}
    for i, entry in enumerate(reader.entries(data, "currencies")):
        code = entry.get("code")
        if not isinstance(code, str) or not _ISO_4217.match(code):
            raise reader.bad(f"currencies #{i}: code {code!r} is not an ISO 4217 code like 'USD'")
        for symbol in reader.strings(entry.get("symbols"), f"currencies {code}: symbols"):
            if symbols.get(symbol, code) != code:
                raise reader.bad(f"currencies {code}: symbol {symbol!r} is also {symbols[symbol]}")
            symbols[symbol] = code
        for _, words, names in reader.per_language(entry.get("words"), f"currencies {code}: words"):
            for word in names:
                reader.put(words.currencies, word, code, f"currencies {code}")
    return symbols


def _scales(reader: _Reader, data: object) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    abbreviations: dict[str, Decimal] = {}
    money: dict[str, Decimal] = {}
    for i, entry in enumerate(reader.entries(data, "scales")):
        value = reader.number(entry.get("value"), f"scales #{i}: value")
        for _, words, names in reader.per_language(entry.get("words"), f"scales {value}: words"):
            for word in names:
                reader.put(words.scales, word, value, f"scales {value}")
        for table, field_name in ((abbreviations, "abbreviations"), (money, "money_abbreviations")):
            for abbr in reader.strings(entry.get(field_name), f"scales {value}: {field_name}"):
                if abbr in abbreviations or abbr in money:
                    raise reader.bad(f"scales {value}: abbreviation {abbr!r} is listed twice")
                table[abbr] = value
    return abbreviations, money


def _numbers(reader: _Reader, data: object) -> None:
    for code, entry in reader.mapping(data, "numbers").items():
        words = reader.lang(code, "numbers")
        where = f"numbers.{code}"
        for word, value in reader.mapping(entry.get("values"), f"{where}.values").items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise reader.bad(f"{where}.values: {word!r} must map to a whole number ≥ 0")
            reader.put(words.values, str(word), value, f"{where}.values")
        words.hundreds = {key(w) for w in reader.strings(entry.get("hundreds"), where)}
        words.connectors = {key(w) for w in reader.strings(entry.get("connectors"), where)}
        words.articles = {key(w) for w in reader.strings(entry.get("articles"), where)}
        words.half_after = {key(w) for w in reader.strings(entry.get("half_after"), where)}
        words.half_before = {key(w) for w in reader.strings(entry.get("half_before"), where)}
        standalone = {key(w) for w in reader.strings(entry.get("standalone"), where)}
        unknown = standalone - words.hundreds - set(words.scales)
        if unknown:
            raise reader.bad(
                f"{where}.standalone: {sorted(unknown)} are neither hundreds words nor scales"
            )
        words.standalone = standalone


def _groups(reader: _Reader, data: object) -> None:
    for code, entry in reader.mapping(data, "groups").items():
        words = reader.lang(code, "groups")
        where = f"groups.{code}"
        for table, name in ((words.group_singular, "singular"), (words.group_plural, "plural")):
            for noun, size in reader.mapping(entry.get(name), f"{where}.{name}").items():
                if not isinstance(size, int) or isinstance(size, bool) or size < 2:
                    raise reader.bad(f"{where}.{name}: {noun!r} must map to a whole number ≥ 2")
                reader.put(table, str(noun), size, f"{where}.{name}")
        words.vague_determiners = {
            key(w) for w in reader.strings(entry.get("vague_determiners"), where)
        }


def _qualifiers(reader: _Reader, data: object) -> None:
    for code, entry in reader.mapping(data, "qualifiers").items():
        words = reader.lang(code, "qualifiers")
        for place in ("before", "after"):
            where = f"qualifiers.{code}.{place}"
            table = words.before if place == "before" else words.after
            for qualifier, phrases in reader.mapping(entry.get(place), where).items():
                if qualifier not in _PHRASE_QUALIFIERS:
                    raise reader.bad(
                        f"{where}: {qualifier!r} is not one of {sorted(_PHRASE_QUALIFIERS)}"
                    )
                for phrase in reader.strings(phrases, f"{where}.{qualifier}"):
                    reader.put(table, phrase, cast(Qualifier, qualifier), where)


def _ranges(reader: _Reader, data: object) -> None:
    for code, entry in reader.mapping(data, "ranges").items():
        words = reader.lang(code, "ranges")
        where = f"ranges.{code}"
        words.between = {key(w) for w in reader.strings(entry.get("between"), where)}
        words.and_words = {key(w) for w in reader.strings(entry.get("and"), where)}
        words.to_words = {key(w) for w in reader.strings(entry.get("to"), where)}


def _units(reader: _Reader, data: object) -> None:
    for i, entry in enumerate(reader.entries(data, "units")):
        name = entry.get("unit")
        if not isinstance(name, str) or not name.strip():
            raise reader.bad(f"units #{i}: unit must be a non-empty English noun")
        kind = entry.get("kind")
        if kind not in _UNIT_KINDS:
            raise reader.bad(f"units {name}: kind must be one of {sorted(_UNIT_KINDS)}")
        people = entry.get("people", False)
        if not isinstance(people, bool):
            raise reader.bad(f"units {name}: people must be true or false")
        unit = Unit(name, cast(UnitKind, kind), people)
        for _, words, forms in reader.per_language(entry.get("words"), f"units {name}: words"):
            for form in forms:
                if key(form) in words.currencies:
                    raise reader.bad(f"units {name}: {form!r} is also a currency")
                reader.put(words.units, form, unit, f"units {name}")


def _outcomes(reader: _Reader, data: object) -> None:
    for i, entry in enumerate(reader.entries(data, "outcomes")):
        name = entry.get("unit")
        if not isinstance(name, str) or not name.strip():
            raise reader.bad(f"outcomes #{i}: unit must be a non-empty English noun")
        verbs: dict[str, dict[str, set[str]]] = {}
        for part in ("done_to", "happened"):
            where = f"outcomes {name}: {part}"
            for code, _, lemmas in reader.per_language(entry.get(part), where):
                parts = verbs.setdefault(code, {"done_to": set(), "happened": set()})
                parts[part].update(key(v) for v in lemmas)
        for code, parts in verbs.items():
            reader.languages[code].outcomes.append(
                Outcome(name, frozenset(parts["done_to"]), frozenset(parts["happened"]))
            )


def _context(reader: _Reader, data: object) -> None:
    for code, entry in reader.mapping(data, "context").items():
        words = reader.lang(code, "context")
        where = f"context.{code}"
        words.not_counted = {key(w) for w in reader.strings(entry.get("not_counted"), where)}
        words.months = {key(w) for w in reader.strings(entry.get("months"), where)}
        words.weekdays = {key(w) for w in reader.strings(entry.get("weekdays"), where)}
        words.labels = {key(w) for w in reader.strings(entry.get("labels"), where)}
        words.reference_determiners = {
            key(w) for w in reader.strings(entry.get("reference_determiners"), where)
        }
        words.number_of = {key(w) for w in reader.strings(entry.get("number_of"), where)}
