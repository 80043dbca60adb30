"""Check a knowledge base: every problem names the file, the entry and the fix.

Errors make the data wrong (an unknown country code, an office that ends before it starts, a
role no one defined); warnings flag what a person should look at but may be right (the same
alias for entries of two countries: "Georgia", "Congo"). The built-in data must have no
errors (a test checks it).

Run ``python -m dossier.kb.validate [USER_KB_DIR ...]`` to check the built-in data with user
directories layered over it; the exit status is 1 when there are errors.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import pycountry

from .entries import INTERNATIONAL_CODES, SECTORS, Entry, Office
from .index import KnowledgeBase
from .loader import Duplicate, load_kb

Severity = Literal["error", "warning"]
ProblemKind = Literal[
    "duplicate_id",
    "unknown_country",
    "unknown_code",
    "bad_wikidata",
    "duplicate_wikidata",
    "unknown_sector",
    "office_dates",
    "office_place",
    "unknown_role",
    "unknown_reference",
    "bad_coordinates",
    "state_codes",
    "bad_language",
    "alias_collision",
]

_QID = re.compile(r"^Q[1-9]\d*$")
_LANG = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")
# ISO 3166-1 reserves these alpha-3 ranges for user-assigned codes (Kosovo uses XKX).
_USER_ASSIGNED = re.compile(r"^(?:AA[A-Z]|Q[M-Z][A-Z]|X[A-Z][A-Z]|ZZ[A-Z])$")


@dataclass(frozen=True)
class Problem:
    severity: Severity
    kind: ProblemKind
    file: str
    entry: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.file}: {self.entry}: {self.message} — {self.fix}"


@cache
def iso_alpha3() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


@cache
def iso_alpha2_of() -> dict[str, str]:
    return {c.alpha_3: c.alpha_2 for c in pycountry.countries}


def validate_kb(kb: KnowledgeBase | None = None) -> list[Problem]:
    """Every problem in a knowledge base (the built-in one when None), errors first."""
    kb = kb or load_kb()
    countries = _known_countries(kb)
    problems = [
        *_duplicates(kb),
        *(p for e in kb.entries.values() for p in _check_entry(kb, e, countries)),
        *_check_roles(kb, countries),
        *_wikidata_duplicates(kb),
        *_collisions(kb),
    ]
    return sorted(problems, key=lambda p: (p.severity != "error", p.file, p.entry, p.kind))


def _known_countries(kb: KnowledgeBase) -> frozenset[str]:
    """ISO 3166-1 alpha-3, plus user-assigned codes that a state entry of the KB defines."""
    declared = {
        e.id
        for e in kb.entries.values()
        if e.kind == "state" and e.id == e.country and _USER_ASSIGNED.match(e.id)
    }
    return iso_alpha3() | declared


def _duplicates(kb: KnowledgeBase) -> Iterator[Problem]:
    for dup in kb.duplicates:
        assert isinstance(dup, Duplicate)
        yield Problem(
            "error",
            "duplicate_id",
            dup.second,
            dup.id,
            f"{dup.what} id {dup.id!r} is already defined in {dup.first} (the first is kept)",
            "rename one of them, or merge them into one; to replace a built-in entry, put "
            "yours in a user KB directory instead",
        )


@dataclass(frozen=True)
class _Reporter:
    """Makes the problems of one entry (its file and id filled in)."""

    entry: Entry

    def __call__(
        self, kind: ProblemKind, message: str, fix: str, severity: Severity = "error"
    ) -> Problem:
        return Problem(severity, kind, self.entry.source, self.entry.id, message, fix)


def _check_entry(kb: KnowledgeBase, e: Entry, countries: frozenset[str]) -> Iterator[Problem]:
    report = _Reporter(e)
    yield from _check_codes(e, countries, report)
    yield from _check_fields(e, report)
    if e.kind == "state":
        yield from _check_state(e, report)
    yield from _check_references(kb, e, report)
    for office in e.offices:
        yield from _check_office(kb, office, countries, report)


def _check_codes(e: Entry, countries: frozenset[str], report: _Reporter) -> Iterator[Problem]:
    for label, value in (
        ("country", e.country),
        ("capital_of", e.capital_of),
        ("dependency_of", e.dependency_of),
    ):
        if value is not None and value not in countries:
            yield report(
                "unknown_country",
                f"{label} {value!r} is not an ISO 3166-1 alpha-3 code",
                _country_fix(value),
            )
    if e.code is not None and e.code not in INTERNATIONAL_CODES and e.code not in countries:
        yield report(
            "unknown_code",
            f"code {e.code!r} is neither a country's alpha-3 code nor one of "
            f"{', '.join(sorted(INTERNATIONAL_CODES))}",
            "use the state's alpha-3 code for states and their organs, IGO/UNO/EUR for "
            "international organisations, NGO, MNC, IMG or ISM otherwise (ONTOLOGY.md)",
        )


def _check_fields(e: Entry, report: _Reporter) -> Iterator[Problem]:
    if e.wikidata is not None and not _QID.match(e.wikidata):
        yield report(
            "bad_wikidata",
            f"wikidata {e.wikidata!r} is not a Wikidata item id",
            "write Q followed by digits (Q7184), or leave the field empty when unsure",
        )
    if e.sector is not None and e.sector not in SECTORS:
        yield report(
            "unknown_sector",
            f"sector {e.sector!r} is not a PLOVER sector",
            f"use one of {', '.join(sorted(SECTORS))}",
        )
    if (
        e.lat is not None
        and e.lon is not None
        and not (-90 <= e.lat <= 90 and -180 <= e.lon <= 180)
    ):
        yield report(
            "bad_coordinates",
            f"coordinates [{e.lat}, {e.lon}] are out of range",
            "write [latitude, longitude] in decimal degrees, latitude first",
        )
    for lang, _ in (*e.names, *e.demonyms):
        if not _LANG.match(lang):
            yield report(
                "bad_language",
                f"language key {lang!r} is not an ISO 639 code",
                "use two-letter codes such as en, fr, ru (zh-Hant for variants)",
                "warning",
            )


def _check_state(e: Entry, report: _Reporter) -> Iterator[Problem]:
    if e.id != e.country:
        yield report(
            "state_codes",
            f"a state's id must be its alpha-3 code, got id {e.id!r} and country {e.country!r}",
            "write the same alpha-3 code as id and country",
        )
    expected = iso_alpha2_of().get(e.id)
    if expected is not None and e.alpha2 != expected:
        yield report(
            "state_codes",
            f"alpha2 {e.alpha2!r} does not match ISO 3166-1 for {e.id} ({expected})",
            f"write alpha2: {expected!r} (quoted: NO unquoted is false in YAML)",
        )


def _check_references(kb: KnowledgeBase, e: Entry, report: _Reporter) -> Iterator[Problem]:
    for label, ref in (("parent", e.parent), *(("seat_of", s) for s in e.seat_of)):
        if ref is not None and ref not in kb.entries:
            yield report(
                "unknown_reference",
                f"{label} {ref!r} is not the id of any entry",
                "use the id of an entry defined in the KB (see its 'id:' line)",
            )


def _check_office(
    kb: KnowledgeBase, office: Office, countries: frozenset[str], report: _Reporter
) -> Iterator[Problem]:
    where = f"office {office.role} from {office.start}"
    for role_id in (office.role, *(office.functions or ())):
        if role_id not in kb.roles:
            yield report(
                "unknown_role",
                f"{where}: role {role_id!r} is not defined",
                f"use a role id from roles.yaml ({_close(role_id, kb.roles)}) or define it there",
            )
    if office.end is not None and office.end.last_day() < office.start.first_day():
        yield report(
            "office_dates",
            f"{where}: ends ({office.end}) before it starts ({office.start})",
            "check the dates; an office still held has no 'end'",
        )
    if office.country is None and office.org is None:
        yield report(
            "office_place",
            f"{where}: has neither a country nor an org",
            "give the office a 'country' (alpha-3) or an 'org' (an organisation's id), or "
            "give the entry a country",
        )
    if office.country is not None and office.country not in countries:
        yield report(
            "unknown_country",
            f"{where}: country {office.country!r} is not an ISO 3166-1 alpha-3 code",
            _country_fix(office.country),
        )
    if office.org is not None:
        org = kb.entries.get(office.org)
        if org is None or org.kind not in ("organization", "group"):
            yield report(
                "unknown_reference",
                f"{where}: org {office.org!r} is not an organisation or group of the KB",
                "use the id of an organisation entry (org:nato, gov:rus:mfa, …)",
            )


def _check_roles(kb: KnowledgeBase, countries: frozenset[str]) -> Iterator[Problem]:
    for role in kb.roles.values():
        if role.sector not in SECTORS:
            yield Problem(
                "error",
                "unknown_sector",
                role.source,
                f"role {role.id}",
                f"sector {role.sector!r} is not a PLOVER sector",
                f"use one of {', '.join(sorted(SECTORS))}",
            )
        for parent in role.is_a:
            if parent not in kb.roles:
                yield Problem(
                    "error",
                    "unknown_role",
                    role.source,
                    f"role {role.id}",
                    f"is_a {parent!r} is not a defined role",
                    f"use a role id defined in roles.yaml ({_close(parent, kb.roles)})",
                )
        for title in role.titles:
            for code in title.countries:
                if code not in countries:
                    yield Problem(
                        "error",
                        "unknown_country",
                        role.source,
                        f"role {role.id}",
                        f"title {title.text!r}: only {code!r} is not an alpha-3 code",
                        _country_fix(code),
                    )
    for descriptor in kb.descriptors.values():
        if descriptor.sector not in SECTORS:
            yield Problem(
                "error",
                "unknown_sector",
                descriptor.source,
                f"descriptor {descriptor.id}",
                f"sector {descriptor.sector!r} is not a PLOVER sector",
                f"use one of {', '.join(sorted(SECTORS))}",
            )


def _wikidata_duplicates(kb: KnowledgeBase) -> Iterator[Problem]:
    seen: dict[str, Entry] = {}
    for e in kb.entries.values():
        if not e.wikidata:
            continue
        first = seen.setdefault(e.wikidata, e)
        if first is not e:
            yield Problem(
                "warning",
                "duplicate_wikidata",
                e.source,
                e.id,
                f"wikidata {e.wikidata} is also given to {first.id} ({first.source})",
                "one Wikidata item is one entity: merge the entries or correct one id",
            )


def _collisions(kb: KnowledgeBase) -> Iterator[Problem]:
    for key, entries in sorted(kb.ambiguous_aliases().items()):
        listed = ", ".join(f"{e.id} ({e.country})" for e in entries)
        yield Problem(
            "warning",
            "alias_collision",
            entries[-1].source,
            entries[-1].id,
            f"the alias {key!r} names entries of different countries: {listed}",
            "fine when the name is genuinely ambiguous (the linker will use context); "
            "otherwise remove the alias from the entry it does not name",
        )


def _country_fix(value: str) -> str:
    if len(value) == 2:
        country = pycountry.countries.get(alpha_2=value.upper())
        if country is not None:
            return f"write the alpha-3 code {country.alpha_3!r}, not the alpha-2 code"
    return (
        "use an ISO 3166-1 alpha-3 code (USA, RUS, FRA…); a user-assigned code such as XKX "
        "needs a state entry that defines it"
    )


def _close(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=2)
    return "did you mean " + " or ".join(repr(c) for c in close) + "?" if close else "none close"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    kb = load_kb([Path(a) for a in args])
    problems = validate_kb(kb)
    for p in problems:
        print(p)
    errors = sum(p.severity == "error" for p in problems)
    print(
        f"{len(kb)} entries ({', '.join(f'{k}: {n}' for k, n in kb.counts().items())}); "
        f"{errors} error(s), {len(problems) - errors} warning(s)"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
