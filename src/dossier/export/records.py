"""The event records every export reads: one per stored event, with its parties,
figures, evidence and article, streamed from the store in Arrow batches."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

import duckdb

from ..store.errors import ExportError
from ..store.filters import Filters, Where, event_conditions

HAPPENED: Final = ("asserted", "reported", "historical")
"""Statuses of events that took place. Formats with no status field (ACLED, GDELT) get only
these unless ``--status`` says otherwise: a conditional threat or a denied invasion written
as an ACLED row would read as an event that happened."""

_BATCH_ROWS: Final = 2048

_PARTY: Final = (
    "struct_pack(entity_id := p.entity_id, name := p.name, country := p.country, "
    "code := p.code, sector := p.sector)"
)
_QUANTITY: Final = (
    "struct_pack(value := q.value, value_max := q.value_max, unit := q.unit, kind := q.kind, "
    "qualifier := q.qualifier, text := q.text, start_char := q.start_char, "
    "end_char := q.end_char)"
)
_EVIDENCE: Final = (
    "struct_pack(sentence := v.sentence, start_char := v.start_char, end_char := v.end_char, "
    "trigger := v.trigger)"
)


def _children(struct: str, table: str, alias: str, extra: str = "") -> str:
    where = f"{alias}.article_id = e.article_id AND {alias}.event_idx = e.idx{extra}"
    return (
        f"coalesce((SELECT list({struct} ORDER BY {alias}.idx) FROM {table} {alias} "
        f"WHERE {where}), [])"
    )


# End of the lead: the first two lines (title or dateline, then the first paragraph).
_LEAD_END: Final = (
    "CASE WHEN strpos(a.text, chr(10)) = 0 THEN length(a.text) "
    "ELSE strpos(a.text, chr(10)) + coalesce(nullif(strpos(substr(a.text, "
    "strpos(a.text, chr(10)) + 1), chr(10)), 0), length(a.text)) END"
)

SQL: Final = f"""
    SELECT e.article_id, e.idx AS event_idx, e.event_id, e.type, e.mode, e.status,
           e.date, e.date_end, e.date_precision,
           coalesce(e.date_first_day, a.published_date) AS first_day,
           coalesce(e.date_last_day, e.date_first_day, a.published_date) AS last_day,
           e.date_first_day IS NULL AS dated_by_article,
           e.location_name, e.location_country, e.latitude, e.longitude, e.geonames,
           e.location_precision, e.confidence,
           {_children(_PARTY, "event_parties", "p", " AND p.role = 'actor'")} AS actors,
           {_children(_PARTY, "event_parties", "p", " AND p.role = 'recipient'")} AS recipients,
           {_children(_QUANTITY, "event_quantities", "q")} AS quantities,
           {_children(_EVIDENCE, "evidence", "v")} AS evidence,
           a.url, a.source, a.title, a.language, a.published, a.input,
           a.ingested_at, {_LEAD_END} AS lead_end
    FROM events e JOIN articles a ON a.id = e.article_id
    WHERE {{where}}
    ORDER BY first_day NULLS LAST, a.published_date NULLS LAST, e.article_id, e.idx
"""


def event_records(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None
) -> Iterator[dict[str, Any]]:
    """Every event the filters keep, as a plain dict per event (see ``SQL``)."""
    where = Where()
    event_conditions(where, filters or Filters())
    reader = con.execute(SQL.format(where=where.sql()), where.params).fetch_record_batch(
        _BATCH_ROWS
    )
    for batch in reader:
        yield from batch.to_pylist()


def happened_by_default(filters: Filters | None) -> Filters:
    """The filters, with ``status`` set to :data:`HAPPENED` when none was given."""
    filters = filters or Filters()
    if filters.statuses:
        return filters
    return replace(filters, statuses=HAPPENED)


@dataclass
class ExportResult:
    paths: list[Path]
    rows: int
    notes: list[str]


def check_target(path: Path, *, folder: bool = False) -> None:
    """An export target whose folder exists (or, for ``folder``, that is one or can be)."""
    parent = path if folder else path.parent
    if folder and path.exists() and not path.is_dir():
        raise ExportError(f"{path}: this is a file; give a folder for --out with this format")
    if not folder and path.is_dir():
        raise ExportError(f"{path}: this is a folder; give a file name for --out")
    if not folder and not parent.exists():
        raise ExportError(f"{path}: the folder {parent} does not exist — create it first")
    if folder:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"{path}: cannot create this folder ({exc})") from None


def first_evidence(record: dict[str, Any]) -> dict[str, Any] | None:
    evidence = record["evidence"]
    return evidence[0] if evidence else None


def names(parties: list[dict[str, Any]]) -> list[str]:
    return [p["name"] for p in parties if p.get("name")]
