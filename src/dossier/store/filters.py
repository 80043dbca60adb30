"""Filters shared by the queries, the search and the exports, and the SQL they become.

Each filter keeps the rows that match any of its values; filters combine with AND. What
each one means for events, quotes and actors is in :mod:`dossier.store.queries`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, get_args

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from ..model import EventStatus
from .errors import QueryError
from .rows import day_range

PLOVER_TYPES: Final = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
RETIRED_TYPES: Final = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
STATUSES: Final[tuple[str, ...]] = get_args(EventStatus)


@dataclass(frozen=True)
class Filters:
    since: dt.date | None = None
    until: dt.date | None = None
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls,
        *,
        since: str | None = None,
        until: str | None = None,
        actor: Iterable[str] = (),
        country: Iterable[str] = (),
        type: Iterable[str] = (),
        status: Iterable[str] = (),
        language: Iterable[str] = (),
        source: Iterable[str] = (),
    ) -> Filters:
        """Filters from user text, checked: a bad value raises :class:`QueryError` that
        names it and lists what is accepted."""
        return cls(
            since=_day(since, "since", first=True),
            until=_day(until, "until", first=False),
            actors=tuple(a.strip() for a in actor if a.strip()),
            countries=tuple(_country(c) for c in country),
            types=tuple(_type(t) for t in type),
            statuses=tuple(_status(s) for s in status),
            languages=tuple(_language(lang) for lang in language),
            sources=tuple(s.strip() for s in source if s.strip()),
        )

    @property
    def on_events(self) -> bool:
        return bool(self.types or self.statuses)


def _day(value: str | None, name: str, *, first: bool) -> dt.date | None:
    if value is None or not value.strip():
        return None
    start, end = day_range(value.strip())
    if start is None or end is None:
        raise QueryError(f"--{name} {value!r} is not a date — give YYYY-MM-DD, YYYY-MM or YYYY")
    return start if first else end


def _country(value: str) -> str:
    from ..export.countries import crosswalk

    code = crosswalk().iso3(value)
    if code is None:
        raise QueryError(
            f"--country {value!r} is not an ISO 3166-1 country code — give alpha-3 (UKR) "
            "or alpha-2 (UA)"
        )
    return code


def _type(value: str) -> str:
    upper = value.strip().upper()
    upper = RETIRED_TYPES.get(upper, upper)
    if upper not in PLOVER_TYPES:
        raise QueryError(
            f"--type {value!r} is not a PLOVER event type — one of {', '.join(PLOVER_TYPES)}"
        )
    return upper


def _status(value: str) -> str:
    lower = value.strip().lower()
    if lower not in STATUSES:
        raise QueryError(f"--status {value!r} is not a status — one of {', '.join(STATUSES)}")
    return lower


def _language(value: str) -> str:
    lower = value.strip().lower()
    if len(lower) != 2 or not lower.isalpha():
        raise QueryError(f"--language {value!r} is not an ISO 639-1 code — give e.g. fr or en")
    return lower


@dataclass
class Where:
    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def any_of(self, template: str, values: Sequence[str]) -> None:
        """``(template OR template …)``, one per value; ``?`` in the template take the
        value as many times as they appear."""
        if not values:
            return
        count = template.count("?")
        self.add(
            "(" + " OR ".join(f"({template})" for _ in values) + ")",
            *[v for v in values for _ in range(count)],
        )

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "TRUE"


def like_pattern(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def article_conditions(where: Where, f: Filters, *, dated: bool = True) -> None:
    if dated and f.since:
        where.add("a.published_date >= ?", f.since)
    if dated and f.until:
        where.add("a.published_date <= ?", f.until)
    if f.languages:
        where.add("a.language IN (SELECT unnest(?))", list(f.languages))
    where.any_of(
        "a.source ILIKE ? ESCAPE '\\' OR a.url ILIKE ? ESCAPE '\\'",
        [like_pattern(s) for s in f.sources],
    )


PARTY_MATCH: Final = "p.name ILIKE ? ESCAPE '\\' OR p.entity_id = ? OR upper(p.code) = upper(?)"


def event_conditions(where: Where, f: Filters) -> None:
    """Conditions on ``events e`` joined with ``articles a``."""
    if f.since:
        where.add("coalesce(e.date_last_day, a.published_date) >= ?", f.since)
    if f.until:
        where.add("coalesce(e.date_first_day, a.published_date) <= ?", f.until)
    if f.types:
        where.add("e.type IN (SELECT unnest(?))", list(f.types))
    if f.statuses:
        where.add("e.status IN (SELECT unnest(?))", list(f.statuses))
    for actor in f.actors:
        where.add(
            "EXISTS (SELECT 1 FROM event_parties p WHERE p.article_id = e.article_id "
            f"AND p.event_idx = e.idx AND ({PARTY_MATCH}))",
            like_pattern(actor),
            actor,
            actor,
        )
    if f.countries:
        where.add(
            "(e.location_country IN (SELECT unnest(?)) OR EXISTS (SELECT 1 FROM event_parties p "
            "WHERE p.article_id = e.article_id AND p.event_idx = e.idx "
            "AND p.country IN (SELECT unnest(?))))",
            list(f.countries),
            list(f.countries),
        )
    article_conditions(where, f, dated=False)


def limit_clause(limit: int | None) -> str:
    if limit is None:
        return ""
    if limit < 0:
        raise QueryError(f"--limit {limit} is negative — give 0 or more rows")
    return f" LIMIT {int(limit)}"


def run_query(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> pa.Table:
    try:
        return con.execute(sql, list(params)).fetch_arrow_table()
    except duckdb.Error as exc:  # a schema or SQL mistake of ours: say what was asked
        raise QueryError(f"the query failed ({exc}) — report it with the command you ran") from exc
