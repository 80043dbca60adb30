"""Exports of the store: PLOVER JSON Lines, ACLED-like CSV, GDELT-like TSV, Parquet, GEXF
and GeoJSON (formats and examples in docs/exports.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Final, Literal

import duckdb

from ..store.filters import Filters
from .records import ExportResult

Format = Literal["plover", "acled", "gdelt", "parquet", "gexf", "geojson"]
FORMATS: Final[tuple[Format, ...]] = ("plover", "acled", "gdelt", "parquet", "gexf", "geojson")

__all__ = ["FORMATS", "ExportResult", "Format", "export"]


def export(
    con: duckdb.DuckDBPyConnection,
    fmt: Format,
    out: Path,
    filters: Filters | None = None,
    *,
    centroids: bool = False,
) -> ExportResult:
    """Write the events (and, for parquet, every table) the filters keep to ``out``."""
    if fmt == "plover":
        from .plover import export_plover

        return export_plover(con, out, filters)
    if fmt == "acled":
        from .acled import export_acled

        return export_acled(con, out, filters)
    if fmt == "gdelt":
        from .gdelt import export_gdelt

        return export_gdelt(con, out, filters)
    if fmt == "parquet":
        from .parquet import export_parquet

        return export_parquet(con, out, filters)
    if fmt == "gexf":
        from .gexf import export_gexf

        return export_gexf(con, out, filters)
    from .geojson import export_geojson

    return export_geojson(con, out, filters, centroids=centroids)
