"""The store: analysed articles in one DuckDB file (docs/store.md).

``open_store`` opens it (migrated on open); ``queries`` and ``search`` answer questions as
pyarrow Tables; ``writer`` is the single writer the ingest loop uses.
"""

from .database import DEFAULT_DB, open_store
from .filters import Filters

__all__ = ["DEFAULT_DB", "Filters", "open_store"]
